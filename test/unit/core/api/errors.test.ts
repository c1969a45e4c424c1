import * as assert from 'node:assert/strict';
import { ApiError, apiErrorFromHttp, htmlToText, kindForStatus, parseErrorBody, parseRetryAfter, scrubSecret } from '../../../../src/core/api/errors';

describe('errors', () => {
  it('status → kind', () => {
    const table: [number, string][] = [[400, 'badRequest'], [401, 'auth'], [403, 'forbidden'], [404, 'notFound'], [408, 'timeout'], [409, 'server'], [413, 'badRequest'], [422, 'badRequest'], [429, 'rateLimit'], [500, 'server'], [502, 'server'], [503, 'server'], [504, 'server']];
    for (const [status, kind] of table) assert.equal(kindForStatus(status), kind, String(status));
  });

  it('error bodies: nested, flat, string, detail, text, HTML, invalid JSON', () => {
    assert.deepEqual(parseErrorBody('{"error":{"message":"m","code":"c","type":"t"}}'), { message: 'm', code: 'c', structured: true });
    assert.deepEqual(parseErrorBody('{"error":{"message":"m","type":"t"}}'), { message: 'm', code: 't', structured: true });
    assert.deepEqual(parseErrorBody('{"message":"flat"}'), { message: 'flat', code: undefined, structured: true });
    assert.deepEqual(parseErrorBody('{"error":"just text"}'), { message: 'just text', code: undefined, structured: true });
    assert.deepEqual(parseErrorBody('{"detail":"fastapi style"}'), { message: 'fastapi style', code: undefined, structured: true });
    assert.deepEqual(parseErrorBody('  upstream\n timed out '), { message: 'upstream timed out' });
    assert.deepEqual(parseErrorBody('{not json'), { message: '{not json' });
    assert.deepEqual(parseErrorBody(''), {});
    assert.deepEqual(parseErrorBody('<h1>Oops</h1><p>Bad&nbsp;gateway &#x263A;</p>', 'text/html'), { message: 'Oops Bad gateway ☺' });
  });

  it('HTML pages lose scripts, styles and comments', () => {
    assert.equal(htmlToText('<html><head><title>T</title><script>var a="<b>"</script></head><body><!-- c --><style>p{}</style><p>Body &amp; more</p></body></html>'), 'T: Body & more');
  });

  it('text messages are cut to 300 chars; JSON messages are kept up to 1000', () => {
    const text = apiErrorFromHttp({ status: 500, body: 'x'.repeat(2000) });
    assert.equal(text.message.length, 300);
    assert.ok(text.message.endsWith('…'));
    const json = apiErrorFromHttp({ status: 400, body: JSON.stringify({ error: { message: 'y'.repeat(600) } }) });
    assert.equal(json.message.length, 600);
  });

  it('an empty body names the status', () => {
    assert.equal(apiErrorFromHttp({ status: 503, statusText: 'Service Unavailable', body: '' }).message, 'HTTP 503 Service Unavailable');
  });

  it('the key never survives into a message', () => {
    const key = 'sk-live-abcdefghijklmnop';
    const error = apiErrorFromHttp({ status: 401, body: `{"error":{"message":"bad key ${key} (Bearer ${key})"}}`, apiKey: key });
    assert.ok(!error.message.includes(key));
    assert.equal(scrubSecret('Authorization: Bearer abc.def-ghi', undefined), 'Authorization: Bearer ***');
    assert.equal(scrubSecret('token sk-proj-ABCDEFGH12345678 leaked'), 'token sk-*** leaked');
    assert.equal(scrubSecret('custom key k3y-without-prefix here', 'k3y-without-prefix'), 'custom key *** here');
  });

  it('Retry-After: ms header first, then seconds, then HTTP date; garbage ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now), 250);
    assert.equal(parseRetryAfter({ 'retry-after': '7' }, now), 7000);
    assert.equal(parseRetryAfter({ 'retry-after': '1.5' }, now), 1500);
    assert.equal(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now), 30_000);
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now), 0);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(parseRetryAfter({}, now), undefined);
  });

  it('ApiError is an Error and converts to plain data without undefined fields', () => {
    const error = new ApiError({ kind: 'rateLimit', status: 429, message: 'slow', retryAfterMs: 1000 });
    assert.ok(error instanceof Error);
    assert.equal(error.message, 'slow');
    assert.deepEqual(JSON.parse(JSON.stringify(error.toData())), { kind: 'rateLimit', status: 429, message: 'slow', retryAfterMs: 1000 });
  });
});
