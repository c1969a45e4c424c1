import * as vscode from 'vscode';
import type { ChatState } from '../protocol';

/** A file name from a conversation title: letters of any script kept, path and shell characters dropped. */
export function fileNameFor(title: string): string {
  const name = title
    .replace(/[\\/:*?"<>|#%&{}$!'@`=+~^[\]\r\n\t]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${name || 'sidekick-chat'}.md`;
}

/**
 * Saves `markdown`, the conversation in `state` as a document, to `target` when given (scripts and tests),
 * else where the user picks in a save dialog. An empty conversation says so instead of writing an empty file.
 */
export async function exportChat(state: ChatState, markdown: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (state.turns.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: this conversation is empty; there is nothing to export yet.'));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = fileNameFor(state.title);
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Conversation as Markdown'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { Markdown: ['md'] },
      saveLabel: vscode.l10n.t('Export'),
    }));
  if (!uri) {
    return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  if (!target) {
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: conversation exported to {0}.', vscode.workspace.asRelativePath(uri)), open).then((picked) => {
      if (picked === open) {
        void vscode.window.showTextDocument(uri);
      }
    });
  }
  return uri;
}
