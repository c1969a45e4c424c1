// What goes with a question besides the selection, read off what the fake server received: the
// declarations the selection uses (through the TypeScript support built into VS Code), the project's
// instructions and the problems in the selection; and that gathering never holds a request past its box.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answered, chat, lastTurn, select, until, useFakeServer, type ChatSnapshot, type SentBody } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import type { Turn } from '../../../src/protocol';

const KEY = 'sk-integration-context-5c1e';
const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const file = (relative: string) => vscode.Uri.file(path.join(root(), relative));

/** Opens a file of the fixture project and selects lines `from`..`to` (0-based, whole lines). */
async function selectIn(relative: string, from: number, to: number): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const editor = await vscode.window.showTextDocument(file(relative), { viewColumn: vscode.ViewColumn.One, preview: false });
  return select(editor, new vscode.Selection(from, 0, to + 1, 0));
}

/** Waits until TypeScript answers a definition request in `relative` (the language server has started). */
async function typescriptReady(relative: string, line: number, character: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(file(relative));
  await until(
    'the TypeScript language server to answer definitions',
    async () => {
      const found = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', document.uri, new vscode.Position(line, character));
      return (found?.length ?? 0) > 0;
    },
    120_000,
  );
}

/** The request body of the one request the fake server received. */
async function sentBody(): Promise<SentBody> {
  const [request] = await until('the request to arrive', async () => {
    const requests = await fakeServer.requests();
    return requests.length > 0 ? requests : undefined;
  });
  return request.body as SentBody;
}

/** Explains lines `from`..`to` (0-based) of a fixture file; the answer, and what the server received. */
async function explainLines(relative: string, from: number, to: number): Promise<{ snap: ChatSnapshot; system: string; user: string; body: SentBody }> {
  await selectIn(relative, from, to);
  await fakeServer.enqueue({ kind: 'text', text: 'Explained.' });
  await vscode.commands.executeCommand('sidekick.explainSelection');
  const snap = await answered('panel');
  const body = await sentBody();
  return { snap, system: body.input[0].content, user: body.input[1].content, body };
}

/** The text of a declaration exactly as it is in the fixture file, lines `from`..`to` (0-based). */
async function linesOf(relative: string, from: number, to: number): Promise<string> {
  const document = await vscode.workspace.openTextDocument(file(relative));
  return document.getText(new vscode.Range(from, 0, to, document.lineAt(to).text.length));
}

function lastTurnOf(snap: { state: { turns: Turn[] } }, role: Turn['role']): Turn | undefined {
  return snap.state.turns.filter((t) => t.role === role).pop();
}

/** Writes instruction files for one test; the returned function removes them. */
function writeFiles(files: Record<string, string>): () => void {
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root(), relative)), { recursive: true });
    writeFileSync(path.join(root(), relative), text);
  }
  return () => Object.keys(files).forEach((relative) => rmSync(path.join(root(), relative), { force: true }));
}

describe('Project context', function () {
  this.timeout(180_000);
  const settings = rememberSettings('baseUrl', 'context.timeBoxMs', 'context.definitionsBudgetChars', 'context.instructions', 'context.definitions', 'context.instructionsBudgetChars');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    await typescriptReady('src/checkout.ts', 4, 28);
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(async () => {
    await fakeServer.reset();
    // Tests of content must not depend on how fast this machine is: a generous box (the box has its own test).
    await setSetting('context.timeBoxMs', 10_000);
    await setSetting('context.definitionsBudgetChars', undefined);
    await setSetting('context.instructionsBudgetChars', undefined);
  });

  it('Explain attaches the whole declarations the selection uses, and nothing from an unrelated file or the standard library', async () => {
    const { snap, user } = await explainLines('src/checkout.ts', 4, 6);

    const formatMoney = await linesOf('src/money.ts', 8, 11);
    const money = await linesOf('src/money.ts', 1, 4);
    const cart = await linesOf('src/cart.ts', 8, 19);
    const item = await linesOf('src/cart.ts', 2, 6);
    for (const [name, text] of Object.entries({ formatMoney, money, cart, item })) {
      assert.ok(user.includes(text), `the declaration of ${name} is attached in full:\n${text}\n--- sent:\n${user}`);
    }
    assert.ok(!user.includes('UNRELATED_MARKER') && !user.includes('unrelatedHelper'), 'nothing from an unrelated file');
    assert.ok(!user.includes('parseMoney'), 'a function of the same file that the selection does not use is not attached');
    assert.ok(!user.includes('lib.es5') && !user.includes('interface Array<T>'), 'nothing from the standard library');
    assert.ok(user.indexOf(formatMoney) > user.indexOf('Selected code from'), 'the definitions come after the selection');

    const chips = snap.state.turns[0].attachments ?? [];
    const definitions = chips.find((c) => c.kind === 'definitions');
    assert.ok(definitions, 'the turn shows a definitions chip');
    assert.match(definitions.label, /^\d+ definitions$/);
    assert.ok(definitions.sources?.some((s) => s.uri.endsWith('/src/money.ts') && s.line === 8), 'the chip opens formatMoney in money.ts');
  });

  it('a declaration in a file with unsaved edits goes as the editor shows it', async () => {
    const money = await vscode.workspace.openTextDocument(file('src/money.ts'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(money.uri, new vscode.Position(9, 0), '  // UNSAVED_EDIT_MARKER\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const { user } = await explainLines('src/checkout.ts', 4, 6);
      const shown = money.getText(new vscode.Range(8, 0, 12, money.lineAt(12).text.length));
      assert.ok(shown.includes('UNSAVED_EDIT_MARKER'));
      assert.ok(user.includes(shown), `formatMoney as edited, whole:\n${shown}\n--- sent:\n${user}`);
    } finally {
      await vscode.window.showTextDocument(money);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a call into the standard library attaches nothing', async () => {
    const { snap, user } = await explainLines('src/checkout.ts', 10, 10);
    assert.ok(!user.includes('Definitions the selected code uses'), `no definitions for Array.prototype.map/filter and String.prototype.trim:\n${user}`);
    assert.equal(snap.state.turns[0].attachments?.some((c) => c.kind === 'definitions'), false);
  });

  it('a chat question with the Selection chip carries the definitions; the Definitions chip removed, it does not', async () => {
    await selectIn('src/billing/invoice.ts', 3, 3);
    await fakeServer.enqueue({ kind: 'text', text: 'One.' }, { kind: 'text', text: 'Two.' });
    await chat('sidebar', { type: 'send', text: 'What does this print?', attachSelection: true, attachFile: false });
    await answered('sidebar');
    const first = (await sentBody()).input.at(-1)!.content;
    assert.ok(first.includes(await linesOf('src/money.ts', 8, 11)), 'formatMoney is attached');

    await chat('sidebar', { type: 'toggleChip', kind: 'definitions', on: false });
    await fakeServer.reset();
    await fakeServer.enqueue({ kind: 'text', text: 'Two.' });
    await chat('sidebar', { type: 'send', text: 'And now?', attachSelection: true, attachFile: false });
    await until('the second answer', async () => {
      const snap = await chat('sidebar');
      return snap && snap.state.turns.length >= 4 && !snap.state.busy && lastTurn(snap)?.status === 'done';
    });
    const second = (await sentBody()).input.at(-1)!.content;
    assert.ok(!second.includes('Definitions the selected code uses'), 'a removed chip sends nothing');
    await chat('sidebar', { type: 'toggleChip', kind: 'definitions', on: true });
    await chat('sidebar', { type: 'newChat' });
  });

  it('cuts the definitions to the budget, most used first, with a visible note', async () => {
    await setSetting('context.definitionsBudgetChars', 200);
    const { snap, user } = await explainLines('src/checkout.ts', 4, 6);
    const block = user.slice(user.indexOf('Definitions the selected code uses'));
    const attached = [...block.matchAll(/\n(`{3,})typescript\n([\s\S]*?)\n\1/g)].map((m) => m[2]);
    assert.ok(attached.length >= 1, `something fits:\n${user}`);
    assert.ok(attached.join('').length <= 200, 'the attached declarations fit the budget');
    assert.match(user, /\[Left out to fit the context budget: \d+ more definition\(s\)/);
    assert.equal(snap.state.turns[0].attachments?.find((c) => c.kind === 'definitions')?.truncated, true, 'the chip says it was cut');
  });

  it('a definition provider that never answers does not hold the request past the time box', async () => {
    await setSetting('context.timeBoxMs', 400);
    let asked = 0;
    const never = vscode.languages.registerDefinitionProvider({ language: 'typescript' }, {
      provideDefinition: () => {
        asked++;
        return new Promise<never>(() => undefined);
      },
    });
    try {
      await selectIn('src/checkout.ts', 4, 6);
      await fakeServer.enqueue({ kind: 'text', text: 'In time.' });
      await vscode.commands.executeCommand('sidekick.explainSelection');
      // The request leaves although a provider never answers: it was not waited on.
      await sentBody();
      assert.ok(asked > 0, 'the hanging provider was asked');
      await answered('panel');
    } finally {
      never.dispose();
    }
  });

  it('Stop while gathering cancels the question: nothing is sent', async () => {
    await setSetting('context.timeBoxMs', 10_000);
    let reached!: () => void;
    const asked = new Promise<void>((resolve) => (reached = resolve));
    const never = vscode.languages.registerDefinitionProvider({ language: 'typescript' }, {
      provideDefinition: () => {
        reached();
        return new Promise<never>(() => undefined);
      },
    });
    try {
      await selectIn('src/checkout.ts', 4, 6);
      const before = (await chat('sidebar'))!.state.turns.length;
      void chat('sidebar', { type: 'send', text: 'Will be stopped', attachSelection: true, attachFile: false });
      await asked;
      await until('the chat to be busy gathering', async () => (await chat('sidebar'))?.state.busy);
      await chat('sidebar', { type: 'stop' });
      const snap = await until('the chat to be idle', async () => {
        const s = await chat('sidebar');
        return s && !s.state.busy ? s : undefined;
      });
      assert.equal(snap.state.turns.length, before, 'no question was added');
      assert.equal((await fakeServer.requests()).length, 0, 'nothing was sent');
    } finally {
      never.dispose();
    }
  });

  it('Add File to Chat attaches the clicked file to the next question only, as a removable chip', async () => {
    await setSetting('context.instructions', false);
    try {
      await vscode.commands.executeCommand('sidekick.addFileToChat', file('src/money.ts'));
      await vscode.commands.executeCommand('sidekick.addFileToChat', file('src/unrelated.ts'));
      const chips = (await chat('sidebar'))!.chips.filter((c) => c.kind === 'added');
      assert.deepEqual(chips.map((c) => c.label), ['money.ts', 'unrelated.ts']);
      await chat('sidebar', { type: 'removeFile', uri: chips[1].uri! });
      await fakeServer.enqueue({ kind: 'text', text: 'Money.' });
      await chat('sidebar', { type: 'send', text: 'What is Money?', attachSelection: false, attachFile: false });
      const snap = await answered('sidebar');
      const user = (await sentBody()).input.at(-1)!.content;
      assert.ok(user.includes(await linesOf('src/money.ts', 0, 16)), 'the whole added file is sent');
      assert.ok(!user.includes('UNRELATED_MARKER'), 'a removed file is not sent');
      assert.deepEqual(lastTurnOf(snap, 'user')?.attachments?.map((a) => a.label), ['money.ts']);
      assert.deepEqual(snap.chips.filter((c) => c.kind === 'added'), [], 'the chip is gone after sending');
      await chat('sidebar', { type: 'newChat' });
    } finally {
      await setSetting('context.instructions', undefined);
    }
  });

  describe('project instructions', () => {
    let remove: (() => void) | undefined;
    afterEach(() => remove?.());

    it('sends the nearest AGENTS.md and the root one in the system part, and scoped instructions whose applyTo matches', async () => {
      remove = writeFiles({
        'AGENTS.md': 'ROOT_RULE: amounts are in cents.',
        'src/AGENTS.md': 'SRC_RULE: never seen for billing files.',
        'src/billing/AGENTS.md': 'BILLING_RULE: invoices are immutable.',
        '.github/copilot-instructions.md': 'COPILOT_RULE: prefer pure functions.',
        '.github/instructions/ts.instructions.md': '---\napplyTo: "**/*.ts"\n---\nTS_RULE: no any.',
        '.github/instructions/docs.instructions.md': '---\napplyTo: "**/*.md"\n---\nDOCS_RULE: short sentences.',
      });
      const { snap, system, user } = await explainLines('src/billing/invoice.ts', 3, 3);
      for (const rule of ['BILLING_RULE', 'ROOT_RULE', 'COPILOT_RULE', 'TS_RULE']) {
        assert.ok(system.includes(rule), `${rule} is in the system part:\n${system}`);
      }
      assert.ok(system.indexOf('BILLING_RULE') < system.indexOf('ROOT_RULE'), 'the nearest comes first');
      assert.ok(!system.includes('SRC_RULE'), 'a farther AGENTS.md is not sent when a nearer one exists');
      assert.ok(!system.includes('DOCS_RULE'), 'scoped instructions for other files are not sent');
      assert.ok(!user.includes('_RULE'), 'instructions are not in the user message');
      const chip = snap.state.turns[0].attachments?.find((c) => c.kind === 'instructions');
      assert.ok(chip?.label.includes('src/billing/AGENTS.md'), 'the turn shows which instructions went');
    });

    it('re-reads instructions when they change, and cuts them to the budget with a note', async () => {
      remove = writeFiles({ 'AGENTS.md': 'FIRST_VERSION' });
      await selectIn('src/checkout.ts', 4, 4);
      await fakeServer.enqueue({ kind: 'text', text: 'One.' }, { kind: 'text', text: 'Two.' });
      await vscode.commands.executeCommand('sidekick.explainSelection');
      await answered('panel');
      assert.ok((await sentBody()).input[0].content.includes('FIRST_VERSION'));

      remove = writeFiles({ 'AGENTS.md': `SECOND_VERSION ${'x'.repeat(300)}` });
      await setSetting('context.instructionsBudgetChars', 100);
      await fakeServer.reset();
      await fakeServer.enqueue({ kind: 'text', text: 'Two.' });
      await vscode.commands.executeCommand('sidekick.explainSelection');
      const snap = await answered('panel');
      const system = (await sentBody()).input[0].content;
      assert.ok(system.includes('SECOND_VERSION') && !system.includes('FIRST_VERSION'), 'the edited file is read again');
      assert.match(system, /\[Cut to fit the instructions budget: 100 of 315 characters\.\]/);
      assert.equal(snap.state.turns[0].attachments?.find((c) => c.kind === 'instructions')?.truncated, true);
    });

    it('sends none when the setting is off', async () => {
      remove = writeFiles({ 'AGENTS.md': 'OFF_RULE' });
      await setSetting('context.instructions', false);
      try {
        await explainLines('src/checkout.ts', 4, 4);
        assert.ok(!JSON.stringify((await sentBody()).input).includes('OFF_RULE'));
      } finally {
        await setSetting('context.instructions', undefined);
      }
    });
  });

  it('sends the problems VS Code reports inside the selection', async () => {
    const collection = vscode.languages.createDiagnosticCollection('context-test');
    try {
      await selectIn('src/checkout.ts', 4, 6);
      const uri = file('src/checkout.ts');
      collection.set(uri, [
        Object.assign(new vscode.Diagnostic(new vscode.Range(5, 2, 5, 7), 'PROBLEM_INSIDE: labels is never reassigned.', vscode.DiagnosticSeverity.Warning), { source: 'lint' }),
        new vscode.Diagnostic(new vscode.Range(10, 0, 10, 5), 'PROBLEM_OUTSIDE', vscode.DiagnosticSeverity.Error),
        new vscode.Diagnostic(new vscode.Range(4, 0, 4, 5), 'HINT_INSIDE', vscode.DiagnosticSeverity.Hint),
      ]);
      await fakeServer.enqueue({ kind: 'text', text: 'Ok.' });
      await vscode.commands.executeCommand('sidekick.explainSelection');
      const snap = await answered('panel');
      const user = (await sentBody()).input[1].content;
      assert.match(user, /- warning on line 6 \(lint\): PROBLEM_INSIDE: labels is never reassigned\./);
      assert.ok(!user.includes('PROBLEM_OUTSIDE') && !user.includes('HINT_INSIDE'), 'only errors and warnings inside the selection');
      assert.equal(snap.state.turns[0].attachments?.find((c) => c.kind === 'problems')?.label, '1 problem');
    } finally {
      collection.dispose();
    }
  });

  it('Show what was sent opens the exact input of the request, without the key', async () => {
    const { snap, body } = await explainLines('src/checkout.ts', 4, 6);
    await chat('panel', { type: 'showSent', turnId: snap.state.turns[0].id });
    const editor = await until('the sent request to open', async () => {
      const active = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'sidekick-sent');
      return active;
    });
    assert.deepEqual(JSON.parse(editor.document.getText()), body.input, 'exactly the input the server received');
    assert.ok(!editor.document.getText().includes(KEY), 'never the key');
    assert.equal(editor.document.uri.scheme, 'sidekick-sent', 'a virtual document (read-only in the editor), not a file');
  });
});
