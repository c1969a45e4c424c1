import * as vscode from 'vscode';
import { followChanges, type OffsetChange, type Region } from '../core/refactor/region';
import { Disposable } from '../disposable';

export type SessionPhase = 'streaming' | 'review' | 'ended';

/** Why a session ended: the outcome the user sees. */
export type EndReason = 'accepted' | 'rejected' | 'userEdit' | 'closed';

/** Streaming writes are batched: one editor edit per this many ms at most. */
const WRITE_INTERVAL_MS = 50;

/** Stop undoes our writes in the focused editor: how often it tries when the undo went elsewhere, and the wait between. */
const UNDO_ATTEMPTS = 4;
const UNDO_RETRY_MS = 100;

/**
 * One inline edit of one document: a proposal written over a region, first streamed, then reviewed.
 *
 * Undo: every write before the review joins one undo element (no undo stops), opened by the first write.
 * While no one else changed the document, that element is the top of its undo stack, so ending the session
 * undoes it (`undo`, then the text is checked), which restores the original exactly and leaves no step behind;
 * Accept then writes the final text as one edit of its own. When the document changed otherwise in between,
 * or the undo did not reach this document, the original is written back instead; Accept still leaves one
 * undo step on top that restores the original.
 */
export class InlineEdit extends Disposable {
  /** The selected text, exactly as it was (line endings and trailing whitespace included). */
  readonly original: string;
  private _phase: SessionPhase = 'streaming';
  private _region: Region;
  /** The text the region should show; written at most every WRITE_INTERVAL_MS. */
  private target: string | undefined;
  /** Whether any of our writes reached the document. */
  private written = false;
  /** Whether anything else changed the document since our first write. */
  private foreign = false;
  /** The whole document before our first write, to check an undo of our writes. */
  private textBefore = '';
  /** Accept or reject under way: the one outcome every later call waits for. */
  private ending: Promise<void> | undefined;
  /** The change our write in flight will cause, to tell it from the user's. */
  private expected: OffsetChange | undefined;
  /** While we undo our own writes, their changes are not the user's. */
  private undoing = false;
  private writes: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly controller = new AbortController();
  /** Aborted when the session stops taking text (cancel, an edit inside it, the document closed). */
  readonly signal = this.controller.signal;

  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** The phase, the region or the text changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidEnd = this._register(new vscode.EventEmitter<EndReason>());
  readonly onDidEnd = this._onDidEnd.event;

  constructor(
    readonly document: vscode.TextDocument,
    range: vscode.Range,
    /** What the model was asked, for Regenerate; none for a proposal from the chat. */
    readonly instruction: string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._region = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    this.original = document.getText(range);
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.document === document && this.onDocumentChange(e.contentChanges)));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleWrite()));
  }

  get phase(): SessionPhase {
    return this._phase;
  }

  get range(): vscode.Range {
    return new vscode.Range(this.document.positionAt(this._region.start), this.document.positionAt(this._region.end));
  }

  /** The text now in the region. */
  get text(): string {
    return this.document.getText(this.range);
  }

  /** Shows `text` in place of the original (streamed: the latest call wins). Empty text keeps the original. */
  update(text: string): void {
    if (this._phase !== 'streaming' || text === '') {
      return;
    }
    this.target = text;
    this.timer ??= setTimeout(() => this.scheduleWrite(), WRITE_INTERVAL_MS);
  }

  /** The proposal is complete: writes it and starts the review. */
  async complete(text: string): Promise<void> {
    if (this._phase !== 'streaming') {
      return;
    }
    this.target = text;
    this._phase = 'review';
    await this.flush();
    this._onDidChange.fire();
  }

  /** Keeps the reviewed text, as one undo step that restores the original. */
  accept(): Promise<void> {
    if (this._phase !== 'review') {
      return this.ending ?? Promise.resolve();
    }
    return (this.ending ??= this.doAccept());
  }

  /** Puts the original back (reject, cancel, an error, a cut-off answer). */
  reject(): Promise<void> {
    if (this._phase === 'ended') {
      return this.ending ?? Promise.resolve();
    }
    return (this.ending ??= this.doReject());
  }

  private async doAccept(): Promise<void> {
    try {
      await this.flush();
      const final = this.text;
      this.stop();
      await this.revert();
      if (final !== this.original) {
        await this.replace(final, { undoStopBefore: true, undoStopAfter: true });
      }
    } catch (error) {
      this.log.error(`Inline edit: Accept failed: ${String(error)}`);
      throw error;
    } finally {
      this.end('accepted');
    }
  }

  private async doReject(): Promise<void> {
    try {
      this.stop();
      await this.writes;
      await this.revert();
    } catch (error) {
      this.log.error(`Inline edit: Reject failed: ${String(error)}`);
      throw error;
    } finally {
      this.end('rejected');
    }
  }

  /** Ends without writing (the document was closed). */
  abandon(reason: EndReason): void {
    if (this._phase !== 'ended' && !this.ending) {
      this.stop();
      this.end(reason);
    }
  }

  override dispose(): void {
    this.abandon('closed');
    super.dispose();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
    this.controller.abort();
  }

  private end(reason: EndReason): void {
    this._phase = 'ended';
    this._onDidEnd.fire(reason);
    this._onDidChange.fire();
  }

  private onDocumentChange(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    if (this._phase === 'ended' || this.undoing || changes.length === 0) {
      return;
    }
    const expected = this.expected;
    const [change] = changes;
    if (expected && changes.length === 1 && change.rangeOffset === expected.rangeOffset && change.rangeLength === expected.rangeLength && change.text === expected.text) {
      this.expected = undefined;
      this._region = { start: this._region.start, end: expected.rangeOffset + expected.text.length };
      this._onDidChange.fire();
      return;
    }
    if (expected) {
      this.log.debug(`Inline edit: a change while writing is not ours: ${JSON.stringify(changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, length: text.length })))}`);
    }
    this.foreign = true;
    const { region, inside } = followChanges(this._region, changes);
    this._region = region;
    if (inside && this._phase === 'streaming') {
      // The user took over: stop the answer and leave their text as they typed it.
      this.stop();
      this.end('userEdit');
      return;
    }
    if (inside && this.text === this.original) {
      // Undone by hand during the review: nothing is left to review.
      this.stop();
      this.end('rejected');
      return;
    }
    this._onDidChange.fire();
  }

  private scheduleWrite(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.flush();
  }

  /** Writes the latest target, once any write in flight is done. */
  private flush(): Promise<void> {
    const run = this.writes.then(() => this.writeTarget());
    this.writes = run.catch((error: unknown) => this.log.error(`Inline edit: a write failed: ${String(error)}`));
    return this.writes as Promise<void>;
  }

  private async writeTarget(): Promise<void> {
    // A write is refused when the document changed since we read it; the next attempt reads it again.
    for (let attempt = 0; attempt < 5 && this.target !== undefined && this._phase !== 'ended'; attempt++) {
      const target = this.target;
      const current = this.text;
      if (current === target) {
        return;
      }
      const editor = this.visibleEditor();
      if (!editor) {
        // Written when the document is visible again: an edit would otherwise open it.
        return;
      }
      let same = 0;
      while (same < current.length && same < target.length && current[same] === target[same]) {
        same++;
      }
      // Never split a CRLF or a surrogate pair.
      if (same > 0 && (current[same - 1] === '\r' || /[\uD800-\uDBFF]/.test(current[same - 1]))) {
        same--;
      }
      if (!this.written) {
        this.textBefore = this.document.getText();
      }
      const ok = await this.applyOwn(editor, this._region.start + same, target.slice(same), { undoStopBefore: !this.written, undoStopAfter: false });
      this.written ||= ok;
    }
  }

  /** Replaces the region from `start` to its end with `text`, telling the resulting change from the user's. */
  private async applyOwn(editor: vscode.TextEditor | undefined, start: number, text: string, options: { undoStopBefore: boolean; undoStopAfter: boolean }): Promise<boolean> {
    const range = new vscode.Range(this.document.positionAt(start), this.document.positionAt(this._region.end));
    this.expected = { rangeOffset: start, rangeLength: this._region.end - start, text };
    try {
      if (editor) {
        return await editor.edit((edit) => edit.replace(range, text), options);
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(this.document.uri, range, text);
      return await vscode.workspace.applyEdit(edit);
    } finally {
      this.expected = undefined;
    }
  }

  /**
   * Takes our writes out of the document: undone when nothing else changed it (the undo stack is then as before
   * the session), else overwritten with the original.
   */
  private async revert(): Promise<void> {
    if (!this.written) {
      return;
    }
    const undone = this.foreign ? 'the document changed meanwhile' : await this.undoOwnWrites();
    if (undone === true) {
      return;
    }
    this.log.info(`Inline edit: ${undone}; writing the original back instead.`);
    await this.replace(this.original, { undoStopBefore: false, undoStopAfter: true });
  }

  /**
   * `undo` acts on whatever has the focus, a webview's text field included (the chat's input, when the user
   * stopped from there): the document's editor is given the focus first, and the result is checked. A view
   * that was just opened takes the focus a moment later, asynchronously (the chat's input on `focusInput`),
   * and can take it between our focusing and the undo: an undo that missed the document is redone where it
   * landed, and the editor is focused again, a few times. Resolves to true, or to why the writes could not
   * be undone.
   */
  private async undoOwnWrites(): Promise<true | string> {
    const missed = 'the undo did not reach the document';
    this.undoing = true;
    try {
      for (let attempt = 0; attempt < UNDO_ATTEMPTS; attempt++) {
        if (attempt > 0) {
          this.log.info(`Inline edit: ${missed}; focusing the editor again.`);
          await new Promise((resolve) => setTimeout(resolve, UNDO_RETRY_MS));
        }
        const editor = this.visibleEditor();
        if (!editor) {
          return 'no editor shows the document';
        }
        const before = this.document.getText();
        await vscode.window.showTextDocument(this.document, { viewColumn: editor.viewColumn, preserveFocus: false });
        await vscode.commands.executeCommand('undo');
        const after = this.document.getText();
        if (after === this.textBefore) {
          this._region = { start: this._region.start, end: this._region.start + this.original.length };
          return true;
        }
        // Whatever the undo reached instead (other changes of this document, or another view's text) is put back.
        await vscode.commands.executeCommand('redo');
        if (after !== before) {
          return 'an undo reached other changes';
        }
      }
      return missed;
    } finally {
      this.undoing = false;
    }
  }

  /** Replaces the whole region; with no visible editor, through a WorkspaceEdit (an undo step of its own). */
  private async replace(text: string, options: { undoStopBefore: boolean; undoStopAfter: boolean }): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.applyOwn(this.visibleEditor(), this._region.start, text, options)) {
        return;
      }
    }
    throw new Error('the document kept changing; the edit could not be applied');
  }

  private visibleEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    return active?.document === this.document ? active : vscode.window.visibleTextEditors.find((e) => e.document === this.document);
  }
}
