import * as vscode from 'vscode';
import type { Activity, ActivityState } from './core/activity';
import type { Config } from './config';
import { Disposable } from './disposable';

/**
 * The live token count is redrawn at most this often: a stream sends hundreds of deltas a second, and in a
 * remote workbench every redraw is a message to the window and a frame of the status bar.
 */
const REDRAW_MS = 1000;
/** A failed request's mark stays this long, then the item goes back to idle. */
const ERROR_SHOWN_MS = 30_000;

/** The status bar item: model and state (idle / streaming with a token count / error); click for actions. */
export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('sidekick.status', vscode.StatusBarAlignment.Right, 100));
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private errorTimer: ReturnType<typeof setTimeout> | undefined;
  private shownKind: ActivityState['kind'] | undefined;

  constructor(
    private readonly activity: Activity,
    private readonly config: Config,
  ) {
    super();
    this.item.name = vscode.l10n.t('Sidekick Status');
    this.item.command = 'sidekick.statusMenu';
    this._register(activity.onDidChange((state) => this.schedule(state)));
    this._register(config.onDidChange(() => this.render(activity.state)));
    this._register(vscode.commands.registerCommand('sidekick.statusMenu', () => this.showMenu()));
    this._register(vscode.commands.registerCommand('sidekick.stop', () => activity.stop()));
    this._register({ dispose: () => [this.redrawTimer, this.errorTimer].forEach((t) => t && clearTimeout(t)) });
    this.render(activity.state);
    this.item.show();
  }

  /** A change of kind (started, finished, failed) shows at once; token counts are batched. */
  private schedule(state: ActivityState): void {
    if (state.kind !== this.shownKind) {
      this.render(state);
    } else {
      this.redrawTimer ??= setTimeout(() => this.render(this.activity.state), REDRAW_MS);
    }
  }

  private render(state: ActivityState): void {
    if (this.redrawTimer) {
      clearTimeout(this.redrawTimer);
      this.redrawTimer = undefined;
    }
    if (state.kind !== this.shownKind) {
      void vscode.commands.executeCommand('setContext', 'sidekick.streaming', state.kind === 'streaming');
      if (this.errorTimer) {
        clearTimeout(this.errorTimer);
        this.errorTimer = undefined;
      }
      if (state.kind === 'error') {
        this.errorTimer = setTimeout(() => this.activity.clearError(), ERROR_SHOWN_MS);
      }
    }
    this.shownKind = state.kind;
    const { model, baseUrl } = this.config.current;
    const actions = vscode.l10n.t('Click for Sidekick actions.');
    switch (state.kind) {
      case 'idle':
        this.item.text = `$(sparkle) ${model}`;
        this.item.tooltip = [
          vscode.l10n.t('Sidekick: {0} at {1}', model, baseUrl),
          state.lastOutputTokens !== undefined ? vscode.l10n.t('Last answer: {0} output tokens', state.lastOutputTokens) : undefined,
          actions,
        ].filter(Boolean).join('\n');
        this.item.backgroundColor = undefined;
        this.item.accessibilityInformation = { label: vscode.l10n.t('Sidekick, {0}, idle', model) };
        break;
      case 'streaming':
        // A static icon: a spinning one animates the workbench's main thread for as long as the answer runs.
        this.item.text = `$(pulse) ${model} · ~${state.tokens}`;
        this.item.tooltip = `${vscode.l10n.t('Sidekick is answering: about {0} tokens so far.', state.tokens)}\n${vscode.l10n.t('Click to stop or for more actions.')}`;
        this.item.backgroundColor = undefined;
        this.item.accessibilityInformation = { label: vscode.l10n.t('Sidekick, {0}, answering', model) };
        break;
      case 'error':
        this.item.text = `$(error) ${model}`;
        this.item.tooltip = `${vscode.l10n.t('Sidekick: the last request failed. {0}', state.message)}\n${actions}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.item.accessibilityInformation = { label: vscode.l10n.t('Sidekick, {0}, the last request failed', model) };
        break;
    }
  }

  private async showMenu(): Promise<void> {
    const state = this.activity.state;
    this.activity.clearError();
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [];
    if (state.kind === 'streaming') {
      for (const running of state.running) {
        items.push({
          label: `$(debug-stop) ${vscode.l10n.t('Stop')}`,
          description: vscode.l10n.t('{0} · about {1} tokens', running.label, running.tokens),
          run: () => this.activity.stop(running.id),
        });
      }
    }
    items.push(
      { label: `$(key) ${vscode.l10n.t('Set API Key')}`, run: () => vscode.commands.executeCommand('sidekick.setApiKey') },
      { label: `$(symbol-misc) ${vscode.l10n.t('Select Model')}`, run: () => vscode.commands.executeCommand('sidekick.selectModel') },
      { label: `$(plug) ${vscode.l10n.t('Test Connection')}`, run: () => vscode.commands.executeCommand('sidekick.testConnection') },
      { label: `$(settings-gear) ${vscode.l10n.t('Open Settings')}`, run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'sidekick.') },
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => vscode.commands.executeCommand('sidekick.showLog') },
      { label: `$(book) ${vscode.l10n.t('Get Started with Sidekick')}`, run: () => vscode.commands.executeCommand('sidekick.openWalkthrough') },
    );
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sidekick'), placeHolder: this.config.current.model });
    await picked?.run();
  }
}
