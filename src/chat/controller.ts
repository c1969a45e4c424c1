import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Api } from '../connection/api';
import type { Config } from '../config';
import { buildInput, newConversation, pickedChoice, resolveChoice, titleFor, toMarkdown, wireTurn, type Conversation, type ConversationChoice, type StoredTurn } from '../core/history/conversation';
import type { ConversationStore } from '../core/history/conversationStore';
import { answerLanguage, attachContexts, type ChatDefaults, type CodeContext } from '../core/prompt/prompt';
import { systemInstructions, userContextBlock, type ProjectContext } from '../core/context/projectContext';
import { contextAttachments, openSources, scrubWithContext } from '../context/attachments';
import { gatherContext, type GatherRequest } from '../context/gather';
import type { SentRequests } from '../context/sentRequests';
import { answerOutcome, type AnswerEnding, type AnswerOutcome } from '../core/api/answerOutcome';
import type { InputMessage } from '../core/types';
import { Disposable } from '../disposable';
import { runSharedAction } from '../connection/errorActions';
import type { InlineEdits } from '../edit/inlineEdits';
import type { AttachmentLabel, ChatChoice, ChatState, ContextChip, HostToWebview, RequestChoice, TurnAction, TurnError, WebviewToHost } from '../protocol';
import { WebviewChannel } from './channel';
import { applyToSelection, copyCode, insertCode, openLink } from './codeActions';
import { lines, type EditorContext } from './editorContext';
import { addedFileContext, fileMatches } from './addedFiles';
import { findPromptFile, preparePrompt, type FoundPrompt } from '../context/promptFiles';
import { builtinPrompt, isBuiltinSlash, parseSlash } from '../core/prompt/slashCommands';
import { exportChat } from './exportChat';
import { slashMatches } from './slashCommands';
import { selectModel } from '../commands/selectModel';

/** While an answer streams, its progress is saved at most this often, so a window reload keeps it. */
const SAVE_INTERVAL_MS = 1000;
/** Requests whose exact `input` is kept in memory for Show What Was Sent. */
const SENT_KEPT = 20;

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

/** A question with the code it is about, as Explain asks it. */
export interface Question {
  /** What the user sees. */
  text: string;
  /** What the model reads instead, when it differs. */
  prompt?: string;
  contexts: CodeContext[];
  /** The code's document and range: the definitions, instructions and problems that go with it are gathered from it. */
  source?: GatherRequest;
  /** A prompt file's own model, for this question only. */
  model?: string;
}

/** Which of the input's code chips were on when the question was sent. */
interface Attach {
  selection: boolean;
  file: boolean;
}

/**
 * One conversation on one surface (the sidebar view or an Explain panel): it owns the turns, streams
 * answers into them, persists them, and talks to whichever webview currently shows it. Streaming goes
 * on while no webview is attached or visible; the next `ready` gets the whole state.
 */
export class ChatController extends Disposable {
  private conversation: Conversation;
  private channel: WebviewChannel | undefined;
  private running: { abort: AbortController; turn: StoredTurn } | undefined;
  private chipsOn: Record<ContextChip['kind'], boolean> = { selection: true, file: false, definitions: true, instructions: true, problems: true, added: true };
  /** Files added for the next question (Add File to Chat, `#`), as URIs. */
  private added: string[] = [];
  /** Gathering the project context of the next question; Stop aborts it. */
  private gathering: AbortController | undefined;
  /** The exact `input` last sent for each question, for Show What Was Sent. */
  private readonly sentInputs = new Map<string, InputMessage[]>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Deleted while an answer was still finishing: its last save must not bring it back. */
  private readonly deleted = new Set<string>();
  private readonly _onDidChangeTitle = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTitle = this._onDidChangeTitle.event;
  private readonly currentKey: string;

  constructor(
    readonly host: 'sidebar' | 'panel',
    private readonly deps: ChatDeps,
    private readonly defaults: ChatDefaults,
    /** Distinguishes surfaces of the same kind in `memento`. */
    surfaceId: string = host,
  ) {
    super();
    this.currentKey = `sidekick.chat.current.${surfaceId}`;
    const remembered = deps.memento.get<string>(this.currentKey);
    this.conversation = (remembered && this.load(remembered)) || this.fresh();
    this._register(deps.editor.onDidChange(() => this.post({ type: 'chips', chips: this.chips() })));
    this._register(deps.store.onDidChange(() => this.post({ type: 'history', history: deps.store.list() })));
    this._register(
      deps.config.onDidChange(() => {
        this.post({ type: 'chips', chips: this.chips() });
        this.post({ type: 'choice', choice: this.choice });
      }),
    );
    this._register({
      dispose: () => {
        this.stop();
        this.flushSave();
        this.channel?.dispose();
      },
    });
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  get busy(): boolean {
    return this.running !== undefined || this.gathering !== undefined;
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
    return { conversationId: this.conversation.id, title: this.conversation.title, turns: this.conversation.turns.map(wireTurn), busy: this.busy, choice: this.choice };
  }

  chips(): ContextChip[] {
    const added = this.added.map((uri): ContextChip => ({ kind: 'added', uri, label: basename(vscode.Uri.parse(uri).path), available: true, on: true }));
    return [...this.deps.editor.chips(this.chipsOn, this.budget()), ...added];
  }

  /** What the next question is sent with, and what it would be without the conversation's choice. */
  get choice(): ChatChoice {
    const settings = this.deps.config.current;
    return { current: resolveChoice(settings, this.defaults, this.conversation.choice), defaults: resolveChoice(settings, this.defaults) };
  }

  /** The model, effort or verbosity the user picked for this conversation; kept with it, so a reload keeps it too. */
  setChoice(choice: ConversationChoice): void {
    this.conversation.choice = { ...this.conversation.choice, ...choice };
    this.save();
    this.post({ type: 'choice', choice: this.choice });
  }

  /** Attaches a file to the next question. */
  addFile(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.added.includes(key)) {
      this.added.push(key);
    }
    this.post({ type: 'chips', chips: this.chips() });
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
        return this.regenerate();
      case 'editLast':
        return this.editLast(message.text);
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
        this.added = this.added.filter((uri) => uri !== message.uri);
        this.post({ type: 'chips', chips: this.chips() });
        return;
      case 'toggleChip':
        this.chipsOn[message.kind] = message.on;
        this.post({ type: 'chips', chips: this.chips() });
        return;
      case 'copyCode':
        return copyCode(message.code);
      case 'insertCode':
        return insertCode(this.deps.editor.current, message.code);
      case 'applyCode':
        return applyToSelection(this.deps.editor.current, message.code, this.deps.edits);
      case 'openLink':
        return openLink(message.href, this.deps.api.log);
      case 'openAttachment':
        return openSources(this.conversation.turns.find((t) => t.id === message.turnId)?.attachments?.[message.index]?.sources ?? []);
      case 'showSent':
        return this.showSent(message.turnId);
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
    } else if (conversationId === this.conversation.id) {
      this.setChoice(picked);
    }
  }

  /**
   * A question typed in the chat input, with the chips the user left on. `/new` starts a new chat; the other
   * built-in commands ask their own instruction about the selection (the current file without one); `/name`
   * runs the prompt file of that name. Anything else, an unknown `/word` included, is asked as typed.
   */
  async send(text: string, attach: Attach): Promise<void> {
    const slash = parseSlash(text);
    if (slash?.name === 'new') {
      return this.newChat();
    }
    if (slash && isBuiltinSlash(slash.name)) {
      const selected = attach.selection && !!this.deps.editor.selection();
      return this.askAbout(text, { selection: attach.selection, file: attach.file || !selected }, { prompt: builtinPrompt(slash.name, slash.argument) });
    }
    const found = slash && (await findPromptFile(this.deps.config, slash.name));
    if (found) {
      return this.runPrompt(found, slash.argument, attach);
    }
    return this.askAbout(text, attach);
  }

  /** Runs a prompt file: `/name argument` in the chat, or Run Prompt File. Nothing is sent when it is broken. */
  async runPrompt(found: FoundPrompt, argument: string, attach: Attach = { selection: this.chipsOn.selection, file: this.chipsOn.file }): Promise<void> {
    const prepared = await preparePrompt(found, argument, this.deps.editor.current);
    if (!prepared) {
      return;
    }
    const name = found.parsed.ok ? found.parsed.value.name : '';
    await this.askAbout(`/${name}${argument ? ` ${argument}` : ''}`, { selection: attach.selection && !prepared.usesSelection, file: attach.file }, {
      prompt: prepared.text,
      linked: prepared.contexts,
      model: prepared.model,
    });
  }

  /** Asks `text` with the chosen code, the linked and added files, and the project context of the editor. */
  private async askAbout(text: string, attach: Attach, extra: { prompt?: string; linked?: CodeContext[]; model?: string } = {}): Promise<void> {
    const contexts: CodeContext[] = [];
    const selection = attach.selection ? this.deps.editor.selection() : undefined;
    const file = attach.file ? this.deps.editor.file() : undefined;
    if (selection) contexts.push(selection);
    if (file) contexts.push(file);
    for (const ctx of extra.linked ?? []) {
      if (!contexts.some((c) => c.kind === 'file' && c.uri === ctx.uri)) contexts.push(ctx);
    }
    const added = this.added;
    this.added = [];
    for (const uri of added) {
      const ctx = await addedFileContext(uri);
      if (ctx && !contexts.some((c) => c.kind === 'file' && c.uri === ctx.uri)) contexts.push(ctx);
    }
    if (added.length) this.post({ type: 'chips', chips: this.chips() });
    const document = this.deps.editor.current?.document;
    const source: GatherRequest | undefined = document && {
      document,
      range: selection ? this.deps.editor.selectionRange() : undefined,
      definitions: this.chipsOn.definitions,
      instructions: this.chipsOn.instructions,
      problems: this.chipsOn.problems,
    };
    await this.ask({ text, contexts, source, ...(extra.prompt ? { prompt: extra.prompt } : {}), ...(extra.model ? { model: extra.model } : {}) });
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
    const gathered = asked.source && (await this.gather(asked.source));
    if (asked.source && !gathered) {
      return;
    }
    const scrubbed = await this.scrub(asked, gathered);
    if (!scrubbed) {
      return;
    }
    const { question, project } = scrubbed;
    const attached = attachContexts(question.contexts, this.budget());
    const attachments: AttachmentLabel[] = question.contexts.map((ctx, i) => ({
      kind: ctx.kind,
      label: ctx.kind === 'selection' ? `${basename(ctx.path)}:${lines(ctx)}` : basename(ctx.path),
      truncated: attached[i].truncated,
      ...(ctx.uri ? { sources: [{ label: ctx.path, uri: ctx.uri, line: ctx.startLine - 1 }] } : {}),
    }));
    const blocks = attached.map((a) => a.block);
    if (project) {
      blocks.push(userContextBlock(project));
      attachments.push(...contextAttachments(project, asked.source!.document.uri.toString()));
    }
    const context = blocks.filter((b) => b !== '').join('\n\n');
    const instructions = project && systemInstructions(project).text;
    const turn: StoredTurn = {
      id: randomUUID(),
      role: 'user',
      text: question.text.trim(),
      createdAt: Date.now(),
      ...(question.prompt ? { prompt: question.prompt } : {}),
      ...(context ? { context } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(instructions ? { instructions } : {}),
      ...(question.model ? { model: question.model } : {}),
    };
    this.conversation.turns.push(turn);
    if (!this.conversation.title) {
      this.conversation.title = titleFor(this.conversation);
      this._onDidChangeTitle.fire();
    }
    this.post({ type: 'turnAdded', turn: wireTurn(turn) });
    await this.answerNext();
  }

  /** The project context of a question, within the time box; undefined when the user stopped it. */
  private async gather(request: GatherRequest): Promise<ProjectContext | undefined> {
    const abort = new AbortController();
    this.gathering = abort;
    this.post({ type: 'busy', busy: true });
    try {
      return await gatherContext(request, this.deps.config, abort.signal, this.deps.api.log);
    } finally {
      if (this.gathering === abort) this.gathering = undefined;
      this.post({ type: 'busy', busy: this.busy });
    }
  }

  /**
   * Checks the question, its code and everything gathered with it for secrets per `sidekick.redactSecrets`;
   * undefined when the user cancels.
   */
  private async scrub(question: Question, project: ProjectContext | undefined): Promise<{ question: Question; project?: ProjectContext } | undefined> {
    const scrubbed = await scrubWithContext(
      [
        { label: vscode.l10n.t('your question'), text: question.text },
        ...question.contexts.map((ctx) => ({
          label: ctx.kind === 'selection' ? vscode.l10n.t('the selection in {0}', basename(ctx.path)) : vscode.l10n.t('the file {0}', basename(ctx.path)),
          text: ctx.text,
        })),
        // A prompt file's expanded text may carry the selection.
        ...(question.prompt !== undefined ? [{ label: vscode.l10n.t('your question'), text: question.prompt }] : []),
      ],
      project,
      this.deps.config,
      this.deps.api.log,
    );
    if (!scrubbed) {
      return undefined;
    }
    const [text, ...rest] = scrubbed.parts.map((part) => part.text);
    const prompt = question.prompt !== undefined ? { prompt: rest[question.contexts.length] } : {};
    return { question: { ...question, text, ...prompt, contexts: question.contexts.map((ctx, i) => ({ ...ctx, text: rest[i] })) }, project: scrubbed.context };
  }

  stop(): void {
    this.gathering?.abort();
    this.running?.abort.abort();
  }

  /** Opens the exact `input` of the request that answered (or is answering) a turn's question. */
  private async showSent(turnId: string): Promise<void> {
    const turns = this.conversation.turns;
    const at = turns.findIndex((t) => t.id === turnId);
    const question = turns.slice(0, at + 1).filter((t) => t.role === 'user').pop();
    if (!question) {
      return;
    }
    const upTo = turns.indexOf(question);
    const input = this.sentInputs.get(question.id) ?? buildInput(turns.slice(0, upTo + 1), this.language());
    await this.deps.sent.show(question.id, input, vscode.l10n.t('Sent to the model - {0}', question.text.split('\n')[0].slice(0, 40)));
  }

  /** Answers the last question again, replacing the last answer. */
  async regenerate(): Promise<void> {
    const last = this.conversation.turns[this.conversation.turns.length - 1];
    if (this.busy || !last || last.role !== 'assistant') {
      return;
    }
    this.conversation.turns.pop();
    this.post({ type: 'state', state: this.state() });
    await this.answerNext();
  }

  /** Replaces the last question's text (its attached code stays) and answers it again. */
  async editLast(text: string): Promise<void> {
    const turns = this.conversation.turns;
    const index = turns.map((t) => t.role).lastIndexOf('user');
    if (this.busy || index < 0 || text.trim() === '') {
      return;
    }
    const { prompt: _typedOver, ...question } = turns[index];
    turns.splice(index, turns.length - index, { ...question, text: text.trim() });
    if (index === 0) {
      this.conversation.title = titleFor(this.conversation);
      this._onDidChangeTitle.fire();
    }
    this.post({ type: 'state', state: this.state() });
    await this.answerNext();
  }

  async runAction(action: TurnAction, turnId: string): Promise<void> {
    if (await runSharedAction(action)) {
      return;
    }
    const turns = this.conversation.turns;
    const last = turns[turns.length - 1];
    if (this.busy || !last || last.id !== turnId || last.role !== 'assistant') {
      // Retry and Continue apply to the last answer only; older cards keep their buttons but do nothing.
      return;
    }
    if (action === 'retry') {
      return this.regenerate();
    }
    if (action === 'continue') {
      last.status = 'streaming';
      delete last.error;
      this.post({ type: 'state', state: this.state() });
      const input = buildInput(turns, this.language(), { continueLast: true });
      this.rememberInput(input);
      return this.stream(last, input);
    }
  }

  newChat(): void {
    this.stop();
    this.flushSave();
    this.show(this.fresh());
  }

  open(id: string): void {
    if (id === this.conversation.id) {
      return;
    }
    const conversation = this.load(id);
    if (!conversation) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sidekick: that conversation is no longer in the history.'));
      this.post({ type: 'history', history: this.deps.store.list() });
      return;
    }
    this.stop();
    this.flushSave();
    this.show(conversation);
  }

  async delete(id: string): Promise<void> {
    this.deleted.add(id);
    if (id === this.conversation.id) {
      this.stop();
      this.show(this.fresh());
    }
    await this.deps.store.delete(id);
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

  get title(): string {
    return this.conversation.title;
  }

  private show(conversation: Conversation): void {
    this.conversation = conversation;
    void this.deps.memento.update(this.currentKey, conversation.id);
    this.post({ type: 'state', state: this.state() });
    this._onDidChangeTitle.fire();
  }

  private fresh(): Conversation {
    return newConversation(randomUUID(), Date.now());
  }

  /** A stored conversation; an answer that was streaming when the window went away is marked cut off. */
  private load(id: string): Conversation | undefined {
    const conversation = this.deps.store.get(id);
    for (const turn of conversation?.turns ?? []) {
      if (turn.status === 'streaming') {
        turn.status = 'cut';
        turn.error = {
          kind: 'truncated',
          message: vscode.l10n.t('This answer was interrupted: the window closed or reloaded while it was being written.'),
          actions: ['continue', 'retry'],
        };
      }
    }
    return conversation;
  }

  private async answerNext(): Promise<void> {
    const input = buildInput(this.conversation.turns, this.language());
    this.rememberInput(input);
    const turn: StoredTurn = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now() };
    this.conversation.turns.push(turn);
    this.post({ type: 'turnAdded', turn: wireTurn(turn) });
    await this.stream(turn, input);
  }

  /** Streams into `turn` (appending, so Continue extends a cut-off answer) until a terminal event. */
  private async stream(turn: StoredTurn, input: InputMessage[]): Promise<void> {
    const abort = new AbortController();
    const conversation = this.conversation;
    // After New Chat or opening another conversation, this answer finishes out of sight.
    const shown = () => this.conversation === conversation;
    this.running = { abort, turn };
    conversation.updatedAt = Date.now();
    this.post({ type: 'busy', busy: true });
    this.save();
    let ending: AnswerEnding | undefined;
    try {
      const purpose = this.host === 'panel' ? vscode.l10n.t('Explain') : vscode.l10n.t('Chat');
      for await (const event of this.deps.api.stream(input, this.defaults, abort.signal, purpose, this.requestChoice(conversation))) {
        switch (event.type) {
          case 'text':
            turn.text += event.delta;
            if (shown()) this.channel?.postDelta(turn.id, { text: event.delta });
            this.saveSoon();
            break;
          case 'reasoning':
            turn.reasoning = (turn.reasoning ?? '') + event.delta;
            if (shown()) this.channel?.postDelta(turn.id, { reasoning: event.delta });
            this.saveSoon();
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
      this.deps.api.log.error(`Chat stream failed unexpectedly: ${String(error)}`);
      ending = { type: 'failed', error: { kind: 'protocol', message: String(error) } };
    }
    // Stop here or in the status bar, or the key prompt dismissed: what arrived stays.
    const outcome = answerOutcome(ending, { textArrived: turn.text !== '', aborted: abort.signal.aborted, canContinue: true });
    turn.status = outcome.status;
    if (outcome.usage) turn.usage = outcome.usage;
    const error = this.turnError(outcome);
    if (error) turn.error = error;
    else delete turn.error;
    if (this.running?.turn === turn) {
      this.running = undefined;
    }
    conversation.updatedAt = Date.now();
    if (shown()) {
      this.post({ type: 'turnFinished', turnId: turn.id, status: turn.status, usage: turn.usage, error: turn.error });
    }
    this.post({ type: 'busy', busy: this.busy });
    this.flushSave(conversation);
  }

  /** What a request of `conversation` is sent with; the model of the prompt file that asked the last question wins. */
  private requestChoice(conversation: Conversation): RequestChoice {
    const chosen = resolveChoice(this.deps.config.current, this.defaults, conversation.choice);
    const promptModel = conversation.turns.filter((t) => t.role === 'user').pop()?.model;
    return promptModel ? { ...chosen, model: promptModel } : chosen;
  }

  private rememberInput(input: InputMessage[]): void {
    const question = this.conversation.turns.filter((t) => t.role === 'user').pop();
    if (question) {
      this.sentInputs.delete(question.id);
      this.sentInputs.set(question.id, input);
      // Older questions are rebuilt from the conversation when asked for.
      if (this.sentInputs.size > SENT_KEPT) this.sentInputs.delete(this.sentInputs.keys().next().value!);
    }
  }

  private turnError({ problem, actions }: AnswerOutcome): TurnError | undefined {
    if (!problem) return undefined;
    const message = this.deps.api.describe(problem);
    if (problem.type === 'incomplete') return { kind: 'truncated', message, actions };
    const { kind, retryAfterMs } = problem.error;
    return { kind, message, actions, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  private post(message: HostToWebview): void {
    this.channel?.post(message);
  }

  private budget(): number {
    return Math.max(1000, this.deps.config.current.values['chat.contextBudgetChars']);
  }

  private language(): string {
    return answerLanguage(this.deps.config.current.values.responseLanguage, vscode.env.language);
  }

  private saveSoon(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, SAVE_INTERVAL_MS);
  }

  private flushSave(conversation = this.conversation): void {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    this.save(conversation);
  }

  private save(conversation = this.conversation): void {
    if (conversation.turns.length === 0 || this.deleted.has(conversation.id)) {
      return;
    }
    if (conversation === this.conversation) {
      void this.deps.memento.update(this.currentKey, conversation.id);
    }
    this.deps.store.save(conversation).catch((error) => this.deps.api.log.error(`Could not save the conversation: ${String(error)}`));
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
