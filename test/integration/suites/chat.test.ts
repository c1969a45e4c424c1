import * as assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONTINUE_INSTRUCTION } from '../../../src/core/prompt/prompt';
import { answered, chat, lastTurn, select, snapshot, until, useFakeServer, type SentBody } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';

const KEY = 'sk-integration-chat-3c9f';
const LONG_ANSWER = Array.from({ length: 120 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(' ');

async function ask(text: string, attach: { selection?: boolean; file?: boolean } = {}): Promise<void> {
  await chat('sidebar', { type: 'send', text, attachSelection: attach.selection ?? false, attachFile: attach.file ?? false });
}

async function bodies(): Promise<SentBody[]> {
  return (await fakeServer.requests()).map((r) => r.body as SentBody);
}

describe('Sidebar chat', () => {
  const settings = rememberSettings('baseUrl', 'chat.contextBudgetChars');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
  });
  after(() => settings.restore());
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
  });

  it('sends the earlier turns back as input, with their roles', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'A closure captures variables.' }, { kind: 'text', text: 'Like a counter factory.' });
    await ask('What is a closure?');
    await answered('sidebar');
    await ask('Give an example');
    const snap = await answered('sidebar');

    assert.deepEqual(
      snap.state.turns.map((t) => `${t.role}:${t.text}:${t.status ?? ''}`),
      ['user:What is a closure?:', 'assistant:A closure captures variables.:done', 'user:Give an example:', 'assistant:Like a counter factory.:done'],
    );
    const [, second] = await bodies();
    assert.deepEqual(
      second.input.map((m) => [m.role, m.role === 'system' ? '' : m.content]),
      [
        ['system', ''],
        ['user', 'What is a closure?'],
        ['assistant', 'A closure captures variables.'],
        ['user', 'Give an example'],
      ],
    );
    assert.equal(second.reasoning?.effort, 'low');
    assert.equal(second.text?.verbosity, 'medium');
    assert.equal(snap.state.title, 'What is a closure?');
  });

  it('Stop closes the connection and keeps the partial answer, also in the history', async () => {
    await fakeServer.enqueue({ kind: 'text', text: LONG_ANSWER, deltaSize: 4, chunking: 200, delayMs: 60 });
    await ask('Tell me a long story');
    // Wait past the save interval so the partial answer has been persisted while streaming.
    const streaming = await until('part of the answer to arrive and be saved', async () => {
      const snap = await snapshot('sidebar');
      const stored = snap.stored?.turns[1];
      return stored && stored.status === 'streaming' && stored.text.length > 20 ? snap : undefined;
    });
    assert.equal(lastTurn(streaming)?.status, 'streaming');
    assert.equal(streaming.state.busy, true);

    await chat('sidebar', { type: 'stop' });
    const snap = await answered('sidebar');
    const answer = lastTurn(snap)!;
    assert.equal(answer.status, 'canceled');
    assert.ok(answer.text.length > 20, 'the partial text is kept');
    assert.ok(answer.text.length < LONG_ANSWER.length, 'the answer did not finish');
    assert.ok(LONG_ANSWER.startsWith(answer.text), 'the kept text is what arrived');

    const [request] = await until('the server to see the connection closed', async () => {
      const requests = await fakeServer.requests();
      return requests[0]?.clientClosed ? requests : undefined;
    });
    assert.equal(request.clientClosed, true);
    const stored = await until('the stopped answer to be saved', async () => {
      const s = await snapshot('sidebar');
      return s.stored?.turns[1]?.status === 'canceled' ? s.stored : undefined;
    });
    assert.equal(stored.turns[1].text, answer.text);
  });

  it('keeps conversations in the history: open, then delete', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'Use a Map.' });
    await ask('How do I count words?');
    const first = await answered('sidebar');
    const id = first.state.conversationId;

    await chat('sidebar', { type: 'newChat' });
    const fresh = await snapshot('sidebar');
    assert.notEqual(fresh.state.conversationId, id);
    assert.deepEqual(fresh.state.turns, []);
    const listed = fresh.history.find((h) => h.id === id);
    assert.deepEqual(listed && { title: listed.title, turnCount: listed.turnCount }, { title: 'How do I count words?', turnCount: 2 });

    // Reading it back from the persisted store gives the same turns.
    await chat('sidebar', { type: 'openConversation', id });
    const reopened = await snapshot('sidebar');
    assert.equal(reopened.state.conversationId, id);
    assert.deepEqual(reopened.state.turns, first.state.turns);

    await chat('sidebar', { type: 'deleteConversation', id });
    const after = await until('the conversation to leave the history', async () => {
      const s = await snapshot('sidebar');
      return s.history.some((h) => h.id === id) ? undefined : s;
    });
    assert.notEqual(after.state.conversationId, id, 'deleting the open conversation starts a new one');
    assert.equal(after.stored, undefined);
  });

  it('shows a rejected key (401) with Set API Key, and Retry sends the question again', async () => {
    await fakeServer.enqueue(
      { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } },
      { kind: 'text', text: 'Now it works.' },
    );
    await ask('Hello?');
    const failed = lastTurn(await answered('sidebar'))!;
    assert.equal(failed.status, 'error');
    assert.match(failed.error?.message ?? '', /API key was rejected \(HTTP 401\).*Incorrect API key provided/);
    assert.deepEqual(failed.error?.actions, ['setApiKey', 'showLog']);

    await chat('sidebar', { type: 'action', action: 'retry', turnId: failed.id });
    const snap = await answered('sidebar');
    assert.deepEqual(
      snap.state.turns.map((t) => `${t.role}:${t.text}:${t.status ?? ''}`),
      ['user:Hello?:', 'assistant:Now it works.:done'],
    );
    const requests = await bodies();
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[1].input.slice(1), [{ role: 'user', content: 'Hello?' }]);
  });

  it('marks a cut-off answer and Continue appends the rest to it', async () => {
    await fakeServer.enqueue(
      { kind: 'text', text: 'The first half, ', terminal: 'incomplete', incompleteReason: 'max_output_tokens' },
      { kind: 'text', text: 'and the second half.' },
    );
    await ask('Write two halves');
    const cut = lastTurn(await answered('sidebar'))!;
    assert.equal(cut.status, 'cut');
    assert.ok(cut.error?.actions.includes('continue'), `actions: ${cut.error?.actions.join(', ')}`);

    await chat('sidebar', { type: 'action', action: 'continue', turnId: cut.id });
    const snap = await answered('sidebar');
    assert.equal(snap.state.turns.length, 2, 'no new turn: the same answer goes on');
    assert.equal(lastTurn(snap)?.text, 'The first half, and the second half.');
    assert.equal(lastTurn(snap)?.status, 'done');
    const [, second] = await bodies();
    assert.deepEqual(second.input.slice(1), [
      { role: 'user', content: 'Write two halves' },
      { role: 'assistant', content: 'The first half, ' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
  });

  it('regenerates the last answer and resends an edited last question', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'One.' }, { kind: 'text', text: 'Two.' }, { kind: 'text', text: 'Three.' });
    await ask('Count');
    await answered('sidebar');
    await chat('sidebar', { type: 'regenerate' });
    let snap = await answered('sidebar');
    assert.deepEqual(
      snap.state.turns.map((t) => t.text),
      ['Count', 'Two.'],
    );
    await chat('sidebar', { type: 'editLast', text: 'Count again' });
    snap = await answered('sidebar');
    assert.deepEqual(
      snap.state.turns.map((t) => t.text),
      ['Count again', 'Three.'],
    );
    const sent = await bodies();
    assert.deepEqual(
      sent.map((b) => b.input.slice(1).map((m) => m.content)),
      [['Count'], ['Count'], ['Count again']],
    );
  });

  it('attaches the selection and the current file from the chips, cut to the budget with a note', async () => {
    await setSetting('chat.contextBudgetChars', 1000);
    // Python: no language server in the test VS Code, so nothing else competes for the CPU.
    const content = Array.from({ length: 200 }, (_, i) => `v${i} = ${i}  # line ${i + 1}`).join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await select(editor, new vscode.Selection(2, 0, 4, 0));
    const chips = await until('the chips to follow the selection', async () => {
      const s = await snapshot('sidebar');
      return s.chips.find((c) => c.kind === 'selection')?.available ? s.chips : undefined;
    });
    const [selectionChip, fileChip] = chips;
    assert.match(selectionChip.label, /^Selection \(Untitled-\d+:3-4\)$/);
    assert.equal(selectionChip.note, undefined);
    assert.ok(fileChip.available);
    assert.match(fileChip.note ?? '', /only the first 1,000 will be sent/);

    await fakeServer.enqueue({ kind: 'text', text: 'They are constants.' });
    await ask('What are these?', { selection: true, file: true });
    const snap = await answered('sidebar');
    assert.deepEqual(
      snap.state.turns[0].attachments?.map((a) => [a.kind, a.truncated]),
      [
        ['selection', false],
        ['file', true],
      ],
    );
    const [body] = await bodies();
    const question = body.input[1].content;
    assert.ok(question.startsWith('What are these?\n\nSelected code from'), question.slice(0, 80));
    assert.ok(question.includes('```python\nv2 = 2  # line 3\nv3 = 3  # line 4\n```'), 'the selection is attached whole');
    assert.match(question, /\[Truncated: only lines 1-\d+ are included/);
    assert.ok(!question.includes('line 200'), 'the file is cut to the budget');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('exports the conversation as Markdown', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'Use `Array.prototype.flat()`.' });
    await ask('How do I flatten an array?');
    await answered('sidebar');
    const target = vscode.Uri.file(path.join(mkdtempSync(path.join(os.tmpdir(), 'sidekick-export-')), 'chat.md'));
    await vscode.commands.executeCommand('sidekick.exportChat', target);
    assert.equal(
      readFileSync(target.fsPath, 'utf8'),
      '# How do I flatten an array?\n\n## You\n\nHow do I flatten an array?\n\n## Sidekick\n\nUse `Array.prototype.flat()`.\n',
    );
  });
});
