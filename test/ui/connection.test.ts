import * as assert from 'node:assert/strict';
import { session } from './session';

/** Sets `key` and waits until it is saved: the toast says so. */
async function keySaved(key: string): Promise<{ title: string; prompt: string; password: boolean }> {
  const { workbench } = session();
  const box = await workbench.setApiKey(key);
  await workbench.notification(/API key saved/);
  return box;
}

describe('API key and connection, as a person does it', () => {
  // Each test starts from a clean screen; its last state stays for the screenshot.
  beforeEach(async () => {
    await session().workbench.clearNotifications();
  });

  it('sets the API key from the command palette', async () => {
    const { workbench } = session();
    const box = await workbench.setApiKey('sk-ui-test-key');
    assert.match(box.prompt, /secret storage/);
    assert.equal(box.password, true, 'the key is typed into a password box');
    const toast = await workbench.notification(/API key saved/);
    assert.match(await workbench.notificationText(toast), /secret storage/);
  });

  it('tests the connection and sees the model and the latency', async () => {
    const { workbench, fake } = session();
    await keySaved('sk-ui-connection-key');
    await workbench.clearNotifications();
    fake.reset();
    await workbench.runCommand('Sidekick: Test Connection');
    const toast = await workbench.notification(/connected to/);
    assert.match(await workbench.notificationText(toast), new RegExp(`connected to gpt-5\\.2 at ${fake.url.replace(/\./g, '\\.')} \\(\\d+ ms\\)`));
    assert.equal(fake.requests[0]?.headers.authorization, 'Bearer sk-ui-connection-key', 'the key typed in the palette is the one sent');
  });

  it('sees a rejected key named, with a button to set another', async () => {
    const { workbench, fake } = session();
    await keySaved('sk-ui-rejected-key');
    await workbench.clearNotifications();
    fake.reset();
    fake.enqueue({ kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    await workbench.runCommand('Sidekick: Test Connection');
    const toast = await workbench.notification(/connection test failed/);
    const text = await workbench.notificationText(toast);
    assert.match(text, /API key was rejected \(HTTP 401\)/);
    assert.doesNotMatch(text, /sk-ui-rejected-key/);
    assert.ok((await workbench.notificationActions(toast)).includes('Set API Key'));
  });
});
