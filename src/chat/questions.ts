import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Config } from '../config';
import { contextAttachments, scrubWithContext } from '../context/attachments';
import { gatherContext, type GatherRequest } from '../context/gather';
import { findPromptFile, preparePrompt, type FoundPrompt } from '../context/promptFiles';
import { systemInstructions, userContextBlock, type ProjectContext } from '../core/context/projectContext';
import type { StoredTurn } from '../core/history/conversation';
import { attachContexts, type CodeContext } from '../core/prompt/prompt';
import { builtinPrompt, isBuiltinSlash, type parseSlash } from '../core/prompt/slashCommands';
import type { AttachmentLabel, ContextChip } from '../protocol';
import { addedFileContext } from './addedFiles';
import type { ChatPage } from './channel';
import { lines, type EditorContext } from './editorContext';

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
export interface Attach {
  selection: boolean;
  file: boolean;
}

export interface QuestionsDeps {
  config: Config;
  editor: EditorContext;
  log: vscode.LogOutputChannel;
  page: ChatPage;
  /**
   * Where a question goes once it is made (the surface's `ask`): called at once rather than returned, so the
   * surface is busy from the moment the question is sent, as Stop and the state see it.
   */
  ask(question: Question): Promise<void>;
}

/**
 * The next question of one surface: the code that goes with it (the input's chips, the files added to it),
 * and turning what the user typed into a question turn: a `/` command or prompt file expanded, the project
 * context gathered, secrets checked per `sidekick.redactSecrets`, the attached code cut to the budget.
 */
export class Questions {
  private readonly chipsOn: Record<ContextChip['kind'], boolean> = { selection: true, file: false, definitions: true, instructions: true, problems: true, added: true };
  /** Files added for the next question (Add File to Chat, `#`), as URIs. */
  private added: string[] = [];
  /** Gathering the project context of the next question; Stop aborts it. */
  private gathering: AbortController | undefined;

  constructor(private readonly deps: QuestionsDeps) {}

  /** The project context of a question is being gathered. */
  get busy(): boolean {
    return this.gathering !== undefined;
  }

  stop(): void {
    this.gathering?.abort();
  }

  chips(): ContextChip[] {
    const added = this.added.map((uri): ContextChip => ({ kind: 'added', uri, label: basename(vscode.Uri.parse(uri).path), available: true, on: true }));
    return [...this.deps.editor.chips(this.chipsOn, this.budget()), ...added];
  }

  postChips(): void {
    this.deps.page.post({ type: 'chips', chips: this.chips() });
  }

  /** Attaches a file to the next question. */
  addFile(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.added.includes(key)) {
      this.added.push(key);
    }
    this.postChips();
  }

  removeFile(uri: string): void {
    this.added = this.added.filter((added) => added !== uri);
    this.postChips();
  }

  toggleChip(kind: ContextChip['kind'], on: boolean): void {
    this.chipsOn[kind] = on;
    this.postChips();
  }

  /**
   * Asks a question typed in the chat input, with the chips the user left on (`/new` is not a question: the
   * caller handles it). The other built-in commands ask their own instruction about the selection (the
   * current file without one); `/name` runs the prompt file of that name. Anything else, an unknown `/word`
   * included, is asked as typed.
   */
  async typed(text: string, slash: ReturnType<typeof parseSlash>, attach: Attach): Promise<void> {
    if (slash && isBuiltinSlash(slash.name)) {
      const selected = attach.selection && !!this.deps.editor.selection();
      return this.about(text, { selection: attach.selection, file: attach.file || !selected }, { prompt: builtinPrompt(slash.name, slash.argument) });
    }
    const found = slash && (await findPromptFile(this.deps.config, slash.name));
    if (found) {
      return this.promptFile(found, slash.argument, attach);
    }
    return this.about(text, attach);
  }

  /** Runs a prompt file: `/name argument` in the chat, or Run Prompt File. Nothing is asked when it is broken. */
  async promptFile(found: FoundPrompt, argument: string, attach: Attach = { selection: this.chipsOn.selection, file: this.chipsOn.file }): Promise<void> {
    const prepared = await preparePrompt(found, argument, this.deps.editor.current);
    if (!prepared) {
      return;
    }
    const name = found.parsed.ok ? found.parsed.value.name : '';
    return this.about(`/${name}${argument ? ` ${argument}` : ''}`, { selection: attach.selection && !prepared.usesSelection, file: attach.file }, {
      prompt: prepared.text,
      linked: prepared.contexts,
      model: prepared.model,
    });
  }

  /**
   * The question turn that asks `asked`: its project context gathered within the time box, everything
   * checked for secrets, the attached code cut to the budget. Undefined when the user stopped the gathering
   * or canceled the secret check.
   */
  async turn(asked: Question): Promise<StoredTurn | undefined> {
    const gathered = asked.source && (await this.gather(asked.source));
    if (asked.source && !gathered) {
      return undefined;
    }
    const scrubbed = await this.scrub(asked, gathered);
    if (!scrubbed) {
      return undefined;
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
    return {
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
  }

  /** Asks `text` with the chosen code, the linked and added files (taken for this question), and the editor's document as the source of project context. */
  private async about(text: string, attach: Attach, extra: { prompt?: string; linked?: CodeContext[]; model?: string } = {}): Promise<void> {
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
    if (added.length) this.postChips();
    const document = this.deps.editor.current?.document;
    const source: GatherRequest | undefined = document && {
      document,
      range: selection ? this.deps.editor.selectionRange() : undefined,
      definitions: this.chipsOn.definitions,
      instructions: this.chipsOn.instructions,
      problems: this.chipsOn.problems,
    };
    await this.deps.ask({ text, contexts, source, ...(extra.prompt ? { prompt: extra.prompt } : {}), ...(extra.model ? { model: extra.model } : {}) });
  }

  /** The project context of a question, within the time box; undefined when the user stopped it. */
  private async gather(request: GatherRequest): Promise<ProjectContext | undefined> {
    const abort = new AbortController();
    this.gathering = abort;
    this.deps.page.postBusy();
    try {
      return await gatherContext(request, this.deps.config, abort.signal, this.deps.log);
    } finally {
      if (this.gathering === abort) this.gathering = undefined;
      this.deps.page.postBusy();
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
      this.deps.log,
    );
    if (!scrubbed) {
      return undefined;
    }
    const [text, ...rest] = scrubbed.parts.map((part) => part.text);
    const prompt = question.prompt !== undefined ? { prompt: rest[question.contexts.length] } : {};
    return { question: { ...question, text, ...prompt, contexts: question.contexts.map((ctx, i) => ({ ...ctx, text: rest[i] })) }, project: scrubbed.context };
  }

  private budget(): number {
    return Math.max(1000, this.deps.config.current.values['chat.contextBudgetChars']);
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
