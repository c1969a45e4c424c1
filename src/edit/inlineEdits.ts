import * as path from 'node:path';
import * as vscode from 'vscode';
import { fitIndentation, type IndentTarget } from '../core/refactor/indent';
import { trimBlankLines } from '../core/refactor/output';
import { followChanges } from '../core/refactor/region';
import { Disposable } from '../disposable';
import { InlineEdit, type EndReason } from './inlineEdit';
import { OriginalContent } from './originalContent';
import { ReviewUi } from './reviewUi';

/**
 * The inline edits of all documents, at most one per document: started by Refactor Selection (streamed) or by
 * the chat's Apply to Selection (a finished proposal), both reviewed the same way.
 */
export class InlineEdits extends Disposable {
  private readonly sessions = new Map<string, InlineEdit>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private readonly original: OriginalContent;
  /** Documents whose save warning was shown, so the warning comes once per session. */
  private readonly warnedOnSave = new WeakSet<InlineEdit>();
  private readonly autoSaving = new WeakSet<InlineEdit>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.original = this._register(new OriginalContent((uri) => this.get(uri)));
    this._register(new ReviewUi(this));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.get(document.uri)?.abandon('closed')));
    // Closing the last tab of a document ends its edit: VS Code has asked to save or revert it already.
    this._register(vscode.window.tabGroups.onDidChangeTabs((e) => e.closed.length > 0 && this.abandonUnshown()));
    this._register(vscode.workspace.onWillSaveTextDocument((e) => this.onWillSave(e)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.onDidSave(document)));
  }

  get(uri: vscode.Uri): InlineEdit | undefined {
    return this.sessions.get(uri.toString());
  }

  all(): InlineEdit[] {
    return [...this.sessions.values()];
  }

  /**
   * Starts a session over `range`, whose text is then streamed in with `update`/`complete`. Call
   * `finishPending` first: returns undefined when an edit is still pending in the document.
   */
  start(editor: vscode.TextEditor, range: vscode.Range, instruction: string | undefined): InlineEdit | undefined {
    const key = editor.document.uri.toString();
    if (this.sessions.has(key)) {
      return undefined;
    }
    const session = new InlineEdit(editor.document, range, instruction, this.log);
    this.sessions.set(key, session);
    session.onDidChange(() => this._onDidChange.fire());
    session.onDidEnd((reason) => {
      this.sessions.delete(key);
      this.onEnded(reason);
      session.dispose();
      this._onDidChange.fire();
    });
    // The cursor leaves the selection, so typing does not land in the text being rewritten.
    editor.selection = new vscode.Selection(range.start, range.start);
    this._onDidChange.fire();
    return session;
  }

  /**
   * Proposes `code` in place of `range` of `editor` (usually its selection), fitted to its indentation, for the
   * user to Accept or Reject like a refactor: the chat's Apply to Selection. Resolves to whether the review
   * started (false when the user kept an earlier pending edit).
   */
  async proposeReplacement(editor: vscode.TextEditor, range: vscode.Range, code: string): Promise<boolean> {
    const target = await this.finishPending(editor.document, range);
    if (!target) {
      return false;
    }
    const text = fitIndentation(trimBlankLines(code), indentTarget(editor, target));
    const session = this.start(editor, target, undefined);
    if (!session) {
      return false;
    }
    await session.complete(text);
    return true;
  }

  async accept(uri: vscode.Uri): Promise<void> {
    await this.get(uri)?.accept();
  }

  async reject(uri: vscode.Uri): Promise<void> {
    await this.get(uri)?.reject();
  }

  /** Opens a diff of the document as it was against the document with the proposal. */
  async showDiff(uri: vscode.Uri): Promise<void> {
    const session = this.get(uri);
    if (session) {
      const title = vscode.l10n.t('{0}: Original ↔ Sidekick', path.basename(uri.path));
      await vscode.commands.executeCommand('vscode.diff', this.original.uriFor(session), uri, title);
    }
  }

  /**
   * Asks the user to finish a pending edit in `document` first. Resolves to `range` moved along with what
   * finishing it changed, or undefined when an edit is still pending.
   */
  async finishPending(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.Range | undefined> {
    const pending = this.get(document.uri);
    if (!pending) {
      return range;
    }
    let region = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    const follow = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document) {
        region = followChanges(region, e.contentChanges).region;
      }
    });
    try {
      const accept = vscode.l10n.t('Accept');
      const reject = vscode.l10n.t('Reject');
      const stop = vscode.l10n.t('Stop');
      const name = path.basename(document.uri.path);
      const choice =
        pending.phase === 'streaming'
          ? await vscode.window.showWarningMessage(vscode.l10n.t('Sidekick is still rewriting code in {0}. Stop it to start another edit?', name), stop)
          : await vscode.window.showWarningMessage(vscode.l10n.t('A Sidekick edit in {0} is waiting for your review. Accept or reject it first.', name), accept, reject);
      if (choice === accept) {
        await pending.accept();
      } else if (choice === reject || choice === stop) {
        await pending.reject();
      }
    } finally {
      follow.dispose();
    }
    return this.get(document.uri) ? undefined : new vscode.Range(document.positionAt(region.start), document.positionAt(region.end));
  }

  private abandonUnshown(): void {
    const shown = new Set(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [])),
    );
    for (const [key, session] of this.sessions) {
      if (!shown.has(key)) {
        session.abandon('closed');
      }
    }
  }

  private onEnded(reason: EndReason): void {
    if (reason === 'userEdit') {
      // Quietly: a revert of the file is such an edit too.
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(info) Sidekick stopped: you edited the code it was rewriting. Your text is kept as you typed it.'), 8000);
    }
  }

  /** An auto-save (after a delay, on focus change) writes the proposed code without a word: noted here. */
  private onWillSave(e: vscode.TextDocumentWillSaveEvent): void {
    const session = this.get(e.document.uri);
    if (session && e.reason !== vscode.TextDocumentSaveReason.Manual) {
      this.autoSaving.add(session);
    }
  }

  /**
   * A save writes what the editor shows; the review stays pending and the user is told once. Told after the
   * save rather than before it: VS Code gives up on will-save listeners of a busy extension host.
   */
  private onDidSave(document: vscode.TextDocument): void {
    const session = this.get(document.uri);
    if (!session || this.warnedOnSave.has(session) || this.autoSaving.delete(session)) {
      return;
    }
    this.warnedOnSave.add(session);
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('{0} was saved with a Sidekick edit still pending: the file holds the proposed code. Accept or reject the edit to finish it.', path.basename(document.uri.path)), accept, reject)
      .then((choice) => (choice === accept ? session.accept() : choice === reject ? session.reject() : undefined));
  }
}

/** Where the replacement of `range` goes in `editor`: its indentation, tabs or spaces and line endings. */
export function indentTarget(editor: vscode.TextEditor, range: vscode.Range): IndentTarget {
  const { document, options } = editor;
  const tabSize = typeof options.tabSize === 'number' ? options.tabSize : 4;
  return {
    selection: document.getText(range),
    linePrefix: document.getText(new vscode.Range(range.start.with({ character: 0 }), range.start)),
    insertSpaces: options.insertSpaces !== false,
    tabSize,
    indentSize: typeof options.indentSize === 'number' ? options.indentSize : tabSize,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
}
