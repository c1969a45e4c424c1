import * as vscode from 'vscode';
import type { Config } from '../config';
import { pickDeclarations, type Declaration } from '../core/context/definitions';
import type { Problem } from '../core/context/problems';
import { emptyProjectContext, type ProjectContext } from '../core/context/projectContext';
import type { Logger } from '../core/types';
import { findDeclarations } from './definitions';
import { readInstructions } from './instructions';

export interface GatherRequest {
  document: vscode.TextDocument;
  /** The code the request is about; without it only the instructions are gathered. */
  range?: vscode.Range;
  /** Per request (the chat's chips); the settings can turn them off for all. */
  definitions?: boolean;
  instructions?: boolean;
  problems?: boolean;
}

/**
 * Gathers what goes with a request besides the code, within the time box (`sidekick.context.timeBoxMs`):
 * what is resolved by then goes, the rest is left out. A language server that is still starting never holds
 * the request longer. Resolves to undefined when `signal` aborts (Stop, Esc).
 */
export async function gatherContext(request: GatherRequest, config: Config, signal: AbortSignal, log?: Logger): Promise<ProjectContext | undefined> {
  const settings = config.current.values;
  const started = Date.now();
  const path = vscode.workspace.asRelativePath(request.document.uri, false);
  const context = emptyProjectContext(path, settings['context.instructionsBudgetChars']);
  const found: Declaration[] = [];
  let done = false;
  const work: Promise<unknown>[] = [];
  if (request.range && request.definitions !== false && settings['context.definitions']) {
    work.push(findDeclarations(request.document, request.range, (d) => !done && found.push(d), () => done || signal.aborted));
  }
  if (request.instructions !== false && settings['context.instructions']) {
    work.push(readInstructions(request.document).then((files) => !done && (context.instructions = files)));
  }
  if (request.range && request.problems !== false) {
    context.problems = problemsIn(request.document, request.range);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const outcome = await Promise.race([
    Promise.all(work).then(() => 'done' as const, () => 'done' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), boxTimer(settings['context.timeBoxMs'])))),
    new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }),
  ]);
  done = true;
  clearTimeout(timer);
  signal.removeEventListener('abort', onAbort!);
  if (outcome === 'aborted') {
    return undefined;
  }
  context.timedOut = outcome === 'timeout';
  context.declarations = pickDeclarations(found, settings['context.definitionsBudgetChars']);
  log?.info(
    `context: ${context.declarations.attached.length} definition(s) (${context.declarations.chars} chars), ${context.declarations.signatures.length} signature(s), ` +
      `${context.instructions.length} instruction file(s), ${context.problems.length} problem(s) in ${Date.now() - started} ms${context.timedOut ? ' (time box reached)' : ''}`,
  );
  return context;
}

/**
 * When to stop waiting so that the request still leaves within the box: a busy extension host runs timers
 * late, and ranking what arrived takes a moment too.
 */
function boxTimer(boxMs: number): number {
  return Math.max(0, boxMs - Math.min(100, boxMs * 0.1));
}

/** Errors and warnings that VS Code reports inside `range`. */
export function problemsIn(document: vscode.TextDocument, range: vscode.Range): Problem[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.intersection(range) !== undefined)
    .map((d) => ({
      severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
      line: d.range.start.line + 1,
      message: d.message,
      ...(d.source ? { source: d.source } : {}),
      ...(d.code !== undefined ? { code: String(typeof d.code === 'object' ? d.code.value : d.code) } : {}),
    }));
}

/**
 * Tests and the benchmark only (registered in ExtensionMode.Test): gathers the context of a range as a
 * request would, with the current settings, and returns what would go, when it started (performance.now()
 * of the extension host) and how long it took, and when the gathering stops waiting for what is unresolved.
 */
export function registerGatherTestHook(config: Config): vscode.Disposable {
  return vscode.commands.registerCommand('sidekick.test.gatherContext', async (uri: vscode.Uri, range: vscode.Range) => {
    const document = await vscode.workspace.openTextDocument(uri);
    // The time a request waits: from the start of gathering to its context being ready.
    const started = performance.now();
    const context = await gatherContext({ document, range }, config, new AbortController().signal);
    return { context, startedAt: started, elapsedMs: performance.now() - started, stopsWaitingAtMs: boxTimer(config.current.values['context.timeBoxMs']) };
  });
}
