import * as vscode from 'vscode';
import type { StringKey } from '../protocol';

// Templates keep their `{0}` placeholders for the webview to fill: passing '{0}' as the argument makes
// vscode.l10n.t put the placeholder back instead of a value.
const p0 = '{0}';
const p1 = '{1}';
const p2 = '{2}';

/** The chat webview's UI strings in VS Code's display language. */
export function webviewStrings(): Record<StringKey, string> {
  return {
    conversation: vscode.l10n.t('Conversation'),
    emptyTitle: vscode.l10n.t('Ask Sidekick about your code'),
    emptyBody: vscode.l10n.t('Sidekick explains code, answers questions about your files and writes code you can copy, insert at the cursor or apply to the selection.'),
    emptyHowTo: vscode.l10n.t('Select code and run "Sidekick: Explain Selection", or type a question below. Turn on "Selection" or "Current file" to attach that code to your question.'),
    emptyKeys: vscode.l10n.t('Enter sends, Shift+Enter adds a line, Esc stops an answer.'),
    you: vscode.l10n.t('You'),
    assistant: vscode.l10n.t('Sidekick'),
    untitled: vscode.l10n.t('New conversation'),
    inputLabel: vscode.l10n.t('Ask Sidekick'),
    inputPlaceholder: vscode.l10n.t('Ask a question (Enter to send, Shift+Enter for a new line)'),
    send: vscode.l10n.t('Send'),
    stop: vscode.l10n.t('Stop (Esc)'),
    newChat: vscode.l10n.t('New chat'),
    history: vscode.l10n.t('Past conversations'),
    historyEmpty: vscode.l10n.t('No past conversations yet.'),
    closeHistory: vscode.l10n.t('Close past conversations'),
    openConversation: vscode.l10n.t('Open conversation: {0}', p0),
    deleteConversation: vscode.l10n.t('Delete conversation: {0}', p0),
    messageCount: vscode.l10n.t('{0} messages', p0),
    exportChat: vscode.l10n.t('Export chat as Markdown'),
    regenerate: vscode.l10n.t('Regenerate'),
    editLast: vscode.l10n.t('Edit and resend'),
    editingNote: vscode.l10n.t('Editing your last question: Enter resends it.'),
    cancelEdit: vscode.l10n.t('Cancel editing'),
    codeActions: vscode.l10n.t('Code actions'),
    copy: vscode.l10n.t('Copy'),
    copied: vscode.l10n.t('Copied'),
    insertAtCursor: vscode.l10n.t('Insert at Cursor'),
    applyToSelection: vscode.l10n.t('Apply to Selection'),
    thinking: vscode.l10n.t('Thinking'),
    usage: vscode.l10n.t('Tokens: {0} input · {1} output · {2} reasoning', p0, p1, p2),
    cutOff: vscode.l10n.t('Cut off: this answer is incomplete.'),
    stopped: vscode.l10n.t('Stopped.'),
    answering: vscode.l10n.t('Sidekick is answering…'),
    answerDone: vscode.l10n.t('Sidekick answered:'),
    errorTitle: vscode.l10n.t('The request failed'),
    actionSetApiKey: vscode.l10n.t('Set API Key'),
    actionRetry: vscode.l10n.t('Retry'),
    actionRetryWait: vscode.l10n.t('Retry (wait {0} s)', p0),
    actionOpenSettings: vscode.l10n.t('Open Settings'),
    actionShowLog: vscode.l10n.t('Show Log'),
    actionContinue: vscode.l10n.t('Continue'),
    actionNetworkSettings: vscode.l10n.t('Proxy and Certificate Settings'),
    actionCertificateHelp: vscode.l10n.t('Trusting a Company Certificate'),
    contextLabel: vscode.l10n.t('Attach to the next question'),
    chipSelection: vscode.l10n.t('Selection'),
    chipFile: vscode.l10n.t('Current file'),
    attachmentCut: vscode.l10n.t('(cut to fit)'),
    chipDefinitions: vscode.l10n.t('Definitions used'),
    chipInstructions: vscode.l10n.t('Project instructions'),
    chipProblems: vscode.l10n.t('Problems'),
    removeChip: vscode.l10n.t('Remove {0} from the next question', p0),
    openAttachment: vscode.l10n.t('Open {0}', p0),
    showSent: vscode.l10n.t('Show what was sent'),
    fileMatches: vscode.l10n.t('Workspace files: arrows to choose, Enter to add, Esc to close'),
    noFileMatches: vscode.l10n.t('No workspace file matches "{0}"', p0),
    slashCommands: vscode.l10n.t('Commands and prompt files: arrows to choose, Enter to take, Esc to close'),
    noSlashMatches: vscode.l10n.t('No command or prompt file starts with "{0}"', p0),
  };
}
