// Changes Sidekick's user settings the way the Settings editor does, and puts them back afterwards.
import * as vscode from 'vscode';

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('sidekick').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Remembers the user-level values of `keys` so `restore()` can put them back. */
export function rememberSettings(...keys: string[]): { restore: () => Promise<void> } {
  const config = vscode.workspace.getConfiguration('sidekick');
  const saved = keys.map((key) => [key, config.inspect(key)?.globalValue] as const);
  return {
    restore: async () => {
      for (const [key, value] of saved) {
        await setSetting(key, value);
      }
    },
  };
}
