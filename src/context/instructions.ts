import * as vscode from 'vscode';
import { agentsCandidates, COPILOT_INSTRUCTIONS, parseFrontMatter, pickAgents, SCOPED_INSTRUCTIONS_DIR, type InstructionFile } from '../core/context/instructions';

/**
 * The project instructions that apply to `document`: the nearest AGENTS.md and the workspace root's,
 * .github/copilot-instructions.md, and the .github/instructions/*.instructions.md whose `applyTo` matches
 * it. Read from disk each time, so an edited file counts at once. Nothing in Restricted Mode: an untrusted
 * repository must not steer the model.
 */
export async function readInstructions(document: vscode.TextDocument): Promise<InstructionFile[]> {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder || !vscode.workspace.isTrusted) {
    return [];
  }
  const relative = vscode.workspace.asRelativePath(document.uri, false).replace(/\\/g, '/');
  const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
  const agents = (await Promise.all(agentsCandidates(dir).map((path) => readFile(folder, path)))).filter((f): f is InstructionFile => !!f);
  const chosen = pickAgents(agents.map((f) => f.path)).map((path) => agents.find((f) => f.path === path)!);
  const copilot = await readFile(folder, COPILOT_INSTRUCTIONS);
  return [...chosen, ...(copilot ? [copilot] : []), ...(await scopedInstructions(folder, document))];
}

async function scopedInstructions(folder: vscode.WorkspaceFolder, document: vscode.TextDocument): Promise<InstructionFile[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder.uri, SCOPED_INSTRUCTIONS_DIR));
  } catch {
    return [];
  }
  const out: InstructionFile[] = [];
  for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.File || !name.endsWith('.instructions.md')) continue;
    const file = await readFile(folder, `${SCOPED_INSTRUCTIONS_DIR}/${name}`);
    if (!file) continue;
    const { applyTo, body } = parseFrontMatter(file.text);
    if (applyTo.some((glob) => vscode.languages.match({ pattern: new vscode.RelativePattern(folder, glob) }, document) > 0)) {
      out.push({ path: file.path, text: body });
    }
  }
  return out;
}

async function readFile(folder: vscode.WorkspaceFolder, path: string): Promise<InstructionFile | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, path));
    return { path, text: new TextDecoder().decode(bytes) };
  } catch {
    return undefined;
  }
}
