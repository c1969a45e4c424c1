import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeContext, lines, selectionContext } from '../chat/editorContext';
import type { ChatHub } from '../chat/hub';
import { explainQuestion, type CodeContext } from '../core/prompt/prompt';
import { enclosingBlock, type LineRange } from '../core/refactor/block';

/** How long Explain waits for the language's outline before judging the block by indentation. */
const SYMBOLS_TIMEOUT_MS = 1500;

/**
 * Sidekick: Explain Selection. Explains the selection, or without one the block around the cursor, in
 * the Explain panel beside the code; the focus stays in the editor. Never sends an empty question.
 */
export function registerExplain(hub: ChatHub): vscode.Disposable {
  return vscode.commands.registerCommand('sidekick.explainSelection', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: open a file and select the code to explain.'));
      return;
    }
    const target = await explainTarget(editor);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: select the code to explain, or put the cursor inside a function or block.'));
      return;
    }
    const { controller } = hub.explainPanel();
    if (controller.state().turns.length > 0) {
      controller.newChat();
    }
    void controller.ask({
      text: vscode.l10n.t('Explain {0}', `${path.basename(target.ctx.path)}:${lines(target.ctx)}`),
      prompt: explainQuestion(target.ctx, target.block),
      contexts: [target.ctx],
      source: { document: editor.document, range: target.range },
    });
  });
}

async function explainTarget(editor: vscode.TextEditor): Promise<{ ctx: CodeContext; range: vscode.Range; block: boolean } | undefined> {
  const doc = editor.document;
  const selection = editor.selection;
  if (!selection.isEmpty) {
    if (doc.getText(selection).trim() === '') {
      return undefined;
    }
    return { ctx: selectionContext(doc, selection), range: selection, block: false };
  }
  const whole = await blockAround(doc, selection.active.line);
  if (!whole) {
    return undefined;
  }
  return { ctx: codeContext('selection', doc, whole.start.line, whole.end.line, doc.getText(whole)), range: whole, block: true };
}

/** The whole lines of the block (innermost symbol, else by indentation) around `line`; undefined when blank. */
export async function blockAround(doc: vscode.TextDocument, line: number): Promise<vscode.Range | undefined> {
  const range = enclosingBlock(doc.getText().split(/\r?\n/), line, await symbolRanges(doc));
  if (!range) {
    return undefined;
  }
  const whole = new vscode.Range(range.start, 0, range.end, doc.lineAt(range.end).text.length);
  return doc.getText(whole).trim() === '' ? undefined : whole;
}

/** The line ranges of the document's symbols, nested ones included; none when the language has no outline in time. */
async function symbolRanges(doc: vscode.TextDocument): Promise<LineRange[]> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SYMBOLS_TIMEOUT_MS));
  let symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    symbols = await Promise.race([
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri),
      timeout,
    ]);
  } catch {
    return [];
  }
  const ranges: LineRange[] = [];
  const walk = (items: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const item of items) {
      const range = 'location' in item ? item.location.range : item.range;
      ranges.push({ start: range.start.line, end: range.end.line });
      if ('children' in item && item.children) {
        walk(item.children);
      }
    }
  };
  walk(symbols ?? []);
  return ranges;
}
