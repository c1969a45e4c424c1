import * as vscode from 'vscode';
import { Api } from './api';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerTestConnection } from './commands/testConnection';
import { Config } from './config';
import { ApiKeyStore } from './secrets';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Sidekick', { log: true });
  const config = new Config();
  const keys = new ApiKeyStore(context.secrets);
  const api = new Api(config, keys, log);
  context.subscriptions.push(
    log,
    config,
    keys,
    registerApiKeyCommands(keys),
    registerTestConnection(api, config),
    vscode.commands.registerCommand('sidekick.showLog', () => log.show()),
  );
}

export function deactivate(): void {}
