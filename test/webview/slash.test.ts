// `/` in the chat input, driven with real key presses: the commands and prompt files the host answers
// with, chosen with the keyboard or the mouse, and the list closing without stopping anything.
import * as assert from 'node:assert/strict';
import type { SlashCommand } from '../../src/protocol';
import { emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

const COMMANDS: SlashCommand[] = [
  { name: 'explain', kind: 'builtin', description: 'Explain the selection (or the current file)' },
  { name: 'review', kind: 'prompt', description: 'Review for races', hint: 'what to look for', source: '.github/prompts/review.prompt.md' },
];

describe('webview: slash commands', function () {
  let webview: WebviewPage;
  pagePerTest(async (page) => {
    webview = page;
    await webview.start(initMessage(emptyState()));
  });

  /** Types `text` and answers the query it causes the way the host does. */
  async function typeAndAnswer(text: string, items: SlashCommand[]): Promise<void> {
    await webview.page.getByRole('textbox', { name: 'Ask Sidekick' }).click();
    await webview.page.keyboard.type(text);
    const query = await webview.page.waitForFunction(
      (q) => (window as unknown as { __posted: { type: string; query?: string }[] }).__posted.find((m) => m.type === 'slashQuery' && m.query === q),
      text.slice(1),
    );
    assert.ok(await query.jsonValue());
    await webview.send({ type: 'slashMatches', query: text.slice(1), items });
  }

  it('lists the commands with their descriptions; arrows and Enter take one, and the argument follows it', async function () {
    await typeAndAnswer('/', COMMANDS);
    const list = webview.page.getByRole('listbox', { name: /Commands and prompt files/ });
    await list.waitFor();
    const options = list.getByRole('option');
    assert.deepEqual(await options.locator('.completion-name').allTextContents(), ['/explain', '/review']);
    assert.deepEqual(await options.locator('.completion-detail').allTextContents(), ['Explain the selection (or the current file)', 'Review for races (what to look for)']);
    await webview.page.keyboard.press('ArrowDown');
    assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
    await webview.page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), '/review ');
    assert.ok(await list.isHidden(), 'the list closes');
    await webview.page.keyboard.type('rounding');
    await webview.page.keyboard.press('Enter');
    const sent = (await webview.posted()).filter((m) => m.type === 'send');
    assert.deepEqual(sent, [{ type: 'send', text: '/review rounding', attachSelection: false, attachFile: false }]);
  });

  it('a click takes a command; Esc closes the list and stops nothing; a slash later in the text opens nothing', async function () {
    await typeAndAnswer('/re', [COMMANDS[1]]);
    const list = webview.page.getByRole('listbox', { name: /Commands and prompt files/ });
    await list.waitFor();
    await webview.page.keyboard.press('Escape');
    assert.ok(await list.isHidden());
    assert.ok(!(await webview.posted()).some((m) => m.type === 'stop'), 'Esc in the list does not stop an answer');
    await webview.page.keyboard.type('v');
    await webview.send({ type: 'slashMatches', query: 'rev', items: [COMMANDS[1]] });
    await list.getByRole('option', { name: /review/ }).click();
    const input = webview.page.getByRole('textbox', { name: 'Ask Sidekick' });
    assert.equal(await input.inputValue(), '/review ');
    await input.fill('');
    await webview.clearPosted();
    await webview.page.keyboard.type('what is a/b');
    assert.ok(!(await webview.posted()).some((m) => m.type === 'slashQuery'), 'no query for a slash inside a question');
  });

  it('says when nothing matches', async function () {
    await typeAndAnswer('/zz', []);
    await webview.page.getByText('No command or prompt file starts with "zz"').waitFor();
  });
});
