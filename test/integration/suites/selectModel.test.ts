// The model picker: the models GET /v1/models lists, chosen in the real quick pick, become the model of
// the conversation's next request and are kept with the conversation (what a reload reads back).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answered, chat, snapshot, until, useFakeServer, type SentBody } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { nextQuickPick } from '../helpers/window';
import { openAiModelList } from '../../support/fakeServer';

const KEY = 'sk-integration-models-4e7b';

describe('Select Model', function () {
  this.timeout(60_000);
  const settings = rememberSettings('baseUrl', 'model');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    await setSetting('model', 'gpt-5.2');
  });
  after(() => settings.restore());
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
  });

  it('lists the endpoint\'s models; the one picked is the model of the next chat request and is stored with the conversation', async () => {
    await fakeServer.setModels(openAiModelList(['gpt-5.2', 'gpt-5.2-mini', 'gpt-4.1']));
    const next = nextQuickPick();
    const done = vscode.commands.executeCommand('sidekick.selectModel');
    const item = await until('the listed models', async () => next.pick?.items.find((i) => i.label === 'gpt-5.2-mini'));
    const pick = next.pick!;
    assert.deepEqual(pick.items.map((i) => i.label), ['gpt-5.2', 'gpt-4.1', 'gpt-5.2-mini'], 'the current model first, then the list');
    // As typed into the box: the list narrows to the one model, which Enter takes.
    pick.value = item.label;
    await until('the list to narrow to the model', async () => pick.activeItems.length === 1 && pick.activeItems[0].label === item.label);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;

    await fakeServer.enqueue({ kind: 'text', text: 'Small model here.' });
    await chat('sidebar', { type: 'send', text: 'Which model?', attachSelection: false, attachFile: false });
    const snap = await answered('sidebar');
    const [models, response] = await fakeServer.requests();
    assert.equal(models.path, '/v1/models');
    assert.equal((response.body as SentBody & { model: string }).model, 'gpt-5.2-mini');
    assert.equal(snap.stored?.choice?.model, 'gpt-5.2-mini', 'kept with the conversation, so a reload keeps it');
    assert.equal((await snapshot('sidebar')).state.turns[1].text, 'Small model here.');
  });
});
