import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Api } from '../connection/api';
import type { Config } from '../config';
import { fitIndentation } from '../core/refactor/indent';
import { CodeStream } from '../core/refactor/output';
import { instructionGroups, rememberInstruction } from '../core/refactor/presets';
import { buildRefactorInput, CONTEXT_LINES, REFACTOR_DEFAULTS } from '../core/refactor/prompt';
import { indentTarget, type InlineEdits } from '../edit/inlineEdits';
import { scrubWithContext } from '../context/attachments';
import { gatherContext } from '../context/gather';
import { systemInstructions, userContextBlock, type ProjectContext } from '../core/context/projectContext';
import { showErrorNotification } from '../connection/errorActions';
import { answerOutcome, isAnswerEnding, type AnswerAction, type AnswerEnding } from '../core/api/answerOutcome';
import { listPromptFiles, preparePrompt, type FoundPrompt } from '../context/promptFiles';
import { attachContexts, type CodeContext } from '../core/prompt/prompt';

const RECENT_KEY = 'sidekick.refactor.recent';

export interface RefactorDeps {
  api: Api;
  config: Config;
  /** The open inline edits, shared with the chat's Apply to Selection. */
  edits: InlineEdits;
}

/** While a refactor gathers its context, Esc stops it (as it stops the rewrite that follows). */
const GATHERING_CONTEXT_KEY = 'sidekick.refactorGathering';

/** What `sidekick.refactorSelection` accepts as its argument, e.g. from a keybinding. */
export interface RefactorArgs {
  instruction?: string;
}

/** Registers Refactor Selection and the review commands of its inline edits. */
export function registerRefactor(context: vscode.ExtensionContext, deps: RefactorDeps): vscode.Disposable {
  const sessions = deps.edits;
  const refactor = new Refactor(context, deps, sessions);
  const sessionOf = (uri?: unknown) => {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
    return target && sessions.get(target);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sidekick.refactorSelection', (args?: RefactorArgs) => refactor.run(args)),
    vscode.commands.registerCommand('sidekick.acceptEdit', (uri?: string) => sessionOf(uri)?.accept()),
    vscode.commands.registerCommand('sidekick.rejectEdit', (uri?: string) => sessionOf(uri)?.reject()),
    vscode.commands.registerCommand('sidekick.cancelEdit', (uri?: string) => {
      refactor.cancelGathering();
      return sessionOf(uri)?.phase === 'streaming' ? sessionOf(uri)?.reject() : undefined;
    }),
    vscode.commands.registerCommand('sidekick.showEditDiff', (uri?: string) => {
      const session = sessionOf(uri);
      return session && sessions.showDiff(session.document.uri);
    }),
    vscode.commands.registerCommand('sidekick.regenerateEdit', (uri?: string) => refactor.regenerate(sessionOf(uri)?.document.uri)),
  );
}

/** What a prompt file adds to a refactor: its model and the files it links. */
interface PromptExtras {
  model?: string;
  linked: CodeContext[];
}

class Refactor {
  private gathering: AbortController | undefined;
  /** For Regenerate: the prompt file extras of a session started from one. */
  private readonly fromPrompt = new WeakMap<object, PromptExtras>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: RefactorDeps,
    private readonly sessions: InlineEdits,
  ) {}

  async run(args?: RefactorArgs): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: open a file and select the code to refactor.'));
      return;
    }
    const selection = await this.sessions.finishPending(editor.document, editor.selection);
    if (!selection) {
      return;
    }
    if (editor.document.getText(selection).trim() === '') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sidekick: select the code to refactor first (one or more lines), then run Refactor Selection again.'));
      return;
    }
    const picked = args?.instruction?.trim() || (await this.pickInstruction());
    if (!picked) {
      return;
    }
    if (typeof picked === 'string') {
      await this.context.globalState.update(RECENT_KEY, rememberInstruction(this.context.globalState.get(RECENT_KEY), picked));
      return this.stream(editor, selection, picked);
    }
    const prepared = await preparePrompt(picked, '', editor);
    if (prepared) {
      await this.stream(editor, selection, prepared.text, { model: prepared.model, linked: prepared.contexts });
    }
  }

  /** Puts the original back and asks again with the same instruction. */
  async regenerate(uri: vscode.Uri | undefined): Promise<void> {
    const session = uri && this.sessions.get(uri);
    if (!session?.instruction || session.phase !== 'review') {
      return;
    }
    const { instruction, document } = session;
    await session.reject();
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: true, preview: false });
    await this.stream(editor, session.range, instruction, this.fromPrompt.get(session));
  }

  cancelGathering(): void {
    this.gathering?.abort();
  }

  /** The definitions, instructions and problems of the selection, within the time box; undefined when Esc stopped it. */
  private async gather(document: vscode.TextDocument, range: vscode.Range): Promise<ProjectContext | undefined> {
    const abort = new AbortController();
    this.gathering = abort;
    await vscode.commands.executeCommand('setContext', GATHERING_CONTEXT_KEY, true);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Sidekick: gathering definitions and instructions…') },
        () => gatherContext({ document, range }, this.deps.config, abort.signal, this.deps.api.log),
      );
    } finally {
      if (this.gathering === abort) {
        this.gathering = undefined;
        await vscode.commands.executeCommand('setContext', GATHERING_CONTEXT_KEY, false);
      }
    }
  }

  private async stream(editor: vscode.TextEditor, range: vscode.Range, instruction: string, extras?: PromptExtras): Promise<void> {
    const { document } = editor;
    const target = indentTarget(editor, range);
    const fileName = path.basename(document.uri.path);
    const gathered = await this.gather(document, range);
    if (!gathered) {
      return;
    }
    const scrubbed = await scrubWithContext(
      [
        { label: vscode.l10n.t('the selection in {0}', fileName), text: target.selection },
        { label: fileName, text: document.getText(new vscode.Range(Math.max(0, range.start.line - CONTEXT_LINES), 0, range.start.line, range.start.character)) },
        { label: fileName, text: document.getText(new vscode.Range(range.end, document.lineAt(Math.min(document.lineCount - 1, range.end.line + CONTEXT_LINES)).range.end)) },
        { label: vscode.l10n.t('the instruction'), text: instruction },
        ...(extras?.linked ?? []).map((ctx) => ({ label: vscode.l10n.t('the file {0}', path.basename(ctx.path)), text: ctx.text })),
      ],
      gathered,
      this.deps.config,
      this.deps.api.log,
    );
    if (!scrubbed) {
      return;
    }
    const [selection, before, after, scrubbedInstruction, ...linked] = scrubbed.parts.map((part) => part.text);
    const project = scrubbed.context!;
    const linkedBlocks = attachContexts((extras?.linked ?? []).map((ctx, i) => ({ ...ctx, text: linked[i] })), this.deps.config.current.values['chat.contextBudgetChars']);
    const input = buildRefactorInput({
      instruction: scrubbedInstruction,
      languageId: document.languageId,
      fileName,
      selection,
      before,
      after,
      context: [...linkedBlocks.map((a) => a.block), userContextBlock(project)].filter((b) => b !== '').join('\n\n'),
      instructions: systemInstructions(project).text,
    });
    const session = this.sessions.start(editor, range, instruction);
    if (!session) {
      return;
    }
    if (extras) this.fromPrompt.set(session, extras);
    const code = new CodeStream();
    let ending: AnswerEnding | undefined;
    for await (const event of this.deps.api.stream(input, REFACTOR_DEFAULTS, session.signal, vscode.l10n.t('Refactor'), { model: extras?.model })) {
      if (isAnswerEnding(event)) {
        ending = event;
      } else if (event.type === 'text') {
        code.push(event.delta);
        session.update(fitIndentation(code.code(), target));
      }
    }
    // A cut-off rewrite is never kept (the original comes back below), so Retry stands in for Continue.
    const outcome = answerOutcome(ending, { textArrived: code.code() !== '', aborted: session.signal.aborted });
    let failure: { message: string; actions: AnswerAction[] } | undefined;
    if (outcome.status === 'done') {
      const final = fitIndentation(code.code(true), target);
      if (final === '') {
        failure = { message: vscode.l10n.t('The model answered without any code.'), actions: ['retry', 'showLog'] };
      } else {
        await session.complete(final);
      }
    } else if (outcome.problem) {
      failure = { message: this.deps.api.describe(outcome.problem), actions: outcome.actions };
    }
    if (session.phase !== 'streaming') {
      return;
    }
    // Canceled, failed or cut off: the original comes back, selected, ready for another try.
    await session.reject();
    const restored = session.range;
    const version = document.version;
    if (!failure) {
      return;
    }
    const action = await showErrorNotification(vscode.l10n.t('Sidekick: the refactor failed; your code is unchanged.'), failure.message, failure.actions);
    if (action === 'retry' && !document.isClosed) {
      await vscode.window.showTextDocument(document, { preview: false, selection: document.version === version ? restored : undefined });
      await this.run({ instruction });
    }
  }

  /** An instruction (typed, recent, preset) or a prompt file. */
  private async pickInstruction(): Promise<string | FoundPrompt | undefined> {
    const builtIn = [
      vscode.l10n.t('Improve readability'),
      vscode.l10n.t('Add types'),
      vscode.l10n.t('Add error handling'),
      vscode.l10n.t('Optimize performance'),
      vscode.l10n.t('Add comments'),
      vscode.l10n.t('Convert to async/await'),
      vscode.l10n.t('Fix bugs'),
    ];
    const groups = instructionGroups(builtIn, this.deps.config.current.values['refactor.presets'], this.context.globalState.get(RECENT_KEY));
    const separator = (label: string): vscode.QuickPickItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const prompts = (await listPromptFiles(this.deps.config)).filter((f) => f.parsed.ok);
    const promptOf = new Map<vscode.QuickPickItem, FoundPrompt>();
    const promptItems = prompts.map((found) => {
      const file = found.parsed.ok ? found.parsed.value : undefined;
      const item: vscode.QuickPickItem = { label: `/${file?.name}`, description: file?.description, detail: found.path, iconPath: new vscode.ThemeIcon('file-text') };
      promptOf.set(item, found);
      return item;
    });
    const fixed: vscode.QuickPickItem[] = [
      ...(groups.recent.length ? [separator(vscode.l10n.t('Recently used')), ...groups.recent.map((label) => ({ label, iconPath: new vscode.ThemeIcon('history') }))] : []),
      ...(groups.user.length ? [separator(vscode.l10n.t('Your presets')), ...groups.user.map((label) => ({ label, iconPath: new vscode.ThemeIcon('star-empty') }))] : []),
      ...(promptItems.length ? [separator(vscode.l10n.t('Prompt files')), ...promptItems] : []),
      separator(vscode.l10n.t('Presets')),
      ...groups.builtIn.map((label) => ({ label, iconPath: new vscode.ThemeIcon('sparkle') })),
    ];
    const pick = vscode.window.createQuickPick();
    pick.title = vscode.l10n.t('Sidekick: Refactor Selection');
    pick.placeholder = vscode.l10n.t('Pick an instruction, or type your own and press Enter');
    pick.items = fixed;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      const known = fixed.some((item) => item.label.toLowerCase() === typed.toLowerCase());
      pick.items = typed && !known ? [{ label: typed, description: vscode.l10n.t('your instruction'), iconPath: new vscode.ThemeIcon('edit'), alwaysShow: true }, ...fixed] : fixed;
    });
    return new Promise((resolve) => {
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0];
        resolve((item && promptOf.get(item)) ?? item?.label ?? (pick.value.trim() || undefined));
        pick.hide();
      });
      pick.onDidHide(() => {
        resolve(undefined);
        pick.dispose();
      });
      pick.show();
    });
  }
}
