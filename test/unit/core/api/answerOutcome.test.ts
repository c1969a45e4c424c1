import * as assert from 'node:assert/strict';
import { answerOutcome, interruptedOutcome, isAnswerEnding, type AnswerAction, type AnswerEnding, type AnswerOutcome, type AnswerSoFar } from '../../../../src/core/api/answerOutcome';
import { ApiError, apiErrorFromHttp } from '../../../../src/core/api/errors';
import { connectionFailure } from '../../../../src/core/api/network';
import { responsesEndpoint } from '../../../../src/core/api/request';
import { ResponsesStreamDecoder } from '../../../../src/core/api/sse';
import type { ApiErrorData, ApiErrorKind, ConnectionFailureKind } from '../../../../src/core/types';
import { FIXTURES, flatErrorStream, readFixture, synthesizeStream } from '../../../support/sseStreams';

/** What the client's decoder makes of a whole SSE body: whether text arrived, and the event that ended it. */
function decode(sse: string): { textArrived: boolean; ending: AnswerEnding | undefined } {
  const decoder = new ResponsesStreamDecoder();
  const events = [...decoder.push(new TextEncoder().encode(sse)), ...decoder.end()];
  return { textArrived: events.some((e) => e.type === 'text'), ending: events.find(isAnswerEnding) };
}

function failed(error: ApiErrorData): AnswerEnding {
  return { type: 'failed', error };
}

function http(status: number, body = '{"error":{"message":"From the server."}}'): ApiErrorData {
  return apiErrorFromHttp({ status, body }).toData();
}

/** The parts of an outcome a user sees: the status, the problem's kind (or incomplete reason) and the buttons. */
function seen(outcome: AnswerOutcome): { status: string; problem?: string; actions: AnswerAction[] } {
  const { status, problem, actions } = outcome;
  const what = problem && (problem.type === 'failed' ? problem.error.kind : `incomplete: ${problem.reason}`);
  return { status, ...(what ? { problem: what } : {}), actions };
}

interface Row {
  name: string;
  ending: AnswerEnding | undefined;
  soFar: AnswerSoFar;
  /** In the chat, which can continue. */
  chat: ReturnType<typeof seen>;
  /** In Refactor and Test Connection, which cannot. */
  elsewhere: AnswerAction[];
}

/** How a stream can end, each with what the chat shows and what the places that cannot continue offer. */
function streamEndings(): Row[] {
  const row = (name: string, sse: string, chat: Row['chat'], elsewhere: AnswerAction[]): Row => {
    const { textArrived, ending } = decode(sse);
    return { name, ending, soFar: { textArrived }, chat, elsewhere };
  };
  const partial = 'The first half of the answer, ';
  return [
    row('response.completed', synthesizeStream({ text: 'A whole answer.' }), { status: 'done', actions: [] }, []),
    row('response.incomplete at the token limit, after part of the answer', synthesizeStream({ text: partial, terminal: 'incomplete', incompleteReason: 'max_output_tokens' }), { status: 'cut', problem: 'incomplete: max_output_tokens', actions: ['continue', 'openSettings'] }, ['retry', 'openSettings']),
    row('response.incomplete by the content filter', synthesizeStream({ text: partial, terminal: 'incomplete', incompleteReason: 'content_filter' }), { status: 'cut', problem: 'incomplete: content_filter', actions: ['retry'] }, ['retry']),
    row('response.incomplete for a reason of its own', synthesizeStream({ text: partial, terminal: 'incomplete', incompleteReason: 'interrupted' }), { status: 'cut', problem: 'incomplete: interrupted', actions: ['continue', 'retry'] }, ['retry']),
    row('response.failed before any text', synthesizeStream({ text: '', terminal: 'failed' }), { status: 'error', problem: 'server', actions: ['retry', 'showLog'] }, ['retry', 'showLog']),
    row('response.failed after part of the answer: cut off, Continue first', synthesizeStream({ text: partial, terminal: 'failed' }), { status: 'cut', problem: 'server', actions: ['continue', 'retry', 'showLog'] }, ['retry', 'showLog']),
    row('recorded: an error event (rate limit), then response.failed', readFixture(FIXTURES.rateLimited), { status: 'error', problem: 'rateLimit', actions: ['retry', 'showLog'] }, ['retry', 'showLog']),
    row('a flat error event after part of the answer, then the body ends', flatErrorStream('context_length_exceeded', 'Too long.', partial), { status: 'cut', problem: 'badRequest', actions: ['continue', 'openSettings', 'showLog'] }, ['retry', 'openSettings', 'showLog']),
    row('the body ends without a terminal event, after part of the answer', synthesizeStream({ text: partial, terminal: 'none' }), { status: 'cut', problem: 'truncated', actions: ['continue', 'retry', 'showLog'] }, ['retry', 'showLog']),
    row('the body ends before any text', synthesizeStream({ text: '', terminal: 'none' }), { status: 'cut', problem: 'truncated', actions: ['continue', 'retry', 'showLog'] }, ['retry', 'showLog']),
  ];
}

/** Endings the client makes itself: network errors, HTTP errors, cancels, and no ending at all. */
function clientEndings(): Row[] {
  const lost: ApiErrorData = { kind: 'network', code: 'ECONNRESET', message: 'The connection was lost while the answer was arriving (ECONNRESET).' };
  return [
    { name: 'the connection lost after part of the answer', ending: failed(lost), soFar: { textArrived: true }, chat: { status: 'cut', problem: 'network', actions: ['continue', 'retry', 'openSettings', 'showLog'] }, elsewhere: ['retry', 'openSettings', 'showLog'] },
    { name: 'the connection refused before any answer', ending: failed(connectionFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { target: new URL('https://127.0.0.1:9/v1/responses') })), soFar: {}, chat: { status: 'error', problem: 'network', actions: ['retry', 'openSettings', 'showLog'] }, elsewhere: ['retry', 'openSettings', 'showLog'] },
    { name: 'HTTP 401 before any answer', ending: failed(http(401)), soFar: {}, chat: { status: 'error', problem: 'auth', actions: ['setApiKey', 'showLog'] }, elsewhere: ['setApiKey', 'showLog'] },
    { name: 'an auth error event after part of the answer', ending: failed({ kind: 'auth', code: 'invalid_api_key', message: 'Incorrect API key.' }), soFar: { textArrived: true }, chat: { status: 'cut', problem: 'auth', actions: ['continue', 'setApiKey', 'showLog'] }, elsewhere: ['retry', 'setApiKey', 'showLog'] },
    { name: 'canceled (Stop, Esc, the key prompt dismissed)', ending: { type: 'canceled' }, soFar: { textArrived: true }, chat: { status: 'canceled', actions: [] }, elsewhere: [] },
    { name: 'a failure of kind canceled', ending: failed({ kind: 'canceled', message: 'Canceled.' }), soFar: {}, chat: { status: 'canceled', actions: [] }, elsewhere: [] },
    { name: 'no ending after the caller aborted', ending: undefined, soFar: { textArrived: true, aborted: true }, chat: { status: 'canceled', actions: [] }, elsewhere: [] },
    { name: 'no ending, not aborted, after part of the answer', ending: undefined, soFar: { textArrived: true }, chat: { status: 'cut', problem: 'truncated', actions: ['continue', 'retry', 'showLog'] }, elsewhere: ['retry', 'showLog'] },
  ];
}

describe('answer outcome: what the end of a stream means to the user', () => {
  for (const row of [...streamEndings(), ...clientEndings()]) {
    it(`${row.name}: in the chat`, () => {
      assert.deepEqual(seen(answerOutcome(row.ending, { ...row.soFar, canContinue: true })), row.chat);
    });

    it(`${row.name}: where an answer cannot be continued, Retry stands in for Continue`, () => {
      const outcome = answerOutcome(row.ending, row.soFar);
      assert.equal(outcome.status, row.chat.status, 'the status does not depend on the place');
      assert.deepEqual(outcome.actions, row.elsewhere);
    });
  }

  it('an answer the window closed on while it arrived (found so in the history) is cut off, with Continue and Retry', () => {
    assert.deepEqual(seen(interruptedOutcome()), { status: 'cut', problem: 'incomplete: interrupted', actions: ['continue', 'retry'] });
  });

  it('the usage of a completed or incomplete answer is kept', () => {
    const usage = { inputTokens: 3, outputTokens: 16 };
    assert.deepEqual(answerOutcome({ type: 'completed', usage }).usage, usage);
    assert.deepEqual(answerOutcome({ type: 'incomplete', reason: 'max_output_tokens', usage }).usage, usage);
  });

  it('a failure keeps the server\'s error whole (the wait a rate limit asks for included)', () => {
    const error = apiErrorFromHttp({ status: 429, body: '{"error":{"message":"Slow down."}}', retryAfterMs: 120_000 }).toData();
    assert.deepEqual(answerOutcome(failed(error)).problem, { type: 'failed', error });
  });

  describe('every error kind, before any text arrived', () => {
    const insecure = (() => {
      try {
        responsesEndpoint('http://10.0.0.1/v1');
      } catch (error) {
        return (error as ApiError).toData();
      }
      throw new Error('plain http to another machine was accepted');
    })();
    // A Record: a new error kind fails to compile until it has its row.
    const table: Record<ApiErrorKind, [ApiErrorData, AnswerOutcome['status'], AnswerAction[]]> = {
      auth: [http(401), 'error', ['setApiKey', 'showLog']],
      forbidden: [http(403), 'error', ['setApiKey', 'openSettings', 'showLog']],
      notFound: [http(404), 'error', ['openSettings', 'showLog']],
      badRequest: [http(400), 'error', ['openSettings', 'showLog']],
      rateLimit: [http(429), 'error', ['retry', 'showLog']],
      server: [http(503), 'error', ['retry', 'showLog']],
      network: [{ kind: 'network', message: 'socket hang up' }, 'error', ['retry', 'openSettings', 'showLog']],
      timeout: [{ kind: 'timeout', message: 'No answer from the server in 5 s.' }, 'error', ['retry', 'openSettings']],
      truncated: [{ kind: 'truncated', message: 'The stream ended before the answer was complete.' }, 'cut', ['continue', 'retry', 'showLog']],
      protocol: [{ kind: 'protocol', status: 200, message: 'The server sent unreadable JSON.' }, 'error', ['retry', 'showLog']],
      canceled: [{ kind: 'canceled', message: 'Canceled.' }, 'canceled', []],
      insecure: [insecure, 'error', ['openSettings']],
    };
    for (const [kind, [error, status, actions]] of Object.entries(table)) {
      it(kind, () => {
        assert.equal(error.kind, kind);
        const outcome = answerOutcome(failed(error), { canContinue: true });
        assert.deepEqual({ status: outcome.status, actions: outcome.actions }, { status, actions });
      });
    }

    it('timeout: an HTTP 408 is the server\'s own, and no setting of ours helps', () => {
      assert.deepEqual(answerOutcome(failed(http(408))).actions, ['retry', 'showLog']);
    });
  });

  describe('every kind of connection failure', () => {
    const certificate: AnswerAction[] = ['certificateHelp', 'networkSettings', 'showLog'];
    const proxy: AnswerAction[] = ['networkSettings', 'retry', 'showLog'];
    const table: Record<ConnectionFailureKind, AnswerAction[]> = {
      dns: ['openSettings', 'retry', 'showLog'],
      unreachable: ['retry', 'openSettings', 'showLog'],
      proxyUnreachable: proxy,
      proxyAuth: proxy,
      proxyRefused: proxy,
      proxyPage: proxy,
      certSelfSigned: certificate,
      certUnknownIssuer: certificate,
      certExpired: certificate,
      certWrongHost: ['openSettings', ...certificate],
      tls: certificate,
    };
    for (const [kind, actions] of Object.entries(table)) {
      it(kind, () => {
        const error: ApiErrorData = { kind: 'network', message: 'm', connection: { kind: kind as ConnectionFailureKind, host: 'relay.sidekick.invalid' } };
        assert.deepEqual(answerOutcome(failed(error), { canContinue: true }).actions, actions);
      });
    }
  });
});
