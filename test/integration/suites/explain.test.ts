import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answered, chat, lastTurn, select, snapshot, until, useFakeServer, type SentBody } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { captureMessages } from '../helpers/window';

const KEY = 'sk-integration-explain-77a1';
const ANSWER = [
  'This declares **`greeting`**, an arrow function that builds a greeting.',
  '',
  '```ts',
  "greeting('Ada'); // 'Hello, Ada!'",
  '```',
  '',
  'It uses a template literal; nothing else happens.',
].join('\n');

const PYTHON = ['import math', '', 'def area(r):', '    squared = r * r', '    return math.pi * squared', '', 'print(area(2))', ''].join('\n');

async function openHello(): Promise<vscode.TextEditor> {
  const [file] = await vscode.workspace.findFiles('hello.ts');
  assert.ok(file, 'the test workspace has hello.ts');
  const editor = await vscode.window.showTextDocument(file, { viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
  return editor;
}

function explainTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('sidekick.explainPanel'));
}

describe('Explain Selection', () => {
  const settings = rememberSettings('baseUrl', 'responseLanguage');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(() => fakeServer.reset());

  it('streams the answer in full into a panel beside the code, leaving the focus in the editor', async () => {
    const editor = await openHello();
    await select(editor, new vscode.Selection(0, 0, 1, 0));
    await fakeServer.enqueue({ kind: 'text', text: ANSWER, deltaSize: 3, chunking: 'random', seed: 11, maxChunk: 40 });

    await vscode.commands.executeCommand('sidekick.explainSelection');
    const snap = await answered('panel');

    const answer = lastTurn(snap)!;
    assert.equal(answer.status, 'done');
    assert.equal(answer.text, ANSWER);
    assert.equal(snap.state.turns[0].role, 'user');
    assert.deepEqual(snap.state.turns[0].attachments, [{ kind: 'selection', label: 'hello.ts:1', truncated: false, sources: [{ label: 'hello.ts', uri: editor.document.uri.toString(), line: 0 }] }]);

    const tabs = explainTabs();
    assert.equal(tabs.length, 1, 'one Explain panel');
    assert.notEqual(tabs[0].group.viewColumn, editor.viewColumn, 'the panel opens beside the code');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');

    const [request] = await fakeServer.requests();
    const body = request.body as SentBody;
    assert.deepEqual(
      body.input.map((m) => m.role),
      ['system', 'user'],
    );
    const question = body.input[1].content;
    assert.match(question, /Explain the selected code in `hello\.ts` \(line 1\)/);
    assert.match(question, /language: typescript/);
    assert.ok(question.includes('export const greeting = (name: string) => `Hello, ${name}!`;'), 'the selected code is sent');
    assert.equal(body.reasoning?.effort, 'low', 'Explain defaults to low reasoning effort');
    assert.equal(body.text?.verbosity, 'medium', 'Explain defaults to medium verbosity');
    assert.ok(!JSON.stringify(snap).includes(KEY), 'the key never reaches the chat state');
  });

  it('answers in the language the setting asks for', async () => {
    await setSetting('responseLanguage', 'zh-cn');
    const editor = await openHello();
    await select(editor, new vscode.Selection(0, 0, 0, 12));
    await fakeServer.enqueue({ kind: 'text', text: '这是一个箭头函数。' });
    await vscode.commands.executeCommand('sidekick.explainSelection');
    const snap = await answered('panel');
    assert.equal(lastTurn(snap)?.text, '这是一个箭头函数。');
    const [request] = await fakeServer.requests();
    assert.match((request.body as SentBody).input[0].content, /Write your answers in Simplified Chinese/);
    await setSetting('responseLanguage', undefined);
  });

  it('without a selection explains the block around the cursor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: PYTHON });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await select(editor, new vscode.Selection(3, 6, 3, 6));
    await fakeServer.enqueue({ kind: 'text', text: 'It computes the area of a circle.' });

    await vscode.commands.executeCommand('sidekick.explainSelection');
    const snap = await answered('panel');
    assert.equal(lastTurn(snap)?.text, 'It computes the area of a circle.');
    const [request] = await fakeServer.requests();
    const question = (request.body as SentBody).input[1].content;
    assert.match(question, /the code block around the cursor .*\(lines 3-5\)/);
    assert.ok(question.includes('def area(r):\n    squared = r * r\n    return math.pi * squared'), question);
    assert.ok(!question.includes('print(area(2))') && !question.includes('import math'), 'only the enclosing block is sent');
  });

  it('says what to select instead of sending an empty question', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '\n\n\n' });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await select(editor, new vscode.Selection(1, 0, 1, 0));
    const shown = captureMessages();
    try {
      await vscode.commands.executeCommand('sidekick.explainSelection');
    } finally {
      shown.restore();
    }
    assert.equal(shown.messages.length, 1, JSON.stringify(shown.messages));
    assert.match(shown.messages[0].text, /select the code to explain/);
    // Then a question that is sent: had the empty one gone out, it would have reached the server first.
    await select(await openHello(), new vscode.Selection(0, 0, 1, 0));
    await fakeServer.enqueue({ kind: 'text', text: 'Explained.' });
    await vscode.commands.executeCommand('sidekick.explainSelection');
    await answered('panel');
    const requests = await fakeServer.requests();
    assert.equal(requests.length, 1, 'only the question with code was sent');
    assert.ok(JSON.stringify(requests[0].body).includes('hello'), 'the one request is the later question');
  });

  it('takes a follow-up question in the panel, with the earlier turns', async () => {
    const editor = await openHello();
    await select(editor, new vscode.Selection(0, 0, 1, 0));
    await fakeServer.enqueue({ kind: 'text', text: 'First answer.' }, { kind: 'text', text: 'It returns a string.' });
    await vscode.commands.executeCommand('sidekick.explainSelection');
    await answered('panel');

    await chat('panel', { type: 'send', text: 'What does it return?', attachSelection: false, attachFile: false });
    const snap = await answered('panel');
    assert.deepEqual(
      snap.state.turns.map((t) => `${t.role}:${t.text}`).slice(1),
      ['assistant:First answer.', 'user:What does it return?', 'assistant:It returns a string.'],
    );
    const requests = await fakeServer.requests();
    const body = requests[1].body as SentBody;
    assert.deepEqual(
      body.input.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.match(body.input[1].content, /Explain the selected code/);
    assert.equal(body.input[2].content, 'First answer.');
    assert.equal(body.input[3].content, 'What does it return?');
  });

  it('shows a rejected key (401) as an error card with Set API Key', async () => {
    const editor = await openHello();
    await select(editor, new vscode.Selection(0, 0, 1, 0));
    await fakeServer.enqueue({
      kind: 'json',
      status: 401,
      body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } },
    });
    await vscode.commands.executeCommand('sidekick.explainSelection');
    // The panel still shows the previous explanation until this one starts: wait for this answer's end.
    const answer = await until('the 401 to end the answer', async () => {
      const last = lastTurn(await snapshot('panel'));
      return last?.role === 'assistant' && last.status === 'error' ? last : undefined;
    });
    assert.equal(answer.error?.kind, 'auth');
    assert.match(answer.error?.message ?? '', /Incorrect API key provided/);
    assert.ok(answer.error?.actions.includes('setApiKey'), `actions: ${answer.error?.actions.join(', ')}`);
    assert.ok(!answer.error?.message.includes(KEY));
    // The panel's conversation is in the history with what it showed.
    const snap = await until('the history to list the panel conversation', async () => {
      const s = await snapshot('panel');
      return s.history.some((h) => h.id === s.state.conversationId) ? s : undefined;
    });
    assert.equal(snap.stored?.turns[1].status, 'error');
  });
});
