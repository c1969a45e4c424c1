// What goes with a chat question, as a person sees and controls it: `#` to add a workspace file (a chip that
// can be removed), and Show what was sent.
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
    await workbench.setApiKey('sk-ui-context-key');
  });
  beforeEach(() => session().fake.reset());
  // What these tests opened (money.ts, the sent request beside the code) must not change the next suite's layout.
  after(() => session().workbench.closeAllEditors());

  it('# in the question lists workspace files; Enter adds one as a chip that goes with the question', async () => {
    const { workbench } = session();
    await workbench.runCommand('Sidekick: Open Chat');
    const chat = await workbench.webviewIn('sidebar');
    await workbench.newChat(chat);
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
    await workbench.newChat(chat);
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
