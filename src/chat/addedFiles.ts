import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeContext } from './editorContext';
import type { CodeContext } from '../core/prompt/prompt';
import type { FileMatch } from '../protocol';

/** Files listed for `#` and the quick pick; more are reachable by typing more of the name. */
const LISTED = 5000;
const MATCHES = 20;
/** The workspace's file list is reused for this long, so typing after `#` does not search on every key. */
const LIST_TTL_MS = 10_000;

let listed: { at: number; files: Promise<vscode.Uri[]> } | undefined;

function workspaceFiles(): Promise<vscode.Uri[]> {
  if (!listed || Date.now() - listed.at > LIST_TTL_MS) {
    // The default excludes (files.exclude, search.exclude) apply; dependency folders are left out too.
    listed = { at: Date.now(), files: Promise.resolve(vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', LISTED)) };
  }
  return listed.files;
}

/** Workspace files whose path contains `query` (any case), file-name matches first. */
export async function fileMatches(query: string): Promise<FileMatch[]> {
  const q = query.toLowerCase();
  const scored = (await workspaceFiles())
    .map((uri) => ({ uri, relative: vscode.workspace.asRelativePath(uri, false) }))
    .filter(({ relative }) => relative.toLowerCase().includes(q))
    .map((f) => ({ ...f, score: (path.basename(f.relative).toLowerCase().startsWith(q) ? 0 : path.basename(f.relative).toLowerCase().includes(q) ? 1 : 2) }))
    .sort((a, b) => a.score - b.score || a.relative.length - b.relative.length || a.relative.localeCompare(b.relative));
  return scored.slice(0, MATCHES).map(({ uri, relative }) => ({ label: path.basename(relative), description: path.dirname(relative) === '.' ? '' : path.dirname(relative), uri: uri.toString() }));
}

/** Add File to Chat from the palette: a quick pick of workspace files. */
export async function pickWorkspaceFile(): Promise<vscode.Uri | undefined> {
  const items = (await workspaceFiles()).map((uri) => {
    const relative = vscode.workspace.asRelativePath(uri, false);
    return { label: path.basename(relative), description: path.dirname(relative) === '.' ? '' : path.dirname(relative), uri };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Sidekick: Add File to Chat'),
    placeHolder: vscode.l10n.t('Pick a file to attach to your next question'),
    matchOnDescription: true,
  });
  return picked?.uri;
}

/** The whole file as code context; a clear message instead when it cannot be read as text. */
export async function addedFileContext(uri: string): Promise<CodeContext | undefined> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return codeContext('file', document, 0, Math.max(0, document.lineCount - 1), document.getText());
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('Sidekick: {0} could not be read as text; it was not attached.', path.basename(vscode.Uri.parse(uri).path)));
    return undefined;
  }
}
