// Host to webview: how many postMessage calls and how many bytes one streamed answer costs, through the
// real WebviewChannel (src/chat/channel.ts) with its batching timer running in real time, against the
// naive ways: one post per event, and one post per event carrying the accumulated text.
// The Webview object is the only stand-in: it counts posts and their JSON size instead of delivering them.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { WebviewChannel, DELTA_INTERVAL_MS } from '../src/chat/channel';
import { ResponsesStreamDecoder } from '../src/core/api/sse';
import type { HostToWebview, WebviewToHost } from '../src/protocol';
import { FIXTURES, readFixture } from '../test/support/sseStreams';
import { deltas as split, markdownAnswer } from './lib/answers';
import { goal, kb, publish, table, type Goal } from './lib/report';

const RATE = 200;
/** Turn ids are UUIDs in the extension; their length is part of every post. */
const TURN_ID = randomUUID();

interface Delta {
  text?: string;
  reasoning?: string;
}

interface Counted {
  posts: number;
  bytes: number;
  text: string;
  reasoning: string;
}

/** Counts what the host hands to postMessage; VS Code serializes each message as JSON. */
class CountingWebview {
  readonly delta: Counted = { posts: 0, bytes: 0, text: '', reasoning: '' };
  other = 0;
  private listener: ((message: WebviewToHost) => void) | undefined;

  onDidReceiveMessage = (listener: (message: WebviewToHost) => void): vscode.Disposable => {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  };

  postMessage = (message: HostToWebview): Promise<boolean> => {
    if (message.type === 'delta') {
      this.delta.posts++;
      this.delta.bytes += Buffer.byteLength(JSON.stringify(message));
      this.delta.text += message.text ?? '';
      this.delta.reasoning += message.reasoning ?? '';
    } else {
      this.other++;
    }
    return Promise.resolve(true);
  };

  receive(message: WebviewToHost): void {
    this.listener?.(message);
  }
}

interface Answer {
  name: string;
  deltas: Delta[];
}

/** The deltas the controller gets for a recorded stream: the real decoder over the recorded bytes. */
function recorded(name: string): Answer {
  const decoder = new ResponsesStreamDecoder();
  const events = [...decoder.push(Buffer.from(readFixture(name))), ...decoder.end()];
  const deltas = events.flatMap((e): Delta[] => (e.type === 'text' ? [{ text: e.delta }] : e.type === 'reasoning' ? [{ reasoning: e.delta }] : []));
  return { name: `${name} (recorded)`, deltas };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streams the deltas through a real WebviewChannel at RATE per second, as the controller does. */
async function throughChannel(answer: Answer): Promise<{ counted: Counted; seconds: number }> {
  const webview = new CountingWebview();
  const channel = new WebviewChannel(webview as unknown as vscode.Webview, {
    init: () => ({ type: 'busy', busy: true }),
    receive: () => undefined,
  });
  webview.receive({ type: 'ready' });
  const start = performance.now();
  for (let i = 0; i < answer.deltas.length; ) {
    const due = Math.min(answer.deltas.length, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
    for (; i < due; i++) channel.postDelta(TURN_ID, answer.deltas[i]);
    await sleep(1);
  }
  channel.post({ type: 'turnFinished', turnId: TURN_ID, status: 'done' });
  const seconds = (performance.now() - start) / 1000;
  channel.dispose();
  return { counted: webview.delta, seconds };
}

function naive(answer: Answer, accumulated: boolean): Counted {
  const counted: Counted = { posts: 0, bytes: 0, text: '', reasoning: '' };
  let text = '';
  let reasoning = '';
  for (const delta of answer.deltas) {
    text += delta.text ?? '';
    reasoning += delta.reasoning ?? '';
    const message: HostToWebview = accumulated ? { type: 'delta', turnId: TURN_ID, text, reasoning } : { type: 'delta', turnId: TURN_ID, ...delta };
    counted.posts++;
    counted.bytes += Buffer.byteLength(JSON.stringify(message));
  }
  counted.text = text;
  counted.reasoning = reasoning;
  return counted;
}

async function main(): Promise<void> {
  const synthetic = markdownAnswer(20 * 1024);
  const answers: Answer[] = [
    ...[FIXTURES.normal, FIXTURES.reasoning, FIXTURES.noSummary].map(recorded),
    { name: '20 KB synthetic markdown, 5-character deltas', deltas: split(synthetic, 5).map((text) => ({ text })) },
  ];
  const rows = [];
  for (const answer of answers) {
    const { counted, seconds } = await throughChannel(answer);
    const text = answer.deltas.map((d) => d.text ?? '').join('');
    const reasoning = answer.deltas.map((d) => d.reasoning ?? '').join('');
    const answerBytes = Buffer.byteLength(text) + Buffer.byteLength(reasoning);
    rows.push({
      answer: answer.name,
      deltas: answer.deltas.length,
      answerBytes,
      seconds,
      channel: { posts: counted.posts, bytes: counted.bytes },
      // Posted text concatenates to exactly the answer: no post repeats or accumulates earlier text.
      exact: counted.text === text && counted.reasoning === reasoning,
      perEvent: naive(answer, false),
      accumulated: naive(answer, true),
    });
  }

  console.log(`\n### Host to webview (real WebviewChannel, ${RATE} deltas/s in real time, one post per ${DELTA_INTERVAL_MS} ms at most)\n`);
  console.log(
    table(
      ['answer', 'deltas', 'answer size', 'stream time', 'channel posts', 'channel bytes', 'bytes / answer', 'text exact', 'one post per event: posts / bytes', 'accumulated text per event: posts / bytes'],
      rows.map((r) => [
        r.answer,
        r.deltas,
        kb(r.answerBytes),
        `${r.seconds.toFixed(1)} s`,
        r.channel.posts,
        kb(r.channel.bytes),
        `${(r.channel.bytes / r.answerBytes).toFixed(2)}x`,
        r.exact ? 'yes' : '**NO**',
        `${r.perEvent.posts} / ${kb(r.perEvent.bytes)}`,
        `${r.accumulated.posts} / ${kb(r.accumulated.bytes)}`,
      ]),
    ),
  );

  const big = rows[rows.length - 1];
  const allowedPosts = Math.ceil((big.seconds * 1000) / DELTA_INTERVAL_MS) + 1;
  const bytesRatio = big.channel.bytes / big.answerBytes;
  const envelope = (big.channel.bytes - big.answerBytes) / big.channel.posts;
  const goals: Record<string, Goal> = {
    exact: goal('posted delta text = the answer, never accumulated (all answers)', 'yes', rows.every((r) => r.exact) ? 1 : 0, rows.every((r) => r.exact) ? 'yes' : 'no', rows.every((r) => r.exact)),
    batched: goal(`postMessage calls, 20 KB answer (${big.deltas} deltas)`, `<= 1 per ${DELTA_INTERVAL_MS} ms (<= ${allowedPosts})`, big.channel.posts, String(big.channel.posts), big.channel.posts <= allowedPosts),
    // Linear in the answer: each post adds only its JSON envelope (type, turn id, escapes), never earlier text.
    bytes: goal('bytes posted / answer bytes, 20 KB answer', 'linear: answer + envelope per post', bytesRatio, `${bytesRatio.toFixed(2)}x (${envelope.toFixed(0)} B envelope per post)`, undefined),
    vsPerEvent: goal('posts saved vs one post per event, 20 KB', '-', big.perEvent.posts / big.channel.posts, `${(big.perEvent.posts / big.channel.posts).toFixed(1)}x fewer`, undefined),
    vsAccumulated: goal('bytes saved vs accumulated text per event, 20 KB', '-', big.accumulated.bytes / big.channel.bytes, `${(big.accumulated.bytes / big.channel.bytes).toFixed(0)}x fewer`, undefined),
  };
  publish('hostToWebview', {
    title: 'Host to webview',
    standIns: ['the vscode.Webview object: a counter of postMessage calls and their JSON bytes; the WebviewChannel and its timers are the real code.'],
    deltasPerSecond: RATE,
    intervalMs: DELTA_INTERVAL_MS,
    answers: rows,
    goals,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
