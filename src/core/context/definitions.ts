// The declarations a selection uses, as found through the language's definition provider: which of them
// go with the request (most used first, whole, within a character budget, no duplicates) and how the
// model reads them. Lines are 0-based and inclusive.

import { fenceFor } from '../prompt/prompt';

/** A whole declaration (the enclosing document symbol of a definition) and the names that led to it. */
export interface Declaration {
  /** The names in the selection that resolve here, most used first. */
  names: string[];
  /** How often the selection uses them. */
  uses: number;
  /** Workspace-relative path. */
  path: string;
  uri: string;
  languageId: string;
  startLine: number;
  endLine: number;
  text: string;
  /** In a dependency folder such as node_modules: only its first line (the signature) goes. */
  dependency: boolean;
}

export interface PickedDeclarations {
  attached: Declaration[];
  /** Declarations from dependencies: one line each. */
  signatures: Declaration[];
  /** Left out because the budget was spent. */
  omitted: Declaration[];
  /** Characters of declaration text attached. */
  chars: number;
}

const contains = (outer: Declaration, inner: Declaration) =>
  outer.uri === inner.uri && outer.startLine <= inner.startLine && inner.endLine <= outer.endLine;

/** Merges declarations found through several names: the same symbol once, with the uses added up. */
export function mergeDeclarations(found: Declaration[]): Declaration[] {
  const merged: Declaration[] = [];
  for (const d of found) {
    const same = merged.find((m) => m.uri === d.uri && m.startLine === d.startLine && m.endLine === d.endLine);
    if (same) {
      same.uses += d.uses;
      same.names.push(...d.names.filter((n) => !same.names.includes(n)));
    } else {
      merged.push({ ...d, names: [...d.names] });
    }
  }
  return merged;
}

/**
 * Picks what goes: most used first, each whole or not at all, while it fits `budget` characters. A
 * declaration inside another one that goes (a method of an attached class) is not sent twice.
 */
export function pickDeclarations(found: Declaration[], budget: number): PickedDeclarations {
  const ranked = mergeDeclarations(found).sort((a, b) => b.uses - a.uses || a.path.localeCompare(b.path) || a.startLine - b.startLine);
  const picked: PickedDeclarations = { attached: [], signatures: [], omitted: [], chars: 0 };
  for (const d of ranked.filter((x) => x.dependency)) {
    if (!picked.signatures.some((s) => s.names[0] === d.names[0])) picked.signatures.push(d);
  }
  const workspace = ranked.filter((d) => !d.dependency);
  for (const d of workspace) {
    // A container that fits replaces what it contains; a contained one is covered by its container.
    if (picked.attached.some((a) => contains(a, d))) continue;
    if (workspace.some((other) => other !== d && contains(other, d) && other.text.length <= budget)) continue;
    if (picked.chars + d.text.length <= budget) {
      picked.attached.push(d);
      picked.chars += d.text.length;
    } else {
      picked.omitted.push(d);
    }
  }
  return picked;
}

function signatureLine(d: Declaration): string {
  const line = d.text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('//') && !l.startsWith('*') && !l.startsWith('/*')) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The Markdown block the model reads after the selection; empty when nothing was found. */
export function definitionsBlock(picked: PickedDeclarations): string {
  const parts: string[] = [];
  if (picked.attached.length) {
    parts.push('Definitions the selected code uses (read-only context, from the workspace):');
    for (const d of picked.attached) {
      const fence = fenceFor(d.text);
      const lines = d.startLine === d.endLine ? `line ${d.startLine + 1}` : `lines ${d.startLine + 1}-${d.endLine + 1}`;
      parts.push(`\`${d.path}\` (${lines}), used for \`${d.names.join('`, `')}\`:\n${fence}${d.languageId}\n${d.text.replace(/\r?\n$/, '')}\n${fence}`);
    }
  }
  if (picked.signatures.length) {
    parts.push(`Signatures from dependencies:\n${picked.signatures.map((d) => `- \`${d.path}\`: \`${signatureLine(d).replace(/`/g, "'")}\``).join('\n')}`);
  }
  if (picked.omitted.length) {
    const names = picked.omitted.flatMap((d) => d.names.slice(0, 1));
    parts.push(`[Left out to fit the context budget: ${picked.omitted.length} more definition(s), of \`${names.join('`, `')}\`.]`);
  }
  return parts.join('\n\n');
}

/** Dependency folders: a definition found there is a library's, not the project's own code. */
export function isDependencyPath(relativePath: string): boolean {
  return /(^|[\\/])(node_modules|bower_components|jspm_packages|vendor|\.venv|venv|site-packages|dist-packages|\.yarn|\.pnpm-store|Pods|\.gradle|\.m2|target[\\/]debug|\.cargo)([\\/]|$)/.test(relativePath);
}
