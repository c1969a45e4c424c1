import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ChatController } from './controller';

export const EXPLAIN_PANEL_TYPE = 'sidekick.explainPanel';

/**
 * An Explain conversation in the editor area: a thin host of a WebviewPanel over its own ChatController.
 * Closing the panel stops its answer (what arrived is kept in the history).
 */
export class ChatPanel extends Disposable {
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly controller: ChatController,
    html: (webview: vscode.Webview) => string,
  ) {
    super();
    this._register(controller);
    const attached = this._register(controller.attach(panel.webview));
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          attached.reset();
        }
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    this.updateTitle();
    this._register(controller.onDidChangeTitle(() => this.updateTitle()));
    panel.webview.html = html(panel.webview);
  }

  /** Shows the panel beside the code without taking the focus from it. */
  reveal(): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._onDidDispose.fire();
    super.dispose();
    this.panel.dispose();
  }

  private updateTitle(): void {
    this.panel.title = this.controller.title || 'Sidekick';
  }
}
