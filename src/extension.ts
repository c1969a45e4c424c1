import * as vscode from 'vscode';
import { ChatHub } from './chat/hub';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerChat } from './commands/chat';
import { registerExplain } from './commands/explain';
import { registerProblemFixes } from './commands/problemFixes';
import { registerPromptFiles } from './commands/promptFiles';
import { registerRefactor } from './commands/refactor';
import { registerSelectModel } from './commands/selectModel';
import { registerTestConnection } from './commands/testConnection';
import { Config } from './config';
import { Api } from './connection/api';
import { ApiKeyStore } from './connection/apiKeyStore';
import { registerGatherTestHook } from './context/gather';
import { SentRequests } from './context/sentRequests';
import { Activity } from './core/activity';
import { InlineEdits } from './edit/inlineEdits';
import { registerOnboarding } from './onboarding';
import { StatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Sidekick', { log: true });
  const config = new Config();
  const keys = new ApiKeyStore(context.secrets);
  const activity = new Activity();
  const api = new Api(config, keys, log, activity);
  const sent = SentRequests.register();
  const edits = new InlineEdits(log);
  const chat = new ChatHub(context, api, config, edits, sent.sent);
  context.subscriptions.push(
    log,
    edits,
    registerRefactor(context, { api, config, edits }),
    config,
    sent.disposable,
    keys,
    registerApiKeyCommands(keys),
    registerTestConnection(api, config),
    vscode.commands.registerCommand('sidekick.showLog', () => log.show()),
    new StatusBar(activity, config),
    registerOnboarding(context, keys),
    chat,
    registerChat(context, chat),
    registerExplain(chat),
    registerProblemFixes(chat),
    registerPromptFiles(chat, config),
    registerSelectModel(api, config, chat),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(registerGatherTestHook(config));
  }
}

export function deactivate(): void {}
