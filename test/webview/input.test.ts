// The chat input, driven with real key presses: Enter sends, Shift+Enter adds a line, Enter while an IME
// composes (how Chinese is typed) does not send, Stop and Esc stop, chips and edit-and-resend post the
// right messages, and the draft survives a reload of the webview document.
import * as assert from 'node:assert/strict';
import type { Turn } from '../../src/protocol';
import { emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

const user: Turn = { id: 'u1', role: 'user', text: 'What does `greet` do?', createdAt: 1 };
const answer: Turn = { id: 'a1', role: 'assistant', text: 'It greets.', status: 'done', createdAt: 2 };

describe('webview: input', function () {
  let webview: WebviewPage;
  pagePerTest(async (page) => {
    webview = page;
    await webview.start(initMessage(emptyState([user, answer]), { host: 'panel' }));
  });

  it('Enter sends the question; Shift+Enter adds a line', async function () {
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    await input.click();
    await webview.page.keyboard.type('first line');
    await webview.page.keyboard.press('Shift+Enter');
    await webview.page.keyboard.type('second line');
    assert.deepEqual(await webview.posted(), [], 'Shift+Enter does not send');
    await webview.page.keyboard.press('Enter');
    assert.deepEqual(await webview.posted(), [{ type: 'send', text: 'first line\nsecond line', attachSelection: false, attachFile: false }]);
    assert.equal(await input.inputValue(), '', 'the box is cleared');
    await webview.page.keyboard.press('Enter');
    assert.equal((await webview.posted()).length, 1, 'an empty question is never sent');
  });

  it('Enter while an IME composes commits the composition and does not send', async function () {
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    await input.click();
    const cdp = await webview.page.context().newCDPSession(webview.page);
    await cdp.send('Input.imeSetComposition', { text: 'jieshi', selectionStart: 6, selectionEnd: 6 });
    await webview.page.keyboard.press('Enter');
    await cdp.send('Input.insertText', { text: '解释' });
    assert.deepEqual(await webview.posted(), [], 'nothing sent while composing');
    // A real IME swallows that Enter; the simulated one lets the textarea add a line break after the text.
    assert.match(await input.inputValue(), /^解释\n?$/);
    await webview.page.keyboard.press('Enter');
    assert.deepEqual(await webview.posted(), [{ type: 'send', text: '解释', attachSelection: false, attachFile: false }]);
  });

  it('the Send button sends, with the chips that are on', async function () {
    await webview.page.getByRole('button', { name: 'Selection (app.ts:12-30)' }).click();
    assert.equal(await webview.page.getByRole('button', { name: 'Selection (app.ts:12-30)' }).getAttribute('aria-pressed'), 'true');
    await webview.page.getByRole('textbox', { name: 'Ask Sidekick' }).fill('explain');
    await webview.page.getByRole('button', { name: 'Send', exact: true }).click();
    assert.deepEqual(await webview.posted(), [
      { type: 'toggleChip', kind: 'selection', on: true },
      { type: 'send', text: 'explain', attachSelection: true, attachFile: false },
    ]);
  });

  it('shows the context chips with their note and an unavailable chip disabled', async function () {
    await webview.send({ type: 'chips', chips: [
      { kind: 'selection', label: '', available: false, on: false },
      { kind: 'file', label: 'Current file (big.ts)', available: true, on: true, note: 'Cut to 8,000 characters' },
    ] });
    await webview.settle();
    const selection = webview.page.getByRole('button', { name: 'Selection' });
    assert.equal(await selection.isDisabled(), true);
    const file = webview.page.getByRole('button', { name: 'Current file (big.ts)' });
    assert.equal(await file.getAttribute('aria-pressed'), 'true');
    assert.equal(await webview.page.locator(`#${await file.getAttribute('aria-describedby')}`).textContent(), 'Cut to 8,000 characters');
    await file.click();
    assert.deepEqual(await webview.posted(), [{ type: 'toggleChip', kind: 'file', on: false }]);
  });

  it('while streaming: Enter does not send, Stop and Esc post stop', async function () {
    await webview.send({ type: 'busy', busy: true });
    await webview.settle();
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    await input.fill('next question');
    await input.press('Enter');
    assert.deepEqual(await webview.posted(), [], 'no send while an answer streams');
    assert.equal(await input.inputValue(), 'next question', 'the typed text is kept');
    assert.equal(await webview.page.getByRole('button', { name: 'Send', exact: true }).count(), 0);
    await webview.page.getByRole('button', { name: 'Stop (Esc)' }).click();
    await webview.page.keyboard.press('Escape');
    assert.deepEqual(await webview.posted(), [{ type: 'stop' }, { type: 'stop' }]);
    await webview.send({ type: 'busy', busy: false });
    await webview.settle();
    await webview.page.keyboard.press('Escape');
    assert.equal((await webview.posted()).length, 2, 'Esc does nothing when nothing streams');
  });

  it('edits and resends the last question; Regenerate and New chat post', async function () {
    await webview.page.getByRole('button', { name: 'Edit and resend' }).click();
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    assert.equal(await input.inputValue(), 'What does `greet` do?');
    assert.ok(await webview.page.getByText('Editing your last question').isVisible());
    await input.press('End');
    await webview.page.keyboard.type(' And why?');
    await webview.page.keyboard.press('Enter');
    await webview.page.getByRole('button', { name: 'Regenerate' }).click();
    await webview.page.getByRole('button', { name: 'New chat' }).click();
    await webview.page.getByRole('button', { name: 'Export chat as Markdown' }).click();
    assert.deepEqual(await webview.posted(), [
      { type: 'editLast', text: 'What does `greet` do? And why?' },
      { type: 'regenerate' },
      { type: 'newChat' },
      { type: 'exportChat' },
    ]);
  });

  it('keeps the draft across a reload of the webview document', async function () {
    await webview.page.getByRole('textbox', { name: 'Ask Sidekick' }).fill('half-written question');
    await webview.page.reload();
    await webview.waitForPosted('ready');
    await webview.send(initMessage(emptyState([user, answer]), { host: 'panel' }));
    await webview.settle();
    assert.equal(await webview.page.getByRole('textbox', { name: 'Ask Sidekick' }).inputValue(), 'half-written question');
    assert.equal(await webview.page.locator('[data-turn-id="a1"] .answer').textContent(), 'It greets.');
  });

  it('focusInput puts the keyboard focus in the question box', async function () {
    await webview.page.getByRole('button', { name: 'New chat' }).focus();
    await webview.send({ type: 'focusInput' });
    await webview.settle();
    assert.equal(await webview.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Ask Sidekick');
  });
});
