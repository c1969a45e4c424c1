import * as vscode from 'vscode';
import type { AnswerAction } from '../core/api/answerOutcome';

/** Labels of the actions that fix an error, as buttons on notifications. */
function actionLabel(action: AnswerAction): string {
  switch (action) {
    case 'setApiKey':
      return vscode.l10n.t('Set API Key');
    case 'retry':
      return vscode.l10n.t('Retry');
    case 'openSettings':
      return vscode.l10n.t('Open Settings');
    case 'showLog':
      return vscode.l10n.t('Show Log');
    case 'continue':
      return vscode.l10n.t('Continue');
    case 'networkSettings':
      return vscode.l10n.t('Proxy and Certificate Settings');
    case 'certificateHelp':
      return vscode.l10n.t('Trusting a Company Certificate');
  }
}

/** `publisher.name` of package.json. */
const EXTENSION_ID = 'sidekick-dev.sidekick';

/** The README that ships in the extension: its "Company certificates" section. */
function certificateHelp(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'README.md');
}

/** Runs the actions every surface shares; `retry`/`continue` belong to the feature and return false here. */
export async function runSharedAction(action: AnswerAction): Promise<boolean> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('sidekick.setApiKey');
      return true;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'sidekick.');
      return true;
    case 'showLog':
      await vscode.commands.executeCommand('sidekick.showLog');
      return true;
    case 'networkSettings':
      // http.proxy, http.noProxy, http.proxyAuthorization, http.proxyStrictSSL, http.proxySupport, http.systemCertificates…
      await vscode.commands.executeCommand('workbench.action.openSettings', 'http.');
      return true;
    case 'certificateHelp':
      await vscode.commands.executeCommand('markdown.showPreview', certificateHelp());
      return true;
    case 'retry':
    case 'continue':
      return false;
  }
}

/** A button of the caller's own, e.g. Copy Report. */
export interface ExtraButton {
  label: string;
  run: () => unknown;
}

/**
 * Shows an error notification: `title`, `message`, a button for each action that fixes it, and `extras`.
 * Resolves to the feature-owned action the user picked (retry/continue), if any; shared actions and extras
 * are run here.
 */
export async function showErrorNotification(title: string, message: string, actions: AnswerAction[], extras: ExtraButton[] = []): Promise<AnswerAction | undefined> {
  const picked = await vscode.window.showErrorMessage(`${title} ${message}`, ...actions.map(actionLabel), ...extras.map((e) => e.label));
  await extras.find((e) => e.label === picked)?.run();
  const action = actions.find((a) => actionLabel(a) === picked);
  if (action && !(await runSharedAction(action))) {
    return action;
  }
  return undefined;
}
