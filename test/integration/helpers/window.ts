// Stubs of `vscode.window` functions, installed on the very API object the extension uses (the test
// files live inside the extension's folder, so the extension host hands both the same `vscode`).
import * as vscode from 'vscode';

type Window = typeof vscode.window;

/** Replaces `vscode.window[name]` until the returned function is called. */
export function stubWindow<K extends keyof Window>(name: K, replacement: Window[K]): () => void {
  const original = vscode.window[name];
  (vscode.window as Record<K, Window[K]>)[name] = replacement;
  return () => {
    (vscode.window as Record<K, Window[K]>)[name] = original;
  };
}

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
  /** The labels of the message's buttons. */
  actions: string[];
}

/** Records every notification message; each resolves as if the user closed it without choosing. */
export function captureMessages(): { messages: ShownMessage[]; restore: () => void } {
  const messages: ShownMessage[] = [];
  const record =
    (severity: ShownMessage['severity']) =>
    (text: string, ...rest: unknown[]): Thenable<undefined> => {
      const actions = rest
        .filter((item) => typeof item === 'string' || (typeof item === 'object' && item !== null && 'title' in item))
        .map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
      messages.push({ severity, text, actions });
      return Promise.resolve(undefined);
    };
  const restores = [
    stubWindow('showInformationMessage', record('info') as Window['showInformationMessage']),
    stubWindow('showWarningMessage', record('warning') as Window['showWarningMessage']),
    stubWindow('showErrorMessage', record('error') as Window['showErrorMessage']),
  ];
  return { messages, restore: () => restores.forEach((restore) => restore()) };
}

/** Answers input boxes with `answers` in order (undefined = the user pressed Escape) and records their options. */
export function answerInputBoxes(...answers: (string | undefined)[]): { asked: vscode.InputBoxOptions[]; restore: () => void } {
  const asked: vscode.InputBoxOptions[] = [];
  const restore = stubWindow('showInputBox', (options?: vscode.InputBoxOptions) => {
    asked.push(options ?? {});
    if (asked.length > answers.length) {
      return Promise.reject(new Error(`unexpected input box #${asked.length}: "${options?.title ?? options?.prompt ?? ''}"`));
    }
    return Promise.resolve(answers[asked.length - 1]);
  });
  return { asked, restore };
}

/** The next quick pick the extension creates: the real one, shown as usual, for the test to read and drive. */
export function nextQuickPick(): { readonly pick: vscode.QuickPick<vscode.QuickPickItem> | undefined } {
  let pick: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  const restore = stubWindow('createQuickPick', (() => {
    restore();
    pick = vscode.window.createQuickPick();
    return pick;
  }) as Window['createQuickPick']);
  return {
    get pick() {
      return pick;
    },
  };
}
