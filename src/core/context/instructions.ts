// Project instructions: the team's rules for the assistant, from AGENTS.md (the nearest one to the file
// and the workspace root's), .github/copilot-instructions.md and .github/instructions/*.instructions.md
// whose `applyTo` globs match the file. Which files to look for, how to read their front matter, and the
// text the model reads in the system part of the request. Paths are workspace-relative with `/`.

export const COPILOT_INSTRUCTIONS = '.github/copilot-instructions.md';
export const SCOPED_INSTRUCTIONS_DIR = '.github/instructions';

/** AGENTS.md files to try for `fileDir`, nearest first; the workspace root's is always among them. */
export function agentsCandidates(fileDir: string): string[] {
  const parts = fileDir.split('/').filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (let n = parts.length; n >= 0; n--) {
    out.push([...parts.slice(0, n), 'AGENTS.md'].join('/'));
  }
  return out;
}

/** Of the AGENTS.md files that exist (nearest first), the nearest and the root's. */
export function pickAgents(existing: string[]): string[] {
  if (existing.length === 0) return [];
  const nearest = existing[0];
  const root = existing.find((p) => p === 'AGENTS.md');
  return root && root !== nearest ? [nearest, root] : [nearest];
}

/** The `applyTo` globs of an .instructions.md file's front matter, and the text after it. */
export function parseFrontMatter(text: string): { applyTo: string[]; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) {
    return { applyTo: [], body: text };
  }
  const line = /^applyTo\s*:\s*(.*)$/m.exec(match[1]);
  const value = (line?.[1] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
  return { applyTo: value.split(',').map((g) => g.trim()).filter((g) => g !== ''), body: text.slice(match[0].length) };
}

export interface InstructionFile {
  path: string;
  text: string;
}

export interface AttachedInstructions {
  /** What goes into the system message; empty when there is nothing. */
  text: string;
  /** The files sent, whole or in part. */
  files: string[];
  truncated: boolean;
}

/** The instructions as the model reads them, in order, cut to `budget` characters with a note. */
export function instructionsBlock(files: InstructionFile[], budget: number): AttachedInstructions {
  const present = files.filter((f) => f.text.trim() !== '');
  if (present.length === 0) {
    return { text: '', files: [], truncated: false };
  }
  let left = budget;
  let truncated = false;
  const sections: string[] = [];
  const sent: string[] = [];
  for (const file of present) {
    if (left <= 0) {
      truncated = true;
      break;
    }
    const body = file.text.trim();
    const kept = body.length <= left ? body : body.slice(0, left);
    left -= kept.length;
    sent.push(file.path);
    const note = kept.length < body.length ? `\n[Cut to fit the instructions budget: ${kept.length} of ${body.length} characters.]` : '';
    truncated ||= note !== '';
    sections.push(`From \`${file.path}\`:\n${kept}${note}`);
  }
  const omitted = present.length - sent.length;
  if (omitted > 0) {
    sections.push(`[${omitted} more instruction file(s) left out to fit the instructions budget.]`);
  }
  return {
    text: ['Project instructions (the repository\'s own rules for this code; follow them unless the user says otherwise):', ...sections].join('\n\n'),
    files: sent,
    truncated,
  };
}
