import * as vscode from 'vscode';
import { pickWorkspaceFile } from '../chat/addedFiles';
import { exportChat } from '../chat/exportChat';
import type { ChatHub } from '../chat/hub';
import type { WebviewToHost } from '../protocol';

/** Sidekick: Open Chat, New Chat, Export Chat as Markdown and Chat History. */
export function registerChat(context: vscode.ExtensionContext, hub: ChatHub): vscode.Disposable {
  const disposables = [
    vscode.commands.registerCommand('sidekick.openChat', () => hub.view.reveal()),
    vscode.commands.registerCommand('sidekick.newChat', async () => {
      const controller = hub.activeController();
      controller.newChat();
      if (controller === hub.sidebar) {
        await hub.view.reveal();
      }
    }),
    // A target Uri (from scripts and tests) skips the save dialog.
    vscode.commands.registerCommand('sidekick.exportChat', (target?: unknown) => {
      const controller = hub.activeController();
      return exportChat(controller.state(), controller.markdown(), target instanceof vscode.Uri ? target : undefined);
    }),
    vscode.commands.registerCommand('sidekick.chatHistory', () => showHistory(hub)),
    // From the Explorer or an editor tab with the clicked file; from the palette, a quick pick.
    vscode.commands.registerCommand('sidekick.addFileToChat', async (clicked?: unknown) => {
      const uri = clicked instanceof vscode.Uri ? clicked : await pickWorkspaceFile();
      if (uri) {
        await hub.view.reveal();
        hub.sidebar.addFile(uri);
        hub.sidebar.focusInput();
      }
    }),
  ];
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    disposables.push(registerTestHook(hub));
  }
  return vscode.Disposable.from(...disposables);
}

/** The history as a quick pick: pick to open in the sidebar, the trash button to delete. */
async function showHistory(hub: ChatHub): Promise<void> {
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete Conversation') };
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  const fill = () => {
    pick.items = hub.store.list().map((s) => ({
      id: s.id,
      label: s.title || vscode.l10n.t('(untitled)'),
      description: new Date(s.updatedAt).toLocaleString(vscode.env.language),
      detail: vscode.l10n.t('{0} messages', s.turnCount),
      buttons: [remove],
    }));
  };
  fill();
  pick.title = vscode.l10n.t('Sidekick: Chat History');
  pick.placeholder = pick.items.length ? vscode.l10n.t('Open a past conversation') : vscode.l10n.t('No conversations yet');
  pick.matchOnDescription = true;
  pick.onDidTriggerItemButton(async (e) => {
    await hub.sidebar.delete(e.item.id);
    fill();
  });
  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (item) {
      await hub.view.reveal();
      hub.sidebar.open(item.id);
    }
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/**
 * Integration tests only (registered in ExtensionMode.Test): reads a surface's state and delivers a
 * message as its webview would. Tests in the extension host cannot reach into the webview's DOM.
 */
function registerTestHook(hub: ChatHub): vscode.Disposable {
  return vscode.commands.registerCommand('sidekick.test.chat', async (surface: 'sidebar' | 'panel', message?: WebviewToHost) => {
    const controller = surface === 'panel' ? hub.panelController : hub.sidebar;
    if (!controller) {
      return undefined;
    }
    if (message) {
      void controller.receive(message);
    }
    // A copy: the state as it is now, not live objects that a later answer changes under the test.
    return structuredClone({
      state: controller.state(),
      chips: controller.chips(),
      history: hub.store.list(),
      stored: hub.store.get(controller.conversationId),
      markdown: controller.markdown(),
    });
  });
}
