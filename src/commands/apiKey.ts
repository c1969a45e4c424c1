import * as vscode from 'vscode';
import type { ApiKeyStore } from '../connection/apiKeyStore';

export function registerApiKeyCommands(keys: ApiKeyStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sidekick.setApiKey', async () => {
      if (await keys.prompt()) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: API key saved in VS Code\'s secret storage.'));
      }
    }),
    vscode.commands.registerCommand('sidekick.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: API key removed.'));
    }),
  );
}
