// What goes with a chat question, as a person sees and controls it: the chips before sending (removing
// one), the chips on the sent turn, `#` to add a workspace file, and Show what was sent.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { RecordedRequest } from '../support/fakeServer';
import { session } from './session';

const MONEY = [
  'export interface Money {',
  '  amount: number;',
  '  currency: string;',
  '}',
  '',
  'export function formatMoney(money: Money): string {',
  '  return `${(money.amount / 100).toFixed(2)} ${money.currency}`;',
  '}',
  '',
].join('\n');

const REPORT = [
  "import { formatMoney, type Money } from './money';",
  '',
  'export function reportLine(label: string, money: Money): string {',
  '  const text = formatMoney(money);',
  '  return `${label}: ${text}`;',
  '}',
  '',
].join('\n');

function lastUserMessage(request: RecordedRequest): string {
  const input = (request.body as { input?: { role: string; content: string }[] }).input ?? [];
  return input.filter((m) => m.role === 'user').pop()?.content ?? '';
}

async function ask(chat: FrameLocator, question: string, answer: string): Promise<RecordedRequest> {
  const { fake } = session();
  const index = fake.requests.length;
  fake.enqueue({ kind: 'text', text: answer, deltaSize: 8, delayMs: 5 });
  const input = chat.locator('textarea.input');
  await input.fill(question);
  await input.press('Enter');
  await chat.locator('.turn-assistant').last().locator('.answer', { hasText: answer }).waitFor({ timeout: 30_000 });
  return fake.waitForRequest(index, 15_000);
}

describe('What goes with a question, as a person controls it', () => {
  before(async () => {
    const { workbench, workspace } = session();
    writeFileSync(path.join(workspace, 'money.ts'), MONEY);
    writeFileSync(path.join(workspace, 'report.ts'), REPORT);
    await workbench.clearNotifications();
    await workbench.runCommand('Sidekick: Set API Key');
    await workbench.answerInputBox('Sidekick: Set API Key', 'sk-ui-context-key');
  });
  beforeEach(() => session().fake.reset());
  // What these tests opened (money.ts, the sent request beside the code) must not change the next suite's layout.
  after(() => session().workbench.closeAllEditors());

  it('shows the Definitions chip for a selection, sends nothing of it when removed, and the definitions when on', async () => {
    const { workbench } = session();
    await workbench.closeAllEditors();
    await workbench.openFile('report.ts');
    // TypeScript answers definitions once Go to Definition lands in money.ts: the language server has loaded
    // the project (while it starts, a syntax-only server answers with the import line of this file).
    const moneyTab = workbench.page.locator('.editor-group-container.active .tab.active[aria-label^="money.ts"]');
    for (let attempt = 0; ; attempt++) {
      await workbench.page.keyboard.press('Control+Home');
      for (let line = 1; line < 4; line++) await workbench.page.keyboard.press('ArrowDown');
      await workbench.page.keyboard.press('End');
      for (let i = 0; i < '(money);'.length; i++) await workbench.page.keyboard.press('ArrowLeft');
      await workbench.page.keyboard.press('F12');
      try {
        await moneyTab.waitFor({ timeout: 3_000 });
        break;
      } catch (error) {
        if (attempt === 20) throw error;
        await workbench.openFile('report.ts');
      }
    }
    await workbench.openFile('report.ts');
    await workbench.selectLines(4, 5);

    await workbench.runCommand('Sidekick: Open Chat');
    const chat = await workbench.webviewIn('sidebar');
    await chat.locator('textarea.input').waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.runCommand('Sidekick: New Chat');
    const definitions = chat.locator('button.chip[data-chip="definitions"]');
    await definitions.waitFor({ timeout: 15_000 });
    assert.equal(await definitions.getAttribute('aria-pressed'), 'true', 'on by default');

    await definitions.click();
    assert.equal(await definitions.getAttribute('aria-pressed'), 'false');
    const without = await ask(chat, 'What does this line do?', 'It formats the amount.');
    assert.ok(lastUserMessage(without).includes('const text = formatMoney(money);'), 'the selection goes');
    assert.ok(!lastUserMessage(without).includes('Definitions the selected code uses'), 'a removed chip sends nothing');

    await definitions.click();
    const withDefinitions = await ask(chat, 'And with the definitions?', 'Now with formatMoney.');
    const sent = lastUserMessage(withDefinitions);
    assert.ok(sent.includes('export function formatMoney(money: Money): string {'), `formatMoney goes in full:\n${sent}`);
    assert.ok(sent.includes('export interface Money {'), 'and the Money interface');

    const chip = chat.locator('.turn-user').last().locator('button.attachment[data-attachment="definitions"]');
    assert.match((await chip.innerText()).trim(), /^\d+ definitions?$/);
    await chip.click();
    // Several definitions: a quick pick of where they are; one opens it.
    const pick = workbench.page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: 'formatMoney' }).first().click();
    await workbench.page.locator('.editor-group-container.active .tab.active[aria-label^="money.ts"]').waitFor({ timeout: 15_000 });
  });

  it('# in the question lists workspace files; Enter adds one as a chip that goes with the question', async () => {
    const { workbench } = session();
    await workbench.runCommand('Sidekick: Open Chat');
    const chat = await workbench.webviewIn('sidebar');
    await workbench.runCommand('Sidekick: New Chat');
    const input = chat.locator('textarea.input');
    await input.click();
    await input.pressSequentially('Compare with #mone');
    const option = chat.locator('.file-completion [role="option"]', { hasText: 'money.ts' });
    await option.waitFor({ timeout: 15_000 });
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await input.press('Enter');
    const added = chat.locator('button.chip[data-chip="added"]');
    await added.waitFor();
    assert.match(await added.innerText(), /money\.ts/);
    assert.equal(await input.inputValue(), 'Compare with ', 'the #query is replaced by the chip');
    assert.ok(await chat.locator('.file-completion').isHidden());

    // Removed, then added again from the keyboard alone.
    await added.click();
    await added.waitFor({ state: 'detached' });
    await input.press('End');
    await input.pressSequentially('#money');
    await option.waitFor();
    await input.press('Tab');
    await added.waitFor();

    const request = await ask(chat, 'Compare the two formats.', 'They match.');
    assert.ok(lastUserMessage(request).includes(MONEY.trimEnd()), 'the whole file goes with the question');
    await added.waitFor({ state: 'detached' });
  });

  it('Show what was sent opens the exact input of the request in an editor', async () => {
    const { workbench } = session();
    await workbench.runCommand('Sidekick: Open Chat');
    const chat = await workbench.webviewIn('sidebar');
    await workbench.runCommand('Sidekick: New Chat');
    const request = await ask(chat, 'What is a Money?', 'An amount and a currency.');
    await chat.locator('.turn-user').last().getByRole('button', { name: 'Show what was sent' }).click();
    const tab = workbench.page.locator('.tab[aria-label*="Sent to the model"]');
    await tab.waitFor({ timeout: 15_000 });
    // The editor draws spaces as non-breaking ones.
    const shown = (await workbench.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    const input = (request.body as { input: { role: string }[] }).input;
    assert.match(shown, /"role": "system"/);
    assert.ok(shown.includes('What is a Money?'));
    assert.ok(!shown.includes('sk-ui-context-key'), 'never the key');
    assert.equal(input[input.length - 1].role, 'user');
  });
});
