import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ChatController } from './controller';

export const CHAT_VIEW_ID = 'sidekick.chatView';

/**
 * The chat in the Sidekick activity-bar container: a thin host over the sidebar's ChatController.
 * The view is not kept alive while hidden; the controller keeps streaming and re-sends the whole state
 * when the webview loads again, so hiding, re-showing or moving the view loses nothing.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly controller: ChatController,
    private readonly webviewOptions: vscode.WebviewOptions,
    private readonly html: (webview: vscode.Webview) => string,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = this.webviewOptions;
    const attached = this.controller.attach(view.webview);
    const visibility = view.onDidChangeVisibility(() => {
      if (!view.visible) {
        attached.reset();
      }
    });
    view.webview.html = this.html(view.webview);
    view.onDidDispose(() => {
      visibility.dispose();
      attached.dispose();
      if (this.view === view) {
        this.view = undefined;
      }
    });
  }

  /** Opens the view (resolving it if needed) and puts the cursor in its input. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    this.controller.focusInput();
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }
}
