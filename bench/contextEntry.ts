// Runs inside the VS Code extension host (the `extensionTestsPath` of bench/context.ts): gathers the project
// context of selections in a real TypeScript project through Sidekick's own code (its test hook), with
// VS Code's built-in TypeScript support answering, and writes the figures to SIDEKICK_BENCH_RESULTS.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProjectContext } from '../src/core/context/projectContext';

const SELECTIONS = Number(process.env.BENCH_CONTEXT_SELECTIONS || 24);
const ROUNDS = Number(process.env.BENCH_CONTEXT_ROUNDS || 3);

export interface ContextBenchResults {
  files: number;
  timeBoxMs: number;
  budgetChars: number;
  coldMs: number;
  /** The longest stretch the extension host's event loop was busy during the cold request (any extension's work). */
  coldLongestStallMs: number;
  /**
   * How long, after the gathering stopped waiting (its time box less a margin), the extension host was busy
   * with other code in stretches over STALL_MS: time in which no request of any extension could leave.
   */
  coldBlockedAfterBoxMs: number;
  coldDefinitions: number;
  warmMs: number[];
  selections: { file: string; lines: string; used: number; attached: number; chars: number; omitted: number }[];
}

interface Selection {
  uri: vscode.Uri;
  range: vscode.Range;
  /** The function whose body is selected: its own parameters and name are not definitions it uses. */
  within: vscode.Range;
}

interface Gathered {
  context: ProjectContext;
  /** When the gathering started: performance.now() of this extension host, the clock of watchStalls. */
  startedAt: number;
  /** The time the request would wait for it. */
  elapsedMs: number;
  /** When, from its start, the gathering stops waiting for what is unresolved. */
  stopsWaitingAtMs: number;
}

/** Sidekick's own gathering through its test hook. */
async function gather(selection: Selection): Promise<Gathered> {
  return vscode.commands.executeCommand<Gathered>('sidekick.test.gatherContext', selection.uri, selection.range);
}

/** A stretch longer than this between two ticks of a 10 ms interval is the event loop held by other code. */
const STALL_MS = 50;

/**
 * The stretches in which the extension host's event loop was held by code (any extension's), seen as gaps
 * between the ticks of a 10 ms interval. Node's monitorEventLoopDelay missed them here: it reported 17-90 ms
 * for a cold request in which such ticks stopped for 930 ms (an extension's module loading).
 */
function watchStalls(): () => { from: number; to: number }[] {
  const ticks = [performance.now()];
  const probe = setInterval(() => ticks.push(performance.now()), 10);
  return () => {
    clearInterval(probe);
    ticks.push(performance.now());
    return ticks.slice(1).map((to, i) => ({ from: ticks[i], to })).filter(({ from, to }) => to - from > STALL_MS);
  };
}

type Found = vscode.Location | vscode.LocationLink;

/**
 * The workspace declarations `selection` uses, with no time box and no budget: every name's definitions
 * that are in the project's own sources, outside the selection and not the function around it.
 */
async function usedDeclarations(selection: Selection, root: string): Promise<{ uri: string; line: number }[]> {
  const document = await vscode.workspace.openTextDocument(selection.uri);
  const base = document.offsetAt(selection.range.start);
  const out = new Map<string, { uri: string; line: number }>();
  // Every identifier, by a plain pattern rather than Sidekick's own lexer, so the truth does not share its blind spots.
  const first = new Map<string, number>();
  for (const match of document.getText(selection.range).matchAll(/[A-Za-z_$][\w$]*/g)) {
    if (!first.has(match[0])) first.set(match[0], match.index);
  }
  for (const offset of first.values()) {
    const found = (await vscode.commands.executeCommand<Found[]>('vscode.executeDefinitionProvider', selection.uri, document.positionAt(base + offset))) ?? [];
    for (const f of found) {
      const uri = 'targetUri' in f ? f.targetUri : f.uri;
      const range = 'targetUri' in f ? (f.targetSelectionRange ?? f.targetRange) : f.range;
      if (!uri.fsPath.startsWith(`${root}/src/`)) continue;
      if (uri.toString() === selection.uri.toString() && selection.within.contains(range)) continue;
      out.set(`${uri.toString()}#${range.start.line}`, { uri: uri.toString(), line: range.start.line });
    }
  }
  return [...out.values()];
}

const FUNCTION_KINDS = [vscode.SymbolKind.Function, vscode.SymbolKind.Variable, vscode.SymbolKind.Constant, vscode.SymbolKind.Method];
/** How many symbols each examined file had (reported when too few selections were found). */
const symbolKinds: number[] = [];

/** Functions of 6-40 lines, one per file, from files spread over the project. */
async function pickSelections(files: vscode.Uri[]): Promise<Selection[]> {
  const picked: Selection[] = [];
  const step = Math.max(1, Math.floor(files.length / (SELECTIONS * 2)));
  for (let i = 0; i < files.length && picked.length < SELECTIONS; i += step) {
    const symbols = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', files[i])) ?? [];
    const ranges = symbols.map((s) => ({ kind: s.kind, range: 'location' in s ? s.location.range : s.range }));
    symbolKinds.push(ranges.length);
    const fn = ranges.find(({ kind, range }) => FUNCTION_KINDS.includes(kind) && range.end.line - range.start.line >= 6 && range.end.line - range.start.line <= 40);
    if (fn) {
      // The body: what a user selects to ask about it.
      picked.push({ uri: files[i], range: new vscode.Range(fn.range.start.line + 1, 0, fn.range.end.line, 0), within: fn.range });
    }
  }
  return picked;
}

/** Waits until TypeScript answers: the name imported first in `file` resolves to its module. */
async function definitionsAnswer(file: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(file);
  const match = /import \* as (\w+) from/.exec(document.getText());
  if (!match) throw new Error(`${file.fsPath} has no namespace import to resolve`);
  const at = document.positionAt(match.index + match[0].indexOf(match[1]));
  const deadline = Date.now() + 300_000;
  for (;;) {
    const found = await vscode.commands.executeCommand<Found[]>('vscode.executeDefinitionProvider', file, at);
    if (found?.length) return;
    if (Date.now() > deadline) throw new Error('TypeScript never answered a definition request');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function run(): Promise<void> {
  try {
    writeFileSync(process.env.SIDEKICK_BENCH_RESULTS!, JSON.stringify(await measure()));
  } catch (error) {
    // The runner reads the reason from the file: the extension host's console does not reach it.
    writeFileSync(process.env.SIDEKICK_BENCH_RESULTS!, JSON.stringify({ error: error instanceof Error ? error.stack : String(error) }));
    throw error;
  }
}

async function measure(): Promise<ContextBenchResults> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const files = (await vscode.workspace.findFiles('src/**/*.ts', '**/node_modules/**')).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const settings = vscode.workspace.getConfiguration('sidekick');
  const results: ContextBenchResults = {
    files: files.length,
    timeBoxMs: settings.get<number>('context.timeBoxMs', 750),
    budgetChars: settings.get<number>('context.definitionsBudgetChars', 12000),
    coldMs: 0,
    coldLongestStallMs: 0,
    coldBlockedAfterBoxMs: 0,
    coldDefinitions: 0,
    warmMs: [],
    selections: [],
  };
  // Cold: the first request right after the user opened a file, while TypeScript's server is still loading
  // the project. Opening the file is the user's step before any request: it starts VS Code's TypeScript
  // extension, whose start-up runs in this same extension host; the request comes once the editor shows it.
  const first = files.find((f) => f.fsPath.endsWith('/src/Array.ts')) ?? files[0];
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(first));
  await vscode.extensions.getExtension('vscode.typescript-language-features')?.activate();
  const coldRange = new vscode.Range(40, 0, 80, 0);
  const stopWatching = watchStalls();
  const cold = await gather({ uri: first, range: coldRange, within: coldRange });
  const stalls = stopWatching();
  results.coldMs = cold.elapsedMs;
  results.coldLongestStallMs = Math.max(0, ...stalls.map(({ from, to }) => to - from));
  // The window from when the gathering stopped waiting to when it returned, on the hook's own clock.
  const waitEnd = cold.startedAt + cold.stopsWaitingAtMs;
  const end = cold.startedAt + cold.elapsedMs;
  results.coldBlockedAfterBoxMs = stalls.reduce((sum, { from, to }) => sum + Math.max(0, Math.min(to, end) - Math.max(from, waitEnd)), 0);
  results.coldDefinitions = cold.context.declarations.attached.length;

  await definitionsAnswer(first);
  const selections = await pickSelections(files);
  for (const selection of selections) {
    await gather(selection);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const selection of selections) {
      const { context, elapsedMs } = await gather(selection);
      results.warmMs.push(elapsedMs);
      if (round === 0) {
        const used = await usedDeclarations(selection, root);
        const attached = context.declarations.attached;
        const covered = used.filter((u) => attached.some((d) => d.uri === u.uri && d.startLine <= u.line && u.line <= d.endLine));
        results.selections.push({
          file: vscode.workspace.asRelativePath(selection.uri, false),
          lines: `${selection.range.start.line + 1}-${selection.range.end.line}`,
          used: used.length,
          attached: covered.length,
          chars: context.declarations.chars,
          omitted: context.declarations.omitted.length,
        });
      }
    }
  }
  if (results.selections.length < SELECTIONS) {
    throw new Error(`only ${results.selections.length} selections found; symbols per examined file: ${symbolKinds.join(',')}`);
  }
  return results;
}
