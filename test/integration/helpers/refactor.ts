// What the suites that run refactors share: a file opened with exact text, whole-line selections, the
// review CodeLens titles, and the hooks that put Sidekick on the fake server and leave no edit pending.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { useFakeServer } from './chat';
import { activateSidekick } from './extension';
import { fakeServer } from './fakeServer';
import { rememberSettings } from './settings';
import { captureMessages, type ShownMessage } from './window';

/** A file of the test workspace with exactly `text` (CRLF and trailing spaces kept), shown in column one. */
export async function openFile(name: string, text: string, options?: { insertSpaces?: boolean; tabSize?: number }): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const file = path.join(folder, name);
  writeFileSync(file, text);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const document = await vscode.workspace.openTextDocument(file);
  // The file may still be open from an earlier test: make sure it shows what is on disk.
  if (document.getText() !== text) {
    await vscode.commands.executeCommand('workbench.action.files.revert', document.uri);
  }
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  if (options) {
    editor.options = options;
  }
  assert.equal(document.getText(), text);
  return editor;
}

/** Selects whole lines `from`..`to` (0-based, inclusive) including the last line break. */
export function selectLines(editor: vscode.TextEditor, from: number, to: number): vscode.TextEditor {
  editor.selection = new vscode.Selection(from, 0, to + 1, 0);
  return editor;
}

export async function lensTitles(document: vscode.TextDocument): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
  return lenses.map((lens) => lens.command?.title ?? '').filter((title) => title !== '');
}

/**
 * The hooks of a suite that runs refactors: Sidekick on the fake server with `key` (then `setUp`), the
 * messages each test shows captured, no pending edit left after a test, and the `settings` put back.
 */
export function refactorSuite(key: string, settings: ReturnType<typeof rememberSettings>, setUp?: () => Promise<void>): { readonly messages: ShownMessage[] } {
  let shown: ReturnType<typeof captureMessages> | undefined;
  before(async () => {
    await activateSidekick();
    await useFakeServer(key);
    await setUp?.();
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(async () => {
    await fakeServer.reset();
    shown = captureMessages();
  });
  afterEach(async () => {
    shown?.restore();
    for (const editor of vscode.window.visibleTextEditors) {
      await vscode.commands.executeCommand('sidekick.rejectEdit', editor.document.uri.toString());
    }
  });
  return {
    get messages() {
      return shown?.messages ?? [];
    },
  };
}
