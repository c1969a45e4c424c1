import * as vscode from 'vscode';
import type { InlineEdits } from '../edit/inlineEdits';

/** What the code-block buttons of an answer do with the editor the chat talks about. */

export async function copyCode(code: string): Promise<void> {
  await vscode.env.clipboard.writeText(code);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied to the clipboard'), 2000);
}

function noEditor(): void {
  void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: open a file in the editor first, then try again.'));
}

/** Inserts at the cursor of `editor` (not replacing its selection) and gives it the focus back. */
export async function insertCode(editor: vscode.TextEditor | undefined, code: string): Promise<void> {
  if (!editor) {
    return noEditor();
  }
  const at = editor.selection.active;
  await editor.edit((edit) => edit.insert(at, code));
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Proposes `code` in place of the selection of `editor` through the inline-edit review (accept or reject). */
export async function applyToSelection(editor: vscode.TextEditor | undefined, code: string, edits: InlineEdits): Promise<void> {
  if (!editor) {
    return noEditor();
  }
  if (editor.selection.isEmpty) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: select the code to replace, then click Apply again.'));
    return;
  }
  const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await edits.proposeReplacement(shown, shown.selection, code);
}

/** Opens a link from an answer; model output is untrusted, so only web and mail links. */
export async function openLink(href: string, log: vscode.LogOutputChannel): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    log.warn(`Ignored a link that is not a URI: ${href.slice(0, 200)}`);
    return;
  }
  if (uri.scheme !== 'http' && uri.scheme !== 'https' && uri.scheme !== 'mailto') {
    log.warn(`Ignored a ${uri.scheme}: link from an answer.`);
    return;
  }
  await vscode.env.openExternal(uri);
}
