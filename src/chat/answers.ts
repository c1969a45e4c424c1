import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Api } from '../connection/api';
import type { Config } from '../config';
import type { SentRequests } from '../context/sentRequests';
import { answerOutcome, type AnswerEnding } from '../core/api/answerOutcome';
import { buildInput, resolveChoice, type Conversation, type StoredTurn } from '../core/history/conversation';
import { answerLanguage, type ChatDefaults } from '../core/prompt/prompt';
import type { InputMessage } from '../core/types';
import type { RequestChoice, TurnAction } from '../protocol';
import type { ChatPage } from './channel';
import { endTurn, type Conversations } from './conversations';

/** Requests whose exact `input` is kept in memory for Show What Was Sent. */
const SENT_KEPT = 20;

export interface AnswersDeps {
  api: Api;
  config: Config;
  /** Show What Was Sent. */
  sent: SentRequests;
  conversations: Conversations;
  page: ChatPage;
  /** The surface's own request defaults; the settings and the conversation's choice win. */
  defaults: ChatDefaults;
  /** Names the request in the status bar's Stop menu. */
  host: 'sidebar' | 'panel';
}

/**
 * The answers of one surface, one at a time: each streams into its turn (appending, so Continue extends a
 * cut-off answer), is saved while it arrives, and ends as answerOutcome says. After New Chat or opening
 * another conversation, a running answer finishes out of sight. Keeps what was sent for Show What Was Sent.
 */
export class Answers {
  private running: { abort: AbortController; turn: StoredTurn } | undefined;
  /** The exact `input` last sent for each question, for Show What Was Sent. */
  private readonly sentInputs = new Map<string, InputMessage[]>();

  constructor(private readonly deps: AnswersDeps) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  stop(): void {
    this.running?.abort.abort();
  }

  /** Answers the last question of the conversation shown, in a new turn. */
  async answerNext(): Promise<void> {
    const input = buildInput(this.deps.conversations.current.turns, this.language());
    this.rememberInput(input);
    const turn: StoredTurn = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now() };
    this.deps.conversations.append(turn);
    await this.stream(turn, input);
  }

  /** Answers the last question again, replacing the last answer. The caller checks that nothing runs. */
  async regenerate(): Promise<void> {
    const turns = this.deps.conversations.current.turns;
    const last = turns[turns.length - 1];
    if (!last || last.role !== 'assistant') {
      return;
    }
    turns.pop();
    this.deps.page.postState();
    await this.answerNext();
  }

  /** Replaces the last question's text (its attached code stays) and answers it again. The caller checks that nothing runs. */
  async editLast(text: string): Promise<void> {
    const turns = this.deps.conversations.current.turns;
    const index = turns.map((t) => t.role).lastIndexOf('user');
    if (index < 0 || text.trim() === '') {
      return;
    }
    const { prompt: _typedOver, ...question } = turns[index];
    turns.splice(index, turns.length - index, { ...question, text: text.trim() });
    if (index === 0) {
      this.deps.conversations.retitle();
    }
    this.deps.page.postState();
    await this.answerNext();
  }

  /** Retry or Continue on an answer's card. The caller checks that nothing runs. */
  async runAction(action: TurnAction, turnId: string): Promise<void> {
    const turns = this.deps.conversations.current.turns;
    const last = turns[turns.length - 1];
    if (!last || last.id !== turnId || last.role !== 'assistant') {
      // Retry and Continue apply to the last answer only; older cards keep their buttons but do nothing.
      return;
    }
    if (action === 'retry') {
      return this.regenerate();
    }
    if (action === 'continue') {
      last.status = 'streaming';
      delete last.error;
      this.deps.page.postState();
      const input = buildInput(turns, this.language(), { continueLast: true });
      this.rememberInput(input);
      return this.stream(last, input);
    }
  }

  /** Opens the exact `input` of the request that answered (or is answering) a turn's question. */
  async showSent(turnId: string): Promise<void> {
    const turns = this.deps.conversations.current.turns;
    const at = turns.findIndex((t) => t.id === turnId);
    const question = turns.slice(0, at + 1).filter((t) => t.role === 'user').pop();
    if (!question) {
      return;
    }
    const upTo = turns.indexOf(question);
    const input = this.sentInputs.get(question.id) ?? buildInput(turns.slice(0, upTo + 1), this.language());
    await this.deps.sent.show(question.id, input, vscode.l10n.t('Sent to the model - {0}', question.text.split('\n')[0].slice(0, 40)));
  }

  /** Streams into `turn` (appending, so Continue extends a cut-off answer) until a terminal event. */
  private async stream(turn: StoredTurn, input: InputMessage[]): Promise<void> {
    const { api, conversations, page } = this.deps;
    const abort = new AbortController();
    const conversation = conversations.current;
    // After New Chat or opening another conversation, this answer finishes out of sight.
    const shown = () => conversations.current === conversation;
    this.running = { abort, turn };
    conversation.updatedAt = Date.now();
    page.postBusy();
    conversations.save();
    let ending: AnswerEnding | undefined;
    try {
      const purpose = this.deps.host === 'panel' ? vscode.l10n.t('Explain') : vscode.l10n.t('Chat');
      for await (const event of api.stream(input, this.deps.defaults, abort.signal, purpose, this.requestChoice(conversation))) {
        switch (event.type) {
          case 'text':
            turn.text += event.delta;
            if (shown()) page.postDelta(turn.id, { text: event.delta });
            conversations.saveSoon();
            break;
          case 'reasoning':
            turn.reasoning = (turn.reasoning ?? '') + event.delta;
            if (shown()) page.postDelta(turn.id, { reasoning: event.delta });
            conversations.saveSoon();
            break;
          case 'completed':
          case 'incomplete':
          case 'failed':
          case 'canceled':
            ending = event;
            break;
        }
      }
    } catch (error) {
      // api.stream reports failures as events; this is a bug, shown rather than leaving the turn spinning.
      api.log.error(`Chat stream failed unexpectedly: ${String(error)}`);
      ending = { type: 'failed', error: { kind: 'protocol', message: String(error) } };
    }
    // Stop here or in the status bar, or the key prompt dismissed: what arrived stays.
    const outcome = answerOutcome(ending, { textArrived: turn.text !== '', aborted: abort.signal.aborted, canContinue: true });
    endTurn(turn, outcome, (problem) => api.describe(problem));
    if (this.running?.turn === turn) {
      this.running = undefined;
    }
    conversation.updatedAt = Date.now();
    if (shown()) {
      page.post({ type: 'turnFinished', turnId: turn.id, status: outcome.status, usage: turn.usage, error: turn.error });
    }
    page.postBusy();
    conversations.flush(conversation);
  }

  /** What a request of `conversation` is sent with; the model of the prompt file that asked the last question wins. */
  private requestChoice(conversation: Conversation): RequestChoice {
    const chosen = resolveChoice(this.deps.config.current, this.deps.defaults, conversation.choice);
    const promptModel = conversation.turns.filter((t) => t.role === 'user').pop()?.model;
    return promptModel ? { ...chosen, model: promptModel } : chosen;
  }

  private rememberInput(input: InputMessage[]): void {
    const question = this.deps.conversations.current.turns.filter((t) => t.role === 'user').pop();
    if (question) {
      this.sentInputs.delete(question.id);
      this.sentInputs.set(question.id, input);
      // Older questions are rebuilt from the conversation when asked for.
      if (this.sentInputs.size > SENT_KEPT) this.sentInputs.delete(this.sentInputs.keys().next().value!);
    }
  }

  private language(): string {
    return answerLanguage(this.deps.config.current.values.responseLanguage, vscode.env.language);
  }
}
