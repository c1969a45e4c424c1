// Cancel and the idle timeout: what a user sees when they press Stop or the server goes quiet. "At once"
// is shown by what the server saw (the client closed before the server was done), or by a wait far longer
// than the test's own timeout, never by a bound on the time taken. Where the idle time itself is the
// subject, the clock is a fake one that moves only when the test moves it.
import * as assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import { streamResponse, type ClientOptions, type RequestTrace } from '../../../../src/core/api/client';
import { collect } from '../../../support/collect';
import { FakeServer } from '../../../support/fakeServer';
import { synthesizeStream } from '../../../support/sseStreams';

const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'Tell me a long story' }] };
const STORY = Array.from({ length: 40 }, (_, i) => `Sentence ${i} of the story.`).join(' ');

describe('client: cancel and idle timeout', () => {
  let server: FakeServer;
  let options: ClientOptions;
  before(async () => {
    server = await FakeServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    options = { baseUrl: server.url, apiKey: 'sk-test-cancel', maxRetries: 0, timeoutMs: 3000 };
  });

  it('abort mid-stream: canceled at once (not an error), text so far kept, the server sees the connection close', async () => {
    server.enqueue({ kind: 'text', text: STORY, deltaSize: 5, chunking: 'random', seed: 5, maxChunk: 600, delayMs: 10 });
    const controller = new AbortController();
    const got = await collect(streamResponse(request, options, controller.signal), (event, soFar) => {
      if (event.type === 'text' && soFar.text.length >= 20) controller.abort();
    });
    assert.deepEqual(got.terminal, { type: 'canceled' });
    assert.equal(got.terminalCount, 1);
    assert.ok(!got.events.some((e) => e.type === 'failed'));
    assert.ok(got.text.length >= 20 && got.text.length < STORY.length && STORY.startsWith(got.text));
    const received = await server.waitForClose(0);
    assert.equal(received.clientClosed, true);
  });

  it('no event is delivered after the abort', async () => {
    server.enqueue({ kind: 'text', text: STORY, deltaSize: 1 });
    const controller = new AbortController();
    const got = await collect(streamResponse(request, options, controller.signal), (event) => {
      if (event.type === 'text') controller.abort();
    });
    assert.deepEqual(got.events.map((e) => e.type), ['text', 'canceled']);
  });

  it('abort while waiting for the headers cancels and closes the connection', async () => {
    // Headers a minute away: a client that waited for them would outlast the test's timeout.
    server.enqueue({ kind: 'stall', headerDelayMs: 60_000 });
    const controller = new AbortController();
    void server.waitForRequest(0).then(() => controller.abort());
    const got = await collect(streamResponse(request, { ...options, timeoutMs: 120_000 }, controller.signal));
    assert.deepEqual(got.events, [{ type: 'canceled' }]);
    const received = await server.waitForClose(0);
    assert.equal(received.clientClosed, true);
    assert.equal(received.firstByteAt, undefined, 'closed before the server wrote anything');
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const got = await collect(streamResponse(request, options, controller.signal));
    assert.deepEqual(got.events, [{ type: 'canceled' }]);
    assert.equal(server.requests.length, 0);
  });

  it('abort during a retry wait cancels without another request', async () => {
    // A 50 s wait (the longest sat through is 60 s): a client that sat through it would outlast the test's timeout.
    server.enqueue({ kind: 'rateLimit', retryAfterMs: 50_000 }, { kind: 'text', text: 'never' });
    const controller = new AbortController();
    void server.waitForClose(0).then(() => controller.abort());
    const got = await collect(streamResponse(request, { ...options, maxRetries: 2 }, controller.signal));
    assert.deepEqual(got.events, [{ type: 'canceled' }]);
    assert.equal(server.requests.length, 1);
  });

  it('the caller stopping early (break) closes the connection', async () => {
    // Written in pieces over about a second: a body written whole was ended by the server before a slow
    // client broke off (the test then saw no close by the client).
    server.enqueue({ kind: 'text', text: STORY, deltaSize: 5, chunking: 200, delayMs: 10 });
    for await (const event of streamResponse(request, options)) {
      if (event.type === 'text') break;
    }
    assert.equal((await server.waitForClose(0)).clientClosed, true);
  });

  it('headers then silence: fails as timeout exactly after the idle time, connection closed', async () => {
    server.enqueue({ kind: 'stall' });
    // Only the timers are fake: the sockets and the event loop stay real.
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const started = clock.now;
      const trace: RequestTrace = {};
      const answer = collect(streamResponse(request, { ...options, timeoutMs: 200, trace }));
      await until(() => trace.status === 200);
      // The idle timer is the only one running: the next one due is the moment the client gives up.
      assert.equal(clock.next() - started, 200);
      const got = await answer;
      assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'timeout', JSON.stringify(got.terminal));
      assert.match(got.terminal.error.message, /went silent for 0\.2 s/);
      assert.equal((await server.waitForClose(0)).clientClosed, true);
    } finally {
      clock.uninstall();
    }
  });

  it('no headers at all: timeout, not retried (the server may still be working on it)', async () => {
    server.enqueue({ kind: 'stall', headerDelayMs: 1000 }, { kind: 'text', text: 'never' });
    const got = await collect(streamResponse(request, { ...options, timeoutMs: 150, maxRetries: 2 }));
    assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'timeout');
    assert.match(got.terminal.error.message, /No answer from the server in 0\.15 s/);
    assert.equal(server.requests.length, 1);
  });

  it('silence in the middle of the answer: timeout, text so far kept', async () => {
    const sse = synthesizeStream({ text: STORY, deltaSize: 10 });
    server.enqueue({ kind: 'sse', body: sse, cutAfterBytes: Math.floor(sse.length / 2), then: 'stall' });
    const got = await collect(streamResponse(request, { ...options, timeoutMs: 200 }));
    assert.ok(got.text.length > 0 && STORY.startsWith(got.text));
    assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'timeout');
    assert.match(got.terminal.error.message, /middle of the answer/);
  });

  it('the timeout is about silence, not length: a slow steady stream longer than the timeout completes', async () => {
    // One event a write, 300 ms of fake time apart against a 400 ms idle time: the test moves the clock
    // once the client has each event, so a busy machine cannot stretch a gap into a silence.
    const text = 'one two three four five six seven eight';
    const events = synthesizeStream({ text, deltaSize: 4 }).split(/(?<=\n\n)/).filter((e) => /^event: response\.(output_text\.delta|completed)\n/.test(e));
    server.enqueue({ kind: 'sse', body: events.join(''), chunking: 'events', delayMs: 300 });
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const started = clock.now;
      const got = await collect(streamResponse(request, { ...options, timeoutMs: 400 }), () => clock.tick(300));
      assert.equal(got.text, text);
      assert.equal(got.terminal?.type, 'completed');
      assert.equal(clock.now - started, 300 * events.length, 'the stream lasted longer than the timeout');
    } finally {
      clock.uninstall();
    }
  });

  it('a slow consumer does not trip the idle timeout', async () => {
    server.enqueue({ kind: 'text', text: 'abcdefghij', deltaSize: 2 });
    // The consumer holds each event for longer than the idle time, on a clock only it moves: the server
    // sent everything at once, so only time spent waiting for the server may count as silence.
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const got = await collect(
        (async function* () {
          for await (const event of streamResponse(request, { ...options, timeoutMs: 100 })) {
            await clock.tickAsync(150);
            yield event;
          }
        })(),
      );
      assert.equal(got.text, 'abcdefghij');
      assert.equal(got.terminal?.type, 'completed');
    } finally {
      clock.uninstall();
    }
  });
});

/** Polls `condition` between turns of the event loop (real I/O goes on; the fake clock stands still). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
