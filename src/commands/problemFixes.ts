import * as path from 'node:path';
import * as vscode from 'vscode';
import { lines, selectionContext } from '../chat/editorContext';
import type { ChatHub } from '../chat/hub';
import { problemsIn } from '../context/gather';
import { explainProblemQuestion, fixInstruction, type Problem } from '../core/context/problems';
import { blockAround } from './explain';

const FIX = 'sidekick.fixProblem';
const EXPLAIN = 'sidekick.explainProblem';

/**
 * The two Quick Fixes on an error or warning: Fix with Sidekick (a refactor of the enclosing block with the
 * problem as the instruction, through the normal inline review) and Explain with Sidekick.
 */
export function registerProblemFixes(hub: ChatHub): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new ProblemActions(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(FIX, (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => fix(uri, diagnostic)),
    vscode.commands.registerCommand(EXPLAIN, (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => explain(hub, uri, diagnostic)),
  );
}

class ProblemActions implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
      .slice(0, 1)
      .flatMap((diagnostic) => [
        action(vscode.l10n.t('Fix with Sidekick'), FIX, document, diagnostic),
        action(vscode.l10n.t('Explain with Sidekick'), EXPLAIN, document, diagnostic),
      ]);
  }
}

function action(title: string, command: string, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const item = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  item.diagnostics = [diagnostic];
  item.command = { title, command, arguments: [document.uri, diagnostic] };
  return item;
}

function problemOf(diagnostic: vscode.Diagnostic, document: vscode.TextDocument): Problem {
  return problemsIn(document, diagnostic.range).find((p) => p.message === diagnostic.message && p.line === diagnostic.range.start.line + 1) ?? {
    severity: diagnostic.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
    line: diagnostic.range.start.line + 1,
    message: diagnostic.message,
  };
}

/** The block around the problem, selected in its editor. */
async function selectBlock(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<{ editor: vscode.TextEditor; range: vscode.Range } | undefined> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const range = (await blockAround(editor.document, diagnostic.range.start.line)) ?? editor.document.lineAt(diagnostic.range.start.line).range;
  const whole = new vscode.Range(range.start.line, 0, range.end.line, editor.document.lineAt(range.end.line).text.length);
  editor.selection = new vscode.Selection(whole.start, whole.end);
  return { editor, range: whole };
}

async function fix(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<void> {
  const target = await selectBlock(uri, diagnostic);
  if (target) {
    await vscode.commands.executeCommand('sidekick.refactorSelection', { instruction: fixInstruction(problemOf(diagnostic, target.editor.document)) });
  }
}

async function explain(hub: ChatHub, uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<void> {
  const target = await selectBlock(uri, diagnostic);
  if (!target) {
    return;
  }
  const { document } = target.editor;
  const ctx = selectionContext(document, target.range);
  const problem = problemOf(diagnostic, document);
  const { controller } = hub.explainPanel();
  if (controller.state().turns.length > 0) {
    controller.newChat();
  }
  await controller.ask({
    text: vscode.l10n.t('Explain the problem on line {0} of {1}: {2}', problem.line, path.basename(ctx.path), problem.message),
    prompt: explainProblemQuestion(problem, ctx.path, lines(ctx)),
    contexts: [ctx],
    source: { document, range: target.range },
  });
}
