import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSidekick } from '../helpers/extension';
import { fakeServer, fakeServerUrl } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { answerInputBoxes, captureMessages, type ShownMessage } from '../helpers/window';

const KEY = 'sk-integration-roundtrip-3f9a';
const OTHER_KEY = 'sk-integration-other-77c1';

/** Runs Test Connection against the fake server and returns the Authorization header it received, if any. */
async function authorizationSent(): Promise<string | undefined> {
  await fakeServer.reset();
  await fakeServer.enqueue({ kind: 'text', text: 'pong' });
  await vscode.commands.executeCommand('sidekick.testConnection');
  const [request] = await fakeServer.requests();
  const header = request?.headers.authorization;
  return Array.isArray(header) ? header[0] : header;
}

function assertNoKey(messages: ShownMessage[]): void {
  const leaking = messages.filter((m) => [m.text, ...m.actions].some((s) => s.includes(KEY) || s.includes(OTHER_KEY)));
  // Never print the key itself, even in a failure.
  assert.equal(leaking.length, 0, 'a message shown to the user contains the API key');
}

describe('Set / Clear API Key', () => {
  const settings = rememberSettings('baseUrl');
  let shown: ReturnType<typeof captureMessages>;

  before(async () => {
    await activateSidekick();
    await setSetting('baseUrl', fakeServerUrl());
  });
  after(() => settings.restore());
  beforeEach(() => {
    shown = captureMessages();
  });
  afterEach(() => {
    assertNoKey(shown.messages);
    shown.restore();
  });

  it('asks for the key in a password box, stores it in SecretStorage and sends it', async () => {
    const input = answerInputBoxes(`  ${KEY}  `);
    try {
      await vscode.commands.executeCommand('sidekick.setApiKey');
    } finally {
      input.restore();
    }
    assert.equal(input.asked.length, 1);
    assert.equal(input.asked[0].password, true, 'the key is typed into a password box');
    assert.match(shown.messages.map((m) => m.text).join('\n'), /API key saved/);
    const sent = await authorizationSent();
    assert.ok(sent === `Bearer ${KEY}`, 'the request carries the stored key, trimmed, as a Bearer token');
  });

  it('keeps the stored key when the input box is cancelled', async () => {
    const input = answerInputBoxes(undefined);
    try {
      await vscode.commands.executeCommand('sidekick.setApiKey');
    } finally {
      input.restore();
    }
    assert.equal(shown.messages.length, 0, `unexpected message: ${shown.messages.map((m) => m.text).join('; ')}`);
    assert.ok((await authorizationSent()) === `Bearer ${KEY}`, 'the previous key is still the one sent');
  });

  it('replaces the key with a new one', async () => {
    const input = answerInputBoxes(OTHER_KEY);
    try {
      await vscode.commands.executeCommand('sidekick.setApiKey');
    } finally {
      input.restore();
    }
    assert.ok((await authorizationSent()) === `Bearer ${OTHER_KEY}`, 'the new key is the one sent');
  });

  it('forgets the key on Clear API Key: the next request asks for one and sends nothing', async () => {
    await vscode.commands.executeCommand('sidekick.clearApiKey');
    assert.match(shown.messages.map((m) => m.text).join('\n'), /API key removed/);
    const input = answerInputBoxes(undefined);
    try {
      await fakeServer.reset();
      await vscode.commands.executeCommand('sidekick.testConnection');
    } finally {
      input.restore();
    }
    assert.equal(input.asked.length, 1, 'Test Connection asks for a key when none is stored');
    assert.equal((await fakeServer.requests()).length, 0, 'no request is sent without a key');
  });
});
