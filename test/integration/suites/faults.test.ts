// The fault matrix, as the chat shows it: every way the server or the network can fail, and what the user
// then sees in the chat turn (status, message, buttons) and keeps (the text that arrived, also in the history).
// Cancels and refactor faults are in faultsCancel.test.ts; the README's fault table lists them all.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Scenario } from '../../support/fakeServer';
import { expectedFromStream, FIXTURES, readFixture, synthesizeStream } from '../../support/sseStreams';
import type { Turn, TurnAction } from '../../../src/protocol';
import { answered, chat, lastTurn, snapshot, until, useFakeServer, type ChatSnapshot } from '../helpers/chat';
import { activateSidekick, extensionRoot } from '../helpers/extension';
import { fakeServer, fakeServerUrl } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { closedPort } from '../../support/closedPort';

const KEY = 'sk-integration-faults-8e0b';
const LONG_ANSWER = Array.from({ length: 200 }, (_, i) => `Line ${i + 1} of an answer that arrives in pieces.`).join('\n');

// The fixtures are read here too, for the expected text; the compiled suite does not sit beside test/support.
process.env.SIDEKICK_FIXTURES_DIR ??= path.resolve(extensionRoot, '../shared/fixtures/responses-sse');

async function ask(text: string, timeoutMs?: number): Promise<{ turn: Turn; snap: ChatSnapshot }> {
  await chat('sidebar', { type: 'send', text, attachSelection: false, attachFile: false });
  const snap = await answered('sidebar', timeoutMs);
  return { turn: lastTurn(snap)!, snap };
}

/** Asks once with `scenarios` queued and returns the answer turn once it ended. */
async function answerTo(...scenarios: Scenario[]): Promise<Turn> {
  await fakeServer.enqueue(...scenarios);
  return (await ask('Explain closures')).turn;
}

/** The persisted conversation's last turn, once it shows `status`: what the history keeps. */
async function storedAnswer(status: Turn['status']): Promise<{ text: string; status?: string }> {
  return until(`the ${status} answer to be saved`, async () => {
    const stored = (await snapshot('sidebar')).stored?.turns.at(-1);
    return stored?.role === 'assistant' && stored.status === status ? stored : undefined;
  });
}


function assertError(turn: Turn, kind: string, message: RegExp, actions: TurnAction[], status: Turn['status'] = 'error'): void {
  assert.equal(turn.status, status, `status of ${JSON.stringify(turn)}`);
  assert.equal(turn.error?.kind, kind);
  assert.match(turn.error?.message ?? '', message);
  assert.deepEqual(turn.error?.actions, actions);
  assert.ok(!turn.error?.message.includes(KEY));
}

interface HttpCase {
  title: string;
  scenario: Scenario;
  kind: string;
  message: RegExp;
  actions: TurnAction[];
}

const SERVER_ACTIONS: TurnAction[] = ['retry', 'showLog'];

const HTTP_CASES: HttpCase[] = [
  {
    title: '400 names the request settings and shows the server\'s words',
    scenario: { kind: 'json', status: 400, body: { error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", type: 'invalid_request_error', code: 'unsupported_parameter' } } },
    kind: 'badRequest',
    message: /^The server refused the request \(HTTP 400\): check the model name \("gpt-5\.2"\) and the request settings\. Server said: Unsupported parameter: 'temperature'/,
    actions: ['openSettings', 'showLog'],
  },
  {
    title: '403 says the key may not be allowed to use the model',
    scenario: { kind: 'json', status: 403, body: { error: { message: 'You are not allowed to sample from this model.', type: 'invalid_request_error', code: 'permission_denied' } } },
    kind: 'forbidden',
    message: /^Access was denied \(HTTP 403\): the key may not be allowed to use model "gpt-5\.2"\. Server said: You are not allowed/,
    actions: ['setApiKey', 'openSettings', 'showLog'],
  },
  {
    title: '404 names the base URL to check',
    scenario: { kind: 'json', status: 404, body: { error: { message: 'Invalid URL (POST /v1/responses)', type: 'invalid_request_error', code: null } } },
    kind: 'notFound',
    message: /^Endpoint not found \(HTTP 404\): check the base URL \(http:\/\/127\.0\.0\.1:\d+\)\. Server said: Invalid URL/,
    actions: ['openSettings', 'showLog'],
  },
  {
    title: '408 says the server timed out',
    scenario: { kind: 'raw', status: 408, body: 'Request Timeout' },
    kind: 'timeout',
    message: /^The server timed out \(HTTP 408\)\. Server said: Request Timeout/,
    actions: ['retry', 'showLog'],
  },
  {
    title: '409 is a server error to retry',
    scenario: { kind: 'json', status: 409, body: { error: { message: 'Conflict: another request is using this response.', type: 'conflict' } } },
    kind: 'server',
    message: /^The server had an error \(HTTP 409\)\. Server said: Conflict/,
    actions: SERVER_ACTIONS,
  },
  {
    title: '429 without Retry-After says too many requests',
    scenario: { kind: 'rateLimit' },
    kind: 'rateLimit',
    message: /^Rate limited \(HTTP 429\): too many requests or tokens for now\. Server said: Rate limit reached/,
    actions: ['retry', 'showLog'],
  },
  {
    title: '500 shows the server\'s message',
    scenario: { kind: 'json', status: 500, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } } },
    kind: 'server',
    message: /^The server had an error \(HTTP 500\)\. Server said: The server had an error while processing/,
    actions: SERVER_ACTIONS,
  },
  {
    title: '502 HTML page is reduced to its readable text',
    scenario: { kind: 'html' },
    kind: 'server',
    message: /^The server had an error \(HTTP 502\)\. Server said: 502 Bad Gateway nginx$/,
    actions: SERVER_ACTIONS,
  },
  {
    title: '503 plain text',
    scenario: { kind: 'raw', status: 503, body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow' },
    kind: 'server',
    message: /^The server had an error \(HTTP 503\)\. Server said: upstream connect error/,
    actions: SERVER_ACTIONS,
  },
  {
    title: '504 gateway page',
    scenario: { kind: 'raw', status: 504, contentType: 'text/html', body: '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>' },
    kind: 'server',
    message: /^The server had an error \(HTTP 504\)\. Server said: 504 Gateway Time-out$/,
    actions: SERVER_ACTIONS,
  },
];

describe('Faults: what the chat shows when the server or the network fails', () => {
  const settings = rememberSettings('baseUrl', 'maxRetries', 'requestTimeoutSeconds');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    // One request per question unless a test turns retries on: each case sees exactly its own answer.
    await setSetting('maxRetries', 0);
  });
  after(() => settings.restore());
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
  });

  describe('HTTP errors', () => {
    for (const c of HTTP_CASES) {
      it(c.title, async () => {
        const turn = await answerTo(c.scenario);
        assertError(turn, c.kind, c.message, c.actions);
        assert.equal(turn.text, '', 'no answer text is made up');
        assert.equal((await fakeServer.requests()).length, 1);
        assert.equal((await storedAnswer('error')).status, 'error', 'the history keeps the failed turn');
      });
    }
  });

  describe('retries (sidekick.maxRetries)', () => {
    it('503 then success shows the answer', async () => {
      await setSetting('maxRetries', 2);
      try {
        const turn = await answerTo({ kind: 'raw', status: 503, body: 'Service Unavailable' }, { kind: 'text', text: 'Answered on the second try.' });
        assert.equal(turn.status, 'done');
        assert.equal(turn.text, 'Answered on the second try.');
        assert.equal((await fakeServer.requests()).length, 2);
      } finally {
        await setSetting('maxRetries', 0);
      }
    });

    it('429 with Retry-After: 1 waits that long, then shows the answer', async () => {
      await setSetting('maxRetries', 1);
      try {
        const turn = await answerTo({ kind: 'rateLimit', retryAfter: '1' }, { kind: 'text', text: 'After the wait.' });
        assert.equal(turn.status, 'done');
        assert.equal(turn.text, 'After the wait.');
        const [first, second] = await fakeServer.requests();
        // A lower bound only: a busy machine can make the wait longer, never shorter than the 1 s asked for.
        assert.ok(second.receivedAt - first.receivedAt >= 950, `retried after ${second.receivedAt - first.receivedAt} ms`);
      } finally {
        await setSetting('maxRetries', 0);
      }
    });

    it('429 with Retry-After: 120 shows the wait instead of sitting through it', async () => {
      await setSetting('maxRetries', 2);
      try {
        const turn = await answerTo({ kind: 'rateLimit', retryAfter: '120' });
        assertError(turn, 'rateLimit', /^Rate limited \(HTTP 429\): the server asks to wait 120 s\./, ['retry', 'showLog']);
        assert.equal(turn.error?.retryAfterMs, 120_000, 'the webview counts the wait down');
        // The answer ended with the wait shown: sitting through 120 s would have outlasted the test's timeout.
        assert.equal((await fakeServer.requests()).length, 1, 'no retry');
      } finally {
        await setSetting('maxRetries', 0);
      }
    });
  });

  describe('the network', () => {
    it('connection refused names the address', async () => {
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      await setSetting('baseUrl', unreachable);
      try {
        const { turn } = await ask('Hello?');
        assertError(turn, 'network', new RegExp(`^Network error with ${unreachable.replace(/\./g, '\\.')}: .*refused \\(ECONNREFUSED\\)`), ['retry', 'openSettings', 'showLog']);
      } finally {
        await setSetting('baseUrl', fakeServerUrl());
      }
    });

    it('a reset before the headers is a network error', async () => {
      const turn = await answerTo({ kind: 'reset' });
      assertError(turn, 'network', /reset before an answer \(ECONNRESET\)/, ['retry', 'openSettings', 'showLog']);
      assert.equal(turn.text, '');
    });

    it('a reset mid-stream keeps the text that arrived and says the connection was lost', async () => {
      const sse = synthesizeStream({ text: LONG_ANSWER, deltaSize: 16 });
      const turn = await answerTo({ kind: 'sse', body: sse, cutAfterBytes: Math.floor(sse.length / 2), then: 'reset', chunking: 700 });
      assertError(turn, 'network', /connection was lost while the answer was arriving/, ['continue', 'retry', 'openSettings', 'showLog'], 'cut');
      assert.ok(turn.text.length > 100 && LONG_ANSWER.startsWith(turn.text) && turn.text !== LONG_ANSWER, `kept ${turn.text.length} chars`);
      assert.equal((await storedAnswer('cut')).text, turn.text, 'the history keeps the partial answer, marked cut off');
    });

    it('a stall beyond sidekick.requestTimeoutSeconds keeps the text and names the timeout', async function () {
      this.timeout(30_000);
      await setSetting('requestTimeoutSeconds', 5);
      try {
        const sse = synthesizeStream({ text: LONG_ANSWER, deltaSize: 16 });
        const started = Date.now();
        const turn = await answerTo({ kind: 'sse', body: sse, cutAfterBytes: 3000, then: 'stall' });
        const waited = Date.now() - started;
        assertError(turn, 'timeout', /^The server sent nothing for 5 s \(sidekick\.requestTimeoutSeconds\)\.$/, ['continue', 'retry', 'openSettings'], 'cut');
        // A lower bound only: a busy machine can make the wait longer, never shorter than the 5 s of silence.
        assert.ok(waited >= 4500, `gave up after ${waited} ms`);
        assert.ok(turn.text.length > 100 && LONG_ANSWER.startsWith(turn.text), `kept ${turn.text.length} chars`);
        const [request] = await fakeServer.requests();
        assert.equal(request.clientClosed, true, 'the stalled connection was closed');
      } finally {
        await setSetting('requestTimeoutSeconds', undefined);
      }
    });
  });

  describe('the stream', () => {
    it('without a terminal event: the whole text, marked cut off, with Continue', async () => {
      const turn = await answerTo({ kind: 'text', text: 'Everything but the end event.', terminal: 'none', chunking: 'random', seed: 3 });
      assert.equal(turn.status, 'cut');
      assert.equal(turn.text, 'Everything but the end event.');
      assert.equal(turn.error?.kind, 'truncated');
      assert.match(turn.error?.message ?? '', /cut off: the connection ended before the server finished/);
      assert.ok(turn.error?.actions.includes('continue'));
      assert.equal((await storedAnswer('cut')).text, 'Everything but the end event.');
    });

    it('response.failed keeps the partial text, cut off with Continue, and shows the error event\'s message', async () => {
      const turn = await answerTo({ kind: 'text', text: 'Closures capture ', terminal: 'failed', error: { code: 'server_error', message: 'The model crashed mid-answer.' } });
      assertError(turn, 'server', /^The server had an error\. Server said: The model crashed mid-answer\.$/, ['continue', ...SERVER_ACTIONS], 'cut');
      assert.equal(turn.text, 'Closures capture ');
    });

    it('response.incomplete (content filter) is cut off with Retry', async () => {
      const turn = await answerTo({ kind: 'text', text: 'Up to the filter.', terminal: 'incomplete', incompleteReason: 'content_filter' });
      assert.equal(turn.status, 'cut');
      assert.equal(turn.text, 'Up to the filter.');
      assert.match(turn.error?.message ?? '', /content filter stopped the answer/);
      assert.deepEqual(turn.error?.actions, ['retry']);
    });

    it('a nested error event (recorded: rate limit, then response.failed)', async () => {
      const turn = await answerTo({ kind: 'fixture', name: FIXTURES.rateLimited, chunking: 'random', seed: 9 });
      assertError(turn, 'rateLimit', /^Rate limited: too many requests or tokens for now\. Server said: Request too large for gpt-4o/, ['retry', 'showLog']);
    });

    it('a flat error event after some text keeps the text, cut off with Continue', async () => {
      const turn = await answerTo({ kind: 'flatError', code: 'server_is_overloaded', message: 'The upstream is overloaded.', textBefore: 'Half an answer' });
      assertError(turn, 'server', /Server said: The upstream is overloaded\.$/, ['continue', ...SERVER_ACTIONS], 'cut');
      assert.equal(turn.text, 'Half an answer');
    });

    it('a malformed JSON frame stops the answer rather than show a wrong one', async () => {
      const head = synthesizeStream({ text: 'Readable part.', terminal: 'none' });
      const tail = synthesizeStream({ text: 'never shown' }).split('\n\n').slice(4).join('\n\n');
      const body = `${head}event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"bro\n\n${tail}`;
      const turn = await answerTo({ kind: 'sse', body, chunking: 'random', seed: 4 });
      assertError(turn, 'protocol', /^The server sent a reply Sidekick could not read\. Server said: The server sent an unreadable event/, ['continue', 'retry', 'showLog'], 'cut');
      assert.equal(turn.text, 'Readable part.');
    });

    const recorded = expectedFromStream(readFixture(FIXTURES.normal)).text;
    for (const [title, quirks] of [
      ['[DONE] after the last event', ['done']],
      ['CRLF line endings', ['crlf']],
      ['keep-alive comments and no event: lines', ['ping', 'noEventLines']],
    ] as const) {
      it(`${title}: the recorded answer in full`, async () => {
        const turn = await answerTo({ kind: 'fixture', name: FIXTURES.normal, quirks: [...quirks], chunking: 'random', seed: 21, maxChunk: 17 });
        assert.equal(turn.status, 'done');
        assert.equal(turn.text, recorded);
      });
    }

    it('a 1 MB answer streams in full, and the chat goes on', async function () {
      this.timeout(60_000);
      const unit = 'Sidekick streams large answers without losing a byte. 大型回答。\n';
      const text = unit.repeat(Math.ceil((1 << 20) / unit.length));
      await fakeServer.enqueue({ kind: 'text', text, deltaSize: 2048, chunking: 'random', seed: 8, maxChunk: 65536 });
      // A megabyte through the extension host and the workbench: a busy machine takes its time.
      const { turn } = await ask('Explain closures', 50_000);
      assert.equal(turn.status, 'done');
      assert.equal(turn.text.length, text.length);
      assert.ok(turn.text === text, 'the text arrived unchanged');
      await chat('sidebar', { type: 'newChat' });
      await fakeServer.enqueue({ kind: 'text', text: 'Still here.' });
      assert.equal((await ask('Still there?')).turn.text, 'Still here.');
    });
  });
});
