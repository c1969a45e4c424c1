// The fake server as other processes use it: driven over HTTP, and in demo mode through the real client.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { streamResponse } from '../../src/core/api/client';
import { repoRoot } from '../../scripts/lib/paths';
import { buildRefactorInput } from '../../src/core/refactor/prompt';
import { collect } from '../support/collect';
import { FakeServer, type RecordedRequest } from '../support/fakeServer';
import { expectedFromStream, synthesizeStream } from '../support/sseStreams';

async function call(url: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.status, json: await response.json() };
}

describe('fake server', () => {
  let server: FakeServer;
  before(async () => {
    server = await FakeServer.start();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('is driven over HTTP: queue scenarios, read what the client sent, reset', async () => {
    const queued = await call(`${server.url}/__control/scenario`, 'POST', [{ kind: 'text', text: 'first' }, { kind: 'json', status: 401, body: { error: { message: 'no' } } }]);
    assert.deepEqual(queued, { status: 200, json: { ok: true, queued: 2 } });
    const options = { baseUrl: server.url, apiKey: 'sk-remote', maxRetries: 0 };
    const first = await collect(streamResponse({ model: 'm', input: [{ role: 'user', content: 'q1' }] }, options));
    const second = await collect(streamResponse({ model: 'm', input: [{ role: 'user', content: 'q2' }] }, options));
    assert.equal(first.text, 'first');
    assert.ok(second.terminal?.type === 'failed' && second.terminal.error.kind === 'auth');
    const { json } = await call(`${server.url}/__control/requests`, 'GET');
    const requests = json as RecordedRequest[];
    assert.deepEqual(requests.map((r) => [r.path, r.headers.authorization, (r.body as { input: { content: string }[] }).input[0].content, r.scenario]), [
      ['/v1/responses', 'Bearer sk-remote', 'q1', 'text'],
      ['/v1/responses', 'Bearer sk-remote', 'q2', 'json'],
    ]);
    await call(`${server.url}/__control/reset`, 'POST');
    assert.deepEqual((await call(`${server.url}/__control/requests`, 'GET')).json, []);
  });

  it('an empty queue answers 500 naming the problem, so a test notices', async () => {
    const got = await collect(streamResponse({ model: 'm', input: [{ role: 'user', content: 'q' }] }, { baseUrl: server.url, apiKey: 'k', maxRetries: 0 }));
    assert.ok(got.terminal?.type === 'failed');
    assert.match(got.terminal.error.message, /no scenario queued/);
  });

  it('other paths answer 404 like the real API', async () => {
    const { status, json } = await call(`${server.url}/v1/chat/completions`, 'POST', {});
    assert.equal(status, 404);
    assert.match(JSON.stringify(json), /Invalid URL/);
  });

  it('synthesized streams carry what they were given', () => {
    const sse = synthesizeStream({ text: 'Hello **world**', reasoning: ['a', 'b'], usage: { input_tokens: 1, output_tokens: 2 } });
    const expected = expectedFromStream(sse);
    assert.equal(expected.text, 'Hello **world**');
    assert.deepEqual(expected.reasoning, ['a', 'b']);
    assert.equal(expected.usage?.total_tokens, 3);
  });

  describe('demo mode', () => {
    let demo: FakeServer;
    before(async () => {
      demo = await FakeServer.start({ defaultScenario: { kind: 'demo', delayMs: 0 } });
    });
    after(() => demo.close());
    const options = () => ({ baseUrl: demo.url, apiKey: 'anything', maxRetries: 0 });

    it('answers any prompt with markdown: headings, a list, two code blocks in the language of the code', async () => {
      const got = await collect(streamResponse({ model: 'gpt-5.2', input: [{ role: 'user', content: 'Explain:\n```python\ndef f(x):\n    return x\n```' }] }, options()));
      assert.equal(got.terminal?.type, 'completed');
      assert.match(got.text, /^## /m);
      assert.match(got.text, /^1\. /m);
      assert.equal(got.text.match(/^```python$/gm)?.length, 2);
      assert.equal(got.reasoning, '', 'no reasoning unless asked');
    });

    it('streams a reasoning summary when reasoning.summary is set', async () => {
      const got = await collect(streamResponse({ model: 'gpt-5.2', input: [{ role: 'user', content: 'hi' }], params: { reasoningSummary: 'auto' } }, options()));
      assert.match(got.reasoning, /\*\*Understanding the request\*\*/);
      assert.ok(got.events.findIndex((e) => e.type === 'reasoning') < got.events.findIndex((e) => e.type === 'text'));
    });

    it('a refactor prompt gets the selection back rewritten, without fences, in its comment syntax', async () => {
      const input = buildRefactorInput({ instruction: 'tidy', languageId: 'typescript', fileName: 'a.ts', selection: '    var total = 0;   \n    if (total == 0) {}', before: 'function f() {', after: '}' });
      const got = await collect(streamResponse({ model: 'gpt-5.2', input }, options()));
      assert.equal(got.text, '    // Refactored by Sidekick demo\n    let total = 0;\n    if (total === 0) {}');
      const py = buildRefactorInput({ instruction: 'tidy', languageId: 'python', fileName: 'a.py', selection: 'def f():\n    return 1', before: '', after: '' });
      assert.equal((await collect(streamResponse({ model: 'gpt-5.2', input: py }, options()))).text, '# Refactored by Sidekick demo\ndef f():\n    return 1');
    });

    it('the key "bad-key" gets a 401', async () => {
      const got = await collect(streamResponse({ model: 'gpt-5.2', input: [{ role: 'user', content: 'hi' }] }, { ...options(), apiKey: 'bad-key' }));
      assert.ok(got.terminal?.type === 'failed' && got.terminal.error.kind === 'auth' && got.terminal.error.status === 401);
    });

    it('paces the answer so it is visibly streamed', async () => {
      const paced = await FakeServer.start({ defaultScenario: { kind: 'demo', delayMs: 2 } });
      try {
        const times: number[] = [];
        await collect(streamResponse({ model: 'm', input: [{ role: 'user', content: 'hi' }] }, { baseUrl: paced.url, apiKey: 'k' }), (e) => e.type === 'text' && times.push(Date.now()));
        assert.ok(times.length > 50, `${times.length} deltas`);
        assert.ok(times.at(-1)! - times[0] > 100, 'spread over time');
      } finally {
        await paced.close();
      }
    });
  });

  it('`npm run demo-server` starts standalone, prints its URL and answers', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo-server.ts', '--port', '0', '--delay', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
          if (found) resolve(found);
        });
        child.on('exit', (code) => reject(new Error(`demo server exited ${code}: ${out}`)));
      });
      const got = await collect(streamResponse({ model: 'gpt-5.2', input: [{ role: 'user', content: 'hi' }] }, { baseUrl: url, apiKey: 'demo' }));
      assert.equal(got.terminal?.type, 'completed');
      assert.match(got.text, /Sidekick demo server/);
    } finally {
      child.kill();
    }
  });
});
