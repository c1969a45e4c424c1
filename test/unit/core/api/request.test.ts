import * as assert from 'node:assert/strict';
import { ApiError } from '../../../../src/core/api/errors';
import { buildRequestBody, isLoopbackHost, responsesEndpoint, withDefaults } from '../../../../src/core/api/request';

const input = [{ role: 'user' as const, content: 'x' }];

describe('request building', () => {
  it('sends only model, input, stream and store when nothing is set; store defaults to false', () => {
    assert.deepEqual(buildRequestBody('gpt-5.2', input), { model: 'gpt-5.2', input, stream: true, store: false });
  });

  it('unset, NaN and empty values are not sent; zero is sent', () => {
    const body = buildRequestBody('m', input, { temperature: 0, topP: Number.NaN, maxOutputTokens: undefined, stop: '', user: '', presencePenalty: 0 });
    assert.deepEqual(body, { model: 'm', input, stream: true, store: false, temperature: 0, presence_penalty: 0 });
  });

  it('reasoning and text objects appear only with what was set', () => {
    assert.deepEqual(buildRequestBody('m', input, { reasoningSummary: 'concise' }).reasoning, { summary: 'concise' });
    assert.deepEqual(buildRequestBody('m', input, { reasoningEffort: 'low' }).reasoning, { effort: 'low' });
    assert.deepEqual(buildRequestBody('m', input, { verbosity: 'high' }).text, { verbosity: 'high' });
    assert.equal('text' in buildRequestBody('m', input, {}), false);
  });

  it('input messages carry only role and content', () => {
    const extra = [{ role: 'user' as const, content: 'hi', id: 7 }];
    assert.deepEqual(buildRequestBody('m', extra).input, [{ role: 'user', content: 'hi' }]);
  });

  it('withDefaults: the user value wins when set, the command default fills the rest', () => {
    const merged = withDefaults({ reasoningEffort: 'high', temperature: undefined, verbosity: undefined }, { reasoningEffort: 'low', verbosity: 'medium', temperature: 0.2 });
    assert.deepEqual(merged, { reasoningEffort: 'high', verbosity: 'medium', temperature: 0.2 });
    assert.deepEqual(withDefaults({ temperature: 0 }, { temperature: 1 }), { temperature: 0 });
  });
});

describe('endpoint', () => {
  const cases: [string, string][] = [
    ['https://api.example.com', 'https://api.example.com/v1/responses'],
    ['https://api.example.com/', 'https://api.example.com/v1/responses'],
    ['https://api.example.com/v1', 'https://api.example.com/v1/responses'],
    ['https://api.example.com/v1/', 'https://api.example.com/v1/responses'],
    ['  https://api.example.com/proxy/openai/v1  ', 'https://api.example.com/proxy/openai/v1/responses'],
    ['https://api.example.com:8443/v1?tenant=a', 'https://api.example.com:8443/v1/responses?tenant=a'],
    ['http://localhost:7878', 'http://localhost:7878/v1/responses'],
    ['http://127.0.0.1:7878/v1', 'http://127.0.0.1:7878/v1/responses'],
    ['http://[::1]:7878', 'http://[::1]:7878/v1/responses'],
  ];
  for (const [base, expected] of cases) {
    it(`${base.trim()} → ${expected}`, () => assert.equal(responsesEndpoint(base).href, expected));
  }

  it('refuses plain http to another host with kind insecure', () => {
    for (const base of ['http://api.example.com', 'http://10.0.0.5:8080', 'http://127.0.0.1.example.com']) {
      assert.throws(() => responsesEndpoint(base), (e: unknown) => e instanceof ApiError && e.kind === 'insecure' && /https:\/\//.test(e.message), base);
    }
  });

  it('refuses non-http schemes and garbage', () => {
    assert.throws(() => responsesEndpoint('ftp://example.com'), (e: unknown) => e instanceof ApiError && e.kind === 'badRequest');
    assert.throws(() => responsesEndpoint(''), (e: unknown) => e instanceof ApiError && /not a valid URL/.test(e.message));
  });

  it('loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'app.localhost']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['example.com', '10.0.0.1', '127.0.0.1.nip.example', 'localhost.example.com']) assert.equal(isLoopbackHost(host), false, host);
  });
});
