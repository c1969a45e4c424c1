// Networks people really have, in the real extension host: a forward proxy on loopback (CONNECT, Basic
// authentication) set in VS Code's http.proxy, HTTPS servers with certificates of a company root CA (trusted
// through NODE_EXTRA_CA_CERTS, which the harness sets) or of an untrusted one, http.noProxy, [::1] and a
// name that does not resolve. Test Connection's notification and report, and a chat error card.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TurnAction } from '../../../src/protocol';
import { FakeServer } from '../../support/fakeServer';
import { startProxy, type TestProxy } from '../../support/proxyServer';
import { makeCa, startTlsServer, type Ca } from '../../support/tls';
import { answered, chat, lastTurn, useFakeServer } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServerUrl } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { stubWindow, type ShownMessage } from '../helpers/window';

const KEY = 'sk-integration-network-61fa';
/** A name only the test proxy resolves (to 127.0.0.1), as a company proxy resolves names its clients cannot. */
const RELAY = 'relay.sidekick.test';

async function setHttp(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Runs Test Connection; the notification's `pick` button is chosen. Returns what was shown and the clipboard. */
async function testConnection(pick?: string): Promise<{ message: ShownMessage; clipboard: string }> {
  const shown: ShownMessage[] = [];
  const record = (severity: ShownMessage['severity']) => (text: string, ...items: string[]) => {
    shown.push({ severity, text, actions: items.filter((item) => typeof item === 'string') });
    return Promise.resolve(pick && items.includes(pick) ? pick : undefined);
  };
  const restores = [stubWindow('showInformationMessage', record('info') as never), stubWindow('showErrorMessage', record('error') as never)];
  await vscode.env.clipboard.writeText('');
  try {
    await vscode.commands.executeCommand('sidekick.testConnection');
  } finally {
    restores.forEach((restore) => restore());
  }
  assert.equal(shown.length, 1, JSON.stringify(shown));
  const clipboard = await vscode.env.clipboard.readText();
  for (const text of [shown[0].text, clipboard]) assert.ok(!text.includes(KEY), 'the key was shown or copied');
  return { message: shown[0], clipboard };
}

describe('Network: proxies, certificates, addresses', function () {
  // Certificates take RSA keys.
  this.timeout(60_000);
  const settings = rememberSettings('baseUrl', 'maxRetries');
  let company: Ca;
  let proxy: TestProxy;
  let closers: (() => Promise<void>)[] = [];

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    await setSetting('maxRetries', 0);
    company = makeCa('', { cert: readFileSync(process.env.SIDEKICK_TEST_CA_CERT!, 'utf8'), key: readFileSync(process.env.SIDEKICK_TEST_CA_KEY!, 'utf8') });
    proxy = await startProxy('alice:s3cret', { [RELAY]: '127.0.0.1' });
  });
  after(async () => {
    await setHttp('proxy', undefined);
    await setHttp('noProxy', undefined);
    await setSetting('baseUrl', fakeServerUrl());
    await settings.restore();
    await proxy.close();
  });
  afterEach(async () => {
    await Promise.all(closers.map((close) => close()));
    closers = [];
    proxy.connects.length = 0;
    await setHttp('proxy', undefined);
    await setHttp('noProxy', undefined);
  });

  /** An HTTPS server on `host` whose certificate `ca` issued for `hosts`. */
  async function server(ca: Ca, hosts = ['127.0.0.1', RELAY], host = '127.0.0.1') {
    const started = await startTlsServer(ca.sign(hosts), host);
    closers.push(started.close);
    return started;
  }

  it('goes through http.proxy with Basic credentials: the proxy sees the CONNECT, never the key', async () => {
    const relay = await server(company);
    await setHttp('proxy', proxy.url.replace('http://', 'http://alice:s3cret@'));
    await setSetting('baseUrl', `https://${RELAY}:${relay.port}`);
    const { message, clipboard } = await testConnection('Copy Report');
    assert.equal(message.severity, 'info', message.text);
    assert.match(message.text, /connected to gpt-5\.2 at https:\/\/relay\.sidekick\.test:\d+ \(\d+ ms\)/);
    // Two requests on success: the test itself and the model list (Test Connection counts the models).
    assert.deepEqual(proxy.connects, [`${RELAY}:${relay.port}`, `${RELAY}:${relay.port}`]);
    assert.equal(relay.requests, 2);
    assert.ok(!proxy.received().includes(KEY), 'the key crossed the proxy in clear');
    const proxyHost = new URL(proxy.url).host;
    assert.match(clipboard, new RegExp(`name resolution: ${RELAY} is resolved by the proxy at ${proxyHost}`));
    assert.match(clipboard, new RegExp(`✓ connection \\(\\d+ ms\\): to ${RELAY}:\\d+ through the proxy at ${proxyHost}`));
    assert.match(clipboard, /✓ TLS \(\d+ ms\): certificate of .* issued by Sidekick Test Company Root CA, valid until /);
    assert.match(clipboard, /✓ HTTP status \(\d+ ms\): 200/);
    assert.match(clipboard, /✓ first stream event \(\d+ ms\)/);
    assert.ok(!clipboard.includes('s3cret'), 'the proxy password is in the report');
  });

  it('names a proxy that asks for a user name and password (407)', async () => {
    const relay = await server(company);
    await setHttp('proxy', proxy.url);
    await setSetting('baseUrl', `https://${RELAY}:${relay.port}`);
    const { message } = await testConnection();
    assert.equal(message.severity, 'error', message.text);
    assert.match(message.text, /connection test failed at connection\. The proxy at 127\.0\.0\.1:\d+ asks for a user name and password \(407\)/);
    assert.ok(message.actions.includes('Proxy and Certificate Settings'), message.actions.join(', '));
    assert.equal(relay.requests, 0);
  });

  it('names a certificate from an authority this machine does not trust, with the fix; Copy Report has the diagnosis', async () => {
    const untrusted = await server(makeCa('Sidekick Test Untrusted Root CA'));
    await setSetting('baseUrl', untrusted.url);
    const { message, clipboard } = await testConnection('Copy Report');
    assert.equal(message.severity, 'error', message.text);
    assert.match(message.text, /failed at TLS\. The certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust \((UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    assert.deepEqual(message.actions, ['Trusting a Company Certificate', 'Proxy and Certificate Settings', 'Show Log', 'Copy Report']);
    assert.match(clipboard, /✓ name resolution \(\d+ ms\): 127\.0\.0\.1 → 127\.0\.0\.1/);
    assert.match(clipboard, /✓ connection \(\d+ ms\): to 127\.0\.0\.1:\d+, direct/);
    assert.match(clipboard, /✗ TLS: failed/);
    assert.match(clipboard, /Result: The certificate of 127\.0\.0\.1 is signed by an authority/);
    assert.equal(untrusted.requests, 0);
  });

  it('trusts the company root CA in NODE_EXTRA_CA_CERTS', async () => {
    const trusted = await server(company);
    await setSetting('baseUrl', trusted.url);
    const { message } = await testConnection();
    assert.equal(message.severity, 'info', message.text);
    assert.equal(trusted.requests, 2, 'the test and the model list');
  });

  it('bypasses the proxy for a host in http.noProxy', async () => {
    const direct = await server(company, ['127.0.0.2'], '127.0.0.2');
    await setHttp('proxy', proxy.url);
    await setHttp('noProxy', ['127.0.0.2']);
    await setSetting('baseUrl', direct.url);
    const { message } = await testConnection();
    assert.equal(message.severity, 'info', message.text);
    assert.deepEqual(proxy.connects, []);
    assert.equal(direct.requests, 2, 'the test and the model list');
  });

  it('reaches [::1] directly, with a proxy set', async () => {
    const fake = await FakeServer.start({ host: '::1' });
    fake.setDefault({ kind: 'text', text: 'pong' });
    closers.push(() => fake.close());
    await setHttp('proxy', proxy.url);
    await setSetting('baseUrl', fake.url);
    const { message } = await testConnection();
    assert.equal(message.severity, 'info', message.text);
    assert.match(message.text, /at http:\/\/\[::1\]:\d+/);
    assert.deepEqual(proxy.connects, []);
  });

  it('says which host cannot be resolved', async () => {
    await setSetting('baseUrl', 'https://relay.sidekick.invalid');
    const { message } = await testConnection();
    assert.match(message.text, /failed at name resolution\. The host relay\.sidekick\.invalid cannot be resolved/);
    assert.ok(message.actions.includes('Open Settings'), message.actions.join(', '));
  });

  it('names the certificate problem on a chat answer too', async () => {
    const untrusted = await server(makeCa('Sidekick Test Untrusted Root CA'));
    await setSetting('baseUrl', untrusted.url);
    await chat('sidebar', { type: 'newChat' });
    await chat('sidebar', { type: 'send', text: 'Hello?', attachSelection: false, attachFile: false });
    const turn = lastTurn(await answered('sidebar'))!;
    assert.equal(turn.status, 'error');
    assert.match(turn.error?.message ?? '', /certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust/);
    assert.deepEqual(turn.error?.actions, ['certificateHelp', 'networkSettings', 'showLog'] satisfies TurnAction[]);
  });
});
