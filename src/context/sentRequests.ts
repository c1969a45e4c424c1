import * as vscode from 'vscode';
import type { InputMessage } from '../core/types';

const SCHEME = 'sidekick-sent';
/** Requests kept for Show What Was Sent, oldest dropped first. */
const KEPT = 50;

/**
 * Show What Was Sent: the exact `input` of a request, as JSON in a read-only editor. The request's
 * parameters and headers (the key among them) are not part of `input` and never shown.
 */
export class SentRequests implements vscode.TextDocumentContentProvider {
  private readonly inputs = new Map<string, string>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  static register(): { sent: SentRequests; disposable: vscode.Disposable } {
    const sent = new SentRequests();
    return { sent, disposable: vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(SCHEME, sent), sent._onDidChange) };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.inputs.get(uri.query) ?? vscode.l10n.t('This request is no longer kept.');
  }

  /** Opens `input` under `id` in a read-only JSON editor beside the current one. */
  async show(id: string, input: InputMessage[], title: string): Promise<void> {
    this.inputs.delete(id);
    this.inputs.set(id, `${JSON.stringify(input, null, 2)}\n`);
    while (this.inputs.size > KEPT) {
      this.inputs.delete(this.inputs.keys().next().value!);
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${title.replace(/[\\/:*?"<>|]+/g, ' ')}.json`, query: id });
    this._onDidChange.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
