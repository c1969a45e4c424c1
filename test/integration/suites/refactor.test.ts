import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { until, type SentBody } from '../helpers/chat';
import { fakeServer } from '../helpers/fakeServer';
import { lensTitles, openFile, refactorSuite, selectLines } from '../helpers/refactor';
import { rememberSettings } from '../helpers/settings';
import { stubWindow } from '../helpers/window';

const KEY = 'sk-integration-refactor-31c9';

async function reviewShown(document: vscode.TextDocument): Promise<void> {
  await until('the review CodeLens', async () => (await lensTitles(document)).some((title) => title.includes('Accept')));
}

async function refactor(instruction: string): Promise<void> {
  await vscode.commands.executeCommand('sidekick.refactorSelection', { instruction });
}

/** An answer with the chatter and fences models add around code. */
function fenced(code: string, language = 'ts'): string {
  return `Here is the refactored code:\n\n\`\`\`${language}\n${code}\n\`\`\`\n\nThis keeps the behaviour.`;
}

/** Sends `text` slowly enough to act while it streams. */
function slow(text: string, delayMs = 30) {
  return { kind: 'text' as const, text, deltaSize: 4, chunking: 200, delayMs };
}

/** An edit from the extension host is refused when the document changed meanwhile; a user's never is. */
async function typeWhileStreaming(editor: vscode.TextEditor, at: vscode.Position, text: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await editor.edit((edit) => edit.insert(at, text))) {
      return;
    }
  }
  assert.fail('the edit was refused 50 times');
}

async function undo(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
  await vscode.commands.executeCommand('undo');
}

const TS = ['// math', 'export function add(a, b) {', '  var sum = a + b;  ', '  return sum;', '}', 'add(1, 2);', ''].join('\n');
const TS_NEW_BODY = ['export function add(a: number, b: number): number {', '  return a + b;', '}'].join('\n');
const TS_AFTER = ['// math', TS_NEW_BODY, 'add(1, 2);', ''].join('\n');

describe('Refactor Selection', () => {
  const shown = refactorSuite(KEY, rememberSettings('baseUrl'));

  it('streams the rewrite in place, then Accept keeps it; the request has the marker, context and defaults', async () => {
    const editor = await openFile('accept.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 2, chunking: 'random', seed: 5, maxChunk: 30 });
    await refactor('Add types');
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), TS_AFTER, 'the proposal replaced the selection, without chatter or fences');
    assert.deepEqual(await lensTitles(editor.document), ['$(check) Accept', '$(discard) Reject', '$(diff) Show Diff', '$(refresh) Regenerate']);

    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), TS_AFTER);
    assert.deepEqual(await lensTitles(editor.document), [], 'no review is left');

    const [request] = await fakeServer.requests();
    const body = request.body as SentBody;
    assert.match(body.input[0].content, /^You rewrite a selection of source code/);
    const user = body.input[1].content;
    assert.match(user, /^Instruction: Add types$/m);
    assert.match(user, /File: accept\.ts \(language: typescript\)/);
    assert.ok(user.includes('export function add(a, b) {\n  var sum = a + b;  \n  return sum;\n}'), 'the selection is sent as it is');
    assert.ok(user.includes('Context before the selection (read-only):\n```typescript\n// math\n'), 'the line above goes along as context');
    assert.ok(user.includes('add(1, 2);'), 'the line below goes along as context');
    assert.equal(body.reasoning?.effort, 'medium');
    assert.equal(body.text?.verbosity, 'low');
    assert.ok(!JSON.stringify(shown.messages).includes(KEY));
  });

  it('after Accept, one undo restores the original, and the next undo what the user did before', async () => {
    const editor = await openFile('undo.ts', TS);
    await editor.edit((edit) => edit.insert(new vscode.Position(6, 0), 'add(3, 4);\n'));
    const before = TS + 'add(3, 4);\n';
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 2 });
    await refactor('Add types');
    await reviewShown(editor.document);
    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), TS_AFTER + 'add(3, 4);\n');

    await undo(editor);
    assert.equal(editor.document.getText(), before, 'one undo brings the original back');
    await undo(editor);
    assert.equal(editor.document.getText(), TS, 'the next undo reverts the user\'s own edit: no stray step in between');
  });

  it('Reject restores the original byte for byte, leaves the file clean and no stray undo step', async () => {
    const editor = await openFile('reject.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 2 });
    await refactor('Add types');
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), TS_AFTER);
    assert.ok(editor.document.isDirty);

    await vscode.commands.executeCommand('sidekick.rejectEdit');
    assert.equal(editor.document.getText(), TS);
    assert.equal(editor.document.isDirty, false, 'the file is as saved again');
    assert.deepEqual(await lensTitles(editor.document), []);

    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// top\n'));
    await undo(editor);
    assert.equal(editor.document.getText(), TS, 'undo reverts the user\'s edit, not a leftover of the refactor');
    await undo(editor);
    assert.equal(editor.document.getText(), TS, 'nothing of the refactor is left to undo');
  });

  it('an undo during the review takes the proposal back and ends the review', async () => {
    const editor = await openFile('undo-review.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 4 });
    await refactor('Add types');
    await reviewShown(editor.document);
    await undo(editor);
    assert.equal(editor.document.getText(), TS);
    assert.equal(editor.document.isDirty, false);
    await until('the review to end', async () => (await lensTitles(editor.document)).length === 0);
  });

  it('Stop while streaming (Esc, status bar) restores the original and closes the request', async () => {
    const editor = await openFile('cancel.ts', TS);
    selectLines(editor, 1, 4);
    const longBody = Array.from({ length: 40 }, (_, i) => `  const v${i} = a + b + ${i};`).join('\n');
    await fakeServer.enqueue(slow(fenced(`export function add(a: number, b: number): number {\n${longBody}\n  return a + b;\n}`)));
    const done = refactor('Add types');
    await until('the rewrite to stream into the editor', async () => editor.document.getText().includes('const v2 = a + b + 2;'));
    assert.ok(!editor.document.getText().includes('const v39'), 'still streaming');
    assert.ok(editor.document.getText().startsWith('// math\nexport function add(a: number, b: number): number {\n'));
    assert.ok(editor.document.getText().endsWith('\nadd(1, 2);\n'), 'the text after the selection stays after it');

    await vscode.commands.executeCommand('sidekick.cancelEdit', editor.document.uri.toString());
    await done;
    assert.equal(editor.document.getText(), TS);
    assert.equal(editor.document.isDirty, false);
    const [request] = await until('the request to close', async () => {
      const requests = await fakeServer.requests();
      return requests[0]?.clientClosed ? requests : undefined;
    });
    assert.equal(request.clientClosed, true, 'the request was aborted');
    assert.deepEqual(shown.messages, [], 'a stop the user asked for is no error');
  });

  it('an API error mid-stream restores the original and names the error with its actions', async () => {
    const editor = await openFile('error.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'flatError', code: 'server_error', message: 'The model crashed.', textBefore: '```ts\nexport function add(a: number', chunking: 100, delayMs: 20 });
    await refactor('Add types');
    assert.equal(editor.document.getText(), TS);
    const errors = shown.messages.filter((m) => m.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(shown.messages));
    assert.match(errors[0].text, /refactor failed; your code is unchanged/);
    assert.match(errors[0].text, /The model crashed\./);
    assert.ok(errors[0].actions.includes('Retry'), errors[0].actions.join(', '));
  });

  it('a stream cut off before the end restores the original and says so', async () => {
    const editor = await openFile('truncated.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 2, terminal: 'none', chunking: 200, delayMs: 10 });
    await refactor('Add types');
    assert.equal(editor.document.getText(), TS);
    const errors = shown.messages.filter((m) => m.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(shown.messages));
    assert.match(errors[0].text, /cut off/);
  });

  it('keeps the user\'s edit above the region while streaming, and the region follows it', async () => {
    const editor = await openFile('above.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue(slow(fenced(TS_NEW_BODY), 60));
    const done = refactor('Add types');
    await until('the rewrite to start', async () => editor.document.getText().includes('export function add(a: number'));
    await typeWhileStreaming(editor, new vscode.Position(0, 0), '// typed while streaming\n');
    await done;
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), `// typed while streaming\n${TS_AFTER}`);
    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), `// typed while streaming\n${TS_AFTER}`);
    await undo(editor);
    assert.equal(editor.document.getText(), `// typed while streaming\n${TS}`, 'one undo restores the original and keeps the user\'s line');
  });

  it('an edit inside the region stops the stream and leaves the text as the user typed it', async () => {
    const editor = await openFile('inside.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue(slow(fenced(`${TS_NEW_BODY}\n// ${'x'.repeat(300)}`)));
    const done = refactor('Add types');
    await until('the rewrite to start', async () => editor.document.getText().includes('export function add(a: number, b: number): number {\n'));
    await typeWhileStreaming(editor, new vscode.Position(1, 'export '.length), 'MINE ');
    const typed = editor.document.getText();
    await done;
    assert.equal(editor.document.getText(), typed, 'nothing is written after the user\'s edit');
    assert.ok(typed.includes('export MINE function add(a: number'));
    assert.deepEqual(await lensTitles(editor.document), []);
    assert.deepEqual(shown.messages, []);
  });

  it('keeps a CRLF document CRLF, and Reject restores it byte for byte, trailing spaces included', async () => {
    const crlf = TS.replace(/\n/g, '\r\n');
    const editor = await openFile('crlf.ts', crlf);
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 3, chunking: 'random', seed: 2, maxChunk: 25 });
    await refactor('Add types');
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), TS_AFTER.replace(/\n/g, '\r\n'));
    await vscode.commands.executeCommand('sidekick.rejectEdit');
    assert.equal(editor.document.getText(), crlf);

    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 3 });
    selectLines(editor, 1, 4);
    await refactor('Add types');
    await reviewShown(editor.document);
    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), TS_AFTER.replace(/\n/g, '\r\n'));
    await undo(editor);
    assert.equal(editor.document.getText(), crlf);
  });

  it('fits spaces-indented output to a tab-indented document at the selection\'s depth', async () => {
    const tabs = ['class A {', '\trun() {', '\t\tif (this.ok) {', '\t\t\tgo();', '\t\t}', '\t}', '}', ''].join('\n');
    const editor = await openFile('tabs.ts', tabs, { insertSpaces: false, tabSize: 4 });
    selectLines(editor, 2, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced('if (this.ok) {\n    // proceed\n    go();\n}'), deltaSize: 4 });
    await refactor('Add comments');
    await reviewShown(editor.document);
    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), ['class A {', '\trun() {', '\t\tif (this.ok) {', '\t\t\t// proceed', '\t\t\tgo();', '\t\t}', '\t}', '}', ''].join('\n'));
  });

  it('a second refactor while one is pending asks to finish the first, and goes on after Reject', async () => {
    const editor = await openFile('second.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 4 });
    await refactor('Add types');
    await reviewShown(editor.document);

    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await refactor('Improve readability');
    const warning = shown.messages.find((m) => m.severity === 'warning');
    assert.ok(warning && /waiting for your review/.test(warning.text), JSON.stringify(shown.messages));
    assert.deepEqual(warning.actions, ['Accept', 'Reject']);
    assert.equal(editor.document.getText(), TS_AFTER, 'dismissing the question changes nothing');
    assert.equal((await fakeServer.requests()).length, 1, 'no second request');

    const restoreWarning = stubWindow('showWarningMessage', ((_text: string, ...items: string[]) => Promise.resolve(items.find((i) => i === 'Reject'))) as unknown as typeof vscode.window.showWarningMessage);
    try {
      await fakeServer.enqueue({ kind: 'text', text: '// math, checked', deltaSize: 4 });
      editor.selection = new vscode.Selection(0, 0, 0, 7);
      await refactor('Improve readability');
    } finally {
      restoreWarning();
    }
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), TS.replace('// math', '// math, checked'), 'the first edit was rejected, the second one proposed');
    assert.equal((await fakeServer.requests()).length, 2);
  });

  it('Show Diff opens the original beside the proposal; Regenerate asks again and proposes anew', async () => {
    const editor = await openFile('diff.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 4 });
    await refactor('Add types');
    await reviewShown(editor.document);

    await vscode.commands.executeCommand('sidekick.showEditDiff');
    const diff = await until('the diff tab', async () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff),
    );
    assert.equal(diff.modified.toString(), editor.document.uri.toString());
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), TS, 'the left side is the document as it was');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const second = TS_NEW_BODY.replace('return a + b;', 'return b + a;');
    await fakeServer.enqueue({ kind: 'text', text: fenced(second), deltaSize: 4 });
    await vscode.commands.executeCommand('sidekick.regenerateEdit', editor.document.uri.toString());
    await until('the new proposal', async () => editor.document.getText().includes('return b + a;'));
    await reviewShown(editor.document);
    assert.equal(editor.document.getText(), ['// math', second, 'add(1, 2);', ''].join('\n'));
    const requests = await fakeServer.requests();
    assert.equal(requests.length, 2);
    assert.match((requests[1].body as SentBody).input[1].content, /^Instruction: Add types$/m);
    assert.ok((requests[1].body as SentBody).input[1].content.includes('  var sum = a + b;  '), 'Regenerate sends the original again');
    await vscode.commands.executeCommand('sidekick.rejectEdit');
    assert.equal(editor.document.getText(), TS);
  });

  it('says what to select on an empty selection and sends nothing', async () => {
    const editor = await openFile('empty.ts', TS);
    editor.selection = new vscode.Selection(2, 2, 2, 2);
    await refactor('Add types');
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    await refactor('Add types');
    assert.equal(shown.messages.length, 2);
    assert.match(shown.messages[0].text, /select the code to refactor first/);
    assert.deepEqual(await fakeServer.requests(), []);
    assert.equal(editor.document.getText(), TS);
  });

  it('saving during the review keeps it pending and warns; Reject then still restores the original', async () => {
    const editor = await openFile('save.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue({ kind: 'text', text: fenced(TS_NEW_BODY), deltaSize: 4 });
    await refactor('Add types');
    await reviewShown(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await until('the save', async () => !editor.document.isDirty);
    await until('the warning', async () => shown.messages.some((m) => m.severity === 'warning' && /saved with a Sidekick edit still pending/.test(m.text)));
    assert.ok((await lensTitles(editor.document)).some((t) => t.includes('Accept')), 'the review is still pending');
    await vscode.commands.executeCommand('sidekick.rejectEdit');
    assert.equal(editor.document.getText(), TS);
  });

  it('closing the document while streaming stops the request and writes nothing more', async () => {
    const editor = await openFile('close.ts', TS);
    selectLines(editor, 1, 4);
    await fakeServer.enqueue(slow(fenced(`${TS_NEW_BODY}\n// ${'y'.repeat(400)}`)));
    const done = refactor('Add types');
    await until('the rewrite to start', async () => editor.document.getText().includes('export function add(a: number'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await done;
    const [request] = await until('the request to close', async () => {
      const requests = await fakeServer.requests();
      return requests[0]?.clientClosed ? requests : undefined;
    });
    assert.equal(request.clientClosed, true);
    assert.equal(vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('/close.ts')), false, 'the file was not reopened');
    assert.equal(readFileSync(editor.document.uri.fsPath, 'utf8'), TS, 'the file holds the original');
    assert.deepEqual(shown.messages.filter((m) => m.severity === 'error'), []);
  });
});
