import * as vscode from 'vscode';
import { Disposable } from '../disposable';

const KEY = 'sidekick.apiKey';

/** The API key, kept only in VS Code's SecretStorage (the OS keychain on desktop). */
export class ApiKeyStore extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<boolean>());
  /** Fires with whether a key is now set (never with the key). */
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange(async (e) => {
        if (e.key === KEY) {
          this._onDidChange.fire(await this.has());
        }
      }),
    );
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(KEY)) || undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(KEY, key);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(KEY);
  }

  /**
   * Asks for the key with a password box. Returns the trimmed key, or undefined when the user cancels.
   * `reason` tells the user why they are asked (e.g. the server rejected the old key).
   */
  async prompt(reason?: string): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sidekick: Set API Key'),
      prompt: reason ?? vscode.l10n.t('Enter the API key of your Responses API endpoint. It is stored in VS Code\'s secret storage only.'),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('The API key cannot be empty.') : undefined),
    });
    const key = value?.trim();
    if (!key) {
      return undefined;
    }
    await this.set(key);
    return key;
  }
}
