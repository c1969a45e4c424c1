// Prompt files as a person meets them: `/` in the chat input lists them beside the built-in commands, and
// Refactor Selection offers them beside its presets.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../support/fakeServer';
import { screenshotsDir } from '../../scripts/lib/paths';
import { session } from './session';

const PROMPT = ['---', 'description: Review for rounding', 'argument-hint: what to look for', '---', 'UI_PROMPT_BODY: review ${fileBasename} for ${input:focus}.', ''].join('\n');
const CODE = ['export function total(prices: number[]): number {', '  let sum = 0;', '  for (const p of prices) sum += p;', '  return sum;', '}', ''].join('\n');

function sentText(request: RecordedRequest): string {
  return JSON.stringify((request.body as { input?: unknown }).input ?? []);
}

describe('Prompt files, as a person uses them', () => {
  before(async () => {
    const { workbench, workspace } = session();
    mkdirSync(path.join(workspace, '.github', 'prompts'), { recursive: true });
    writeFileSync(path.join(workspace, '.github', 'prompts', 'review.prompt.md'), PROMPT);
    writeFileSync(path.join(workspace, 'prices.ts'), CODE);
    // Whatever an earlier suite left open (the walkthrough's page takes the keys) is closed first.
    await workbench.closeAllEditors();
    await workbench.clearNotifications();
    await workbench.setApiKey('sk-ui-prompts-key');
  });
  beforeEach(() => session().fake.reset());
  after(async () => {
    await session().workbench.closeAllEditors();
    rmSync(path.join(session().workspace, '.github'), { recursive: true, force: true });
  });

  it('/ in the chat input lists the commands and prompt files; Enter takes one and the argument follows it', async () => {
    const { workbench, fake } = session();
    await workbench.openFile('prices.ts');
    await workbench.runCommand('Sidekick: Open Chat');
    const chat = await workbench.webviewIn('sidebar');
    await workbench.newChat(chat);
    const input = chat.locator('textarea.input');
    await input.click();
    await input.pressSequentially('/');
    const list = chat.locator('.completion[role="listbox"]#slash-completion');
    await list.locator('[role="option"]', { hasText: '/review' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await list.locator('.completion-name').allTextContents(), ['/explain', '/fix', '/tests', '/doc', '/new', '/review']);
    await input.pressSequentially('rev');
    // The list narrows as the keys arrive: the prompt file becomes the selected option.
    await list.locator('[role="option"][aria-selected="true"]', { hasText: 'Review for rounding (what to look for)' }).waitFor();
    assert.deepEqual(await list.locator('.completion-name').allTextContents(), ['/review']);
    await workbench.screenshot(screenshotsDir, 'prompt-files--slash-completion');
    await input.press('Enter');
    assert.equal(await input.inputValue(), '/review ');
    fake.enqueue({ kind: 'text', text: 'Reviewed.', deltaSize: 8, delayMs: 5 });
    await input.pressSequentially('overflow');
    await input.press('Enter');
    await chat.locator('.turn-assistant .answer', { hasText: 'Reviewed.' }).waitFor({ timeout: 30_000 });
    const request = await fake.waitForRequest(0, 15_000);
    assert.ok(sentText(request).includes('UI_PROMPT_BODY: review prices.ts for overflow.'), sentText(request));
  });

  it('Refactor Selection lists the prompt files beside its presets', async () => {
    const { workbench, fake } = session();
    await workbench.closeAllEditors();
    await workbench.openFile('prices.ts');
    await workbench.selectLines(1, 3);
    await workbench.runCommand('Sidekick: Refactor Selection...');
    const row = workbench.quickInput.locator('.monaco-list-row', { hasText: '/review' }).first();
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /Review for rounding/);
    await workbench.screenshot(screenshotsDir, 'prompt-files--refactor-list');
    fake.enqueue({ kind: 'text', text: '  const sum = prices.reduce((a, b) => a + b, 0);', deltaSize: 4, delayMs: 5 });
    await row.click();
    await workbench.answerInputBox('/review', 'rounding');
    await workbench.codeLens(/Reject/).waitFor({ timeout: 30_000 });
    const request = await fake.waitForRequest(0, 15_000);
    assert.ok(sentText(request).includes('UI_PROMPT_BODY: review prices.ts for rounding.'), sentText(request));
    await workbench.codeLens(/Reject/).click();
    await workbench.codeLens(/Reject/).waitFor({ state: 'detached' });
  });
});
