import * as vscode from 'vscode';
import type { ChatHub } from '../chat/hub';
import { selectModel } from '../chat/modelPicker';
import type { Api } from '../connection/api';
import type { Config } from '../config';

/**
 * Sidekick: Select Model (palette, status bar menu, chat view title): sets the model of the current
 * conversation. The chat header's model entry runs it for the conversation that header shows.
 */
export function registerSelectModel(api: Api, config: Config, hub: ChatHub): vscode.Disposable {
  return vscode.commands.registerCommand('sidekick.selectModel', () => selectModel(api, config, hub.activeController()));
}
