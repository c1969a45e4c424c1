// HTTP-level behaviour: error bodies, retries and their waits, redirects, the request on the wire.
import * as assert from 'node:assert/strict';
import { streamResponse, testConnection, type ClientOptions } from '../../../../src/core/api/client';
import type { Logger } from '../../../../src/core/types';
import { collect } from '../../../support/collect';
import { FakeServer } from '../../../support/fakeServer';
import { FIXTURES, synthesizeStream } from '../../../support/sseStreams';
import { closedPort } from '../../../support/closedPort';

const KEY = 'sk-test-Zq81secretKEY0042';
const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'Hello' }] };

describe('client: HTTP', () => {
  let server: FakeServer;
  let waits: number[];
  let options: ClientOptions;
  before(async () => {
    server = await FakeServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    waits = [];
    options = {
      baseUrl: server.url,
      apiKey: KEY,
      timeoutMs: 3000,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    };
  });

  function failure(events: Awaited<ReturnType<typeof collect>>) {
    assert.equal(events.terminalCount, 1);
    assert.ok(events.terminal?.type === 'failed', `expected a failure, got ${JSON.stringify(events.terminal)}`);
    return events.terminal.error;
  }

  describe('error bodies', () => {
    const cases: { name: string; status: number; body: string; contentType: string; kind: string; message: string | RegExp; code?: string }[] = [
      { name: 'nested JSON 401', status: 401, contentType: 'application/json', body: JSON.stringify({ error: { message: 'Invalid token', type: 'invalid_request_error', code: 'invalid_api_key' } }), kind: 'auth', message: 'Invalid token', code: 'invalid_api_key' },
      { name: 'flat JSON 403', status: 403, contentType: 'application/json', body: JSON.stringify({ message: 'Region not supported' }), kind: 'forbidden', message: 'Region not supported' },
      { name: 'string error 404', status: 404, contentType: 'application/json', body: JSON.stringify({ error: 'Not Found' }), kind: 'notFound', message: 'Not Found' },
      { name: '400 model not found', status: 400, contentType: 'application/json', body: JSON.stringify({ error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } }), kind: 'notFound', message: 'The model `gpt-9` does not exist', code: 'model_not_found' },
      { name: '400 bad parameter', status: 400, contentType: 'application/json', body: JSON.stringify({ error: { message: "Unsupported parameter: 'temperature'", type: 'invalid_request_error', code: 'unsupported_parameter' } }), kind: 'badRequest', message: "Unsupported parameter: 'temperature'", code: 'unsupported_parameter' },
      { name: 'plain-text 401', status: 401, contentType: 'text/plain', body: 'Unauthorized\n', kind: 'auth', message: 'Unauthorized' },
      { name: 'empty 403', status: 403, contentType: 'text/plain', body: '', kind: 'forbidden', message: 'HTTP 403 Forbidden' },
      { name: 'HTML 400 page', status: 400, contentType: 'text/html', body: '<html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1><p>Request Header Or Cookie Too Large</p></body></html>', kind: 'badRequest', message: '400 Bad Request Request Header Or Cookie Too Large' },
      { name: 'key echoed by the server', status: 401, contentType: 'application/json', body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}. Authorization: Bearer ${KEY}` } }), kind: 'auth', message: 'Incorrect API key provided: ***. Authorization: Bearer ***' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.kind} with the server's message, not retried`, async () => {
        server.enqueue({ kind: 'raw', status: c.status, contentType: c.contentType, body: c.body });
        const error = failure(await collect(streamResponse(request, options)));
        assert.equal(error.kind, c.kind);
        assert.equal(error.status, c.status);
        if (typeof c.message === 'string') assert.equal(error.message, c.message);
        else assert.match(error.message, c.message);
        assert.equal(error.code, c.code);
        assert.ok(!JSON.stringify(error).includes(KEY));
        assert.equal(server.requests.length, 1);
        assert.deepEqual(waits, []);
      });
    }

    it('a huge HTML 502 page is reduced to short text', async () => {
      const page = `<html><head><title>502 Bad Gateway</title><style>.x{color:red}</style></head><body><h1>502 Bad Gateway</h1>${'<p>The upstream server is unreachable &amp; retrying. </p>'.repeat(200)}</body></html>`;
      server.enqueue({ kind: 'raw', status: 502, contentType: 'text/html', body: page }, { kind: 'raw', status: 502, contentType: 'text/html', body: page }, { kind: 'raw', status: 502, contentType: 'text/html', body: page });
      const error = failure(await collect(streamResponse(request, options)));
      assert.equal(error.kind, 'server');
      assert.ok(error.message.length <= 300, `${error.message.length} chars`);
      assert.match(error.message, /^502 Bad Gateway The upstream server is unreachable & retrying\./);
      assert.doesNotMatch(error.message, /[<>]|color:red/);
    });
  });

  describe('retries', () => {
    it('429 with retry-after-ms: waits exactly that, then streams the answer', async () => {
      server.enqueue({ kind: 'rateLimit', retryAfterMs: 1500 }, { kind: 'text', text: 'after the wait' });
      const got = await collect(streamResponse(request, options));
      assert.equal(got.text, 'after the wait');
      assert.equal(got.terminal?.type, 'completed');
      assert.deepEqual(waits, [1500]);
      assert.equal(server.requests.length, 2);
    });

    it('503 with Retry-After in seconds, then 429 with Retry-After as an HTTP date', async () => {
      const now = Date.parse('2026-10-21T07:28:00Z');
      server.enqueue(
        { kind: 'raw', status: 503, body: 'busy', headers: { 'retry-after': '2' } },
        { kind: 'rateLimit', retryAfter: 'Wed, 21 Oct 2026 07:28:03 GMT' },
        { kind: 'text', text: 'ok' },
      );
      const got = await collect(streamResponse(request, { ...options, now: () => now }));
      assert.equal(got.text, 'ok');
      assert.deepEqual(waits, [2000, 3000]);
    });

    it('without a server hint: exponential backoff with jitter, then the last error', async () => {
      for (const [random, expected] of [[0, [250, 500]], [0.5, [375, 750]], [0.999, [500, 1000]]] as const) {
        server.reset();
        waits = [];
        server.enqueue({ kind: 'json', status: 500, body: { error: { message: 'boom 1' } } }, { kind: 'html' }, { kind: 'json', status: 500, body: { error: { message: 'boom 3', type: 'server_error' } } });
        const error = failure(await collect(streamResponse(request, { ...options, random: () => random })));
        assert.deepEqual(waits, expected);
        assert.deepEqual(error, { kind: 'server', status: 500, message: 'boom 3', code: 'server_error' });
        assert.equal(server.requests.length, 3);
      }
    });

    it('408, 409 and 502 are retried; maxRetries bounds the attempts', async () => {
      server.enqueue({ kind: 'raw', status: 408, body: 'timeout' }, { kind: 'raw', status: 409, body: 'conflict' }, { kind: 'html' }, { kind: 'text', text: 'never' });
      const error = failure(await collect(streamResponse(request, { ...options, maxRetries: 2 })));
      assert.equal(error.status, 502);
      assert.equal(error.message, '502 Bad Gateway nginx');
      assert.equal(server.requests.length, 3);
      assert.equal(waits.length, 2);
    });

    it('maxRetries 0 does not retry', async () => {
      server.enqueue({ kind: 'rateLimit', retryAfterMs: 10 }, { kind: 'text', text: 'never' });
      const error = failure(await collect(streamResponse(request, { ...options, maxRetries: 0 })));
      assert.equal(error.kind, 'rateLimit');
      assert.equal(error.retryAfterMs, 10);
      assert.equal(server.requests.length, 1);
    });

    it('Retry-After over 60 s is not waited: fails at once with the wait to show', async () => {
      server.enqueue({ kind: 'rateLimit', retryAfter: '120', message: 'Try again in 2 minutes.' }, { kind: 'text', text: 'never' });
      const error = failure(await collect(streamResponse(request, options)));
      assert.deepEqual(error, { kind: 'rateLimit', status: 429, message: 'Try again in 2 minutes.', code: 'rate_limit_exceeded', retryAfterMs: 120_000 });
      assert.deepEqual(waits, [], 'no wait at all');
      assert.equal(server.requests.length, 1);
    });

    it('an exhausted quota (429 insufficient_quota) is not retried', async () => {
      server.enqueue({ kind: 'rateLimit', code: 'insufficient_quota', message: 'You exceeded your current quota.' }, { kind: 'text', text: 'never' });
      const error = failure(await collect(streamResponse(request, options)));
      assert.equal(error.code, 'insufficient_quota');
      assert.equal(server.requests.length, 1);
    });

    it('a reset before the headers is a network error and is retried', async () => {
      server.enqueue({ kind: 'reset' }, { kind: 'reset' }, { kind: 'text', text: 'third time lucky' });
      const got = await collect(streamResponse(request, options));
      assert.equal(got.text, 'third time lucky');
      assert.equal(waits.length, 2);
      assert.equal(server.requests.length, 3);
    });

    it('resets on every attempt end as one network failure', async () => {
      server.enqueue({ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
      const error = failure(await collect(streamResponse(request, options)));
      assert.equal(error.kind, 'network');
      assert.equal(server.requests.length, 3);
    });

    it('a refused connection is a network error naming the host', async () => {
      const port = await closedPort();
      const error = failure(await collect(streamResponse(request, { ...options, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 })));
      assert.equal(error.kind, 'network');
      assert.equal(error.code, 'ECONNREFUSED');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.equal(waits.length, 1);
    });

    it('never retried once body bytes arrived: a reset mid-stream keeps the text, one request', async () => {
      const sse = synthesizeStream({ text: 'The beginning of a long answer that will be cut', deltaSize: 4 });
      server.enqueue({ kind: 'sse', body: sse, cutAfterBytes: Math.floor(sse.length * 0.6), then: 'reset', chunking: 'random', seed: 7, maxChunk: 64 }, { kind: 'text', text: 'must not be fetched' });
      const got = await collect(streamResponse(request, options));
      assert.ok(got.text.length > 0 && 'The beginning of a long answer that will be cut'.startsWith(got.text), JSON.stringify(got.events));
      const error = failure(got);
      assert.equal(error.kind, 'network');
      assert.equal(server.requests.length, 1);
      assert.deepEqual(waits, []);
    });

    it('a recorded in-stream rate limit (fixture 04) is not retried', async () => {
      server.enqueue({ kind: 'fixture', name: FIXTURES.rateLimited }, { kind: 'text', text: 'must not be fetched' });
      const error = failure(await collect(streamResponse(request, options)));
      assert.equal(error.kind, 'rateLimit');
      assert.equal(server.requests.length, 1);
    });
  });

  describe('the request on the wire', () => {
    it('POST /v1/responses with the Bearer key, stream true, store false and no unset parameters', async () => {
      server.enqueue({ kind: 'text', text: 'hi' });
      const input = [
        { role: 'system' as const, content: 'You are terse.' },
        { role: 'user' as const, content: 'Hi' },
        { role: 'assistant' as const, content: 'Hello.' },
        { role: 'user' as const, content: 'Again' },
      ];
      await collect(streamResponse({ model: 'gpt-5.2', input }, options));
      const [received] = server.requests;
      assert.equal(received.method, 'POST');
      assert.equal(received.path, '/v1/responses');
      assert.equal(received.headers.authorization, `Bearer ${KEY}`);
      assert.match(String(received.headers['content-type']), /^application\/json/);
      assert.deepEqual(received.body, { model: 'gpt-5.2', input, stream: true, store: false });
    });

    it('every parameter the user set is sent under its API name', async () => {
      server.enqueue({ kind: 'text', text: 'hi' });
      const params = { temperature: 0, topP: 0.9, maxOutputTokens: 512, reasoningEffort: 'high' as const, reasoningSummary: 'auto' as const, verbosity: 'low' as const, frequencyPenalty: -0.5, presencePenalty: 1.5, stop: 'END', store: true, user: 'dev-42' };
      await collect(streamResponse({ ...request, params }, options));
      assert.deepEqual(server.requests[0].body, {
        model: 'gpt-5.2', input: request.input, stream: true, store: true, temperature: 0, top_p: 0.9, max_output_tokens: 512,
        reasoning: { effort: 'high', summary: 'auto' }, text: { verbosity: 'low' }, frequency_penalty: -0.5, presence_penalty: 1.5, stop: 'END', user: 'dev-42',
      });
    });

    for (const suffix of ['', '/', '/v1', '/v1/', '//']) {
      it(`base URL "<server>${suffix}" posts to /v1/responses`, async () => {
        server.enqueue({ kind: 'text', text: 'hi' });
        const got = await collect(streamResponse(request, { ...options, baseUrl: server.url + suffix }));
        assert.equal(got.terminal?.type, 'completed');
        assert.equal(server.requests[0].path, '/v1/responses');
      });
    }

    it('a base URL with a path prefix keeps it', async () => {
      server.enqueue({ kind: 'text', text: 'hi' });
      const got = await collect(streamResponse(request, { ...options, baseUrl: `${server.url}/openai/v1` }));
      assert.equal(server.requests[0].path, '/openai/v1/responses');
      assert.equal(failure(got).kind, 'notFound');
    });

    it('plain http:// to another host is refused before any connection, naming https', async () => {
      const got = await collect(streamResponse(request, { ...options, baseUrl: 'http://api.example.invalid' }));
      const error = failure(got);
      assert.equal(error.kind, 'insecure');
      assert.match(error.message, /in clear.*https:\/\/api\.example\.invalid/);
      assert.equal(got.events.length, 1);
    });

    it('http://127.0.0.1 is allowed (the whole suite runs on it)', async () => {
      server.enqueue({ kind: 'text', text: 'local' });
      assert.equal((await collect(streamResponse(request, { ...options, baseUrl: server.url }))).text, 'local');
    });

    it('a malformed base URL fails clearly', async () => {
      const error = failure(await collect(streamResponse(request, { ...options, baseUrl: 'ai dot example' })));
      assert.equal(error.kind, 'badRequest');
      assert.match(error.message, /not a valid URL/);
    });
  });

  describe('redirects', () => {
    it('a redirect to another host is not followed: the key stays here and the error names the target', async () => {
      const other = await FakeServer.start();
      try {
        other.enqueue({ kind: 'text', text: 'stolen' });
        server.enqueue({ kind: 'redirect', status: 307, location: `${other.url}/v1/responses` });
        const error = failure(await collect(streamResponse(request, options)));
        assert.equal(error.kind, 'protocol');
        assert.equal(error.status, 307);
        assert.ok(error.message.includes(`${other.url}/v1/responses`), error.message);
        assert.match(error.message, /sidekick\.baseUrl/);
        assert.equal(other.requests.length, 0);
      } finally {
        await other.close();
      }
    });

    it('a same-origin redirect is followed with the same request', async () => {
      server.enqueue({ kind: 'redirect', status: 308, location: '/v1/responses?moved=1' }, { kind: 'text', text: 'moved answer' });
      const got = await collect(streamResponse(request, options));
      assert.equal(got.text, 'moved answer');
      assert.equal(server.requests[1].path, '/v1/responses?moved=1');
      assert.deepEqual(server.requests[1].body, server.requests[0].body);
    });

    it('a redirect loop stops', async () => {
      for (let i = 0; i < 5; i++) server.enqueue({ kind: 'redirect', location: '/v1/responses' });
      const error = failure(await collect(streamResponse(request, options)));
      assert.match(error.message, /Too many redirects/);
      assert.equal(server.requests.length, 4);
    });
  });

  describe('log', () => {
    it('logs id, status, time to first byte, total and usage; never the key or the prompt', async () => {
      const lines: string[] = [];
      const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
      const logger: Logger = { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
      server.enqueue({ kind: 'raw', status: 500, body: `oops ${KEY}` }, { kind: 'fixture', name: FIXTURES.normal });
      const secret = 'const TOP_SECRET_CODE = 1;';
      await collect(streamResponse({ model: 'gpt-5.2', input: [{ role: 'user', content: secret }] }, { ...options, logger }));
      const log = lines.join('\n');
      assert.match(log, /\[req-[0-9a-f]{6}\] POST http:\/\/127\.0\.0\.1:\d+\/v1\/responses request model=gpt-5\.2 messages=1 chars=26/);
      assert.match(log, /\[req-[0-9a-f]{6}\] 200 completed attempts=2 ttfb=\d+ms total=\d+ms tokens in=10 out=62/);
      assert.match(log, /warn .*attempt 1 failed \(server 500\); retrying in 375 ms/);
      assert.ok(!log.includes(KEY), 'key in log');
      assert.ok(!log.includes('TOP_SECRET'), 'prompt in log');
    });
  });

  describe('testConnection', () => {
    it('reports ok with the model the server names, after a tiny request', async () => {
      server.enqueue({ kind: 'text', text: 'pong', model: 'gpt-5.2-2025-12-11' });
      const check = await testConnection('gpt-5.2', options);
      assert.equal(check.ok, true);
      assert.equal(check.model, 'gpt-5.2-2025-12-11');
      assert.ok(check.latencyMs >= 0 && check.latencyMs < 3000);
      assert.deepEqual(server.requests[0].body, { model: 'gpt-5.2', input: [{ role: 'user', content: 'ping' }], stream: true, store: false, max_output_tokens: 16 });
    });

    it('an answer cut at the token limit still proves the connection', async () => {
      server.enqueue({ kind: 'text', text: 'po', terminal: 'incomplete' });
      assert.equal((await testConnection('gpt-5.2', options)).ok, true);
    });

    it('names the failure', async () => {
      server.enqueue({ kind: 'json', status: 401, body: { error: { message: 'bad key' } } });
      const check = await testConnection('gpt-5.2', options);
      assert.equal(check.ok, false);
      assert.equal(check.error?.kind, 'auth');
    });
  });
});

