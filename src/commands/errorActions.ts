import * as vscode from 'vscode';
import type { DescribedError } from '../errorText';
import type { TurnAction } from '../protocol';

/** Labels of the actions that fix an error, as buttons on notifications. */
function actionLabel(action: TurnAction): string {
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
  }
}

/** Runs the actions every surface shares; `retry`/`continue` belong to the feature and return false here. */
export async function runSharedAction(action: TurnAction): Promise<boolean> {
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
    case 'retry':
    case 'continue':
      return false;
  }
}

/**
 * Shows an error notification with its fixing actions. Resolves to the feature-owned action the user
 * picked (retry/continue), if any; shared actions are run here.
 */
export async function showErrorNotification(title: string, error: DescribedError): Promise<TurnAction | undefined> {
  const actions = error.actions.filter((a) => a !== 'continue');
  const picked = await vscode.window.showErrorMessage(`${title} ${error.message}`, ...actions.map(actionLabel));
  const action = actions.find((a) => actionLabel(a) === picked);
  if (action && !(await runSharedAction(action))) {
    return action;
  }
  return undefined;
}
