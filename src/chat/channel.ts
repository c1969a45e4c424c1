import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../protocol';
import { Disposable } from '../disposable';

/**
 * One post per this many ms at most while an answer streams. In a real workbench each post is a message
 * through the workbench to the webview's frames and a new frame of it (bench/workbench.ts): 24 ms kept the
 * renderer's main thread busy and let the answer fall seconds behind. The screen shows frames on a grid of
 * 16.7 ms, so a post every 80 ms showed text 83 or 100 ms apart and, with any delay on the way, 117 ms;
 * at 64 ms the gaps stay under 100 ms.
 */
export const DELTA_INTERVAL_MS = 64;

/**
 * How the parts of a chat surface (its conversations, questions and answers) reach the webview that shows
 * it: through the surface's controller, which holds the channel while a webview is attached.
 */
export interface ChatPage {
  post(message: HostToWebview): void;
  postDelta(turnId: string, delta: { text?: string; reasoning?: string }): void;
  /** The whole state again, after the turns changed other than by one added or finished. */
  postState(): void;
  /** Whether a question is being prepared or an answer streams, after either starts or ends. */
  postBusy(): void;
}

/**
 * The host's side of one webview: nothing is posted until the webview says `ready`, which it answers with
 * a full `init` (so what happened before needs no queue, except a focus request), and streamed text is
 * batched into one `delta` per interval carrying only what arrived since the last post.
 */
export class WebviewChannel extends Disposable {
  private ready = false;
  private pending: HostToWebview[] = [];
  private deltas = new Map<string, { text: string; reasoning: string }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The context chips the webview shows (from the last `init` or `chips` it got): equal chips are not posted
   * again. Each keystroke in an editor moves the selection, and the chips follow it, mostly unchanged; every
   * post costs the workbench a message and the webview a frame, and would send the pending text early.
   */
  private shownChips: string | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly handlers: {
      /** The full state, sent whenever the webview (re)loads. */
      init(): HostToWebview;
      receive(message: WebviewToHost): void;
    },
  ) {
    super();
    this._register(webview.onDidReceiveMessage((message: WebviewToHost) => this.onMessage(message)));
    this._register({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
  }

  /**
   * The webview's document was destroyed (a hidden view without retained context) or is being reloaded:
   * nothing posted now would arrive, and it sends `ready` again when it is back.
   */
  reset(): void {
    this.ready = false;
    this.shownChips = undefined;
    this.dropDeltas();
  }

  post(message: HostToWebview): void {
    if (this.isDisposed || (message.type === 'chips' && this.ready && JSON.stringify(message.chips) === this.shownChips)) {
      return;
    }
    // Earlier text must arrive before whatever follows it (e.g. turnFinished).
    this.flushDeltas();
    this.send(message);
  }

  postDelta(turnId: string, delta: { text?: string; reasoning?: string }): void {
    if (this.isDisposed || !this.ready) {
      // Not ready: the `init` the webview gets on `ready` carries the whole text.
      return;
    }
    const entry = this.deltas.get(turnId) ?? { text: '', reasoning: '' };
    entry.text += delta.text ?? '';
    entry.reasoning += delta.reasoning ?? '';
    this.deltas.set(turnId, entry);
    this.timer ??= setTimeout(() => this.tick(), DELTA_INTERVAL_MS);
  }

  /**
   * While text flows, posts keep a steady beat of one per interval, counted from the last post rather than
   * from the first delta after it (which would add the time between deltas to every interval); the beat
   * stops when an interval passes with nothing new.
   */
  private tick(): void {
    this.timer = undefined;
    if (this.deltas.size > 0) {
      this.flushDeltas();
      this.timer = setTimeout(() => this.tick(), DELTA_INTERVAL_MS);
    }
  }

  private flushDeltas(): void {
    const deltas = [...this.deltas];
    this.dropDeltas();
    for (const [turnId, { text, reasoning }] of deltas) {
      this.send({ type: 'delta', turnId, ...(text ? { text } : {}), ...(reasoning ? { reasoning } : {}) });
    }
  }

  private dropDeltas(): void {
    this.deltas.clear();
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private send(message: HostToWebview): void {
    if (!this.ready) {
      // Everything but a focus request is part of the state the `init` on `ready` carries.
      if (message.type === 'focusInput') {
        this.pending = [message];
      }
      return;
    }
    if (message.type === 'init' || message.type === 'chips') {
      this.shownChips = JSON.stringify(message.chips);
    }
    void this.webview.postMessage(message);
  }

  private onMessage(message: WebviewToHost): void {
    if (message?.type === 'ready') {
      this.dropDeltas();
      const queued = this.pending;
      this.pending = [];
      this.ready = true;
      this.send(this.handlers.init());
      for (const m of queued) {
        this.send(m);
      }
      return;
    }
    this.handlers.receive(message);
  }
}
