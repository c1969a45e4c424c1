// The Quick Fixes Sidekick offers on an error or warning: Fix with Sidekick goes through the normal inline
// review; Explain with Sidekick explains the problem in the Explain panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answered, until, type SentBody } from '../helpers/chat';
import { fakeServer } from '../helpers/fakeServer';
import { lensTitles, openFile, refactorSuite } from '../helpers/refactor';
import { rememberSettings } from '../helpers/settings';

const KEY = 'sk-integration-fixes-7d20';
const BROKEN = ['// totals', 'export function total(prices: number[]): number {', '  let sum = 0;', '  for (const p of prices) sum += p;', '  return summ;', '}', ''].join('\n');
const FIXED_BLOCK = ['export function total(prices: number[]): number {', '  let sum = 0;', '  for (const p of prices) sum += p;', '  return sum;', '}'].join('\n');

async function quickFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const found = actions.find((a) => a.title === title);
  assert.ok(found?.command, `"${title}" is offered on the problem (offered: ${actions.map((a) => a.title).join(', ')})`);
  return found;
}

describe('Quick Fixes on problems', () => {
  refactorSuite(KEY, rememberSettings('baseUrl'));
  let problems: vscode.DiagnosticCollection;
  beforeEach(() => (problems = vscode.languages.createDiagnosticCollection('fixes-test')));
  afterEach(() => problems.dispose());

  async function brokenFile(name: string): Promise<{ editor: vscode.TextEditor; diagnostic: vscode.Diagnostic }> {
    const editor = await openFile(name, BROKEN);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(4, 9, 4, 13), "Cannot find name 'summ'. Did you mean 'sum'?", vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'ts';
    diagnostic.code = 2552;
    problems.set(editor.document.uri, [diagnostic]);
    return { editor, diagnostic };
  }

  it('Fix with Sidekick rewrites the enclosing function with the problem as the instruction; Accept is one undo step', async () => {
    const { editor, diagnostic } = await brokenFile('fix.ts');
    const fix = await quickFix(editor.document, diagnostic, 'Fix with Sidekick');
    await fakeServer.enqueue({ kind: 'text', text: FIXED_BLOCK, deltaSize: 5 });
    await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    await until('the review CodeLens', async () => (await lensTitles(editor.document)).some((t) => t.includes('Accept')));

    const [request] = await fakeServer.requests();
    const user = (request.body as SentBody).input[1].content;
    assert.match(user, /Instruction: Fix this error \(ts 2552\) on line 5: Cannot find name 'summ'\. Did you mean 'sum'\?\. Change nothing else\./);
    assert.ok(user.includes(`Selection to rewrite:\n\`\`\`typescript\n${BROKEN.split('\n').slice(1, 6).join('\n')}\n\`\`\``), `the enclosing function is what is rewritten:\n${user}`);
    assert.match(user, /- error on line 5 \(ts 2552\): Cannot find name 'summ'/, 'the problem goes with the request');

    await vscode.commands.executeCommand('sidekick.acceptEdit');
    assert.equal(editor.document.getText(), ['// totals', FIXED_BLOCK, ''].join('\n'));
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), BROKEN, 'one undo brings the original back');
  });

  it('Explain with Sidekick explains the problem with its code in the Explain panel', async () => {
    const { editor, diagnostic } = await brokenFile('explain-problem.ts');
    const explain = await quickFix(editor.document, diagnostic, 'Explain with Sidekick');
    await fakeServer.enqueue({ kind: 'text', text: '`summ` is a typo of `sum`.' });
    await vscode.commands.executeCommand(explain.command!.command, ...(explain.command!.arguments ?? []));
    const snap = await answered('panel');
    assert.equal(snap.state.turns[0].text, "Explain the problem on line 5 of explain-problem.ts: Cannot find name 'summ'. Did you mean 'sum'?");
    const [request] = await fakeServer.requests();
    const user = (request.body as SentBody).input[1].content;
    assert.match(user, /Explain this error that VS Code reports on line 5 of `explain-problem\.ts`/);
    assert.ok(user.includes('  return summ;'), 'the code around the problem is attached');
    assert.deepEqual(snap.state.turns[0].attachments?.map((a) => a.kind), ['selection', 'problems']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
