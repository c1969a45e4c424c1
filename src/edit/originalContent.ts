import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { InlineEdit } from './inlineEdit';

const SCHEME = 'sidekick-original';

/** The left side of Show Diff: the document as it is, with the original text back in the session's place. */
export class OriginalContent extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly sessionOf: (uri: vscode.Uri) => InlineEdit | undefined) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  /** Same path as the document, so the diff shows its name and language. */
  uriFor(session: InlineEdit): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: session.document.uri.path, query: session.document.uri.toString() });
    this._onDidChange.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const document = vscode.Uri.parse(uri.query);
    const session = this.sessionOf(document);
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.toString())?.getText() ?? '';
    if (!session) {
      return text;
    }
    const { start, end } = { start: session.document.offsetAt(session.range.start), end: session.document.offsetAt(session.range.end) };
    return text.slice(0, start) + session.original + text.slice(end);
  }
}
