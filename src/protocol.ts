// The one message protocol between the extension host and the chat webview (sidebar view and editor panel).
// Host posts are queued until the webview sends `ready`; deltas are batched by the host (one post per
// one post per DELTA_INTERVAL_MS in src/chat/channel.ts), never the accumulated text.

import type { AnswerAction, AnswerStatus } from './core/api/answerOutcome';
import type { ApiErrorKind, ReasoningEffort, Usage, Verbosity } from './core/types';

export type { ReasoningEffort, Usage, Verbosity };

export type TurnStatus = 'streaming' | AnswerStatus;

/** An action offered on an error or cut-off card; the webview renders a button, the host runs it. */
export type TurnAction = AnswerAction;

export interface TurnError {
  kind: ApiErrorKind;
  /** Localized, already containing the server's message; never the key. */
  message: string;
  actions: TurnAction[];
  /** For rate limits: how long the server asked to wait. */
  retryAfterMs?: number;
}

export type AttachmentKind = 'selection' | 'file' | 'definitions' | 'instructions' | 'problems';

/** A place an attachment came from: its chip opens it (a quick pick when there are several). */
export interface AttachmentSource {
  label: string;
  uri: string;
  /** 0-based. */
  line: number;
  description?: string;
}

/** What was attached to a user turn, shown as a chip on it (the text itself is not re-sent to the webview). */
export interface AttachmentLabel {
  kind: AttachmentKind;
  label: string;
  truncated: boolean;
  /** Shown as the chip's tooltip, e.g. the names of the definitions. */
  detail?: string;
  sources?: AttachmentSource[];
}

export interface Turn {
  id: string;
  role: 'user' | 'assistant';
  /** Markdown for assistant turns; the user's question as typed for user turns. */
  text: string;
  reasoning?: string;
  usage?: Usage;
  /** Assistant turns only. */
  status?: TurnStatus;
  error?: TurnError;
  attachments?: AttachmentLabel[];
  /** Unix ms. */
  createdAt: number;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

/** The state of one context chip in the chat input. */
export interface ContextChip {
  /** `added`: a file the user added (Add File to Chat, `#`); clicking it removes it. */
  kind: 'selection' | 'file' | 'definitions' | 'instructions' | 'problems' | 'added';
  /** The added file's URI. */
  uri?: string;
  /** e.g. "Selection (app.ts:12-30)" or "Current file (app.ts)"; empty label = not available. */
  label: string;
  available: boolean;
  /** On = attach to the next question. */
  on: boolean;
  /** Shown to the user when the context will be cut to the budget. */
  note?: string;
}

/** The model and the parameters a request is sent with, as the chat header shows and sets them. */
export interface RequestChoice {
  model: string;
  reasoningEffort: ReasoningEffort;
  verbosity: Verbosity;
}

export interface ChatChoice {
  /** What the conversation's next question is sent with. */
  current: RequestChoice;
  /** What it would be sent with had nothing been chosen for it: the settings, else the surface's defaults. */
  defaults: RequestChoice;
}

export interface ChatState {
  conversationId: string;
  title: string;
  turns: Turn[];
  /** True while an answer streams. */
  busy: boolean;
  choice: ChatChoice;
}

/**
 * Keys of the localized UI strings the webview's page carries (built by src/chat/webviewStrings.ts).
 * Values may hold `{0}`-style placeholders that the webview fills in.
 */
export type StringKey =
  | 'conversation'
  | 'emptyTitle'
  | 'emptyBody'
  | 'emptyHowTo'
  | 'emptyKeys'
  | 'you'
  | 'assistant'
  | 'untitled'
  | 'inputLabel'
  | 'inputPlaceholder'
  | 'send'
  | 'stop'
  | 'newChat'
  | 'history'
  | 'historyEmpty'
  | 'closeHistory'
  | 'openConversation'
  | 'deleteConversation'
  | 'messageCount'
  | 'exportChat'
  | 'regenerate'
  | 'editLast'
  | 'editingNote'
  | 'cancelEdit'
  | 'codeActions'
  | 'copy'
  | 'copied'
  | 'insertAtCursor'
  | 'applyToSelection'
  | 'thinking'
  | 'usage'
  | 'cutOff'
  | 'stopped'
  | 'answering'
  | 'answerDone'
  | 'errorTitle'
  | 'actionSetApiKey'
  | 'actionRetry'
  | 'actionRetryWait'
  | 'actionOpenSettings'
  | 'actionShowLog'
  | 'actionContinue'
  | 'actionNetworkSettings'
  | 'actionCertificateHelp'
  | 'contextLabel'
  | 'chipSelection'
  | 'chipFile'
  | 'attachmentCut'
  | 'chipDefinitions'
  | 'chipInstructions'
  | 'chipProblems'
  | 'removeChip'
  | 'openAttachment'
  | 'showSent'
  | 'fileMatches'
  | 'noFileMatches'
  | 'slashCommands'
  | 'noSlashMatches'
  | 'choices'
  | 'modelButton'
  | 'effortLabel'
  | 'effortTitle'
  | 'verbosityLabel'
  | 'verbosityTitle'
  | 'levelMinimal'
  | 'levelLow'
  | 'levelMedium'
  | 'levelHigh'
  | 'levelDefault';

export type HostToWebview =
  | {
      type: 'init';
      host: 'sidebar' | 'panel';
      state: ChatState;
      chips: ContextChip[];
      history: ConversationSummary[];
    }
  | { type: 'state'; state: ChatState }
  | { type: 'turnAdded'; turn: Turn }
  | { type: 'delta'; turnId: string; text?: string; reasoning?: string }
  | { type: 'turnFinished'; turnId: string; status: TurnStatus; usage?: Usage; error?: TurnError }
  | { type: 'busy'; busy: boolean }
  | { type: 'choice'; choice: ChatChoice }
  | { type: 'chips'; chips: ContextChip[] }
  | { type: 'history'; history: ConversationSummary[] }
  | { type: 'focusInput' }
  | { type: 'fileMatches'; query: string; items: FileMatch[] }
  | { type: 'slashMatches'; query: string; items: SlashCommand[] };

/** A command offered by `/` in the chat input: built in, or a prompt file. */
export interface SlashCommand {
  name: string;
  kind: 'builtin' | 'prompt';
  description: string;
  /** The prompt file's `argument-hint`. */
  hint?: string;
  /** The prompt file, workspace-relative. */
  source?: string;
}

/** A workspace file offered by `#` in the chat input. */
export interface FileMatch {
  /** The file name. */
  label: string;
  /** Its folder, workspace-relative. */
  description: string;
  uri: string;
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string; attachSelection: boolean; attachFile: boolean }
  | { type: 'stop' }
  | { type: 'regenerate' }
  | { type: 'editLast'; text: string }
  | { type: 'action'; action: TurnAction; turnId: string }
  | { type: 'newChat' }
  | { type: 'openConversation'; id: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'exportChat' }
  | { type: 'toggleChip'; kind: ContextChip['kind']; on: boolean }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string; language?: string }
  | { type: 'applyCode'; code: string; language?: string }
  | { type: 'openLink'; href: string }
  | { type: 'openAttachment'; turnId: string; index: number }
  | { type: 'showSent'; turnId: string }
  | { type: 'fileQuery'; query: string }
  | { type: 'slashQuery'; query: string }
  | { type: 'addFile'; uri: string }
  | { type: 'removeFile'; uri: string }
  /** Runs Select Model for the conversation this webview shows. */
  | { type: 'selectModel' }
  /** From the header's pickers; ignored when the host shows another conversation by the time it arrives. */
  | { type: 'setChoice'; conversationId: string; choice: Partial<Pick<RequestChoice, 'reasoningEffort' | 'verbosity'>> };
