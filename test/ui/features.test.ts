// Sidekick's features as a person uses them in a real VS Code: Explain, Refactor with its CodeLens review,
// the sidebar chat with a context chip, secret scrubbing before sending, the walkthrough, and the chat's
// look in the light, dark and high-contrast themes. Each test leaves its final state for the screenshot.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { RecordedRequest } from '../support/fakeServer';
import { screenshotsDir } from '../../scripts/lib/paths';
import { session } from './session';

const EXPLANATION = [
  '## What `parseCsv` does',
  '',
  'It splits the text into **lines**, skips empty ones, and splits each line on commas.',
  '',
  '### Watch out',
  '',
  '- Quoted fields such as `"a,b"` are split in two.',
  '- Spaces around values are trimmed.',
  '',
  '```ts',
  'const rows = parseCsv("name,age\\nAda,36");',
  '// [["name", "age"], ["Ada", "36"]]',
  '```',
].join('\n');

const CSV_SOURCE = [
  'export function parseCsv(text: string): string[][] {',
  '  return text',
  "    .split('\\n')",
  '    .filter((line) => line.trim() !== \'\')',
  "    .map((line) => line.split(',').map((cell) => cell.trim()));",
  '}',
  '',
].join('\n');

const TOTAL_SOURCE = [
  'function total(items) {',
  '  var sum = 0;',
  '  for (var i = 0; i < items.length; i++) {',
  '    sum = sum + items[i].price;',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

const TOTAL_REWRITE = [
  'function total(items) {',
  '  return items.reduce((sum, item) => sum + item.price, 0);',
  '}',
].join('\n');

// A fake GitHub token, built here so that secret scanners do not flag this file.
const TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(2).slice(0, 36);

function write(name: string, text: string): void {
  writeFileSync(path.join(session().workspace, name), text);
}

/** The user message texts of a recorded Responses request. */
function userInput(request: RecordedRequest): string {
  const input = (request.body as { input?: { role: string; content: unknown }[] }).input ?? [];
  return input.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
}

/** Waits until the newest answer of a chat webview has finished (its token usage is shown). */
async function finishedAnswer(frame: FrameLocator, hasText: string): Promise<string> {
  const turn = frame.locator('.turn-assistant').last();
  await turn.locator('.answer', { hasText }).waitFor({ timeout: 30_000 });
  await turn.locator('.usage').waitFor({ timeout: 30_000 });
  // textContent: innerText is empty for a turn that content-visibility has not laid out yet.
  return (await turn.locator('.answer').textContent()) ?? '';
}

describe('Sidekick features, as a person uses them', () => {
  before(async () => {
    const { workbench } = session();
    // Start from the Explorer, whatever earlier suites left in the side bar; the chat test opens the chat itself.
    await workbench.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    await workbench.clearNotifications();
    await workbench.setApiKey('sk-ui-features-key');
    write('csv.ts', CSV_SOURCE);
    write('total.js', TOTAL_SOURCE);
    write('total2.js', TOTAL_SOURCE);
    write('deploy.ts', `const owner = 'sidekick';\nconst token = '${TOKEN}';\nexport { owner, token };\n`);
  });

  // Answers a failed test left queued must not reach the next one.
  beforeEach(() => session().fake.reset());

  it('explains a selection in a panel beside the code, focus staying in the editor', async () => {
    const { workbench, fake } = session();
    await workbench.clearNotifications();
    await workbench.openFile('csv.ts');
    await workbench.selectLines(1, 6);
    const index = fake.requests.length;
    fake.enqueue({ kind: 'text', text: EXPLANATION, deltaSize: 12, chunking: 64, delayMs: 10 });
    await workbench.page.keyboard.press('Control+Alt+E');

    const request = await fake.waitForRequest(index, 15_000);
    assert.ok(userInput(request).includes(".map((line) => line.split(',')"), 'the selection is sent');
    const panel = await workbench.webviewIn('editor');
    const text = await finishedAnswer(panel, 'Quoted fields');
    assert.match(text, /What parseCsv does/);
    assert.equal(await panel.locator('.answer h2').first().textContent(), 'What parseCsv does');
    const block = panel.locator('.answer .code-block').first();
    assert.ok((await block.locator('pre code .hljs-string').count()) > 0, 'the code block is highlighted');
    assert.equal(await block.getByRole('button', { name: 'Copy' }).count(), 1);
    assert.equal(await block.getByRole('button', { name: 'Insert at Cursor' }).count(), 1);
    assert.equal(await block.getByRole('button', { name: 'Apply to Selection' }).count(), 1);
    // The panel opened beside the code: two editor groups, the code still on screen.
    assert.equal(await workbench.page.locator('.editor-group-container').count(), 2);
    assert.ok(await workbench.editorHasFocus(), 'the keyboard focus stayed in the editor');
  });

  it('refactors a selection: streamed in place, Accept through the CodeLens, one Ctrl+Z restores', async () => {
    const { workbench, fake } = session();
    await workbench.closeAllEditors();
    await workbench.openFile('total.js');
    const original = await workbench.editorText();
    await workbench.selectLines(1, 7);
    fake.enqueue({ kind: 'text', text: TOTAL_REWRITE, deltaSize: 4, chunking: 16, delayMs: 15 });
    await workbench.runCommand('Sidekick: Refactor Selection...');
    const pick = workbench.quickInput.locator('.monaco-list-row', { hasText: 'Improve readability' }).first();
    await pick.click();

    await workbench.codeLens(/Accept/).waitFor({ timeout: 30_000 });
    assert.equal(await workbench.editorText(), `${TOTAL_REWRITE}\n`, 'the rewrite replaced the selection');
    assert.equal(await workbench.codeLens(/Reject/).count(), 1);
    assert.equal(await workbench.codeLens(/Show Diff/).count(), 1);
    assert.equal(await workbench.codeLens(/Regenerate/).count(), 1);
    await workbench.screenshot(screenshotsDir, 'features--refactor-review');

    await workbench.codeLens(/Accept/).click();
    await workbench.codeLens(/Accept/).waitFor({ state: 'detached' });
    assert.equal(await workbench.editorText(), `${TOTAL_REWRITE}\n`, 'accepted: the new text stays');
    await workbench.editor.locator('.view-lines').first().click();
    await workbench.page.keyboard.press('Control+Z');
    assert.equal(await workbench.waitForEditorText(original), original, 'one undo restores the original');
  });

  it('refactors a selection and Reject puts the original back', async () => {
    const { workbench, fake } = session();
    await workbench.closeAllEditors();
    await workbench.openFile('total2.js');
    const original = await workbench.editorText();
    await workbench.selectLines(2, 5);
    fake.enqueue({ kind: 'text', text: '  const sum = items.reduce((acc, item) => acc + item.price, 0);', deltaSize: 4, chunking: 16, delayMs: 10 });
    await workbench.runCommand('Sidekick: Refactor Selection...');
    await workbench.quickInput.locator('.monaco-list-row', { hasText: 'Optimize performance' }).first().click();
    await workbench.codeLens(/Reject/).waitFor({ timeout: 30_000 });
    assert.match(await workbench.editorText(), /items\.reduce/);

    await workbench.codeLens(/Reject/).click();
    await workbench.codeLens(/Reject/).waitFor({ state: 'detached' });
    assert.equal(await workbench.waitForEditorText(original), original, 'the original text is back');
  });

  it('chats in the sidebar, then asks a follow-up about the selection', async () => {
    const { workbench, fake } = session();
    await workbench.closeAllEditors();
    await workbench.openFile('csv.ts');
    await workbench.selectLines(2, 5);
    await workbench.page.locator('.activitybar .action-item a[aria-label^="Sidekick"]').click();
    const chat = await workbench.webviewIn('sidebar');
    const input = chat.locator('textarea.input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.newChat(chat);

    // With a selection the chip starts on; the first question goes without it.
    const chip = chat.locator('button.chip[data-chip="selection"]');
    assert.match(await chip.innerText(), /csv\.ts/);
    if ((await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    let index = fake.requests.length;
    fake.enqueue({ kind: 'text', text: EXPLANATION, deltaSize: 12, chunking: 64, delayMs: 10 });
    await input.fill('What does parseCsv do with quoted fields?');
    await input.press('Enter');
    assert.match(await finishedAnswer(chat, 'Quoted fields'), /split in two/);
    assert.doesNotMatch(userInput(await fake.waitForRequest(index)), /line\.trim\(\)/, 'no code attached while the chip is off');

    await chip.click();
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    index = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Use a real CSV parser, or split on commas outside quotes:\n\n```ts\nline.match(/("[^"]*"|[^,]+)/g)\n```', deltaSize: 10, delayMs: 10 });
    await input.fill('How do I keep quoted fields together?');
    await input.press('Enter');
    await finishedAnswer(chat, 'real CSV parser');
    const followUp = await fake.waitForRequest(index);
    assert.match(userInput(followUp), /line\.trim\(\) !== ''/, 'the selection is attached');
    assert.match(userInput(followUp), /What does parseCsv do with quoted fields\?/, 'the earlier turn goes back too');
    assert.equal(await chat.locator('.turn-assistant').count(), 2);
  });

  describe('in each theme', () => {
    // What each theme is shown on: the side bar's chat with an answer in it.
    before(async () => {
      const { workbench, fake } = session();
      await workbench.runCommand('Sidekick: Open Chat');
      const chat = await workbench.webviewIn('sidebar');
      const input = chat.locator('textarea.input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      fake.enqueue({ kind: 'text', text: EXPLANATION, deltaSize: 12 });
      await input.fill('What does parseCsv do with quoted fields?');
      await input.press('Enter');
      await finishedAnswer(chat, 'Quoted fields');
    });

    for (const [theme, kind] of [['Light Modern', 'vs'], ['Dark Modern', 'vs-dark'], ['Dark High Contrast', 'hc-black']] as const) {
      it(`shows the chat readably in the ${theme} theme`, async () => {
        const { workbench } = session();
        await workbench.setColorTheme(theme);
        await workbench.page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15_000 });
        const chat = await workbench.webviewIn('sidebar');
        const answer = chat.locator('.turn-assistant .answer').first();
        await answer.waitFor();
        // The webview takes the theme's colours from VS Code: text and background must differ clearly.
        const [color, background] = await chat.locator('body').evaluate((body) => {
          const style = getComputedStyle(body);
          return [style.color, style.backgroundColor];
        });
        assert.notEqual(color, background);
        const bodyClass = await chat.locator('body').getAttribute('class');
        assert.match(bodyClass ?? '', kind === 'vs' ? /vscode-light/ : kind === 'vs-dark' ? /vscode-dark/ : /vscode-high-contrast/);
      });
    }
  });

  it('asks before sending a GitHub token, and sends it redacted', async () => {
    const { workbench, fake } = session();
    await workbench.setColorTheme('Light Modern');
    // Built here so that secret scanners do not flag the test file.
    await workbench.closeAllEditors();
    await workbench.openFile('deploy.ts');
    await workbench.selectLines(1, 3);
    const index = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'This module exports the **owner** and a token, now `[REDACTED]`.', deltaSize: 10, delayMs: 10 });
    await workbench.runCommand('Sidekick: Explain Selection');

    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /This looks like a secret\. Send it to the model\?/);
    assert.match(text, /GitHub token on line 2 of the selection in deploy\.ts/);
    assert.ok(!text.includes(TOKEN), 'the dialog does not show the secret');
    assert.equal(fake.requests.length, index, 'nothing is sent while the user decides');
    await workbench.screenshot(screenshotsDir, 'features--secret-prompt');
    await dialog.getByRole('button', { name: 'Redact and Send' }).click();

    const sent = JSON.stringify((await fake.waitForRequest(index, 15_000)).body);
    assert.ok(sent.includes('[REDACTED:'), 'a placeholder is sent');
    assert.ok(!sent.includes(TOKEN), 'the token is not sent');
    assert.ok(sent.includes("const owner = 'sidekick'"), 'the rest of the selection is sent');
    await finishedAnswer(await workbench.webviewIn('editor'), 'exports the');
  });

  it('opens the walkthrough with its steps', async () => {
    const { workbench } = session();
    await workbench.closeAllEditors();
    await workbench.runCommand('Sidekick: Get Started');
    const page = workbench.page.locator('.gettingStartedContainer');
    await page.getByText('Get Started with Sidekick').first().waitFor({ timeout: 20_000 });
    const steps = await page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(
      steps.map((s) => s.trim()).filter(Boolean),
      ['Set your API key', 'Test the connection', 'Explain a selection', 'Refactor a selection', 'Chat about your code', 'Reuse prompts with / commands'],
    );
    await workbench.closeAllEditors();
  });
});
