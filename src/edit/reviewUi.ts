import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { InlineEdits } from './inlineEdits';

/**
 * How pending inline edits show: the region's background, CodeLens actions over it, a status bar item while
 * one streams (click to stop), and the context keys of the review keybindings, which follow the active editor.
 */
export class ReviewUi extends Disposable implements vscode.CodeLensProvider {
  private readonly region = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  private readonly streamingHint = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 1em' },
    }),
  );
  private readonly status = this._register(vscode.window.createStatusBarItem('sidekick.refactor', vscode.StatusBarAlignment.Left, 100));
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly sessions: InlineEdits) {
    super();
    this.status.name = vscode.l10n.t('Sidekick Refactor');
    this._register(vscode.languages.registerCodeLensProvider({ pattern: '**' }, this));
    this._register(sessions.onDidChange(() => this.refresh()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(document.uri);
    if (!session) {
      return [];
    }
    const at = new vscode.Range(session.range.start.line, 0, session.range.start.line, 0);
    const uri = document.uri.toString();
    const lens = (title: string, command: string, tooltip?: string) => new vscode.CodeLens(at, { title, command, tooltip, arguments: [uri] });
    if (session.phase === 'streaming') {
      return [lens(vscode.l10n.t('$(pulse) Sidekick is rewriting… Stop (Esc)'), 'sidekick.cancelEdit')];
    }
    const lenses = [
      lens(vscode.l10n.t('$(check) Accept'), 'sidekick.acceptEdit', vscode.l10n.t('Keep the proposed code')),
      lens(vscode.l10n.t('$(discard) Reject'), 'sidekick.rejectEdit', vscode.l10n.t('Put the original code back')),
      lens(vscode.l10n.t('$(diff) Show Diff'), 'sidekick.showEditDiff'),
    ];
    if (session.instruction !== undefined) {
      lenses.push(lens(vscode.l10n.t('$(refresh) Regenerate'), 'sidekick.regenerateEdit', session.instruction));
    }
    return lenses;
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const session = this.sessions.get(editor.document.uri);
      editor.setDecorations(this.region, session ? [session.range] : []);
      const hint = session?.phase === 'streaming' ? [{ range: session.range.with({ start: session.range.end }), renderOptions: { after: { contentText: vscode.l10n.t('Sidekick is rewriting…') } } }] : [];
      editor.setDecorations(this.streamingHint, hint);
    }
    this._onDidChangeCodeLenses.fire();

    const active = vscode.window.activeTextEditor && this.sessions.get(vscode.window.activeTextEditor.document.uri);
    void vscode.commands.executeCommand('setContext', 'sidekick.refactorStreaming', active?.phase === 'streaming');
    void vscode.commands.executeCommand('setContext', 'sidekick.reviewPending', active?.phase === 'review');

    const streaming = active?.phase === 'streaming' ? active : this.sessions.all().find((s) => s.phase === 'streaming');
    if (!streaming) {
      this.status.hide();
      return;
    }
    const lines = streaming.range.end.line - streaming.range.start.line + 1;
    this.status.text = vscode.l10n.t('$(pulse) Sidekick: rewriting {0} ({1} lines)', path.basename(streaming.document.uri.path), lines);
    this.status.tooltip = vscode.l10n.t('Click to stop the rewrite and keep the original code');
    this.status.command = { title: vscode.l10n.t('Stop'), command: 'sidekick.cancelEdit', arguments: [streaming.document.uri.toString()] };
    this.status.show();
  }
}
