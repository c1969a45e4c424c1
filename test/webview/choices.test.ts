// The chat header's model entry and pickers, driven with real keys and clicks: they show what the host says
// the next question is sent with, post what the user picks, and follow the host's answer.
import * as assert from 'node:assert/strict';
import type { ChatChoice } from '../../src/protocol';
import { defaultChoice, emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

describe('webview: model, effort and verbosity in the header', function () {
  let webview: WebviewPage;
  pagePerTest(async (page) => {
    webview = page;
    await webview.start(initMessage(emptyState()));
  });

  const effort = () => webview.page.getByRole('combobox', { name: 'Effort' });
  const verbosity = () => webview.page.getByRole('combobox', { name: 'Verbosity' });
  const model = () => webview.page.getByRole('button', { name: /^Model of this conversation: / });
  /** The text of the selected option (what the closed select shows) and the labels of all options. */
  const shown = async (select: ReturnType<typeof effort>) => ({
    selected: await select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent),
    options: await select.locator('option').allTextContents(),
  });

  it('shows the conversation\'s model, effort and verbosity, the defaults marked, in the header\'s labelled group', async function () {
    const group = webview.page.getByRole('group', { name: 'Model and settings of this conversation' });
    assert.ok(await group.locator('..').evaluate((element) => element.localName === 'header'), 'in the chat header');
    assert.equal(await model().textContent(), 'gpt-5.2');
    assert.equal(await model().getAttribute('title'), 'Model of this conversation: gpt-5.2. Choose another model');
    assert.deepEqual(await shown(effort()), { selected: 'Low (default)', options: ['Minimal', 'Low (default)', 'Medium', 'High'] });
    assert.deepEqual(await shown(verbosity()), { selected: 'Medium (default)', options: ['Low', 'Medium (default)', 'High'] });
    assert.match((await effort().getAttribute('title')) ?? '', /^Reasoning effort for this conversation \(reasoning\.effort\)/);
    assert.match((await verbosity().getAttribute('title')) ?? '', /^Verbosity for this conversation \(text\.verbosity\)/);
  });

  it('the keyboard changes the effort and verbosity of this conversation; the host\'s answer is what stays shown', async function () {
    await model().focus();
    await webview.page.keyboard.press('Tab');
    assert.equal(await webview.page.evaluate(() => document.activeElement?.id), 'choice-effort', 'Tab goes from the model to the effort');
    await webview.page.keyboard.press('ArrowDown');
    await webview.page.keyboard.press('Tab');
    await webview.page.keyboard.press('h');
    const picks = (await webview.posted()).filter((m) => m.type === 'setChoice');
    assert.deepEqual(picks, [
      { type: 'setChoice', conversationId: 'c1', choice: { reasoningEffort: 'medium' } },
      { type: 'setChoice', conversationId: 'c1', choice: { verbosity: 'high' } },
    ]);
    // The host refused the verbosity (or another window changed it back): the header shows what it says.
    const answer: ChatChoice = { ...defaultChoice, current: { ...defaultChoice.current, reasoningEffort: 'medium' } };
    await webview.send({ type: 'choice', choice: answer });
    await webview.settle();
    assert.equal((await shown(effort())).selected, 'Medium');
    assert.equal((await shown(verbosity())).selected, 'Medium (default)');
  });

  it('follows the settings: a new default is marked, a level chosen for the conversation stays', async function () {
    await effort().selectOption('high');
    const changed: ChatChoice = {
      current: { model: 'gpt-5.2-mini', reasoningEffort: 'high', verbosity: 'low' },
      defaults: { model: 'gpt-5.2-mini', reasoningEffort: 'minimal', verbosity: 'low' },
    };
    await webview.send({ type: 'choice', choice: changed });
    await webview.settle();
    assert.equal(await model().textContent(), 'gpt-5.2-mini');
    assert.deepEqual(await shown(effort()), { selected: 'High', options: ['Minimal (default)', 'Low', 'Medium', 'High'] });
    assert.deepEqual(await shown(verbosity()), { selected: 'Low (default)', options: ['Low (default)', 'Medium', 'High'] });
  });

  it('the model entry asks the host for Select Model, by click and by Enter', async function () {
    await model().click();
    await model().focus();
    await webview.page.keyboard.press('Enter');
    await webview.page.keyboard.press('Space');
    assert.deepEqual((await webview.posted()).filter((m) => m.type === 'selectModel'), [{ type: 'selectModel' }, { type: 'selectModel' }, { type: 'selectModel' }]);
  });

  it('another conversation shows its own choice, and a pick goes to it', async function () {
    const other = { ...emptyState(), conversationId: 'c2', choice: { ...defaultChoice, current: { model: 'gpt-4.1', reasoningEffort: 'minimal', verbosity: 'high' } } } as const;
    await webview.send({ type: 'state', state: other });
    await webview.settle();
    assert.equal(await model().textContent(), 'gpt-4.1');
    assert.equal((await shown(effort())).selected, 'Minimal');
    assert.equal((await shown(verbosity())).selected, 'High');
    await verbosity().selectOption('low');
    assert.deepEqual((await webview.posted()).filter((m) => m.type === 'setChoice'), [{ type: 'setChoice', conversationId: 'c2', choice: { verbosity: 'low' } }]);
  });
});
