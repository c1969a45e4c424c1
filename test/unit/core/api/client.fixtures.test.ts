// The four recorded streams, replayed byte for byte through the real client at many random splits.
import * as assert from 'node:assert/strict';
import { streamResponse, type ClientOptions } from '../../../../src/core/api/client';
import { REASONING_PART_SEPARATOR } from '../../../../src/core/api/sse';
import { collect } from '../../../support/collect';
import { FakeServer, type Delivery } from '../../../support/fakeServer';
import { FIXTURES, expectedFromStream, readFixture } from '../../../support/sseStreams';

const RANDOM_SPLITS = 50;
const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'Who are you?' }] };

describe('client: recorded streams', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let options: ClientOptions;

  before(async () => {
    server = await FakeServer.start();
    options = { baseUrl: server.url, apiKey: 'sk-test-fixtures', maxRetries: 0, timeoutMs: 5000 };
  });
  after(() => server.close());

  function splits(): { label: string; delivery: Delivery }[] {
    const out: { label: string; delivery: Delivery }[] = [{ label: '1-byte chunks', delivery: { chunking: 'bytes' } }];
    for (let seed = 1; seed <= RANDOM_SPLITS; seed++) {
      out.push({ label: `random split seed ${seed}`, delivery: { chunking: 'random', seed, maxChunk: seed % 2 ? 512 : 4096 } });
    }
    return out;
  }

  for (const name of [FIXTURES.normal, FIXTURES.reasoning, FIXTURES.noSummary]) {
    it(`${name}: exact text and usage at 1-byte and ${RANDOM_SPLITS} random splits`, async () => {
      const expected = expectedFromStream(readFixture(name));
      assert.ok(expected.text.length > 100, 'fixture has text');
      for (const { label, delivery } of splits()) {
        server.enqueue({ kind: 'fixture', name, ...delivery });
        const got = await collect(streamResponse(request, options));
        assert.equal(got.text, expected.text, label);
        assert.equal(got.terminalCount, 1, label);
        assert.deepEqual(got.terminal, {
          type: 'completed',
          responseId: expected.responseId,
          model: got.terminal?.type === 'completed' ? got.terminal.model : undefined,
          usage: {
            inputTokens: expected.usage?.input_tokens,
            outputTokens: expected.usage?.output_tokens,
            totalTokens: expected.usage?.total_tokens,
            reasoningTokens: (expected.usage?.output_tokens_details as { reasoning_tokens: number }).reasoning_tokens,
            cachedTokens: (expected.usage?.input_tokens_details as { cached_tokens: number }).cached_tokens,
          },
        }, label);
        assert.equal(got.reasoning, expected.reasoning.join(REASONING_PART_SEPARATOR), label);
      }
    });
  }

  it('02: the reasoning summary arrives as its four recorded parts before the answer, 1408 reasoning tokens', async () => {
    server.enqueue({ kind: 'fixture', name: FIXTURES.reasoning, chunking: 'random', seed: 99, maxChunk: 50 });
    const got = await collect(streamResponse(request, options));
    const parts = expectedFromStream(readFixture(FIXTURES.reasoning)).reasoning;
    assert.equal(parts.length, 4);
    assert.equal(got.reasoning, parts.join(REASONING_PART_SEPARATOR));
    const separators = got.events.filter((e) => e.type === 'reasoning' && e.delta === REASONING_PART_SEPARATOR);
    assert.equal(separators.length, 3, 'one paragraph break between each two parts');
    assert.ok(got.terminal?.type === 'completed' && got.terminal.usage?.reasoningTokens === 1408);
    const firstText = got.events.findIndex((e) => e.type === 'text');
    const lastReasoning = got.events.map((e) => e.type).lastIndexOf('reasoning');
    assert.ok(lastReasoning < firstText);
  });

  it(`04: an error event then response.failed is one rateLimit failure with the server's message`, async () => {
    const fixture = readFixture(FIXTURES.rateLimited);
    const message = /"message":"(Request too large[^"]*)"/.exec(fixture)?.[1];
    assert.ok(message);
    for (const { label, delivery } of splits()) {
      server.enqueue({ kind: 'fixture', name: FIXTURES.rateLimited, ...delivery });
      const got = await collect(streamResponse(request, options));
      assert.equal(got.terminalCount, 1, label);
      assert.deepEqual(got.events, [{ type: 'failed', error: { kind: 'rateLimit', message, code: 'rate_limit_exceeded' } }], label);
    }
  });
});
