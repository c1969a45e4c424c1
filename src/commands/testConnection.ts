import * as vscode from 'vscode';
import { toAbortSignal, type Api } from '../api';
import type { Config } from '../config';
import { showErrorNotification } from './errorActions';

/** Sends a tiny request and reports OK with the model and latency, or names what is wrong. */
export function registerTestConnection(api: Api, config: Config): vscode.Disposable {
  const command = async (): Promise<void> => {
    const { baseUrl } = config.current;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sidekick: testing {0}…', baseUrl), cancellable: true },
      (_progress, token) => api.check(toAbortSignal(token)),
    );
    if (!result || result.error?.kind === 'canceled') {
      return;
    }
    if (result.ok) {
      const models = await api.models(true);
      const listed = models === undefined ? vscode.l10n.t('The endpoint does not list its models.') : vscode.l10n.t('The endpoint lists {0} models.', models.length);
      void vscode.window.showInformationMessage(`${vscode.l10n.t('Sidekick: connected to {0} at {1} ({2} ms).', result.model ?? config.current.model, baseUrl, result.latencyMs)} ${listed}`);
    } else if (result.error) {
      const action = await showErrorNotification(vscode.l10n.t('Sidekick: connection test failed.'), api.describe(result.error));
      if (action === 'retry') {
        await command();
      }
    }
  };
  return vscode.commands.registerCommand('sidekick.testConnection', command);
}
