import * as vscode from 'vscode';
import type { ChatHub } from '../chat/hub';
import type { Config } from '../config';
import { pickPromptFile, readPromptFile } from '../context/promptFiles';
import { PROMPT_FILE_SUFFIX, WORKSPACE_PROMPTS_DIR } from '../core/prompt/promptFiles';

/** Run Prompt File (palette: a pick; a `.prompt.md` editor's title: that file) and New Prompt File. */
export function registerPromptFiles(hub: ChatHub, config: Config): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sidekick.runPromptFile', async (clicked?: unknown) => {
      const found = clicked instanceof vscode.Uri ? await readPromptFile(clicked) : await pickPromptFile(config, vscode.l10n.t('Sidekick: Run Prompt File'));
      if (found) {
        await hub.view.reveal();
        await hub.sidebar.runPrompt(found, '');
      }
    }),
    vscode.commands.registerCommand('sidekick.newPromptFile', newPromptFile),
  );
}

/** Asks for a name and opens `.github/prompts/<name>.prompt.md` of the first workspace folder, filled from a template. */
async function newPromptFile(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: open a folder first; prompt files live in its .github/prompts folder.'));
    return;
  }
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sidekick: New Prompt File'),
    prompt: vscode.l10n.t('The name you will type after / in the chat'),
    validateInput: (value) => (/^[\p{L}\p{N}_.-]+$/u.test(value.trim()) ? undefined : vscode.l10n.t('One word: letters, digits, -, _ or .')),
  });
  if (!name) {
    return;
  }
  const uri = vscode.Uri.joinPath(folder.uri, WORKSPACE_PROMPTS_DIR, `${name.trim()}${PROMPT_FILE_SUFFIX}`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(template(name.trim())));
  }
  await vscode.window.showTextDocument(uri);
}

function template(name: string): string {
  return [
    '---',
    `name: ${name}`,
    `description: ${vscode.l10n.t('What this prompt does, shown in the / list')}`,
    `argument-hint: ${vscode.l10n.t('what to focus on')}`,
    '---',
    'Review the following code from ${fileBasename} for bugs, unclear names and missing error handling.',
    'Focus on: ${input:focus:anything}',
    '',
    '${selection}',
    '',
    '<!-- Markdown links to workspace files, relative to this file, attach them as context. -->',
    '',
  ].join('\n');
}
