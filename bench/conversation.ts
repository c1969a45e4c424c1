// Long conversations: a 200-exchange conversation (200 questions of ~200 characters, 200 answers of
// ~2 KB Markdown with code), persisted through the real ConversationStore, and opened and scrolled in
// the real chat webview in Debian's Chromium (the production HTML, CSP and bundle; see test/webview/harness.ts).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Conversation, StoredTurn } from '../src/core/history/conversation';
import { ConversationStore, DEFAULT_MAX_TOTAL_CHARS, type KeyValueStore } from '../src/core/history/conversationStore';
import { WebviewHarness, emptyState, initMessage } from '../test/webview/harness';
import { markdownAnswer, question } from './lib/answers';
import { goal, kb, ms, publish, table, type Goal } from './lib/report';
import { summarize } from './lib/stats';

const EXCHANGES = 200;
const OPENS = Number(process.env.BENCH_CONVERSATION_OPENS ?? 2);
const MAX_FRAME_MS = 50;

function conversation(exchanges: number, start = Date.UTC(2026, 0, 5)): Conversation {
  const turns: StoredTurn[] = [];
  for (let i = 0; i < exchanges; i++) {
    turns.push({ id: randomUUID(), role: 'user', text: question(i), createdAt: start + i * 60_000 });
    turns.push({
      id: randomUUID(),
      role: 'assistant',
      text: markdownAnswer(2048, i),
      status: 'done',
      usage: { inputTokens: 1200 + i * 600, outputTokens: 620, reasoningTokens: 128, totalTokens: 1820 + i * 600 },
      createdAt: start + i * 60_000 + 9_000,
    });
  }
  const title = question(0).slice(0, 59);
  return { id: randomUUID(), title, turns, createdAt: start, updatedAt: start + exchanges * 60_000 };
}

/** VS Code's globalState keeps values as JSON: what is written here is what it stores. */
class JsonMemento implements KeyValueStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const value = this.values.get(key);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
  bytes(): number {
    let total = 0;
    for (const [key, value] of this.values) total += Buffer.byteLength(key) + Buffer.byteLength(value);
    return total;
  }
  /** What the store's size bound counts: characters of JSON. */
  chars(): number {
    let total = 0;
    for (const value of this.values.values()) total += value.length;
    return total;
  }
}

interface Persisted {
  contentBytes: number;
  storedBytes: number;
  saveMs: number;
  historyBytes: number;
  historyChars: number;
  kept: number;
  saved: number;
}

async function persisted(): Promise<Persisted> {
  const long = conversation(EXCHANGES);
  const memento = new JsonMemento();
  const store = new ConversationStore(memento, () => ({ maxConversations: 50, maxTotalChars: DEFAULT_MAX_TOTAL_CHARS }));
  await store.save(long);
  const storedBytes = memento.bytes();
  const contentBytes = long.turns.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  // While an answer streams the controller saves its conversation about once a second: that save's cost.
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    long.turns[long.turns.length - 1].text += ' more';
    const start = performance.now();
    await store.save(long);
    times.push(performance.now() - start);
  }
  // The bound: many such conversations, the store keeps the newest within its size limit.
  const saved = 40;
  for (let i = 0; i < saved; i++) await store.save(conversation(EXCHANGES, Date.UTC(2026, 1, 1) + i * 86_400_000));
  return { contentBytes, storedBytes, saveMs: summarize(times).p50, historyBytes: memento.bytes(), historyChars: memento.chars(), kept: store.list().length, saved: saved + 1 };
}

/** Records every animation-frame interval and every long task, from before the page's own scripts run. */
const recorder = `(() => {
  window.__frames = [];
  window.__longTasks = [];
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
  window.__longFrames = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longFrames.push(e.duration); }).observe({ type: 'long-animation-frame' });
  window.__resetFrames = () => { window.__frames = []; window.__longTasks = []; window.__longFrames = []; last = performance.now(); };
})();`;

interface Frames {
  frames: number[];
  longTasks: number[];
  /** Long animation frames: frames whose main-thread work (tasks, style, layout, paint) took over 50 ms. */
  longFrames: number[];
}

interface Open {
  openMs: number;
  /** From the host's message until every turn is in the page. */
  allMs: number;
  open: { maxFrameMs: number; p95FrameMs: number; longestTaskMs: number; longFrames: number[] };
  scroll: { maxFrameMs: number; p95FrameMs: number; longestTaskMs: number; longFrames: number[]; frames: number; pixels: number };
}

function recorded(page: Page): Promise<Frames> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __longTasks: number[]; __longFrames: number[] };
    return { frames: w.__frames, longTasks: w.__longTasks, longFrames: w.__longFrames };
  });
}

async function openAndScroll(harness: WebviewHarness, state: Conversation): Promise<Open> {
  const webview = await harness.open(recorder);
  const page = webview.page;
  try {
    const turns = state.turns.map(({ id, role, text, status, usage, createdAt }) => ({ id, role, text, status, usage, createdAt }));
    const message = initMessage({ ...emptyState(turns), conversationId: state.id, title: state.title });
    // The message is handed to the page first: decoding the automation command that carries 0.5 MB of
    // JSON is a long task of its own, which the host's postMessage does not have.
    await page.evaluate((init) => {
      (window as unknown as { __init: unknown }).__init = init;
    }, message);
    // The view's first message, as when the chat view opens on this conversation, once the renderer's
    // warm-up queued at load is over (a history pick in an open view posts a lighter `state`).
    await webview.backgroundDone();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    // Opening: from the host's message to the first frame painted after it.
    const openMs = await page.evaluate(() => {
      const w = window as unknown as { __resetFrames(): void; __init: unknown; __openStart: number };
      w.__resetFrames();
      const start = performance.now();
      w.__openStart = start;
      window.postMessage(w.__init, '*');
      return new Promise<number>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve(performance.now() - start)), 0));
    });
    // The newest turns show at once; the older ones go in above them while the page is idle.
    const allMs = await page.evaluate(
      (count) =>
        new Promise<number>((resolve) => {
          const w = window as unknown as { __openStart: number };
          const check = (): void => {
            if (document.querySelectorAll('.turn').length === count) resolve(performance.now() - w.__openStart);
            else setTimeout(check, 5);
          };
          check();
        }),
      state.turns.length,
    );
    await page.waitForTimeout(300);
    const opening = await recorded(page);

    // Scrolling from the newest answer up to the first question with the mouse wheel, as a user would.
    const scroller = page.locator('main.conversation');
    const box = await scroller.boundingBox();
    if (!box) throw new Error('the conversation is not visible');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(() => (window as unknown as { __resetFrames(): void }).__resetFrames());
    const startTop = await scroller.evaluate((e) => e.scrollTop);
    // The end is seen by an IntersectionObserver on the first question: reading the scroll position in
    // the loop would force a layout in a task of its own, which the page alone would not have.
    await page.evaluate(() => {
      const w = window as unknown as { __atTop: boolean };
      w.__atTop = false;
      new IntersectionObserver((entries) => {
        w.__atTop ||= entries.some((entry) => entry.isIntersecting);
      }, { root: document.querySelector('main.conversation') }).observe(document.querySelector('.turn') as Element);
    });
    for (let i = 0, after = 0; i < 2000 && after < 3; i++) {
      await page.mouse.wheel(0, -1200);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
      // A few more wheel turns once the first question shows, to the very top.
      if (after > 0 || (await page.evaluate(() => (window as unknown as { __atTop: boolean }).__atTop))) after++;
    }
    const endTop = await scroller.evaluate((e) => e.scrollTop);
    const scrolled = await recorded(page);
    const firstQuestionVisible = await page.locator('.turn').first().isVisible();
    if (!firstQuestionVisible || Math.abs(endTop - startTop) < 1000) throw new Error(`scrolling did not reach the first question (${startTop} -> ${endTop})`);
    const scrollFrames = summarize(scrolled.frames);
    return {
      openMs,
      allMs,
      open: { maxFrameMs: Math.max(0, ...opening.frames), p95FrameMs: summarize(opening.frames).p95, longestTaskMs: Math.max(0, ...opening.longTasks), longFrames: opening.longFrames },
      scroll: { maxFrameMs: scrollFrames.max, p95FrameMs: scrollFrames.p95, longestTaskMs: Math.max(0, ...scrolled.longTasks), longFrames: scrolled.longFrames, frames: scrolled.frames.length, pixels: Math.abs(endTop - startTop) },
    };
  } finally {
    await page.close();
  }
}

/** "none", or how many and the longest. */
function longFrames(durations: number[]): string {
  return durations.length === 0 ? 'none' : `${durations.length}, longest ${ms(Math.max(...durations), 0)}`;
}

async function main(): Promise<void> {
  const store = await persisted();
  const state = conversation(EXCHANGES);
  const harness = await WebviewHarness.start();
  const opens: Open[] = [];
  try {
    // The first page load also warms Chromium's caches and V8's code for the bundle.
    await openAndScroll(harness, conversation(10));
    for (let i = 0; i < OPENS; i++) opens.push(await openAndScroll(harness, state));
  } finally {
    await harness.close();
  }

  console.log(`\n### Long conversation: ${EXCHANGES} questions (~200 chars) and ${EXCHANGES} answers (~2 KB Markdown with code)\n`);
  console.log(
    table(
      ['figure', 'value'],
      [
        ['text of the turns (UTF-8)', kb(store.contentBytes)],
        ['persisted by ConversationStore (JSON, index included)', `${kb(store.storedBytes)} (${(store.storedBytes / store.contentBytes).toFixed(2)}x the text)`],
        ['one save of it while an answer streams (p50 of 20)', ms(store.saveMs)],
        [`history after saving ${store.saved} such conversations`, `${(store.historyChars / 1e6).toFixed(2)} M characters (${kb(store.historyBytes)} UTF-8), ${store.kept} kept; bound ${(DEFAULT_MAX_TOTAL_CHARS / 1e6).toFixed(0)} M characters and sidekick.chat.maxConversations (50)`],
      ],
    ),
  );
  console.log(`\nIn Chromium (${OPENS} opens, each a fresh page; ms):\n`);
  console.log(
    table(
      ['open', 'init to first frame', 'init to every turn shown', 'longest task while opening', 'long animation frames while opening', 'p95 frame while opening', 'longest frame while opening', 'scrolled', 'scroll frames', 'p95 scroll frame', 'longest scroll frame', 'longest task while scrolling', 'long animation frames while scrolling'],
      opens.map((o, i) => [i + 1, ms(o.openMs, 1), ms(o.allMs, 0), ms(o.open.longestTaskMs, 0), longFrames(o.open.longFrames), ms(o.open.p95FrameMs, 1), ms(o.open.maxFrameMs, 1), `${o.scroll.pixels} px`, o.scroll.frames, ms(o.scroll.p95FrameMs, 1), ms(o.scroll.maxFrameMs, 1), ms(o.scroll.longestTaskMs, 0), longFrames(o.scroll.longFrames)]),
    ),
  );
  console.log(
    '\nFrames are the intervals between animation frames, whole display refreshes of 16.7 ms (50.0 ms is three). A long animation frame is one whose main-thread work (tasks, style, layout, paint) took over 50 ms, as the Long Animation Frames API reports it.',
  );

  const openWorst = Math.max(...opens.map((o) => Math.max(o.open.maxFrameMs, o.open.longestTaskMs, ...o.open.longFrames)));
  const scrollLongFrames = opens.flatMap((o) => o.scroll.longFrames);
  const scrollWorst = Math.max(...opens.map((o) => o.scroll.maxFrameMs));
  const scrollTask = Math.max(...opens.map((o) => o.scroll.longestTaskMs));
  const overhead = store.storedBytes / store.contentBytes;
  const goals: Record<string, Goal> = {
    open: goal(`opening ${EXCHANGES} exchanges: longest frame, task or animation frame's work`, `<= ${MAX_FRAME_MS} ms`, openWorst, ms(openWorst, 0), openWorst <= MAX_FRAME_MS),
    scroll: goal('scrolling it end to end with the wheel: longest frame', `<= ${MAX_FRAME_MS} ms`, scrollWorst, ms(scrollWorst, 1), scrollWorst <= MAX_FRAME_MS),
    scrollLongFrames: goal(`scrolling it at 1200 px a frame: long animation frames (work over ${MAX_FRAME_MS} ms) in ${OPENS} runs`, '-', scrollLongFrames.length, longFrames(scrollLongFrames), undefined),
    scrollTask: goal('scrolling it: longest main-thread task (script, style, layout)', '-', scrollTask, ms(scrollTask, 0), undefined),
    persisted: goal(`persisted size of the ${EXCHANGES}-exchange conversation (text only, nothing rendered or duplicated)`, '<= 1.25x its text', store.storedBytes, `${kb(store.storedBytes)} (${overhead.toFixed(2)}x)`, overhead <= 1.25),
    history: goal(`whole history after ${store.saved} such conversations`, `<= ${(DEFAULT_MAX_TOTAL_CHARS / 1e6).toFixed(0)} M chars`, store.historyChars, `${(store.historyChars / 1e6).toFixed(2)} M chars`, store.historyChars <= DEFAULT_MAX_TOTAL_CHARS),
  };
  publish('longConversation', {
    title: 'Long conversations',
    standIns: ["globalState: an in-memory key-value store that keeps values as JSON, as VS Code's does (the ConversationStore is the real one)."],
    exchanges: EXCHANGES,
    store,
    opens,
    goals,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
