import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { interruptedOutcome, type AnswerOutcome, type AnswerProblem } from '../core/api/answerOutcome';
import { newConversation, titleFor, toMarkdown, wireTurn, type Conversation, type StoredTurn } from '../core/history/conversation';
import type { ConversationStore } from '../core/history/conversationStore';
import { Disposable } from '../disposable';
import type { ChatPage } from './channel';

/** While an answer streams, its progress is saved at most this often, so a window reload keeps it. */
const SAVE_INTERVAL_MS = 1000;

export interface ConversationsDeps {
  store: ConversationStore;
  /** Where the surface remembers which conversation it shows, across window reloads. */
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  page: ChatPage;
}

/**
 * The conversation one surface shows and the keeping of it: which one it is (remembered across window
 * reloads), starting, opening and deleting one, its title, and saving it as it changes. What stops the
 * surface's question or answer before another conversation is shown is the controller's.
 */
export class Conversations extends Disposable {
  private conversation: Conversation;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Deleted while an answer was still finishing: its last save must not bring it back. */
  private readonly deleted = new Set<string>();
  private readonly _onDidChangeTitle = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTitle = this._onDidChangeTitle.event;
  private readonly currentKey: string;

  constructor(
    private readonly deps: ConversationsDeps,
    /** Distinguishes surfaces in `memento`. */
    surfaceId: string,
  ) {
    super();
    this.currentKey = `sidekick.chat.current.${surfaceId}`;
    const remembered = deps.memento.get<string>(this.currentKey);
    this.conversation = (remembered && this.load(remembered)) || fresh();
  }

  get current(): Conversation {
    return this.conversation;
  }

  get title(): string {
    return this.conversation.title;
  }

  /** The conversation as a Markdown document. */
  markdown(): string {
    return toMarkdown(this.conversation, {
      user: vscode.l10n.t('You'),
      assistant: 'Sidekick',
      status: {
        canceled: vscode.l10n.t('(stopped)'),
        cut: vscode.l10n.t('(cut off)'),
        streaming: vscode.l10n.t('(still being written)'),
      },
    });
  }

  /** Adds `turn` to the conversation shown; its first question names it. */
  append(turn: StoredTurn): void {
    this.conversation.turns.push(turn);
    if (turn.role === 'user' && !this.conversation.title) {
      this.retitle();
    }
    this.deps.page.post({ type: 'turnAdded', turn: wireTurn(turn) });
  }

  /** Names the conversation after its first question again (after that question was edited). */
  retitle(): void {
    this.conversation.title = titleFor(this.conversation);
    this._onDidChangeTitle.fire();
  }

  /** A stored conversation; an answer that was streaming when the window went away is marked cut off. */
  load(id: string): Conversation | undefined {
    const conversation = this.deps.store.get(id);
    for (const turn of conversation?.turns ?? []) {
      if (turn.status === 'streaming') {
        endTurn(turn, interruptedOutcome(), () => vscode.l10n.t('This answer was interrupted: the window closed or reloaded while it was being written.'));
      }
    }
    return conversation;
  }

  /** Shows a new, empty conversation; the one shown is saved first. */
  startNew(): void {
    this.show(fresh());
  }

  /** Shows `conversation` (from `load`); the one shown is saved first. */
  show(conversation: Conversation): void {
    this.flush();
    this.switchTo(conversation);
  }

  /** Deletes a stored conversation; when it is the one shown, a new one takes its place. */
  async delete(id: string): Promise<void> {
    this.deleted.add(id);
    if (id === this.conversation.id) {
      this.switchTo(fresh());
    }
    await this.deps.store.delete(id);
  }

  /** Saves the conversation shown at most once per SAVE_INTERVAL_MS, while an answer streams into it. */
  saveSoon(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, SAVE_INTERVAL_MS);
  }

  /** Saves `conversation` now, and whatever saveSoon was waiting to save with it. */
  flush(conversation = this.conversation): void {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    this.save(conversation);
  }

  /** Saves `conversation` (unless empty or deleted) and, when it is shown, remembers it as this surface's. */
  save(conversation = this.conversation): void {
    if (conversation.turns.length === 0 || this.deleted.has(conversation.id)) {
      return;
    }
    if (conversation === this.conversation) {
      void this.deps.memento.update(this.currentKey, conversation.id);
    }
    this.deps.store.save(conversation).catch((error) => this.deps.log.error(`Could not save the conversation: ${String(error)}`));
  }

  private switchTo(conversation: Conversation): void {
    this.conversation = conversation;
    void this.deps.memento.update(this.currentKey, conversation.id);
    this.deps.page.postState();
    this._onDidChangeTitle.fire();
  }
}

/**
 * Ends an answer's turn as `outcome` says: its status, its usage, and what its card shows when it is not
 * whole (the problem's kind, the sentence `describe` words it in, the buttons).
 */
export function endTurn(turn: StoredTurn, outcome: AnswerOutcome, describe: (problem: AnswerProblem) => string): void {
  turn.status = outcome.status;
  if (outcome.usage) turn.usage = outcome.usage;
  const { problem, actions } = outcome;
  if (!problem) {
    delete turn.error;
  } else if (problem.type === 'incomplete') {
    turn.error = { kind: 'truncated', message: describe(problem), actions };
  } else {
    const { kind, retryAfterMs } = problem.error;
    turn.error = { kind, message: describe(problem), actions, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
}

function fresh(): Conversation {
  return newConversation(randomUUID(), Date.now());
}
