// The chat header's pickers and model entry, through the messages the webview posts: the effort and
// verbosity picked for a conversation go with its next requests, stay with it when it is opened again from
// the stored history (what a window reload reads back), and no other conversation gets them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RequestChoice } from '../../../src/protocol';
import { answered, chat, select, snapshot, until, useFakeServer, type SentBody, type Surface } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { nextQuickPick } from '../helpers/window';

const KEY = 'sk-integration-choice-5d2c';
const DEFAULTS: RequestChoice = { model: 'gpt-5.2', reasoningEffort: 'low', verbosity: 'medium' };

type Sent = SentBody & { model: string };

/** Asks `text` on `surface` and returns what the request that answered it carried. */
async function ask(surface: Surface, text: string): Promise<RequestChoice> {
  const before = (await fakeServer.requests()).length;
  await fakeServer.enqueue({ kind: 'text', text: `Answer to ${text}` });
  await chat(surface, { type: 'send', text, attachSelection: false, attachFile: false });
  await answered(surface);
  const sent = (await fakeServer.requests()).slice(before).filter((r) => r.path === '/v1/responses');
  assert.equal(sent.length, 1, `one request for "${text}"`);
  const body = sent[0].body as Sent;
  return { model: body.model, reasoningEffort: body.reasoning?.effort as RequestChoice['reasoningEffort'], verbosity: body.text?.verbosity as RequestChoice['verbosity'] };
}

/** Posts a pick as the header's select does, for the conversation the surface shows. */
async function pick(surface: Surface, choice: Partial<Pick<RequestChoice, 'reasoningEffort' | 'verbosity'>>): Promise<void> {
  const { state } = await snapshot(surface);
  await chat(surface, { type: 'setChoice', conversationId: state.conversationId, choice });
}

describe('Effort and verbosity of a conversation', function () {
  this.timeout(60_000);
  const settings = rememberSettings('baseUrl', 'model', 'reasoning.effort', 'verbosity');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    await setSetting('model', 'gpt-5.2');
    await setSetting('reasoning.effort', undefined);
    await setSetting('verbosity', undefined);
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
  });

  it('picked in the header, they go with every later request of the conversation, also once it is opened again from the history', async () => {
    assert.deepEqual((await snapshot('sidebar')).state.choice, { current: DEFAULTS, defaults: DEFAULTS }, 'a new chat shows the defaults');
    await pick('sidebar', { reasoningEffort: 'high' });
    await pick('sidebar', { verbosity: 'low' });
    const chosen: RequestChoice = { ...DEFAULTS, reasoningEffort: 'high', verbosity: 'low' };
    assert.deepEqual((await snapshot('sidebar')).state.choice.current, chosen, 'the header shows the picks');

    assert.deepEqual(await ask('sidebar', 'First question'), chosen);
    assert.deepEqual(await ask('sidebar', 'Follow-up'), chosen);
    const first = await snapshot('sidebar');
    assert.deepEqual(first.stored?.choice, { reasoningEffort: 'high', verbosity: 'low' }, 'kept with the stored conversation');

    await chat('sidebar', { type: 'newChat' });
    assert.deepEqual((await snapshot('sidebar')).state.choice.current, DEFAULTS, '/new starts from the defaults');
    assert.deepEqual(await ask('sidebar', 'In a new chat'), DEFAULTS);

    // Opening it reads it back from the store, as the sidebar does after a window reload.
    await chat('sidebar', { type: 'openConversation', id: first.state.conversationId });
    assert.deepEqual((await snapshot('sidebar')).state.choice.current, chosen);
    assert.deepEqual(await ask('sidebar', 'Back in the first chat'), chosen);
  });

  it('refuses what the pickers do not offer, and a pick for a conversation the view no longer shows', async () => {
    const { state } = await snapshot('sidebar');
    for (const choice of [{ reasoningEffort: 'xhigh' }, { verbosity: 'minimal' }, { reasoningEffort: 'high', model: 'another-model' }, 'high']) {
      await chat('sidebar', { type: 'setChoice', conversationId: state.conversationId, choice } as never);
    }
    await chat('sidebar', { type: 'setChoice', conversationId: 'an-older-conversation', choice: { reasoningEffort: 'high' } });
    assert.equal((await snapshot('sidebar')).stored, undefined);
    assert.deepEqual((await snapshot('sidebar')).state.choice.current, DEFAULTS);
    assert.deepEqual(await ask('sidebar', 'Nothing chosen'), DEFAULTS);
  });

  it('shows the settings as the default; a level picked for the conversation still wins over them', async () => {
    await pick('sidebar', { verbosity: 'high' });
    await setSetting('reasoning.effort', 'medium');
    await setSetting('verbosity', 'low');
    try {
      const settled: RequestChoice = { ...DEFAULTS, reasoningEffort: 'medium', verbosity: 'low' };
      const { choice } = (await until('the header to follow the settings', async () => {
        const snap = await snapshot('sidebar');
        return snap.state.choice.defaults.verbosity === 'low' && snap;
      })).state;
      assert.deepEqual(choice, { current: { ...settled, verbosity: 'high' }, defaults: settled });
      assert.deepEqual(await ask('sidebar', 'With settings'), { ...settled, verbosity: 'high' });
    } finally {
      await setSetting('reasoning.effort', undefined);
      await setSetting('verbosity', undefined);
    }
  });

  it('Explain keeps its own defaults; its panel\'s pickers and model entry set its conversation only', async () => {
    await pick('sidebar', { reasoningEffort: 'high' });
    const [file] = await vscode.workspace.findFiles('hello.ts');
    const editor = await vscode.window.showTextDocument(file, { viewColumn: vscode.ViewColumn.One });
    await select(editor, new vscode.Selection(0, 0, 1, 0));
    await fakeServer.enqueue({ kind: 'text', text: 'It greets.' });
    await vscode.commands.executeCommand('sidekick.explainSelection');
    await answered('panel');
    const [explained] = (await fakeServer.requests()).filter((r) => r.path === '/v1/responses');
    assert.deepEqual([(explained.body as Sent).reasoning?.effort, (explained.body as Sent).text?.verbosity], ['low', 'medium'], 'Explain\'s defaults, not the sidebar\'s pick');

    await pick('panel', { verbosity: 'high' });
    // The header's model entry: Select Model for the panel's conversation, though the editor has the focus.
    const next = nextQuickPick();
    await chat('panel', { type: 'selectModel' });
    const quickPick = await until('the Select Model quick pick', async () => next.pick);
    assert.equal(quickPick.title, 'Sidekick: Select Model');
    quickPick.value = 'gpt-5.2-explain';
    await until('the typed model to be the active item', async () => quickPick.activeItems[0]?.label === 'gpt-5.2-explain');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await until('the panel to show the model', async () => (await snapshot('panel')).state.choice.current.model === 'gpt-5.2-explain');

    assert.deepEqual(await ask('panel', 'And the edge cases?'), { model: 'gpt-5.2-explain', reasoningEffort: 'low', verbosity: 'high' });
    assert.deepEqual((await snapshot('sidebar')).state.choice.current, { ...DEFAULTS, reasoningEffort: 'high' }, 'the sidebar keeps its own');
  });
});
