// Render benchmark of the chat webview, in Debian's Chromium with the production bundle.
//
// A 20 KB markdown answer with four code blocks is cut into ~4,000 deltas arriving at 200 per second.
// The host batches what arrived into one post every DELTA_INTERVAL_MS (src/chat/channel.ts); the
// webview renders at the next animation frame (60 Hz). Frames are driven by hand, faster than real time
// but batched the same way: each frame the posts that arrived since the last one are dispatched to the
// webview as host messages, then its pending animation-frame callbacks run; the main-thread time of both
// is that frame's cost (wall clock per frame, and thread CPU time per run). The same is done for a
// 100 KB answer (twenty code blocks); a stricter variant posts every delta on its own and renders every
// frame; and both answers are rendered the way other chat extensions do it: the whole message
// re-parsed, sanitized and highlighted on every update (here the host re-sending the full text as
// `state`, which re-renders it from scratch).
import * as os from 'node:os';
import type { Page } from 'playwright-core';
import { DELTA_INTERVAL_MS } from '../src/chat/channel';
import { WebviewHarness, emptyState, initMessage } from '../test/webview/harness';
import { goal, kb, ms, publish, table } from './lib/report';

const DELTAS_PER_SECOND = 200;
const FRAME_MS = 1000 / 60;
/** The host's batching interval. */
const HOST_BATCH_MS = DELTA_INTERVAL_MS;

/** Replaces requestAnimationFrame with a queue the benchmark flushes, so frames come when it says. */
const manualFrames = `(() => {
  let queue = new Map();
  let next = 1;
  window.requestAnimationFrame = (callback) => { const id = next++; queue.set(id, callback); return id; };
  window.cancelAnimationFrame = (id) => { queue.delete(id); };
  window.__runFrame = () => {
    const callbacks = [...queue.values()];
    queue = new Map();
    const now = performance.now();
    for (const callback of callbacks) callback(now);
  };
})();`;

const TS_BLOCK = `\`\`\`ts
import { EventEmitter } from 'node:events';

export interface Options {
  /** How long to wait after the last call, in milliseconds. */
  wait: number;
  leading?: boolean;
}

export class Debouncer<T extends unknown[]> extends EventEmitter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: T | undefined;

  constructor(private readonly fn: (...args: T) => void, private readonly options: Options) {
    super();
  }

  call(...args: T): void {
    this.pending = args;
    if (this.timer === undefined && this.options.leading) {
      this.flush();
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.wait);
  }

  flush(): void {
    const args = this.pending;
    this.pending = undefined;
    this.timer = undefined;
    if (args) {
      this.fn(...args);
      this.emit('flushed', args.length);
    }
  }
}
\`\`\``;

const PY_BLOCK = `\`\`\`python
import asyncio
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """Allows at most \`rate\` calls per \`per\` seconds."""

    rate: int
    per: float = 1.0
    _tokens: float = field(init=False)
    _updated: float = field(init=False)

    def __post_init__(self) -> None:
        self._tokens = float(self.rate)
        self._updated = asyncio.get_event_loop().time()

    async def acquire(self) -> None:
        while True:
            now = asyncio.get_event_loop().time()
            elapsed = now - self._updated
            self._updated = now
            self._tokens = min(self.rate, self._tokens + elapsed * self.rate / self.per)
            if self._tokens >= 1:
                self._tokens -= 1
                return
            await asyncio.sleep((1 - self._tokens) * self.per / self.rate)
\`\`\``;

const SH_BLOCK = `\`\`\`bash
#!/usr/bin/env bash
set -euo pipefail

for file in "$@"; do
  if [[ -f "$file" ]]; then
    lines=$(wc -l < "$file")
    echo "$file: $lines lines"
  else
    echo "skipping $file (not a file)" >&2
  fi
done | sort -t: -k2 -n | tail -n 20
\`\`\``;

const JSON_BLOCK = `\`\`\`json
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "noUnusedLocals": true,
    "outDir": "dist",
    "sourceMap": true
  },
  "include": ["src", "test"],
  "exclude": ["node_modules", "dist"]
}
\`\`\``;

const CODE = [TS_BLOCK, PY_BLOCK, SH_BLOCK, JSON_BLOCK];

function prose(section: number): string {
  return [
    `## ${section + 1}. Step ${section + 1}: what the code does and why`,
    '',
    `This part explains **how the pieces fit together**. The function \`flush()\` runs the pending call once the timer fires, and \`call()\` only records the latest arguments, so a burst of calls costs one run. See [the documentation](https://example.com/docs/${section}) for the full contract; the *important* detail is that the timer is reset on every call, which is what makes it a debounce rather than a throttle.`,
    '',
    `Keep in mind that errors thrown by the callback propagate out of the timer, so wrap the body in a \`try\`/\`catch\` when it can fail. A second paragraph adds detail about edge cases: zero waits, re-entrant calls from inside the callback, and disposal while a call is pending (section ${section + 1}).`,
    '',
    '- The latest arguments win; earlier ones are dropped.',
    '- `leading: true` runs the first call at once:',
    '  - useful for buttons,',
    '  - harmful for search boxes.',
    '- Disposal clears the timer.',
    '',
    '1. Create the debouncer.',
    '2. Call it from the event handler.',
    '3. Dispose it with the view.',
    '',
    section % 2 === 0
      ? '| Option | Default | Meaning |\n|---|---|---|\n| `wait` | 300 | ms after the last call |\n| `leading` | false | run the first call at once |\n'
      : '> **Tip:** measure before tuning `wait`; 150-300 ms feels instant for typing.\n',
  ].join('\n');
}

/** A deterministic answer of about `bytes` characters: sections of prose with one code block per `bytes / blocks`. */
function syntheticAnswer(bytes: number, blocks: number): string {
  const parts: string[] = [];
  let section = 0;
  let length = 0;
  for (let block = 0; block < blocks; block++) {
    const target = ((block + 1) * bytes) / blocks;
    while (length < target - CODE[block % CODE.length].length - 400) {
      const text = prose(section++);
      parts.push(text);
      length += text.length + 1;
    }
    parts.push(`Here is the code for part ${block + 1}:\n`, CODE[block % CODE.length], '');
    length += CODE[block % CODE.length].length + 30;
  }
  return parts.join('\n');
}

function split(text: string, deltas: number): string[] {
  const size = text.length / deltas;
  const chunks: string[] = [];
  for (let i = 0; i < deltas; i++) {
    chunks.push(text.slice(Math.round(i * size), Math.round((i + 1) * size)));
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

type Delivery = 'host batches' | 'every delta';

/**
 * What reaches the webview in each animation frame that has something to render: the posts (each a
 * string of text) whose time has come. Delta i arrives at i / 200 s.
 */
function schedule(deltas: string[], delivery: Delivery): string[][] {
  const arrival = (i: number): number => (i * 1000) / DELTAS_PER_SECOND;
  const posts: { at: number; text: string }[] = [];
  if (delivery === 'every delta') {
    deltas.forEach((text, i) => posts.push({ at: arrival(i), text }));
  } else {
    for (let i = 0; i < deltas.length;) {
      const at = (Math.floor(arrival(i) / HOST_BATCH_MS) + 1) * HOST_BATCH_MS;
      let text = '';
      for (; i < deltas.length && arrival(i) < at; i++) {
        text += deltas[i];
      }
      posts.push({ at, text });
    }
  }
  const frames: string[][] = [];
  for (let next = 0, frame = 1; next < posts.length; frame++) {
    const batch: string[] = [];
    for (; next < posts.length && posts[next].at <= frame * FRAME_MS; next++) {
      batch.push(posts[next].text);
    }
    if (batch.length > 0) {
      frames.push(batch);
    }
  }
  return frames;
}

type Method = 'incremental' | 'whole message';

interface Run {
  method: Method;
  delivery: Delivery;
  answerBytes: number;
  codeBlocks: number;
  deltas: number;
  /** Frames that had something to render. */
  frames: number;
  /** Sum of the frames' wall-clock times (performance.now around each frame's work). */
  totalMs: number;
  /** Main-thread CPU time of the same work (thread ticks), which other processes on the machine do not inflate. */
  cpuMs: number;
  meanFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Every n-th frame measured (the slow whole-message run at 100 KB); totals are scaled to all frames. */
  sampledEvery: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Streams `frames` into the open page and returns each measured frame's wall time. */
function streamFrames(page: Page, frames: string[][], whole: boolean, sampleEvery: number): Promise<number[]> {
  return page.evaluate(({ frames, whole, sampleEvery, choice }) => {
    const w = window as unknown as { __runFrame(): void };
    const post = (data: unknown): boolean => window.dispatchEvent(new MessageEvent('message', { data }));
    const user = { id: 'u1', role: 'user', text: 'Explain debouncing with examples', createdAt: 1 };
    const streaming = (text: string): unknown => ({ type: 'state', state: { conversationId: 'c1', title: 'Bench', busy: true, choice, turns: [user, { id: 'a1', role: 'assistant', text, status: 'streaming', createdAt: 2 }] } });
    post(streaming(''));
    w.__runFrame();
    const result: number[] = [];
    let text = '';
    frames.forEach((batch, index) => {
      const last = index === frames.length - 1;
      if (index % sampleEvery !== 0 && !last) {
        text += batch.join('');
        return;
      }
      const start = performance.now();
      if (whole) {
        text += batch.join('');
        post(streaming(text));
      } else {
        for (const delta of batch) {
          post({ type: 'delta', turnId: 'a1', text: delta });
        }
      }
      w.__runFrame();
      if (last && !whole) {
        post({ type: 'turnFinished', turnId: 'a1', status: 'done' });
      }
      result.push(performance.now() - start);
    });
    return result;
  }, { frames, whole, sampleEvery, choice: emptyState().choice });
}

async function run(harness: WebviewHarness, method: Method, delivery: Delivery, text: string, codeBlocks: number, sampleEvery = 1): Promise<Run> {
  const webview = await harness.open(manualFrames);
  await webview.send(initMessage(emptyState()));
  // Frames are manual here, so wait for the posted message with a task, not an animation frame.
  await webview.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  // This measures streaming: the renderer's warm-up, queued in the background at load, is over first.
  await webview.backgroundDone();
  const deltas = split(text, Math.round(text.length / 5));
  const frames = schedule(deltas, delivery);
  const whole = method === 'whole message';
  // Warm up in the same page (the whole stream once; 40 frames of the slow method) so that V8 has
  // optimized the renderer and the heap has grown before anything is measured.
  await streamFrames(webview.page, whole ? frames.slice(0, 40) : frames, whole, 1);
  const cdp = await webview.page.context().newCDPSession(webview.page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskSeconds = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
  const cpuBefore = await taskSeconds();
  const times = await streamFrames(webview.page, frames, whole, sampleEvery);
  const cpuMs = (await taskSeconds() - cpuBefore) * 1000;
  const rendered = await webview.page.locator('[data-turn-id="a1"] .answer').evaluate((element) => element.textContent?.length ?? 0);
  if (rendered < text.length * 0.8) {
    throw new Error(`only ${rendered} characters rendered of ${text.length}`);
  }
  await webview.page.close();
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  const scale = frames.length / times.length;
  return {
    method,
    delivery,
    answerBytes: text.length,
    codeBlocks,
    deltas: deltas.length,
    frames: frames.length,
    totalMs: mean * frames.length,
    cpuMs: cpuMs * scale,
    meanFrameMs: mean,
    p95FrameMs: percentile(sorted, 95),
    maxFrameMs: sorted[sorted.length - 1],
    sampledEvery: sampleEvery,
  };
}

const perFrameCpu = (r: Run): number => r.cpuMs / r.frames;
const times = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)}x`;

async function main(): Promise<void> {
  const small = syntheticAnswer(20 * 1024, 4);
  const large = syntheticAnswer(100 * 1024, 20);
  const harness = await WebviewHarness.start();
  let inc20: Run, inc100: Run, whole20: Run, whole100: Run, strict20: Run, strict100: Run;
  try {
    inc20 = await run(harness, 'incremental', 'host batches', small, 4);
    inc100 = await run(harness, 'incremental', 'host batches', large, 20);
    strict20 = await run(harness, 'incremental', 'every delta', small, 4);
    strict100 = await run(harness, 'incremental', 'every delta', large, 20);
    whole20 = await run(harness, 'whole message', 'host batches', small, 4);
    // Re-rendering 100 KB on each of ~4,000 frames would take many minutes: every 10th frame is measured.
    whole100 = await run(harness, 'whole message', 'host batches', large, 20, 10);
  } finally {
    await harness.close();
  }
  const runs = [inc20, inc100, strict20, strict100, whole20, whole100];

  console.log(table(
    ['method', 'delivery', 'answer', 'code blocks', 'deltas', 'frames rendered', 'total CPU', 'total wall', 'mean frame', 'p95 frame', 'max frame'],
    runs.map((r) => [
      r.method + (r.sampledEvery > 1 ? ` (every ${r.sampledEvery}th frame measured)` : ''), r.delivery, kb(r.answerBytes), r.codeBlocks, r.deltas, r.frames,
      ms(r.cpuMs, 1), ms(r.totalMs, 1), ms(r.meanFrameMs, 3), ms(r.p95FrameMs), ms(r.maxFrameMs),
    ]),
  ));
  console.log(`\nMachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' / ')} (wall-clock times include waiting for other processes; CPU times do not).`);

  const flatness = perFrameCpu(inc100) / perFrameCpu(inc20);
  publish('webviewRender', {
    title: 'Webview render',
    standIns: [
      'animation frames are driven by the benchmark (requestAnimationFrame queued and flushed by hand), faster than real time, batched as the host and a 60 Hz frame clock would batch them',
      'host messages are dispatched as window message events in the page, not posted by a VS Code extension host',
      `the whole-message run at 100 KB measures every ${whole100.sampledEvery}th frame and scales its totals to all frames`,
    ],
    goals: {
      streamed20k: goal('streamed 20 KB answer, total main-thread time (CPU)', '<= 250 ms', inc20.cpuMs, `${ms(inc20.cpuMs, 0)} (wall ${ms(inc20.totalMs, 0)})`, inc20.cpuMs <= 250),
      p95Frame20k: goal('streamed 20 KB answer, p95 frame (wall)', '< 4 ms', inc20.p95FrameMs, ms(inc20.p95FrameMs), inc20.p95FrameMs < 4),
      flat: goal('frame cost at 100 KB / at 20 KB (CPU per frame)', '<= 1.5x', flatness, times(flatness), flatness <= 1.5),
      wholeVsIncremental20k: goal('whole message re-rendered / incremental, 20 KB (CPU)', '30-100x expected', whole20.cpuMs / inc20.cpuMs, times(whole20.cpuMs / inc20.cpuMs), undefined),
      wholeVsIncremental100k: goal('whole message re-rendered / incremental, 100 KB (CPU)', 'info', whole100.cpuMs / inc100.cpuMs, times(whole100.cpuMs / inc100.cpuMs), undefined),
      strict20k: goal('every delta posted alone, a render every frame: 20 KB total (CPU)', 'info', strict20.cpuMs, `${ms(strict20.cpuMs, 0)} (p95 frame ${ms(strict20.p95FrameMs)})`, undefined),
      strictFlat: goal('every delta posted alone: frame cost at 100 KB / at 20 KB', 'info', perFrameCpu(strict100) / perFrameCpu(strict20), times(perFrameCpu(strict100) / perFrameCpu(strict20)), undefined),
    },
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
    deltasPerSecond: DELTAS_PER_SECOND,
    hostBatchMs: HOST_BATCH_MS,
    runs,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
