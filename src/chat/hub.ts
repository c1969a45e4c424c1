import * as vscode from 'vscode';
import type { Api } from '../connection/api';
import type { Config } from '../config';
import { ConversationStore, DEFAULT_MAX_TOTAL_CHARS } from '../core/history/conversationStore';
import { CHAT_DEFAULTS, EXPLAIN_DEFAULTS } from '../core/prompt/prompt';
import { Disposable } from '../disposable';
import { ChatController, type ChatDeps } from './controller';
import type { InlineEdits } from '../edit/inlineEdits';
import type { SentRequests } from '../context/sentRequests';
import { EditorContext } from './editorContext';
import { chatHtml } from './html';
import { ChatPanel, EXPLAIN_PANEL_TYPE } from './panel';
import { CHAT_VIEW_ID, ChatViewProvider } from './sidebar';

/**
 * Everything the chat surfaces share: the conversation store, the editor they talk about, the sidebar's
 * controller and view, and the one Explain panel (restored after a window reload).
 */
export class ChatHub extends Disposable {
  readonly store: ConversationStore;
  readonly editor: EditorContext;
  readonly sidebar: ChatController;
  readonly view: ChatViewProvider;
  private panel: ChatPanel | undefined;
  private readonly deps: ChatDeps;

  constructor(
    private readonly context: vscode.ExtensionContext,
    api: Api,
    config: Config,
    edits: InlineEdits,
    sent: SentRequests,
  ) {
    super();
    this.store = new ConversationStore(context.globalState, () => ({
      maxConversations: config.current.values['chat.maxConversations'],
      maxTotalChars: DEFAULT_MAX_TOTAL_CHARS,
    }));
    this.editor = this._register(new EditorContext(config));
    this.deps = { api, config, store: this.store, editor: this.editor, memento: context.workspaceState, edits, sent };
    this.sidebar = this._register(new ChatController('sidebar', this.deps, CHAT_DEFAULTS));
    this.view = this._register(new ChatViewProvider(this.sidebar, this.webviewOptions(), (webview) => chatHtml(webview, context.extensionUri, 'sidebar')));
    this._register(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.view));
    this._register(
      vscode.window.registerWebviewPanelSerializer(EXPLAIN_PANEL_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          panel.webview.options = this.webviewOptions();
          this.adopt(panel);
        },
      }),
    );
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** The Explain panel, created beside the active editor without taking the focus, or revealed. */
  explainPanel(): ChatPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      EXPLAIN_PANEL_TYPE,
      'Sidekick',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    return this.adopt(panel);
  }

  /** The surface a command without arguments means: the Explain panel when it is the active editor, else the sidebar. */
  activeController(): ChatController {
    return this.panel?.panel.active ? this.panel.controller : this.sidebar;
  }

  get panelController(): ChatController | undefined {
    return this.panel?.controller;
  }

  private adopt(panel: vscode.WebviewPanel): ChatPanel {
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icons', 'sidekick.svg');
    const chatPanel = new ChatPanel(panel, new ChatController('panel', this.deps, EXPLAIN_DEFAULTS), (webview) => chatHtml(webview, this.context.extensionUri, 'panel'));
    this.panel?.dispose();
    this.panel = chatPanel;
    chatPanel.onDidDispose(() => {
      if (this.panel === chatPanel) {
        this.panel = undefined;
      }
    });
    return chatPanel;
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }
}
