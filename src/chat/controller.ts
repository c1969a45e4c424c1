import * as vscode from 'vscode';
import type { Api } from '../connection/api';
import type { Config } from '../config';
import { pickedChoice, resolveChoice, wireTurn, type ConversationChoice } from '../core/history/conversation';
import type { ConversationStore } from '../core/history/conversationStore';
import type { ChatDefaults } from '../core/prompt/prompt';
import { parseSlash } from '../core/prompt/slashCommands';
import { openSources } from '../context/attachments';
import type { FoundPrompt } from '../context/promptFiles';
import type { SentRequests } from '../context/sentRequests';
import { Disposable } from '../disposable';
import { runSharedAction } from '../connection/errorActions';
import type { InlineEdits } from '../edit/inlineEdits';
import type { ChatChoice, ChatState, ContextChip, HostToWebview, TurnAction, WebviewToHost } from '../protocol';
import { Answers } from './answers';
import { WebviewChannel, type ChatPage } from './channel';
import { applyToSelection, copyCode, insertCode, openLink } from './codeActions';
import { Conversations } from './conversations';
import type { EditorContext } from './editorContext';
import { fileMatches } from './addedFiles';
import { exportChat } from './exportChat';
import { selectModel } from './modelPicker';
import { Questions, type Attach, type Question } from './questions';
import { slashMatches } from './slashCommands';

export interface ChatDeps {
  api: Api;
  config: Config;
  store: ConversationStore;
  editor: EditorContext;
  /** Where this surface remembers which conversation it shows, across window reloads. */
  memento: vscode.Memento;
  /** The inline-edit review that Apply to Selection goes through. */
  edits: InlineEdits;
  /** Show What Was Sent. */
  sent: SentRequests;
}

/**
 * One surface of the chat (the sidebar view or an Explain panel) and whichever webview currently shows it:
 * it attaches the webview and dispatches its messages to the surface's parts: the conversation shown
 * (`Conversations`), the next question (`Questions`) and the answers streaming into it (`Answers`).
 * Streaming goes on while no webview is attached or visible; the next `ready` gets the whole state.
 */
export class ChatController extends Disposable {
  private channel: WebviewChannel | undefined;
  private readonly conversations: Conversations;
  private readonly questions: Questions;
  private readonly answers: Answers;
  readonly onDidChangeTitle: vscode.Event<void>;

  constructor(
    readonly host: 'sidebar' | 'panel',
    private readonly deps: ChatDeps,
    private readonly defaults: ChatDefaults,
    /** Distinguishes surfaces of the same kind in `memento`. */
    surfaceId: string = host,
  ) {
    super();
    const page: ChatPage = {
      post: (message) => this.post(message),
      postDelta: (turnId, delta) => this.channel?.postDelta(turnId, delta),
      postState: () => this.post({ type: 'state', state: this.state() }),
      postBusy: () => this.post({ type: 'busy', busy: this.busy }),
    };
    const { api, config, store, editor, memento, sent } = deps;
    this.conversations = this._register(new Conversations({ store, memento, log: api.log, page }, surfaceId));
    this.onDidChangeTitle = this.conversations.onDidChangeTitle;
    this.questions = new Questions({ config, editor, log: api.log, page, ask: (question) => this.ask(question) });
    this.answers = new Answers({ api, config, sent, conversations: this.conversations, page, defaults, host });
    this._register(editor.onDidChange(() => this.questions.postChips()));
    this._register(store.onDidChange(() => this.post({ type: 'history', history: store.list() })));
    this._register(
      config.onDidChange(() => {
        this.questions.postChips();
        this.post({ type: 'choice', choice: this.choice });
      }),
    );
    this._register({
      dispose: () => {
        this.stop();
        this.conversations.flush();
        this.channel?.dispose();
      },
    });
  }

  get conversationId(): string {
    return this.conversations.current.id;
  }

  get title(): string {
    return this.conversations.title;
  }

  get busy(): boolean {
    return this.answers.busy || this.questions.busy;
  }

  /**
   * Shows this conversation in `webview`, replacing any earlier one. The host calls `reset` when the
   * webview's document goes away while it stays attached (a hidden view), and disposes it to detach.
   */
  attach(webview: vscode.Webview): { reset(): void; dispose(): void } {
    this.channel?.dispose();
    const channel = new WebviewChannel(webview, {
      init: () => ({
        type: 'init',
        host: this.host,
        state: this.state(),
        chips: this.chips(),
        history: this.deps.store.list(),
      }),
      receive: (message) => {
        this.receive(message).catch((error: unknown) => {
          this.deps.api.log.error(`Chat: handling "${message.type}" failed: ${error instanceof Error ? error.message : String(error)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Sidekick: that did not work. See the log for details.'));
        });
      },
    });
    this.channel = channel;
    return {
      reset: () => channel.reset(),
      dispose: () => {
        channel.dispose();
        if (this.channel === channel) {
          this.channel = undefined;
        }
      },
    };
  }

  state(): ChatState {
    const conversation = this.conversations.current;
    return { conversationId: conversation.id, title: conversation.title, turns: conversation.turns.map(wireTurn), busy: this.busy, choice: this.choice };
  }

  chips(): ContextChip[] {
    return this.questions.chips();
  }

  /** What the next question is sent with, and what it would be without the conversation's choice. */
  get choice(): ChatChoice {
    const settings = this.deps.config.current;
    return { current: resolveChoice(settings, this.defaults, this.conversations.current.choice), defaults: resolveChoice(settings, this.defaults) };
  }

  /** The model, effort or verbosity the user picked for this conversation; kept with it, so a reload keeps it too. */
  setChoice(choice: ConversationChoice): void {
    const conversation = this.conversations.current;
    conversation.choice = { ...conversation.choice, ...choice };
    this.conversations.save();
    this.post({ type: 'choice', choice: this.choice });
  }

  /** Attaches a file to the next question. */
  addFile(uri: vscode.Uri): void {
    this.questions.addFile(uri);
  }

  focusInput(): void {
    this.post({ type: 'focusInput' });
  }

  /** Handles one message from the webview; exhaustive over the protocol (the `never` below proves it). */
  async receive(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'send':
        return this.send(message.text, { selection: message.attachSelection, file: message.attachFile });
      case 'stop':
        return this.stop();
      case 'regenerate':
        if (!this.busy) await this.answers.regenerate();
        return;
      case 'editLast':
        if (!this.busy) await this.answers.editLast(message.text);
        return;
      case 'action':
        return this.runAction(message.action, message.turnId);
      case 'newChat':
        return this.newChat();
      case 'openConversation':
        return this.open(message.id);
      case 'deleteConversation':
        return this.delete(message.id);
      case 'exportChat':
        await exportChat(this.state(), this.markdown());
        return;
      case 'fileQuery':
        this.post({ type: 'fileMatches', query: message.query, items: await fileMatches(message.query) });
        return;
      case 'slashQuery':
        this.post({ type: 'slashMatches', query: message.query, items: await slashMatches(message.query, this.deps.config) });
        return;
      case 'addFile':
        return this.addFile(vscode.Uri.parse(message.uri));
      case 'removeFile':
        return this.questions.removeFile(message.uri);
      case 'toggleChip':
        return this.questions.toggleChip(message.kind, message.on);
      case 'copyCode':
        return copyCode(message.code);
      case 'insertCode':
        return insertCode(this.deps.editor.current, message.code);
      case 'applyCode':
        return applyToSelection(this.deps.editor.current, message.code, this.deps.edits);
      case 'openLink':
        return openLink(message.href, this.deps.api.log);
      case 'openAttachment':
        return openSources(this.conversations.current.turns.find((t) => t.id === message.turnId)?.attachments?.[message.index]?.sources ?? []);
      case 'showSent':
        return this.answers.showSent(message.turnId);
      case 'selectModel':
        return selectModel(this.deps.api, this.deps.config, this);
      case 'setChoice':
        return this.pick(message.conversationId, message.choice);
      default: {
        // Every message of the protocol has its case: a new one fails to compile here, and lint names it.
        const unknown: never = message;
        throw new Error(`Unknown message from the webview: ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The header's pickers; the webview is untrusted, so anything but the values they offer is refused. */
  private pick(conversationId: unknown, choice: unknown): void {
    const picked = pickedChoice(choice);
    if (!picked) {
      this.deps.api.log.warn('Chat: the webview sent a choice the pickers do not offer; it was ignored.');
      this.post({ type: 'choice', choice: this.choice });
    } else if (conversationId === this.conversations.current.id) {
      this.setChoice(picked);
    }
  }

  /** A question typed in the chat input, with the chips the user left on; `/new` starts a new chat. */
  async send(text: string, attach: Attach): Promise<void> {
    const slash = parseSlash(text);
    if (slash?.name === 'new') {
      return this.newChat();
    }
    return this.questions.typed(text, slash, attach);
  }

  /** Runs a prompt file: `/name argument` in the chat, or Run Prompt File. Nothing is sent when it is broken. */
  runPrompt(found: FoundPrompt, argument: string): Promise<void> {
    return this.questions.promptFile(found, argument);
  }

  /** Adds a question (with its attached code, cut to the budget) and streams the answer. */
  async ask(asked: Question): Promise<void> {
    if (asked.text.trim() === '' && !asked.prompt) {
      return;
    }
    if (this.busy) {
      this.deps.api.log.info('A question arrived while an answer was streaming; the answer was stopped first.');
      this.stop();
    }
    const turn = await this.questions.turn(asked);
    if (!turn) {
      return;
    }
    this.conversations.append(turn);
    await this.answers.answerNext();
  }

  stop(): void {
    this.questions.stop();
    this.answers.stop();
  }

  /** A button on an answer's card: the ones every place shares, else Retry and Continue, which wait until nothing runs. */
  private async runAction(action: TurnAction, turnId: string): Promise<void> {
    if ((await runSharedAction(action)) || this.busy) {
      return;
    }
    await this.answers.runAction(action, turnId);
  }

  newChat(): void {
    this.stop();
    this.conversations.startNew();
  }

  open(id: string): void {
    if (id === this.conversations.current.id) {
      return;
    }
    const conversation = this.conversations.load(id);
    if (!conversation) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sidekick: that conversation is no longer in the history.'));
      this.post({ type: 'history', history: this.deps.store.list() });
      return;
    }
    this.stop();
    this.conversations.show(conversation);
  }

  async delete(id: string): Promise<void> {
    if (id === this.conversations.current.id) {
      this.stop();
    }
    await this.conversations.delete(id);
  }

  /** The conversation as a Markdown document. */
  markdown(): string {
    return this.conversations.markdown();
  }

  private post(message: HostToWebview): void {
    this.channel?.post(message);
  }
}
