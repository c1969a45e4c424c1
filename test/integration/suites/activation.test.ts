import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from '../helpers/chat';
import { activateSidekick, readManifest } from '../helpers/extension';

describe('Sidekick in a real VS Code', () => {
  it('activates', async () => {
    const extension = await activateSidekick();
    assert.equal(extension.isActive, true);
  });

  it('registers every command its manifest contributes', async () => {
    await activateSidekick();
    const contributed = readManifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed in package.json but not registered: ${missing.join(', ')}`);
  });

  it('shows its log in the Output panel', async () => {
    await activateSidekick();
    await vscode.commands.executeCommand('sidekick.showLog');
    // The Output panel shows a channel as an editor on an output: document named after the channel.
    await until('the Sidekick log to be shown', async () =>
      vscode.window.visibleTextEditors.some((editor) => editor.document.uri.scheme === 'output' && editor.document.uri.path.includes('Sidekick')),
    );
  });
});
