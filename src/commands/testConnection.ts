import * as vscode from 'vscode';
import { toAbortSignal, type Api } from '../api';
import type { Config } from '../config';
import { showErrorNotification } from './errorActions';

/** Sends a tiny request and reports OK with the model and latency, or names what is wrong. */
export function registerTestConnection(api: Api, config: Config): vscode.Disposable {
  const command = async (): Promise<void> => {
    const { baseUrl, model } = config.current;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sidekick: testing {0}…', baseUrl), cancellable: true },
      async (_progress, token) => {
        const started = Date.now();
        let firstByteMs: number | undefined;
        for await (const event of api.stream([{ role: 'user', content: 'Reply with the single word: pong' }], { maxOutputTokens: 16, reasoningEffort: 'minimal' }, toAbortSignal(token))) {
          switch (event.type) {
            case 'text':
            case 'reasoning':
              firstByteMs ??= Date.now() - started;
              break;
            case 'completed':
            case 'incomplete':
              // A max-tokens cut still proves the key, URL and model work.
              return { ok: true as const, model: event.type === 'completed' ? (event.model ?? model) : model, ms: firstByteMs ?? Date.now() - started };
            case 'failed':
              return { ok: false as const, error: event.error };
            case 'canceled':
              return undefined;
          }
        }
        return undefined;
      },
    );
    if (!outcome) {
      return;
    }
    if (outcome.ok) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: connected to {0} at {1} ({2} ms).', outcome.model, baseUrl, outcome.ms));
    } else {
      const action = await showErrorNotification(vscode.l10n.t('Sidekick: connection test failed.'), api.describe(outcome.error));
      if (action === 'retry') {
        await command();
      }
    }
  };
  return vscode.commands.registerCommand('sidekick.testConnection', command);
}
