import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeContext } from '../core/prompt/prompt';
import type { ContextChip } from '../protocol';
import type { Config } from '../config';
import { problemsIn } from '../context/gather';
import { Disposable } from '../disposable';

const DEBOUNCE_MS = 150;

/**
 * The text editor the chat talks about: the active one, or the last one that was active while a webview
 * has focus. Fires (debounced) when it or its selection changes, so the context chips follow the user.
 */
export class EditorContext extends Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly config: Config) {
    super();
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving into a webview leaves no active text editor: keep talking about the last one.
        if (editor) {
          this.last = editor;
          this.changed();
        }
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (isFileEditor(e.textEditor)) {
          this.last = e.textEditor;
          this.changed();
        }
      }),
    );
    this._register(
      vscode.window.onDidChangeVisibleTextEditors(() => {
        if (this.last && !this.current) {
          this.changed();
        }
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument(() => this.changed()));
    this._register({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
  }

  /** The editor to read from and write into, if it is still open. */
  get current(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isFileEditor(active)) {
      return active;
    }
    const last = this.last;
    if (!last || last.document.isClosed) {
      return undefined;
    }
    // An editor object survives in its tab only while visible; otherwise find the document's visible editor.
    return vscode.window.visibleTextEditors.find((e) => e === last) ?? vscode.window.visibleTextEditors.find((e) => e.document === last.document);
  }

  /** The selection as code context, or undefined when nothing (or only whitespace) is selected. */
  selection(): CodeContext | undefined {
    const editor = this.current;
    const range = this.selectionRange();
    if (!editor || !range) {
      return undefined;
    }
    return selectionContext(editor.document, range);
  }

  /** The selected range, when something other than whitespace is selected. */
  selectionRange(): vscode.Range | undefined {
    const editor = this.current;
    if (!editor || editor.selection.isEmpty || editor.document.getText(editor.selection).trim() === '') {
      return undefined;
    }
    return editor.selection;
  }

  file(): CodeContext | undefined {
    const editor = this.current;
    if (!editor) {
      return undefined;
    }
    const doc = editor.document;
    return codeContext('file', doc, 0, Math.max(0, doc.lineCount - 1), doc.getText());
  }

  /** The chips the chat input shows; `on` comes from the surface's own toggles. */
  chips(on: Record<ContextChip['kind'], boolean>, budget: number): ContextChip[] {
    const selection = this.selection();
    const file = this.file();
    const note = (ctx: CodeContext | undefined) =>
      ctx && ctx.text.length > budget
        ? vscode.l10n.t('{0} characters: only the first {1} will be sent (sidekick.chat.contextBudgetChars).', ctx.text.length.toLocaleString(), budget.toLocaleString())
        : undefined;
    return [
      {
        kind: 'selection',
        label: selection ? vscode.l10n.t('Selection ({0})', `${path.basename(selection.path)}:${lines(selection)}`) : '',
        available: !!selection,
        on: on.selection,
        note: note(selection),
      },
      {
        kind: 'file',
        label: file ? vscode.l10n.t('Current file ({0})', path.basename(file.path)) : '',
        available: !!file,
        on: on.file,
        note: note(file),
      },
      ...this.projectChips(on),
    ];
  }

  /** Definitions and problems go with the selection; instructions with any question about a file. */
  private projectChips(on: Record<ContextChip['kind'], boolean>): ContextChip[] {
    const settings = this.config.current.values;
    const editor = this.current;
    const range = this.selectionRange();
    const problems = editor && range ? problemsIn(editor.document, range).length : 0;
    const restricted = !vscode.workspace.isTrusted;
    return [
      { kind: 'definitions', label: vscode.l10n.t('Definitions used'), available: !!range && settings['context.definitions'], on: on.definitions },
      {
        kind: 'instructions',
        label: vscode.l10n.t('Project instructions'),
        available: !!editor && settings['context.instructions'] && !restricted,
        on: on.instructions,
        note: restricted && settings['context.instructions'] ? vscode.l10n.t('Restricted Mode: project instructions are not read.') : undefined,
      },
      { kind: 'problems', label: problems === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', problems), available: problems > 0, on: on.problems },
    ];
  }

  private changed(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this._onDidChange.fire();
    }, DEBOUNCE_MS);
  }
}

function isFileEditor(editor: vscode.TextEditor): boolean {
  // The output panel and other non-file documents are not what a user means by "current file".
  return editor.document.uri.scheme !== 'output' && editor.document.uri.scheme !== 'vscode-scm';
}

/** `12-30`, or `12` for a single line (1-based). */
export function lines(ctx: CodeContext): string {
  return ctx.startLine === ctx.endLine ? `${ctx.startLine}` : `${ctx.startLine}-${ctx.endLine}`;
}

/** The code context of a selected range; a selection ending at column 0 of a line does not include that line. */
export function selectionContext(doc: vscode.TextDocument, range: vscode.Range): CodeContext {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return codeContext('selection', doc, range.start.line, endLine, doc.getText(range));
}

/** Code context of lines `startLine..endLine` (0-based) of `doc`; the path is workspace-relative when it can be. */
export function codeContext(kind: CodeContext['kind'], doc: vscode.TextDocument, startLine: number, endLine: number, text: string): CodeContext {
  return {
    kind,
    path: doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false),
    uri: doc.uri.toString(),
    languageId: doc.languageId,
    startLine: startLine + 1,
    endLine: endLine + 1,
    text,
  };
}
