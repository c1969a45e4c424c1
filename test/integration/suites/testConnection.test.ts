import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useFakeServer } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer, fakeServerUrl } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { captureMessages, type ShownMessage } from '../helpers/window';
import { closedPort } from '../../support/closedPort';
import { openAiModelList } from '../../support/fakeServer';

const KEY = 'sk-integration-connection-5d2e';


async function testConnection(): Promise<ShownMessage[]> {
  const shown = captureMessages();
  try {
    await vscode.commands.executeCommand('sidekick.testConnection');
  } finally {
    shown.restore();
  }
  for (const message of shown.messages) {
    assert.ok(!message.text.includes(KEY), 'a message shown to the user contains the API key');
  }
  return shown.messages;
}

function onlyMessage(messages: ShownMessage[], severity: ShownMessage['severity']): ShownMessage {
  assert.deepEqual(
    messages.map((m) => m.severity),
    [severity],
    `expected one ${severity} message, got: ${JSON.stringify(messages)}`,
  );
  return messages[0];
}

describe('Test Connection', () => {
  const settings = rememberSettings('baseUrl');

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
  });
  after(() => settings.restore());
  beforeEach(() => fakeServer.reset());

  it('reports success with the model, the base URL and the latency', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'pong', model: 'gpt-5.2-2025-12-11' });
    await fakeServer.setModels(openAiModelList(['gpt-5.2', 'gpt-5.2-mini', 'gpt-4.1']));
    const message = onlyMessage(await testConnection(), 'info');
    assert.match(message.text, /connected to gpt-5\.2-2025-12-11 at http:\/\/127\.0\.0\.1:\d+ \(\d+ ms\)\. The endpoint lists 3 models\./);
    const [request] = await fakeServer.requests();
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/responses');
    const body = request.body as { model?: string; stream?: boolean };
    assert.equal(body.model, 'gpt-5.2');
    assert.equal(body.stream, true);
  });

  it('names a rejected key (401) and offers to set another', async () => {
    await fakeServer.enqueue({
      kind: 'json',
      status: 401,
      body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } },
    });
    const message = onlyMessage(await testConnection(), 'error');
    assert.match(message.text, /connection test failed at HTTP status\. The API key was rejected \(HTTP 401\)/);
    assert.match(message.text, /Incorrect API key provided/, 'the server\'s own words are shown');
    assert.ok(message.actions.includes('Set API Key'), `actions: ${message.actions.join(', ')}`);
  });

  it('names a wrong base URL (404) and shows the URL it tried', async () => {
    const wrong = `${fakeServerUrl()}/wrong-prefix`;
    await setSetting('baseUrl', wrong);
    try {
      const message = onlyMessage(await testConnection(), 'error');
      assert.match(message.text, /not found \(HTTP 404\)/i);
      assert.ok(message.text.includes(wrong), `the message names ${wrong}: ${message.text}`);
      assert.ok(message.actions.includes('Open Settings'), `actions: ${message.actions.join(', ')}`);
    } finally {
      await setSetting('baseUrl', fakeServerUrl());
    }
    const [request] = await fakeServer.requests();
    assert.equal(request.path, '/wrong-prefix/v1/responses');
  });

  it('names an unreachable server (after its retries)', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    await setSetting('baseUrl', unreachable);
    try {
      const message = onlyMessage(await testConnection(), 'error');
      assert.match(message.text, /connection test failed at connection\. Network error with .*refused/);
      assert.ok(message.text.includes(unreachable), `the message names ${unreachable}: ${message.text}`);
    } finally {
      await setSetting('baseUrl', fakeServerUrl());
    }
  });
});
