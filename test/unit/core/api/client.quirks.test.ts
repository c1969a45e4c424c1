// What OpenAI-compatible relays do to a stream, and answers that are not streams at all.
import * as assert from 'node:assert/strict';
import { streamResponse, type ClientOptions } from '../../../../src/core/api/client';
import { collect } from '../../../support/collect';
import { FakeServer } from '../../../support/fakeServer';
import { FIXTURES, expectedFromStream, readFixture, synthesizeStream, type Quirk } from '../../../support/sseStreams';

const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'Hello' }] };
const TEXT = '中文回答：`const x = 1;` — done ✓';

describe('client: relay quirks', () => {
  let server: FakeServer;
  let options: ClientOptions;
  before(async () => {
    server = await FakeServer.start();
    options = { baseUrl: server.url, apiKey: 'sk-test-quirks', maxRetries: 0, timeoutMs: 3000 };
  });
  after(() => server.close());

  const quirks: Quirk[][] = [['done'], ['doneOddSpacing'], ['noEventLines'], ['ping'], ['crlf'], ['floatCreatedAt'], ['noEventLines', 'ping', 'crlf', 'floatCreatedAt', 'doneOddSpacing']];
  for (const set of quirks) {
    it(`${set.join(' + ')}: the full text and usage of a recorded stream, at random splits`, async () => {
      const expected = expectedFromStream(readFixture(FIXTURES.normal));
      for (let seed = 1; seed <= 10; seed++) {
        server.enqueue({ kind: 'fixture', name: FIXTURES.normal, quirks: set, chunking: 'random', seed, maxChunk: 300 });
        const got = await collect(streamResponse(request, options));
        assert.equal(got.text, expected.text);
        assert.equal(got.terminalCount, 1);
        assert.ok(got.terminal?.type === 'completed', JSON.stringify(got.terminal));
        assert.equal(got.terminal.usage?.outputTokens, 62);
      }
    });
  }

  it('missing usage fields: only what was sent is reported, nothing invented', async () => {
    server.enqueue({ kind: 'text', text: TEXT, quirks: ['partialUsage'], usage: { input_tokens: 5, output_tokens: 9 } });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, TEXT);
    assert.deepEqual(got.terminal, { type: 'completed', responseId: 'resp_fake0001', model: 'gpt-5.2', usage: { outputTokens: 9 } });
  });

  it('usage: null on completion still completes', async () => {
    const sse = synthesizeStream({ text: 'ok' }).replace(/"usage":\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '"usage":null');
    server.enqueue({ kind: 'sse', body: sse });
    const got = await collect(streamResponse(request, options));
    assert.deepEqual(got.terminal, { type: 'completed', responseId: 'resp_fake0001', model: 'gpt-5.2', usage: undefined });
  });

  it('a stream with no terminal event fails as truncated and the text received stays', async () => {
    server.enqueue({ kind: 'text', text: TEXT, deltaSize: 3, terminal: 'none', chunking: 'bytes' });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, TEXT);
    assert.equal(got.terminalCount, 1);
    assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'truncated');
  });

  it('a recorded stream with its terminal event dropped is truncated, with the text so far', async () => {
    server.enqueue({ kind: 'fixture', name: FIXTURES.noSummary, quirks: ['noTerminal', 'done'] });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, expectedFromStream(readFixture(FIXTURES.noSummary)).text);
    assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'truncated');
  });

  it('response.incomplete ends with the reason and usage, keeping the text', async () => {
    server.enqueue({ kind: 'text', text: 'partial answer', terminal: 'incomplete', incompleteReason: 'max_output_tokens', usage: { input_tokens: 3, output_tokens: 16 } });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'partial answer');
    assert.deepEqual(got.terminal, { type: 'incomplete', reason: 'max_output_tokens', responseId: 'resp_fake0001', usage: { inputTokens: 3, outputTokens: 16, totalTokens: 19, reasoningTokens: 0, cachedTokens: 0 } });
  });

  it('content_filter incompletion is reported as such', async () => {
    server.enqueue({ kind: 'text', text: 'x', terminal: 'incomplete', incompleteReason: 'content_filter' });
    const got = await collect(streamResponse(request, options));
    assert.ok(got.terminal?.type === 'incomplete' && got.terminal.reason === 'content_filter');
  });

  it('flat error event after some text: one failure with its code and message, text kept', async () => {
    server.enqueue({ kind: 'flatError', code: 'rate_limit_exceeded', message: 'Slow down: 3 requests per minute.', textBefore: 'Hello wor' });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'Hello wor');
    assert.equal(got.terminalCount, 1);
    assert.deepEqual(got.terminal, { type: 'failed', error: { kind: 'rateLimit', code: 'rate_limit_exceeded', message: 'Slow down: 3 requests per minute.' } });
  });

  it('nested error then response.failed (synthetic, server_error) is one failure with the specific message', async () => {
    server.enqueue({ kind: 'text', text: 'abc', terminal: 'failed', error: { code: 'server_error', message: 'Upstream model crashed.' } });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'abc');
    assert.deepEqual(got.events.filter((e) => e.type === 'failed'), [{ type: 'failed', error: { kind: 'server', code: 'server_error', message: 'Upstream model crashed.' } }]);
  });

  it('a malformed JSON frame fails as protocol, keeping earlier text', async () => {
    const sse = synthesizeStream({ text: 'good text' }).replace(/(data: \{"type":"response\.output_text\.done")/, 'data: {"type":"response.output_text.delta","delta":"lost\n\n$1');
    server.enqueue({ kind: 'sse', body: sse, chunking: 'random', seed: 3, maxChunk: 40 });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'good text');
    assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'protocol', JSON.stringify(got.terminal));
  });

  it('a non-JSON keep-alive data frame is skipped and the answer completes', async () => {
    const sse = synthesizeStream({ text: 'still fine', deltaSize: 2 }).replace('event: response.output_text.delta', 'data: keep-alive\n\nevent: response.output_text.delta');
    server.enqueue({ kind: 'sse', body: sse });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'still fine');
    assert.equal(got.terminal?.type, 'completed');
  });

  it('a last event without its closing blank line still counts', async () => {
    server.enqueue({ kind: 'sse', body: synthesizeStream({ text: 'end' }).replace(/\n+$/, '') });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'end');
    assert.equal(got.terminal?.type, 'completed');
  });

  it('a server that sends only response.completed (no deltas) still shows its text', async () => {
    const sse = synthesizeStream({ text: 'only in the final object' }).split('\n\n').filter((f) => !f.includes('output_text.delta')).join('\n\n');
    server.enqueue({ kind: 'sse', body: sse });
    const got = await collect(streamResponse(request, options));
    assert.equal(got.text, 'only in the final object');
    assert.equal(got.terminal?.type, 'completed');
  });

  it('application/json (stream ignored): the ResponseObject text as one delta, then completed with usage', async () => {
    const body = {
      id: 'resp_json1', object: 'response', created_at: 1773132155.5, model: 'gpt-5.2', status: 'completed',
      output: [
        { id: 'rs_1', type: 'reasoning', summary: [] },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '你好！', annotations: [] }, { type: 'output_text', text: ' 有什么可以帮您的？', annotations: [] }] },
      ],
      usage: { input_tokens: 8, input_tokens_details: { cached_tokens: 0 }, output_tokens: 15, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 23 },
    };
    server.enqueue({ kind: 'json', body });
    const got = await collect(streamResponse(request, options));
    assert.deepEqual(got.events, [
      { type: 'text', delta: '你好！ 有什么可以帮您的？' },
      { type: 'completed', responseId: 'resp_json1', model: 'gpt-5.2', usage: { inputTokens: 8, outputTokens: 15, totalTokens: 23, reasoningTokens: 0, cachedTokens: 0 } },
    ]);
  });

  it('application/json with status incomplete yields incomplete with its reason', async () => {
    server.enqueue({ kind: 'json', body: { id: 'r', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message', content: [{ type: 'output_text', text: 'cut' }] }] } });
    const got = await collect(streamResponse(request, options));
    assert.deepEqual(got.events, [{ type: 'text', delta: 'cut' }, { type: 'incomplete', reason: 'max_output_tokens', responseId: 'r', usage: undefined }]);
  });

  it('HTTP 200 with a JSON error object fails with its message', async () => {
    server.enqueue({ kind: 'json', body: { error: { message: 'model gpt-9 does not exist', code: 'model_not_found' } } });
    const got = await collect(streamResponse(request, options));
    assert.deepEqual(got.events, [{ type: 'failed', error: { kind: 'notFound', code: 'model_not_found', message: 'model gpt-9 does not exist' } }]);
  });

  it('HTTP 200 with an HTML page (wrong base URL) fails as protocol naming the setting', async () => {
    server.enqueue({ kind: 'raw', status: 200, contentType: 'text/html', body: '<html><head><title>Welcome</title></head><body><h1>Welcome</h1><p>Our homepage</p></body></html>' });
    const got = await collect(streamResponse(request, options));
    assert.ok(got.terminal?.type === 'failed');
    assert.equal(got.terminal.error.kind, 'protocol');
    assert.match(got.terminal.error.message, /sidekick\.baseUrl.*Welcome Our homepage/);
  });
});
