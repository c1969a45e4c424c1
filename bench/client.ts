// Client overhead: the extension's streamResponse against a bare http.request reading the body, side by
// side in one run, on loopback against the fake Responses server (in a process of its own) replaying
// the recorded streams without delays.
//   warm: time to first and last delta, interleaved client/bare, many repetitions, p50/p95;
//   cold: a fresh Node process per request (the client loaded from its esbuild bundle) vs a fresh bare one;
//   CPU:  process.cpuUsage over many requests of stream 02, per SSE event.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { repoRoot } from '../scripts/lib/paths';
import { streamResponse, type ClientOptions, type ResponseRequest } from '../src/core/api/client';
import type { Logger } from '../src/core/types';
import type { Delivery } from '../test/support/fakeServer';
import { FIXTURES, expectedFromStream, readFixture } from '../test/support/sseStreams';
import { startServerProcess, type ServerProcess } from './lib/fakeServerProcess';
import { goal, ms, publish, table, us, type Goal } from './lib/report';
import { differences, summarize, type Summary } from './lib/stats';

const WARM_RUNS = Number(process.env.BENCH_CLIENT_RUNS ?? 80);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const CPU_BLOCKS = 6;
const CPU_REQUESTS_PER_BLOCK = 10;
const run = promisify(execFile);

/** The extension's log channel formats every line; a no-op logger keeps that work without the I/O. */
const logger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface Stream {
  name: string;
  body: string;
  /** Text and reasoning deltas in the stream. */
  deltas: number;
  events: number;
  /** Byte offsets just past the first and the last delta event: when a bare reader has them. */
  firstEnd: number;
  lastEnd: number;
  /** The answer the client must yield, to check every measured run is a correct one. */
  expected: string;
}

interface Timing {
  firstDelta: number;
  lastDelta: number;
}

function describeStream(name: string): Stream {
  const body = readFixture(name);
  let offset = 0;
  let firstEnd = -1;
  let lastEnd = -1;
  let deltas = 0;
  let events = 0;
  for (const frame of body.split(/(?<=\n\n)/)) {
    offset += Buffer.byteLength(frame);
    if (!frame.trim()) continue;
    events++;
    if (/"type":"response\.(output_text|reasoning_summary_text)\.delta"/.test(frame)) {
      deltas++;
      if (firstEnd < 0) firstEnd = offset;
      lastEnd = offset;
    }
  }
  return { name, body, deltas, events, firstEnd, lastEnd, expected: expectedFromStream(body).text };
}

const request: ResponseRequest = { model: 'gpt-5.2', input: [{ role: 'user', content: 'Explain this function.' }], purpose: 'bench' };

async function viaClient(options: ClientOptions, stream: Stream): Promise<Timing> {
  const start = performance.now();
  let first: number | undefined;
  let last = 0;
  let text = '';
  for await (const event of streamResponse(request, options)) {
    if (event.type === 'text' || event.type === 'reasoning') {
      last = performance.now();
      first ??= last;
      if (event.type === 'text') text += event.delta;
    } else if (event.type !== 'completed') {
      throw new Error(`${stream.name}: the client ended with ${JSON.stringify(event)}`);
    }
  }
  if (text !== stream.expected) {
    throw new Error(`${stream.name}: the client yielded ${text.length} characters of answer instead of ${stream.expected.length}`);
  }
  return { firstDelta: (first ?? NaN) - start, lastDelta: last - start };
}

function bare(url: string, stream: Stream): Promise<Timing> {
  const start = performance.now();
  const body = JSON.stringify({ model: 'gpt-5.2', input: request.input, stream: true });
  return new Promise((resolve, reject) => {
    let received = 0;
    let first = NaN;
    let last = NaN;
    const req = http.request(
      new URL('/v1/responses', url),
      { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (Number.isNaN(first) && received >= stream.firstEnd) first = performance.now() - start;
          if (Number.isNaN(last) && received >= stream.lastEnd) last = performance.now() - start;
        });
        response.on('end', () => (Number.isNaN(last) ? reject(new Error(`${stream.name}: short body`)) : resolve({ firstDelta: first, lastDelta: last })));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface WarmRow {
  stream: string;
  delivery: string;
  events: number;
  client: { first: Summary; last: Summary };
  bare: { first: Summary; last: Summary };
  added: { first: Summary; last: Summary };
}

async function warm(server: ServerProcess, streams: Stream[], delivery: { label: string; options: Delivery }): Promise<WarmRow[]> {
  const options: ClientOptions = { baseUrl: server.url, apiKey: 'sk-bench', maxRetries: 0, logger };
  const rows: WarmRow[] = [];
  for (const stream of streams) {
    await server.setDefault({ kind: 'sse', body: stream.body, ...delivery.options });
    for (let i = 0; i < 5; i++) {
      await viaClient(options, stream);
      await bare(server.url, stream);
    }
    const client: Timing[] = [];
    const raw: Timing[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      // Alternating who goes first cancels drift (GC, the other core's load) between the pairs.
      if (i % 2 === 0) {
        client.push(await viaClient(options, stream));
        raw.push(await bare(server.url, stream));
      } else {
        raw.push(await bare(server.url, stream));
        client.push(await viaClient(options, stream));
      }
    }
    const pick = (list: Timing[], key: keyof Timing) => list.map((t) => t[key]);
    rows.push({
      stream: stream.name,
      delivery: delivery.label,
      events: stream.events,
      client: { first: summarize(pick(client, 'firstDelta')), last: summarize(pick(client, 'lastDelta')) },
      bare: { first: summarize(pick(raw, 'firstDelta')), last: summarize(pick(raw, 'lastDelta')) },
      added: {
        first: summarize(differences(pick(client, 'firstDelta'), pick(raw, 'firstDelta'))),
        last: summarize(differences(pick(client, 'lastDelta'), pick(raw, 'lastDelta'))),
      },
    });
  }
  return rows;
}

interface CpuResult {
  clientPerEvent: Summary;
  barePerEvent: Summary;
  events: number;
}

async function cpu(server: ServerProcess, stream: Stream): Promise<CpuResult> {
  const options: ClientOptions = { baseUrl: server.url, apiKey: 'sk-bench', maxRetries: 0, logger };
  await server.setDefault({ kind: 'sse', body: stream.body });
  const perEvent = async (once: () => Promise<unknown>): Promise<number> => {
    const before = process.cpuUsage();
    for (let i = 0; i < CPU_REQUESTS_PER_BLOCK; i++) await once();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / (CPU_REQUESTS_PER_BLOCK * stream.events);
  };
  const client: number[] = [];
  const raw: number[] = [];
  for (let block = 0; block < CPU_BLOCKS; block++) {
    client.push(await perEvent(() => viaClient(options, stream)));
    raw.push(await perEvent(() => bare(server.url, stream)));
  }
  return { clientPerEvent: summarize(client), barePerEvent: summarize(raw), events: CPU_BLOCKS * CPU_REQUESTS_PER_BLOCK * stream.events };
}

interface ColdResult {
  client: { load: Summary; first: Summary; last: Summary };
  bare: { load: Summary; first: Summary; last: Summary };
  added: Summary;
  addedAfterLoad: Summary;
  bundleBytes: number;
}

async function cold(server: ServerProcess, stream: Stream): Promise<ColdResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidekick-bench-cold-'));
  try {
    const production = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', minify: true, logLevel: 'silent' as const };
    // The client bundled exactly as the extension bundles it; the two child programs around it separately.
    const built = await esbuild.build({ ...production, entryPoints: [path.join(repoRoot, 'src/core/api/client.ts')], outfile: path.join(dir, 'client.js'), metafile: true });
    await esbuild.build({ ...production, entryPoints: { viaClient: path.join(__dirname, 'cold/viaClient.ts'), bare: path.join(__dirname, 'cold/bare.ts') }, outdir: dir });
    await server.setDefault({ kind: 'sse', body: stream.body });
    type ChildTiming = { load: number; firstDelta: number; lastDelta: number };
    const child = async (args: string[]): Promise<ChildTiming> => JSON.parse((await run(process.execPath, args)).stdout) as ChildTiming;
    const client: ChildTiming[] = [];
    const raw: ChildTiming[] = [];
    const viaClientArgs = [path.join(dir, 'viaClient.js'), path.join(dir, 'client.js'), server.url];
    const bareArgs = [path.join(dir, 'bare.js'), server.url, String(stream.firstEnd), String(stream.lastEnd)];
    // One unmeasured pair warms the OS file cache for node and both bundles.
    await child(viaClientArgs);
    await child(bareArgs);
    for (let i = 0; i < COLD_RUNS; i++) {
      if (i % 2 === 0) {
        client.push(await child(viaClientArgs));
        raw.push(await child(bareArgs));
      } else {
        raw.push(await child(bareArgs));
        client.push(await child(viaClientArgs));
      }
    }
    const pick = (list: ChildTiming[], key: keyof ChildTiming) => list.map((t) => t[key]);
    const three = (list: ChildTiming[]) => ({ load: summarize(pick(list, 'load')), first: summarize(pick(list, 'firstDelta')), last: summarize(pick(list, 'lastDelta')) });
    return {
      client: three(client),
      bare: three(raw),
      added: summarize(differences(pick(client, 'firstDelta'), pick(raw, 'firstDelta'))),
      addedAfterLoad: summarize(
        differences(
          client.map((t) => t.firstDelta - t.load),
          raw.map((t) => t.firstDelta - t.load),
        ),
      ),
      bundleBytes: Object.values(built.metafile.outputs)[0].bytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (s: Summary): string => `${s.p50.toFixed(2)} / ${s.p95.toFixed(2)}`;

async function main(): Promise<void> {
  const streams = [FIXTURES.normal, FIXTURES.reasoning, FIXTURES.noSummary].map(describeStream);
  const deliveries = [
    { label: 'whole body, one write', options: { chunking: 'whole' } as Delivery },
    { label: 'random splits (1-1024 B)', options: { chunking: 'random', maxChunk: 1024, seed: 7 } as Delivery },
  ];
  const server = await startServerProcess();
  let warmRows: WarmRow[] = [];
  let cpuResult: CpuResult;
  let coldResult: ColdResult;
  try {
    for (const delivery of deliveries) warmRows = warmRows.concat(await warm(server, streams, delivery));
    cpuResult = await cpu(server, streams[1]);
    coldResult = await cold(server, streams[0]);
  } finally {
    await server.stop();
  }

  console.log(`\n### Client overhead (streamResponse vs bare http.request, loopback, ${WARM_RUNS} interleaved runs each; ms, p50 / p95)\n`);
  console.log(
    table(
      ['stream', 'delivery', 'events', 'client first delta', 'bare first delta', 'added to first', 'client last delta', 'bare last delta', 'added to last'],
      warmRows.map((r) => [r.stream, r.delivery, r.events, f(r.client.first), f(r.bare.first), f(r.added.first), f(r.client.last), f(r.bare.last), f(r.added.last)]),
    ),
  );
  console.log(`\nCold (a fresh Node process per request, stream 01, ${COLD_RUNS} runs each; ms from the script's start, p50 / p95):\n`);
  console.log(
    table(
      ['process', 'load client / http', 'first delta', 'last delta'],
      [
        [`client (esbuild bundle of src/core/api/client.ts, ${(coldResult.bundleBytes / 1024).toFixed(1)} KB minified)`, f(coldResult.client.load), f(coldResult.client.first), f(coldResult.client.last)],
        ['bare http.request', f(coldResult.bare.load), f(coldResult.bare.first), f(coldResult.bare.last)],
        ['added by the client', '', f(coldResult.added), ''],
        ['added, not counting loading the bundle', '', f(coldResult.addedAfterLoad), ''],
      ],
    ),
  );
  console.log(
    `\nCPU of this process (the server runs in another), stream 02, ${cpuResult.events} events in ${CPU_BLOCKS} blocks: client ${us(cpuResult.clientPerEvent.p50)} per event (p95 ${us(cpuResult.clientPerEvent.p95)}), bare reading ${us(cpuResult.barePerEvent.p50)} per event.`,
  );

  const worstFirst50 = Math.max(...warmRows.map((r) => r.added.first.p50));
  const worstFirst95 = Math.max(...warmRows.map((r) => r.added.first.p95));
  const goals: Record<string, Goal> = {
    addedFirstDeltaP50: goal('added to first delta, p50 (worst stream/delivery)', '<= 2 ms', worstFirst50, ms(worstFirst50), worstFirst50 <= 2),
    addedFirstDeltaP95: goal('added to first delta, p95 (worst stream/delivery)', '<= 5 ms', worstFirst95, ms(worstFirst95), worstFirst95 <= 5),
    coldAdded: goal('first request in a fresh process, added (loading the bundle included), p50', '<= 15 ms', coldResult.added.p50, ms(coldResult.added.p50), coldResult.added.p50 <= 15),
    cpuPerEvent: goal('host CPU per SSE event (stream 02, client total)', '<= 10 µs', cpuResult.clientPerEvent.p50, us(cpuResult.clientPerEvent.p50), cpuResult.clientPerEvent.p50 <= 10),
  };
  publish('clientOverhead', {
    title: 'Client overhead',
    standIns: [],
    node: process.version,
    runs: { warm: WARM_RUNS, cold: COLD_RUNS },
    warm: warmRows,
    cold: coldResult,
    cpu: cpuResult,
    goals,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
