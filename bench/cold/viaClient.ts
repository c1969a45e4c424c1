// Child process of the cold-start benchmark: loads the esbuild bundle of the extension's client (path in
// argv[2]) and streams one answer from argv[3]. Prints the timings as JSON on stdout.
import type * as Client from '../../src/core/api/client';

async function main(): Promise<void> {
  const start = performance.now();
  // A runtime require, so the child's own bundle holds nothing of the client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading it is part of what is timed
  const { streamResponse } = require(process.argv[2]) as typeof Client;
  const loaded = performance.now();
  let first: number | undefined;
  let last = 0;
  const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'Explain this function.' }], purpose: 'bench' };
  for await (const event of streamResponse(request, { baseUrl: process.argv[3], apiKey: 'sk-bench-cold', maxRetries: 0 })) {
    if (event.type === 'text' || event.type === 'reasoning') {
      last = performance.now();
      first ??= last;
    } else if (event.type !== 'completed') {
      throw new Error(`the stream ended with ${event.type}`);
    }
  }
  console.log(JSON.stringify({ load: loaded - start, firstDelta: (first ?? NaN) - start, lastDelta: last - start }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
