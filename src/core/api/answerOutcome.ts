// What the end of an answer means to the user, decided once for every place that streams one (the chat
// and Explain, Refactor, Test Connection, the status bar): the answer's status, why it is not whole, and
// what the user can do about it. Each place only words and shows it. The rule at its heart: text that
// arrived stays, is marked cut off, and Continue is offered (Retry where an answer cannot be continued).
import type { ApiErrorData, ResponseEvent, Usage } from '../types';

/** What the user can do about an answer that is not whole; the host words each as a button. */
export type AnswerAction = 'setApiKey' | 'retry' | 'openSettings' | 'showLog' | 'continue' | 'networkSettings' | 'certificateHelp';

export type AnswerStatus = 'done' | 'cut' | 'error' | 'canceled';

/** The events that end a stream; exactly one ends each (see streamResponse). */
export type AnswerEnding = Exclude<ResponseEvent, { type: 'text' | 'reasoning' }>;

/** Why an answer is not whole: the request failed, or the server stopped early and said why. */
export type AnswerProblem = { type: 'failed'; error: ApiErrorData } | { type: 'incomplete'; reason: string };

export interface AnswerOutcome {
  status: AnswerStatus;
  usage?: Usage;
  /** Absent when the answer is whole or the user stopped it. */
  problem?: AnswerProblem;
  /** Most useful first; empty when there is no problem. */
  actions: AnswerAction[];
}

/** What the caller knows besides the ending. */
export interface AnswerSoFar {
  /** Some of the answer's text arrived (with Continue, the text of the answer being continued counts). */
  textArrived?: boolean;
  /** The caller's own signal was aborted (Stop, Esc, a closed panel, a canceled progress). */
  aborted?: boolean;
  /** This place can continue a cut-off answer (the chat); elsewhere Retry stands in for Continue. */
  canContinue?: boolean;
}

export function isAnswerEnding(event: ResponseEvent): event is AnswerEnding {
  return event.type !== 'text' && event.type !== 'reasoning';
}

/**
 * The outcome of a stream that ended with `ending`, or with none at all (undefined): stopped by the caller
 * when its signal was aborted, otherwise cut off.
 */
export function answerOutcome(ending: AnswerEnding | undefined, soFar: AnswerSoFar = {}): AnswerOutcome {
  const outcome = decide(ending ?? (soFar.aborted ? { type: 'canceled' } : { type: 'failed', error: { kind: 'truncated', message: '' } }), soFar.textArrived ?? false);
  if (soFar.canContinue) {
    return outcome;
  }
  return { ...outcome, actions: [...new Set(outcome.actions.map((a) => (a === 'continue' ? 'retry' : a)))] };
}

/**
 * An answer found still arriving when a conversation is opened: the window closed or reloaded while it was
 * written, and its request went with it. Like an answer the server stopped early, what arrived stays, is
 * marked cut off, and Continue is offered (nothing failed, so there is no log to show).
 */
export function interruptedOutcome(): AnswerOutcome {
  return answerOutcome({ type: 'incomplete', reason: 'interrupted' }, { canContinue: true });
}

function decide(ending: AnswerEnding, textArrived: boolean): AnswerOutcome {
  switch (ending.type) {
    case 'completed':
      return { status: 'done', usage: ending.usage, actions: [] };
    case 'incomplete':
      return { status: 'cut', usage: ending.usage, problem: { type: 'incomplete', reason: ending.reason }, actions: incompleteActions(ending.reason) };
    case 'failed': {
      if (ending.error.kind === 'canceled') {
        return { status: 'canceled', actions: [] };
      }
      const problem: AnswerProblem = { type: 'failed', error: ending.error };
      const actions = errorActions(ending.error);
      // Whatever stopped an answer midway, what arrived stays, marked cut off, and can be continued.
      if (textArrived || ending.error.kind === 'truncated') {
        return { status: 'cut', problem, actions: ['continue', ...actions.filter((a) => a !== 'continue')] };
      }
      return { status: 'error', problem, actions };
    }
    case 'canceled':
      return { status: 'canceled', actions: [] };
  }
}

function incompleteActions(reason: string): AnswerAction[] {
  switch (reason) {
    case 'max_output_tokens':
      return ['continue', 'openSettings'];
    case 'content_filter':
      // Asking the filter to go on would only stop again.
      return ['retry'];
    default:
      return ['continue', 'retry'];
  }
}

/** What fixes a failed request, most useful first. */
function errorActions(error: ApiErrorData): AnswerAction[] {
  switch (error.kind) {
    case 'auth':
      return ['setApiKey', 'showLog'];
    case 'forbidden':
      return ['setApiKey', 'openSettings', 'showLog'];
    case 'notFound':
    case 'badRequest':
      return ['openSettings', 'showLog'];
    case 'rateLimit':
    case 'server':
    case 'protocol':
      return ['retry', 'showLog'];
    case 'network':
      return connectionActions(error);
    case 'timeout':
      // An HTTP 408 is the server's own timeout: no setting of ours fixes it.
      return error.status ? ['retry', 'showLog'] : ['retry', 'openSettings'];
    case 'truncated':
      return ['continue', 'retry', 'showLog'];
    case 'insecure':
      return ['openSettings'];
    case 'canceled':
      return [];
  }
}

function connectionActions(error: ApiErrorData): AnswerAction[] {
  const certificate: AnswerAction[] = ['certificateHelp', 'networkSettings', 'showLog'];
  switch (error.connection?.kind) {
    case 'dns':
      return ['openSettings', 'retry', 'showLog'];
    case 'proxyUnreachable':
    case 'proxyAuth':
    case 'proxyRefused':
    case 'proxyPage':
      return ['networkSettings', 'retry', 'showLog'];
    case 'certSelfSigned':
    case 'certUnknownIssuer':
    case 'certExpired':
    case 'tls':
      return certificate;
    case 'certWrongHost':
      return ['openSettings', ...certificate];
    case 'unreachable':
    case undefined:
      return ['retry', 'openSettings', 'showLog'];
  }
}
