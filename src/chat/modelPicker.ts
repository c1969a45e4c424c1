import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Api } from '../connection/api';
import type { ConversationChoice } from '../core/history/conversation';
import type { ChatChoice } from '../protocol';

/** A chat surface's conversation, whose model the picker sets. */
export interface ChoiceHolder {
  readonly choice: ChatChoice;
  setChoice(choice: ConversationChoice): void;
}

/** The models the endpoint lists (refreshable), or the configured one and any name typed; the pick becomes the conversation's model. */
export async function selectModel(api: Api, config: Config, conversation: ChoiceHolder): Promise<void> {
  const model = await pickModel(api, config, conversation.choice.current.model);
  if (model) {
    conversation.setChoice({ model });
  }
}

function pickModel(api: Api, config: Config, current: string): Promise<string | undefined> {
  const refresh: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') };
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Sidekick: Select Model');
  pick.placeholder = vscode.l10n.t('Pick a model for this conversation, or type a model name');
  pick.buttons = [refresh];
  let listed: vscode.QuickPickItem[] = [];
  const fill = () => {
    const typed = pick.value.trim();
    const known = listed.some((item) => item.label === typed);
    pick.items = typed && !known ? [{ label: typed, description: vscode.l10n.t('the model name you typed'), alwaysShow: true }, ...listed] : listed;
  };
  const load = async (again: boolean) => {
    pick.busy = true;
    const models = await api.models(again);
    pick.busy = false;
    const names = models?.length ? models : [config.current.model];
    listed = [...new Set([current, ...names])].map((label) => ({
      label,
      iconPath: new vscode.ThemeIcon(label === current ? 'check' : 'symbol-misc'),
      description: models?.includes(label) ? undefined : vscode.l10n.t('not listed by the endpoint'),
    }));
    fill();
  };
  pick.onDidChangeValue(fill);
  pick.onDidTriggerButton(() => void load(true));
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
    void load(false);
  });
}
