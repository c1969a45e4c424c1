import * as vscode from 'vscode';
import { streamResponse, type ClientOptions } from '../core/api/client';
import { diagnose, type Diagnosis } from '../core/api/diagnose';
import { listModels } from '../core/api/models';
import type { ConversationChoice } from '../core/history/conversation';
import { withDefaults } from '../core/api/request';
import type { InputMessage, RequestParams, ResponseEvent } from '../core/types';
import { networkSettings, type Config } from '../config';
import type { ApiKeyStore } from './apiKeyStore';
import { describeProblem } from './errorText';
import type { Activity } from '../core/activity';
import { answerOutcome, isAnswerEnding, type AnswerProblem } from '../core/api/answerOutcome';

/** What every feature uses to talk to the model: settings, the key and the log, joined once. */
export class Api {
  private readonly modelCache = new Map<string, Promise<string[] | undefined>>();

  constructor(
    private readonly config: Config,
    private readonly keys: ApiKeyStore,
    readonly log: vscode.LogOutputChannel,
    /** Shown in the status bar; Stop there aborts the request. */
    private readonly activity?: Activity,
  ) {}

  /**
   * Streams one answer. `defaults` are the command's own parameter defaults; the user's settings win.
   * Asks for the key first when none is set; yields `canceled` when the user declines.
   * `purpose` names the request in the status bar's Stop menu (e.g. "Explain"). What was `chosen` (a prompt
   * file's model, a conversation's model, effort and verbosity) wins over the settings.
   */
  async *stream(input: InputMessage[], defaults: RequestParams, signal: AbortSignal, purpose?: string, chosen: ConversationChoice = {}): AsyncGenerator<ResponseEvent> {
    const options = await this.clientOptions();
    if (!options) {
      yield { type: 'canceled' };
      return;
    }
    const model = chosen.model || this.config.current.model;
    const params = withDefaults({ reasoningEffort: chosen.reasoningEffort, verbosity: chosen.verbosity }, withDefaults(this.config.current.params, defaults));
    yield* this.tracked(purpose ?? model, signal, (tracked) => streamResponse({ model, input, params, purpose }, options, tracked));
  }

  /**
   * The models the endpoint lists (undefined when it does not), cached per base URL for the session;
   * `refresh` asks again. Never asks for a key: without one there is no list.
   */
  async models(refresh = false): Promise<string[] | undefined> {
    const { baseUrl, timeoutMs } = this.config.current;
    if (refresh || !this.modelCache.has(baseUrl)) {
      const apiKey = await this.keys.get();
      if (!apiKey) return undefined;
      const listed = listModels({ baseUrl, apiKey, timeoutMs, network: networkSettings() });
      this.modelCache.set(baseUrl, listed);
      const models = await listed;
      // "Not listed" is asked again next time: a relay may add the endpoint, a network error may pass.
      if (models === undefined) this.modelCache.delete(baseUrl);
      this.log.info(`models: ${models === undefined ? 'not listed by the endpoint' : `${models.length} listed`}`);
      return models;
    }
    return this.modelCache.get(baseUrl);
  }

  /** A tiny request proving URL, key and model, step by step; undefined when the user declined to give a key. */
  async diagnose(signal: AbortSignal): Promise<Diagnosis | undefined> {
    const options = await this.clientOptions();
    return options && diagnose(this.config.current.model, options, signal);
  }

  /** Connection options with the key, asking for it first when none is set. */
  private async clientOptions(): Promise<ClientOptions | undefined> {
    const { baseUrl, timeoutMs, maxRetries } = this.config.current;
    const apiKey = (await this.keys.get()) ?? (await this.keys.prompt(vscode.l10n.t('Sidekick needs an API key for {0}.', baseUrl)));
    return apiKey ? { baseUrl, apiKey, timeoutMs, maxRetries, logger: this.log, network: networkSettings() } : undefined;
  }

  /** Reports a stream to the status bar while passing it through; Stop there aborts it like the caller's signal. */
  private async *tracked(label: string, signal: AbortSignal, open: (signal: AbortSignal) => AsyncGenerator<ResponseEvent>): AsyncGenerator<ResponseEvent> {
    if (!this.activity) {
      yield* open(signal);
      return;
    }
    const stop = new AbortController();
    const handle = this.activity.begin(label, () => stop.abort());
    try {
      for await (const event of open(AbortSignal.any([signal, stop.signal]))) {
        if (!isAnswerEnding(event)) {
          handle.delta(event.delta);
        } else {
          // The status bar tells a failed request only: an answer the server stopped early did arrive.
          const { status, problem, usage } = answerOutcome(event);
          if (status === 'canceled') handle.end({ ok: false, canceled: true });
          else if (problem?.type === 'failed') handle.end({ ok: false, message: this.describe(problem) });
          else handle.end({ ok: true, usage });
        }
        yield event;
      }
    } finally {
      // The caller stopped reading early (break, throw): no terminal event came.
      handle.end({ ok: false, canceled: true });
    }
  }

  /** The localized sentence about why an answer is not whole. */
  describe(problem: AnswerProblem): string {
    const { baseUrl, model, timeoutMs } = this.config.current;
    return describeProblem(problem, { baseUrl, model, timeoutMs });
  }
}

/** Converts a vscode CancellationToken to an AbortSignal, once, at the edge. */
export function toAbortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
  } else {
    token.onCancellationRequested(() => controller.abort());
  }
  return controller.signal;
}
