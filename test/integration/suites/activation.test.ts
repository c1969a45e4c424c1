import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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

  it('shows its log without an error', async () => {
    await activateSidekick();
    await vscode.commands.executeCommand('sidekick.showLog');
  });
});
