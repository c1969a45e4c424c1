// Opening a long conversation: the newest turns show at once, pinned to the bottom; the older ones fill
// in above without moving what the user is looking at, and end up exactly as a one-shot render.
import * as assert from 'node:assert/strict';
import type { Turn } from '../../src/protocol';
import { recordedAnswers, syntheticAnswer } from './answers';
import { emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

const EXCHANGES = 150;
const answers = [syntheticAnswer('long-answer.md'), syntheticAnswer('edge-cases.md'), ...recordedAnswers().map((answer) => answer.text)];

function longConversation(): Turn[] {
  const turns: Turn[] = [];
  for (let i = 0; i < EXCHANGES; i++) {
    turns.push({ id: `u${i}`, role: 'user', text: `Question ${i}`, createdAt: 2 * i });
    turns.push({ id: `a${i}`, role: 'assistant', text: `Answer ${i}.\n\n${answers[i % answers.length]}`, status: 'done', createdAt: 2 * i + 1 });
  }
  return turns;
}

describe('webview: opening a long conversation', function () {
  let webview: WebviewPage;
  pagePerTest((page) => {
    webview = page;
  });

  const allShown = (): Promise<unknown> =>
    webview.page.waitForFunction((count) => document.querySelectorAll('.turn').length === count, EXCHANGES * 2, { timeout: 60_000 });

  it('shows the newest answer at the bottom at once and every turn in order soon after', async function () {
    const turns = longConversation();
    await webview.send(initMessage(emptyState(turns)));
    await webview.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const pinned = await webview.page.evaluate(() => {
      const scroller = document.querySelector('main.conversation') as HTMLElement;
      const last = document.querySelector('[data-turn-id="a149"]') as HTMLElement;
      return { scrollTop: scroller.scrollTop, gap: scroller.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom };
    });
    assert.equal(pinned.scrollTop, 0);
    assert.ok(pinned.gap >= 0 && pinned.gap < 40, `the last answer ends at the bottom of the view (${pinned.gap} px above it)`);
    assert.ok(await webview.page.getByRole('button', { name: 'Regenerate' }).isVisible());

    await allShown();
    const ids = await webview.page.locator('.turn').evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-turn-id') ?? element.querySelector('.user-text')?.textContent));
    assert.deepEqual(ids, turns.map((turn) => (turn.role === 'user' ? turn.text : turn.id)));
    assert.equal(await webview.page.getByRole('button', { name: 'Edit and resend' }).count(), 1);
    assert.equal(await webview.page.getByRole('button', { name: 'Regenerate' }).count(), 1);
  });

  it('keeps what the user is looking at in place while older turns fill in above', async function () {
    // Opening renders only the end at first: the older turns stop going in once there is more than a
    // wheel turn to scroll over, and go on after the user has scrolled.
    await webview.holdIdle(2000);
    await webview.send(initMessage(emptyState(longConversation())));
    await webview.idleHeld();
    const scroller = webview.page.locator('main.conversation');
    const box = await scroller.boundingBox();
    assert.ok(box);
    await webview.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // The wheel scrolls smoothly: the turns it brings into view are laid out once it has come to rest.
    await scroller.evaluate((element) => element.addEventListener('scrollend', () => (element.dataset.restedAt = String(element.scrollTop))));
    await webview.page.mouse.wheel(0, -1500);
    await webview.page.waitForFunction(() => Number((document.querySelector('main.conversation') as HTMLElement).dataset.restedAt ?? 0) < -1000);
    // Two frames for the turns scrolled into view to be laid out at their real height, as before any paint.
    await webview.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const before = await webview.page.evaluate(() => {
      const view = (document.querySelector('main.conversation') as HTMLElement).getBoundingClientRect();
      // The turn in the middle of the view, or below the middle when that falls between two turns.
      let shown: HTMLElement | undefined;
      for (let y = view.top + view.height / 2; !shown && y < view.bottom; y += 8) {
        shown = document.elementFromPoint(view.left + view.width / 2, y)?.closest<HTMLElement>('.turn') ?? undefined;
      }
      if (!shown) throw new Error('no turn in the lower half of the view');
      shown.id = 'watched';
      return { top: shown.getBoundingClientRect().top, turns: document.querySelectorAll('.turn').length };
    });
    assert.ok(before.turns < EXCHANGES * 2, 'scrolled while older turns were still being added');
    await webview.releaseIdle();
    await allShown();
    const after = await webview.page.evaluate(() => document.getElementById('watched')?.getBoundingClientRect().top);
    assert.equal(after, before.top);
  });

  it('shows the end of a very long newest answer first and the rest above it in later frames', async function () {
    const long = Array.from({ length: 40 }, (_, i) => `Part ${i}.\n\n${answers[i % answers.length]}`).join('\n\n');
    await webview.holdIdle();
    await webview.send(initMessage(emptyState([{ id: 'u0', role: 'user', text: 'Question', createdAt: 1 }, { id: 'a0', role: 'assistant', text: long, status: 'done', createdAt: 2 }])));
    await webview.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const first = await webview.page.evaluate(() => {
      const answer = document.querySelector('[data-turn-id="a0"] .answer') as HTMLElement;
      const scroller = document.querySelector('main.conversation') as HTMLElement;
      return { blocks: answer.children.length, text: answer.textContent ?? '', gap: scroller.getBoundingClientRect().bottom - answer.getBoundingClientRect().bottom };
    });
    assert.ok(first.blocks > 0 && first.blocks <= 8, `the first frame shows the last few blocks (${first.blocks})`);
    assert.ok(!first.text.includes('Part 0.'), 'the top of the answer is not rendered yet');
    assert.ok(first.gap >= 0 && first.gap < 120, `the answer's end is at the bottom of the view (${first.gap} px above it)`);
    await webview.releaseIdle();
    await webview.settle();
    const all = await webview.page.locator('[data-turn-id="a0"] .answer').textContent();
    for (let i = 0; i < 40; i++) {
      assert.ok(all?.includes(`Part ${i}.`), `part ${i} is shown`);
    }
    assert.ok((all ?? '').indexOf('Part 0.') < (all ?? '').indexOf('Part 39.'), 'in order');
    assert.ok(all?.endsWith(first.text), 'what showed first is still the end, unmoved');
  });

  it('renders each older answer exactly as it renders the newest one', async function () {
    const turns = longConversation();
    await webview.send(initMessage(emptyState(turns)));
    await allShown();
    const background = await Promise.all(answers.map((_, i) => webview.answerHtml(`a${i}`)));
    for (let i = 0; i < answers.length; i++) {
      await webview.send(initMessage(emptyState([turns[2 * i], turns[2 * i + 1]])));
      await webview.settle();
      assert.equal(await webview.answerHtml(`a${i}`), background[i], `answer ${i}`);
    }
  });
});
