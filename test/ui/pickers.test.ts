// The chat header's model entry and pickers as a person uses them: the effort changed with the keyboard,
// the verbosity with the mouse, the model through its entry's quick pick; the questions after carry them,
// and after a window reload the conversation still shows and sends them.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FrameLocator } from 'playwright-core';
import type { FakeServer, RecordedRequest } from '../support/fakeServer';
import { extensionId, screenshotsDir } from '../../scripts/lib/paths';
import { session } from './session';


interface Sent {
  model: string;
  reasoning?: { effort?: string };
  text?: { verbosity?: string };
}

/** The first request for an answer (not the model list) at or after `index`. */
async function answerRequest(fake: FakeServer, index: number): Promise<Sent> {
  for (let i = index; ; i++) {
    const request: RecordedRequest = await fake.waitForRequest(i, 15_000);
    if (request.path === '/v1/responses') return request.body as Sent;
  }
}

/** Asks `question` in the chat and returns what its request carried, once the answer is shown. */
async function ask(chat: FrameLocator, question: string): Promise<{ model: string; effort?: string; verbosity?: string }> {
  const { fake } = session();
  const index = fake.requests.length;
  fake.enqueue({ kind: 'text', text: `Answer to ${question}`, deltaSize: 8, delayMs: 5 });
  const input = chat.getByRole('textbox', { name: 'Ask Sidekick' });
  await input.fill(question);
  await input.press('Enter');
  await chat.locator('.turn-assistant .answer', { hasText: `Answer to ${question}` }).waitFor({ timeout: 30_000 });
  const body = await answerRequest(fake, index);
  return { model: body.model, effort: body.reasoning?.effort, verbosity: body.text?.verbosity };
}

/** What the header shows: the model entry's text and the selected option of each picker. */
async function header(chat: FrameLocator): Promise<{ model: string; effort: string; verbosity: string }> {
  const selected = (name: string) => chat.getByRole('combobox', { name }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? '');
  return {
    model: (await chat.locator('.choice-model').textContent()) ?? '',
    effort: await selected('Effort'),
    verbosity: await selected('Verbosity'),
  };
}

/** Waits until the header shows `expected`: each pick is answered by the host, the last answer stays shown. */
async function headerShows(chat: FrameLocator, expected: Awaited<ReturnType<typeof header>>, message?: string): Promise<void> {
  const shown = await session().workbench.poll(() => header(chat), (now) => JSON.stringify(now) === JSON.stringify(expected), 10_000);
  assert.deepEqual(shown, expected, message);
}

/** Opens the chat from the palette and waits until it shows its conversation. */
async function openChat(): Promise<FrameLocator> {
  const { workbench } = session();
  await workbench.runCommand('Sidekick: Open Chat');
  const chat = await workbench.webviewIn('sidebar');
  await chat.locator('.choices:not(.choices-pending)').waitFor({ timeout: 30_000 });
  return chat;
}

describe('The chat header\'s model and pickers, as a person uses them', () => {
  before(async () => {
    const { workbench } = session();
    await workbench.closeAllEditors();
    await workbench.clearNotifications();
    await workbench.setApiKey('sk-ui-pickers-key');
  });
  beforeEach(() => session().fake.reset());

  it('effort by keyboard, verbosity by mouse, model from its entry: the next questions carry them, also after a window reload', async () => {
    const { workbench } = session();
    let chat = await openChat();
    await workbench.newChat(chat, 'button');
    await headerShows(chat, { model: 'gpt-5.2', effort: 'Low (default)', verbosity: 'Medium (default)' });

    // A click on the label puts the keyboard in the picker; the arrows change it.
    await chat.locator('label', { hasText: 'Effort' }).click();
    await workbench.page.keyboard.press('ArrowDown');
    await workbench.page.keyboard.press('ArrowDown');
    await chat.getByRole('combobox', { name: 'Verbosity' }).selectOption({ label: 'Low' });
    await headerShows(chat, { model: 'gpt-5.2', effort: 'High', verbosity: 'Low' });
    assert.deepEqual(await ask(chat, 'First question'), { model: 'gpt-5.2', effort: 'high', verbosity: 'low' });

    await chat.getByRole('button', { name: 'Model of this conversation: gpt-5.2. Choose another model' }).click();
    await workbench.quickInput.locator('.quick-input-title', { hasText: 'Sidekick: Select Model' }).waitFor();
    await workbench.screenshot(screenshotsDir, 'pickers--select-model');
    await workbench.quickInput.locator('input').fill('gpt-5.2-ui');
    await workbench.quickInput.locator('.monaco-list-row.focused', { hasText: 'gpt-5.2-ui' }).waitFor();
    await workbench.page.keyboard.press('Enter');
    await chat.locator('.choice-model', { hasText: 'gpt-5.2-ui' }).waitFor();
    await workbench.screenshot(screenshotsDir, 'pickers--header');
    // Its own words: the history of the session holds other conversations.
    const second = `Second question ${randomUUID()}`;
    assert.deepEqual(await ask(chat, second), { model: 'gpt-5.2-ui', effort: 'high', verbosity: 'low' });

    // A reload reads what the workbench wrote to the browser's storage, a moment after the extension saved it.
    await workbench.waitForStored(extensionId(), `Answer to ${second}`);
    await workbench.page.reload();
    await workbench.ready();
    // The reload may restore editors of earlier tests from a layout saved before they were closed (one had a
    // selection holding a token, which turned the next question into a secret prompt): none is wanted here.
    await workbench.closeAllEditors();
    chat = await openChat();
    await chat.locator('.turn-assistant .answer', { hasText: `Answer to ${second}` }).waitFor({ timeout: 30_000 });
    await headerShows(chat, { model: 'gpt-5.2-ui', effort: 'High', verbosity: 'Low' });
    assert.deepEqual(await ask(chat, 'After the reload'), { model: 'gpt-5.2-ui', effort: 'high', verbosity: 'low' });

    await workbench.newChat(chat, 'button');
    await headerShows(chat, { model: 'gpt-5.2', effort: 'Low (default)', verbosity: 'Medium (default)' }, 'a new chat starts from the defaults');
  });
});
