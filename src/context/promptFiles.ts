import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Config } from '../config';
import { addedFileContext } from '../chat/addedFiles';
import type { CodeContext } from '../core/prompt/prompt';
import {
  expandPrompt,
  parsePromptFile,
  PROMPT_FILE_SUFFIX,
  promptInputs,
  promptLinks,
  withArgument,
  WORKSPACE_PROMPTS_DIR,
  type Parsed,
  type PromptFile,
  type PromptProblem,
} from '../core/prompt/promptFiles';

/** A prompt file found on disk: parsed, or the problem that keeps it from running. */
export interface FoundPrompt {
  uri: vscode.Uri;
  /** Workspace-relative where it can be: what messages name. */
  path: string;
  parsed: Parsed<PromptFile>;
}

/** A prompt file ready to send: the text the model reads, the linked files, and its own model. */
export interface PreparedPrompt {
  text: string;
  contexts: CodeContext[];
  model?: string;
  /** The body uses the selection itself, so it need not go again as an attachment. */
  usesSelection: boolean;
}

/**
 * Every prompt file, read from disk on each call so an edited, added or deleted file counts at once:
 * `.github/prompts/` of each workspace folder and the folders of `sidekick.promptFiles.locations`
 * (absolute, or relative to each workspace folder). In Restricted Mode only folders outside the workspace
 * are read: an untrusted repository must not steer the model. The first file of a name wins.
 */
export async function listPromptFiles(config: Config): Promise<FoundPrompt[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const trusted = vscode.workspace.isTrusted;
  const locations = config.current.values['promptFiles.locations'].filter((l) => typeof l === 'string' && l.trim() !== '');
  const dirs: vscode.Uri[] = [];
  for (const location of locations.filter((l) => path.isAbsolute(l))) {
    const uri = vscode.Uri.file(location);
    if (trusted || !vscode.workspace.getWorkspaceFolder(uri)) dirs.push(uri);
  }
  if (trusted) {
    for (const folder of folders) {
      dirs.push(vscode.Uri.joinPath(folder.uri, WORKSPACE_PROMPTS_DIR), ...locations.filter((l) => !path.isAbsolute(l)).map((l) => vscode.Uri.joinPath(folder.uri, l)));
    }
  }
  const found = (await Promise.all(dirs.map(readDir))).flat();
  const names = new Set<string>();
  return found.filter((f) => {
    const name = f.parsed.ok ? f.parsed.value.name : f.uri.toString();
    return !names.has(name) && names.add(name);
  });
}

async function readDir(dir: vscode.Uri): Promise<FoundPrompt[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const files = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith(PROMPT_FILE_SUFFIX)).map(([name]) => name).sort();
  return Promise.all(files.map((name) => readPromptFile(vscode.Uri.joinPath(dir, name))));
}

/** One prompt file, e.g. the one open in the editor. */
export async function readPromptFile(uri: vscode.Uri): Promise<FoundPrompt> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { uri, path: vscode.workspace.asRelativePath(uri, false), parsed: parsePromptFile(path.posix.basename(uri.path), text) };
}

/** The prompt file called `name`, read afresh. */
export async function findPromptFile(config: Config, name: string): Promise<FoundPrompt | undefined> {
  return (await listPromptFiles(config)).find((f) => f.parsed.ok && f.parsed.value.name === name);
}

/**
 * Expands a prompt file for `editor`: the argument answers its first `${input:…}` (or follows the body),
 * the other inputs are asked in input boxes, the linked files are read. A broken file is reported with its
 * file and line and nothing is returned; so is a cancelled input.
 */
export async function preparePrompt(found: FoundPrompt, argument: string, editor: vscode.TextEditor | undefined): Promise<PreparedPrompt | undefined> {
  if (!found.parsed.ok) {
    return reportProblem(found, found.parsed.problem);
  }
  const file = found.parsed.value;
  const inputs = promptInputs(file);
  if (!inputs.ok) {
    return reportProblem(found, inputs.problem);
  }
  const linked: vscode.Uri[] = [];
  const own = vscode.Uri.joinPath(found.uri, '..');
  const root = vscode.workspace.getWorkspaceFolder(found.uri)?.uri ?? own;
  for (const link of promptLinks(file)) {
    const uri = link.target.startsWith('/') ? vscode.Uri.joinPath(root, link.target) : vscode.Uri.joinPath(own, link.target);
    // A prompt file attaches files of the workspace, or of its own folder when it lives outside: a link
    // such as ../../.ssh/id_rsa in a repository's prompt file must not reach the rest of the disk.
    if (!vscode.workspace.getWorkspaceFolder(uri) && !uri.path.startsWith(`${own.path}/`)) {
      return reportProblem(found, { kind: 'outsideLink', line: link.line, detail: link.target });
    }
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return reportProblem(found, { kind: 'missingLink', line: link.line, detail: link.target });
    }
    if (!linked.some((u) => u.toString() === uri.toString())) linked.push(uri);
  }
  const values: Record<string, string> = {};
  let rest = argument.trim();
  for (const input of inputs.value) {
    if (rest) {
      values[input.name] = rest;
      rest = '';
      continue;
    }
    const answer = await vscode.window.showInputBox({ title: `/${file.name}`, prompt: input.name, placeHolder: input.placeholder, ignoreFocusOut: true });
    if (answer === undefined) {
      return undefined;
    }
    values[input.name] = answer;
  }
  const document = editor?.document;
  const folder = document && vscode.workspace.getWorkspaceFolder(document.uri);
  const text = expandPrompt(
    file,
    {
      selection: editor && !editor.selection.isEmpty ? document!.getText(editor.selection) : '',
      file: document && !document.isUntitled ? document.uri.fsPath : '',
      workspaceFolder: (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath ?? '',
    },
    values,
  );
  const contexts = (await Promise.all(linked.map((uri) => addedFileContext(uri.toString())))).filter((c): c is CodeContext => !!c);
  return {
    text: withArgument(text, rest),
    contexts,
    usesSelection: /\$\{(selection|selectedText)\}/.test(file.body),
    ...(file.model ? { model: file.model } : {}),
  };
}

/** The message of a broken prompt file, naming the file and the line. */
export function problemMessage(found: FoundPrompt, problem: PromptProblem): string {
  const where = `${found.path}:${problem.line}`;
  switch (problem.kind) {
    case 'frontMatterUnclosed':
      return vscode.l10n.t('Sidekick: {0}: the front matter is not closed by a line with ---.', where);
    case 'frontMatterLine':
      return vscode.l10n.t('Sidekick: {0}: "{1}" is not a key: value line in the front matter.', where, problem.detail);
    case 'frontMatterValue':
      return vscode.l10n.t('Sidekick: {0}: the value of "{1}" must be text on one line.', where, problem.detail);
    case 'badName':
      return vscode.l10n.t('Sidekick: {0}: the name "{1}" must be one word (letters, digits, -, _ or .).', where, problem.detail);
    case 'unknownVariable':
      return vscode.l10n.t('Sidekick: {0}: unknown variable {1}. Nothing was sent.', where, problem.detail);
    case 'missingLink':
      return vscode.l10n.t('Sidekick: {0}: the linked file {1} does not exist. Nothing was sent.', where, problem.detail);
    case 'outsideLink':
      return vscode.l10n.t('Sidekick: {0}: the linked file {1} is outside the workspace. Nothing was sent.', where, problem.detail);
  }
}

function reportProblem(found: FoundPrompt, problem: PromptProblem): undefined {
  const open = vscode.l10n.t('Open Prompt File');
  void vscode.window.showErrorMessage(problemMessage(found, problem), open).then(async (picked) => {
    if (picked === open) {
      const position = new vscode.Position(problem.line - 1, 0);
      await vscode.window.showTextDocument(found.uri, { selection: new vscode.Range(position, position) });
    }
  });
  return undefined;
}

/** A quick pick of the prompt files; broken ones show their problem and still open it when picked. */
export async function pickPromptFile(config: Config, title: string): Promise<FoundPrompt | undefined> {
  const files = await listPromptFiles(config);
  const items = files.map((found) => ({
    found,
    label: found.parsed.ok ? `/${found.parsed.value.name}` : found.path,
    description: found.parsed.ok ? found.parsed.value.description : problemMessage(found, found.parsed.problem),
    detail: found.path,
    iconPath: new vscode.ThemeIcon(found.parsed.ok ? 'file-text' : 'warning'),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: items.length ? vscode.l10n.t('Pick a prompt file') : vscode.l10n.t('No prompt files: add *.prompt.md files to .github/prompts'),
    matchOnDescription: true,
  });
  return picked?.found;
}
