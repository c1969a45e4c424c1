// Streamed rendering equals a one-shot render of the whole text, whatever the delta boundaries and
// whenever the animation frames fall, and finished blocks are not rendered again.
import * as assert from 'node:assert/strict';
import type { Turn } from '../../src/protocol';
import { random, randomSplit, recordedAnswers, syntheticAnswer } from './answers';
import { WebviewHarness, emptyState, initMessage, type WebviewPage } from './harness';

const SPLITS = 20;

interface StreamStats {
  html: string;
  reasoningHtml: string;
  /** `.md-block` elements inserted into the answer over the whole stream. */
  insertedBlocks: number;
  renders: number;
  finalBlocks: number;
  /** Whether the first block seen halfway through is still the same element at the end. */
  earlyBlockKept: boolean;
}

async function stream(webview: WebviewPage, text: string, reasoning: string, seed: number): Promise<StreamStats> {
  const next = random(seed);
  const chunks = randomSplit(text, next);
  const reasoningChunks = randomSplit(reasoning, next);
  // About 8-24 animation frames per stream, at random points.
  const pauseChance = Math.min(1, (8 + next() * 16) / Math.max(1, chunks.length + reasoningChunks.length));
  const pauses = [...chunks, ...reasoningChunks].map(() => next() < pauseChance);
  const user: Turn = { id: 'u1', role: 'user', text: 'question', createdAt: 1 };
  const answer: Turn = { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 2 };
  await webview.send({ type: 'state', state: emptyState([user, answer], true) });
  await webview.settle();
  return webview.page.evaluate(async ({ chunks, reasoningChunks, pauses }) => {
    const root = document.querySelector('[data-turn-id="a1"] .answer') as HTMLElement;
    let insertedBlocks = 0;
    let renders = 0;
    const observer = new MutationObserver((records) => {
      renders++;
      for (const record of records) {
        insertedBlocks += record.addedNodes.length;
      }
    });
    observer.observe(root, { childList: true });
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    let early: Element | null = null;
    let sent = 0;
    const interleaved = Math.max(chunks.length, reasoningChunks.length);
    for (let i = 0; i < interleaved; i++) {
      if (i < reasoningChunks.length) {
        window.postMessage({ type: 'delta', turnId: 'a1', reasoning: reasoningChunks[i] }, '*');
      }
      if (i < chunks.length) {
        window.postMessage({ type: 'delta', turnId: 'a1', text: chunks[i] }, '*');
      }
      if (pauses[sent++]) {
        await frame();
      }
      if (!early && i >= interleaved / 2 && root.children.length >= 3) {
        early = root.children[0];
      }
    }
    await frame();
    window.postMessage({ type: 'turnFinished', turnId: 'a1', status: 'done' }, '*');
    // A posted message and a timer are separate task queues: wait for the finished turn itself.
    while (document.querySelector('[data-turn-id="a1"]')?.getAttribute('aria-busy') !== 'false') {
      await frame();
    }
    observer.disconnect();
    return {
      html: root.innerHTML,
      reasoningHtml: (document.querySelector('[data-turn-id="a1"] .thinking-body') as HTMLElement).innerHTML,
      insertedBlocks,
      renders,
      finalBlocks: root.children.length,
      earlyBlockKept: early === null || early === root.children[0],
    };
  }, { chunks, reasoningChunks, pauses });
}

async function oneShot(webview: WebviewPage, text: string, reasoning: string): Promise<{ html: string; reasoningHtml: string }> {
  const user: Turn = { id: 'u1', role: 'user', text: 'question', createdAt: 1 };
  const answer: Turn = { id: 'a1', role: 'assistant', text, reasoning, status: 'done', createdAt: 2 };
  await webview.send({ type: 'state', state: emptyState([user, answer]) });
  await webview.settle();
  return webview.page.evaluate(() => ({
    html: (document.querySelector('[data-turn-id="a1"] .answer') as HTMLElement).innerHTML,
    reasoningHtml: (document.querySelector('[data-turn-id="a1"] .thinking-body') as HTMLElement).innerHTML,
  }));
}

describe('webview: streamed markdown equals a one-shot render', function () {
  let harness: WebviewHarness;
  let webview: WebviewPage;

  before(async function () {
    harness = await WebviewHarness.start();
    webview = await harness.open();
    await webview.send(initMessage(emptyState()));
  });

  after(async function () {
    await harness?.close();
  });

  const long = syntheticAnswer('long-answer.md');
  const edge = syntheticAnswer('edge-cases.md');
  const cases = [
    ...recordedAnswers().map((answer) => ({ name: `recorded ${answer.name}`, text: answer.text, reasoning: answer.reasoning })),
    { name: 'synthetic long answer (code, lists, nested lists, tables, headings, quotes)', text: `${long}\n${long}\n${long}`, reasoning: '' },
    { name: 'synthetic block-boundary edge cases (ends inside an open fence)', text: edge, reasoning: '' },
    { name: 'long answer followed by the edge cases', text: `${long}\n${edge}`, reasoning: '**Planning**\n\nThinking with `code`.' },
  ];

  for (const { name, text, reasoning } of cases) {
    it(`${name}: ${SPLITS} random delta splits`, async function () {
      assert.ok(text.length > 0, 'the answer has text');
      const expected = await oneShot(webview, text, reasoning);
      assert.ok(expected.html.length > text.length / 2, 'the one-shot render shows the answer');
      for (let split = 0; split < SPLITS; split++) {
        const seed = 1000 * split + text.length;
        const streamed = await stream(webview, text, reasoning, seed);
        assert.equal(streamed.html, expected.html, `answer DOM differs (seed ${seed})`);
        assert.equal(streamed.reasoningHtml, expected.reasoningHtml, `reasoning DOM differs (seed ${seed})`);
        assert.ok(streamed.earlyBlockKept, `a finished block was rendered again (seed ${seed})`);
        // Each frame re-renders only the open tail: a few blocks, never the whole answer again.
        assert.ok(streamed.insertedBlocks <= streamed.finalBlocks + 3 * streamed.renders,
          `${streamed.insertedBlocks} block renders for ${streamed.finalBlocks} blocks in ${streamed.renders} frames (seed ${seed})`);
      }
      assert.deepEqual(webview.errors, []);
    });
  }
});
