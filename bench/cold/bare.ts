// Child process of the cold-start benchmark: what a raw client does, a bare http.request reading the body.
// Its "first delta" is the arrival of the byte that completes the first delta event (offset in argv[3]).
import type * as Http from 'node:http';

const start = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading it is part of what is timed
const http = require('node:http') as typeof Http;
const loaded = performance.now();
const [firstEnd, lastEnd] = process.argv.slice(3, 5).map(Number);
const body = JSON.stringify({ model: 'gpt-5.2', input: [{ role: 'user', content: 'Explain this function.' }], stream: true });
const url = new URL('/v1/responses', process.argv[2]);
let received = 0;
let first = NaN;
let last = NaN;
const request = http.request(url, { method: 'POST', headers: { authorization: 'Bearer sk-bench-cold', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (Number.isNaN(first) && received >= firstEnd) first = performance.now();
    if (Number.isNaN(last) && received >= lastEnd) last = performance.now();
  });
  response.on('end', () => console.log(JSON.stringify({ load: loaded - start, firstDelta: first - start, lastDelta: last - start })));
});
request.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
request.end(body);
