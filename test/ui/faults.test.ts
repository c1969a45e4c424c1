// The fault matrix's rows that need the real UI: the chat webview hidden, and the whole window reloaded,
// while an answer streams. What counts is what the chat webview shows afterwards.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FrameLocator } from 'playwright-core';
import { extensionId } from '../../scripts/lib/paths';
import { session } from './session';

const LINES = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of a slowly written answer.`);
const ANSWER = LINES.join('\n\n');

async function openChat(): Promise<FrameLocator> {
  const { workbench } = session();
  await workbench.runCommand('Sidekick: Open Chat');
  const frame = workbench.webview();
  await frame.locator('textarea.input').waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

/** Waits until every turn is rendered whole: an opened conversation shows its end first and fills in above. */
async function allRendered(frame: FrameLocator): Promise<void> {
  await frame.locator('.turns[aria-busy="false"]').waitFor({ state: 'attached', timeout: 15_000 });
}

/** Starts a new chat and asks a question whose answer (`ANSWER` unless given) streams for several seconds. */
async function askSlowly(frame: FrameLocator, answer = ANSWER): Promise<number> {
  const { workbench, fake } = session();
  await workbench.newChat(frame);
  const index = fake.requests.length;
  fake.enqueue({ kind: 'text', text: answer, deltaSize: 6, chunking: 300, delayMs: 60 });
  await frame.locator('textarea.input').fill('Write slowly');
  await frame.locator('textarea.input').press('Enter');
  await frame.locator('.answer', { hasText: 'Line 3 of' }).last().waitFor({ timeout: 30_000 });
  return index;
}

describe('Faults in the real UI', () => {
  before(async () => {
    const { workbench } = session();
    await workbench.clearNotifications();
    await workbench.setApiKey('sk-ui-faults-key');
  });

  it('the chat hidden mid-stream shows the whole answer when opened again', async () => {
    const { workbench, fake } = session();
    const frame = await openChat();
    const index = await askSlowly(frame);
    // Another view in the side bar hides the chat, as a click in the activity bar does.
    await workbench.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    await workbench.page.locator('.explorer-viewlet').first().waitFor({ state: 'visible', timeout: 10_000 });
    // Sidekick closes the connection itself once the last event arrived, so only the text tells.
    await fake.waitForClose(index, 60_000);

    const shown = await openChat();
    const answer = shown.locator('.answer').last();
    await answer.filter({ hasText: LINES[LINES.length - 1] }).waitFor({ timeout: 15_000 });
    await allRendered(shown);
    const text = (await answer.textContent()) ?? '';
    for (const line of [LINES[0], LINES[40], LINES[LINES.length - 1]]) {
      assert.ok(text.includes(line), `"${line}" is shown`);
    }
    assert.equal(await shown.locator('.turn-cut').count(), 0, 'not marked cut off');
  });

  it('the window reloaded mid-stream keeps the partial answer, marked cut off', async () => {
    const { workbench } = session();
    const frame = await openChat();
    // Lines of this answer's own: the history holds the other tests' answers made of the same lines.
    const id = randomUUID();
    await askSlowly(frame, LINES.map((line) => `${line} (${id})`).join('\n\n'));
    // Once what arrived is saved (every second while it streams) and the workbench has stored it.
    await workbench.waitForStored(extensionId(), `${LINES[2]} (${id})`);
    await workbench.page.reload();
    await workbench.ready();

    const shown = await openChat();
    const cut = shown.locator('.turn-cut').last();
    await cut.waitFor({ timeout: 30_000 });
    await allRendered(shown);
    assert.match((await cut.textContent()) ?? '', /Cut off: this answer is incomplete\./);
    const text = (await cut.locator('.answer').textContent()) ?? '';
    assert.ok(text.includes(LINES[0]) && text.includes(LINES[2]), `the partial answer is shown: ${text.slice(0, 80)}`);
    assert.ok(!text.includes(LINES[LINES.length - 1]), 'it is the part that arrived, not more');
    assert.ok(await cut.getByRole('button', { name: /Continue/ }).isVisible(), 'Continue is offered');
  });
});
