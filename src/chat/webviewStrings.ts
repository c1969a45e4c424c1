import type { l10n } from 'vscode';
import type { StringKey } from '../protocol';

// Templates keep their `{0}` placeholders for the webview to fill: passing '{0}' as the argument makes
// vscode.l10n.t put the placeholder back instead of a value.
const p0 = '{0}';
const p1 = '{1}';
const p2 = '{2}';

/** VS Code's `l10n` (the display language); the webview tests pass one that keeps the English. */
export type Translator = Pick<typeof l10n, 't'>;

/** The chat webview's UI strings, translated by `l10n`. */
export function webviewStrings(l10n: Translator): Record<StringKey, string> {
  return {
    conversation: l10n.t('Conversation'),
    emptyTitle: l10n.t('Ask Sidekick about your code'),
    emptyBody: l10n.t('Sidekick explains code, answers questions about your files and writes code you can copy, insert at the cursor or apply to the selection.'),
    emptyHowTo: l10n.t('Select code and run "Sidekick: Explain Selection", or type a question below. Turn on "Selection" or "Current file" to attach that code to your question.'),
    emptyKeys: l10n.t('Enter sends, Shift+Enter adds a line, Esc stops an answer.'),
    you: l10n.t('You'),
    assistant: l10n.t('Sidekick'),
    untitled: l10n.t('New conversation'),
    inputLabel: l10n.t('Ask Sidekick'),
    inputPlaceholder: l10n.t('Ask a question (Enter to send, Shift+Enter for a new line)'),
    send: l10n.t('Send'),
    stop: l10n.t('Stop (Esc)'),
    newChat: l10n.t('New chat'),
    history: l10n.t('Past conversations'),
    historyEmpty: l10n.t('No past conversations yet.'),
    closeHistory: l10n.t('Close past conversations'),
    openConversation: l10n.t('Open conversation: {0}', p0),
    deleteConversation: l10n.t('Delete conversation: {0}', p0),
    messageCount: l10n.t('{0} messages', p0),
    exportChat: l10n.t('Export chat as Markdown'),
    regenerate: l10n.t('Regenerate'),
    editLast: l10n.t('Edit and resend'),
    editingNote: l10n.t('Editing your last question: Enter resends it.'),
    cancelEdit: l10n.t('Cancel editing'),
    codeActions: l10n.t('Code actions'),
    copy: l10n.t('Copy'),
    copied: l10n.t('Copied'),
    insertAtCursor: l10n.t('Insert at Cursor'),
    applyToSelection: l10n.t('Apply to Selection'),
    thinking: l10n.t('Thinking'),
    usage: l10n.t('Tokens: {0} input · {1} output · {2} reasoning', p0, p1, p2),
    cutOff: l10n.t('Cut off: this answer is incomplete.'),
    stopped: l10n.t('Stopped.'),
    answering: l10n.t('Sidekick is answering…'),
    answerDone: l10n.t('Sidekick answered:'),
    errorTitle: l10n.t('The request failed'),
    actionSetApiKey: l10n.t('Set API Key'),
    actionRetry: l10n.t('Retry'),
    actionRetryWait: l10n.t('Retry (wait {0} s)', p0),
    actionOpenSettings: l10n.t('Open Settings'),
    actionShowLog: l10n.t('Show Log'),
    actionContinue: l10n.t('Continue'),
    actionNetworkSettings: l10n.t('Proxy and Certificate Settings'),
    actionCertificateHelp: l10n.t('Trusting a Company Certificate'),
    contextLabel: l10n.t('Attach to the next question'),
    chipSelection: l10n.t('Selection'),
    chipFile: l10n.t('Current file'),
    attachmentCut: l10n.t('(cut to fit)'),
    chipDefinitions: l10n.t('Definitions used'),
    chipInstructions: l10n.t('Project instructions'),
    chipProblems: l10n.t('Problems'),
    removeChip: l10n.t('Remove {0} from the next question', p0),
    openAttachment: l10n.t('Open {0}', p0),
    showSent: l10n.t('Show what was sent'),
    fileMatches: l10n.t('Workspace files: arrows to choose, Enter to add, Esc to close'),
    noFileMatches: l10n.t('No workspace file matches "{0}"', p0),
    slashCommands: l10n.t('Commands and prompt files: arrows to choose, Enter to take, Esc to close'),
    noSlashMatches: l10n.t('No command or prompt file starts with "{0}"', p0),
    choices: l10n.t('Model and settings of this conversation'),
    modelButton: l10n.t('Model of this conversation: {0}. Choose another model', p0),
    effortLabel: l10n.t('Effort'),
    effortTitle: l10n.t('Reasoning effort for this conversation (reasoning.effort): how much the model thinks before it answers'),
    verbosityLabel: l10n.t('Verbosity'),
    verbosityTitle: l10n.t('Verbosity for this conversation (text.verbosity): how long and detailed the answers are'),
    levelMinimal: l10n.t('Minimal'),
    levelLow: l10n.t('Low'),
    levelMedium: l10n.t('Medium'),
    levelHigh: l10n.t('High'),
    levelDefault: l10n.t('{0} (default)', p0),
  };
}
