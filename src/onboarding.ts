import * as vscode from 'vscode';
import type { ApiKeyStore } from './connection/apiKeyStore';

/** Set once the first-run offer was shown (or not needed): a flag, never the key. */
const OFFERED = 'sidekick.onboarding.offered';
export const WALKTHROUGH_ID = 'sidekick.welcome';

/**
 * Registers "Get Started" and, on the first run without an API key, offers to set one. The check runs
 * after activation returns: reading the secret store must not delay activation.
 */
export function registerOnboarding(context: vscode.ExtensionContext, keys: ApiKeyStore): vscode.Disposable {
  const openWalkthrough = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
  setTimeout(() => void offerKeyOnFirstRun(context, keys, openWalkthrough), 0);
  return vscode.commands.registerCommand('sidekick.openWalkthrough', openWalkthrough);
}

async function offerKeyOnFirstRun(context: vscode.ExtensionContext, keys: ApiKeyStore, openWalkthrough: () => Thenable<unknown>): Promise<void> {
  if (context.globalState.get<boolean>(OFFERED)) {
    return;
  }
  const hasKey = await keys.has();
  await context.globalState.update(OFFERED, true);
  if (hasKey) {
    return;
  }
  const setKey = vscode.l10n.t('Set API Key');
  const walkthrough = vscode.l10n.t('Open Walkthrough');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Sidekick needs an API key for your Responses API endpoint before it can explain, refactor or chat.'),
    setKey,
    walkthrough,
  );
  if (picked === setKey) {
    await vscode.commands.executeCommand('sidekick.setApiKey');
  } else if (picked === walkthrough) {
    await openWalkthrough();
  }
}
