// Prompt files in VS Code's format (`*.prompt.md`): a front matter of `key: value` lines, then a Markdown
// body with `${…}` variables and links to workspace files. Parsing, the variables a body asks for, their
// expansion and its links; the host reads the files, asks for `${input:…}` and attaches the links.
// Problems are data (kind, 1-based line, detail) so the host can localize them.

export const PROMPT_FILE_SUFFIX = '.prompt.md';
export const WORKSPACE_PROMPTS_DIR = '.github/prompts';

export interface PromptFile {
  /** What follows `/` in the chat: the front matter's `name`, else the file name without `.prompt.md`. */
  name: string;
  description?: string;
  argumentHint?: string;
  model?: string;
  body: string;
  /** The 1-based line of the file where `body` starts. */
  bodyLine: number;
}

export type PromptProblemKind = 'frontMatterUnclosed' | 'frontMatterLine' | 'frontMatterValue' | 'badName' | 'unknownVariable' | 'missingLink' | 'outsideLink';

export interface PromptProblem {
  kind: PromptProblemKind;
  /** 1-based line in the file. */
  line: number;
  /** The offending key, variable or link. */
  detail: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: PromptProblem };

const KNOWN_KEYS = { name: 'name', description: 'description', 'argument-hint': 'argumentHint', model: 'model' } as const;

/** `review.prompt.md` -> `review`. */
export function promptNameOf(fileName: string): string {
  return fileName.endsWith(PROMPT_FILE_SUFFIX) ? fileName.slice(0, -PROMPT_FILE_SUFFIX.length) : fileName;
}

/**
 * The front matter's known keys and the body. Other keys, with any nested or list values under them, are
 * ignored; a line that is not `key: value` at the top level, or an unclosed quote, is a problem.
 */
export function parsePromptFile(fileName: string, text: string): Parsed<PromptFile> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const file: PromptFile = { name: promptNameOf(fileName), body: text.replace(/^\uFEFF/, ''), bodyLine: 1 };
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end < 0) {
      return { ok: false, problem: { kind: 'frontMatterUnclosed', line: 1, detail: '---' } };
    }
    for (let i = 1; i < end; i++) {
      const line = lines[i];
      // Blank lines, comments, and the indented or list lines of a value spread over several lines.
      if (/^\s*(#.*)?$/.test(line) || /^[\s-]/.test(line)) continue;
      const match = /^([A-Za-z0-9_-]+)\s*:(.*)$/.exec(line);
      if (!match) {
        return { ok: false, problem: { kind: 'frontMatterLine', line: i + 1, detail: line.trim() } };
      }
      const key = match[1] as keyof typeof KNOWN_KEYS;
      if (!(key in KNOWN_KEYS)) continue;
      const value = scalar(match[2]);
      if (value === undefined) {
        return { ok: false, problem: { kind: 'frontMatterValue', line: i + 1, detail: key } };
      }
      if (value !== '') file[KNOWN_KEYS[key]] = value;
    }
    file.body = lines.slice(end + 1).join('\n');
    file.bodyLine = end + 2;
  }
  if (!/^[\p{L}\p{N}_.-]+$/u.test(file.name)) {
    return { ok: false, problem: { kind: 'badName', line: 1, detail: file.name } };
  }
  return { ok: true, value: file };
}

/** A YAML scalar on one line: plain (a trailing ` # comment` dropped) or quoted; undefined when malformed. */
function scalar(raw: string): string | undefined {
  const value = raw.trim();
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted) {
    return quoted[1] === "'" ? quoted[2].replace(/''/g, "'") : quoted[2].replace(/\\(["\\])/g, '$1');
  }
  if (/^["'[{|>]/.test(value)) {
    return undefined;
  }
  return value.replace(/\s+#.*$/, '');
}

/** The values of the editor variables; the host fills them from the active editor and its workspace folder. */
export interface EditorVariables {
  selection: string;
  file: string;
  workspaceFolder: string;
}

export interface InputVariable {
  name: string;
  placeholder?: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** Each `${input:name}` / `${input:name:placeholder}` of the body once, in order; or the first unknown variable. */
export function promptInputs(file: PromptFile): Parsed<InputVariable[]> {
  const inputs: InputVariable[] = [];
  for (const { inner, line } of variables(file)) {
    const input = /^input:([^:]+)(?::(.*))?$/.exec(inner);
    if (input) {
      if (!inputs.some((i) => i.name === input[1])) inputs.push({ name: input[1], ...(input[2] ? { placeholder: input[2] } : {}) });
    } else if (!(inner in editorValues({ selection: '', file: '', workspaceFolder: '' }))) {
      return { ok: false, problem: { kind: 'unknownVariable', line, detail: `\${${inner}}` } };
    }
  }
  return { ok: true, value: inputs };
}

/** The body with every variable replaced; call after `promptInputs` found no unknown one. */
export function expandPrompt(file: PromptFile, editor: EditorVariables, inputs: Record<string, string>): string {
  const values = editorValues(editor);
  return file.body.replace(VARIABLE, (whole, inner: string) => {
    const input = /^input:([^:]+)/.exec(inner);
    return input ? (inputs[input[1]] ?? '') : (values[inner] ?? whole);
  });
}

function editorValues({ selection, file, workspaceFolder }: EditorVariables): Record<string, string> {
  const sep = file.includes('\\') && !file.includes('/') ? '\\' : '/';
  const basename = file.slice(file.lastIndexOf(sep) + 1);
  const dot = basename.lastIndexOf('.');
  return {
    selection,
    selectedText: selection,
    file,
    fileBasename: basename,
    fileDirname: file.includes(sep) ? file.slice(0, file.lastIndexOf(sep)) : '',
    fileBasenameNoExtension: dot > 0 ? basename.slice(0, dot) : basename,
    workspaceFolder,
    workspaceFolderBasename: workspaceFolder.split(/[\\/]/).filter(Boolean).pop() ?? '',
  };
}

function variables(file: PromptFile): { inner: string; line: number }[] {
  return [...file.body.matchAll(VARIABLE)].map((m) => ({ inner: m[1], line: file.bodyLine + lineOf(file.body, m.index) }));
}

export interface PromptLink {
  /** As written, without a `#fragment`, decoded. */
  target: string;
  line: number;
}

/**
 * Markdown links to files (`[text](path)`), relative to the prompt file's folder; web, mail and in-page links
 * are left alone.
 */
export function promptLinks(file: PromptFile): PromptLink[] {
  const links: PromptLink[] = [];
  for (const m of file.body.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1].split('#')[0];
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    let decoded = target;
    try {
      decoded = decodeURIComponent(target);
    } catch {
      // Kept as written: a file name may contain a stray `%`.
    }
    links.push({ target: decoded, line: file.bodyLine + lineOf(file.body, m.index) });
  }
  return links;
}

function lineOf(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The request text of a run: the expanded body, and the argument typed after `/name` when no input took it. */
export function withArgument(body: string, argument: string): string {
  return argument.trim() ? `${body.trimEnd()}\n\n${argument.trim()}` : body;
}
