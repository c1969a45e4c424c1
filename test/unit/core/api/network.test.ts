// Proxies, certificates and addresses against real sockets on loopback: a forward proxy (CONNECT, Basic
// authentication), HTTPS servers with certificates of throwaway CAs, IPv6, names that do not resolve.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streamResponse, type ClientOptions } from '../../../../src/core/api/client';
import type { Diagnosis } from '../../../../src/core/api/diagnose';
import { diagnose } from '../../../../src/core/api/diagnose';
import { proxyFor, type NetworkSettings } from '../../../../src/core/api/network';
import type { ApiErrorData } from '../../../../src/core/types';
import { closedPort } from '../../../support/closedPort';
import { collect } from '../../../support/collect';
import { FakeServer } from '../../../support/fakeServer';
import { startProxy, startRefusingProxy, type TestProxy } from '../../../support/proxyServer';
import { makeCa, startTlsServer } from '../../../support/tls';

const KEY = 'sk-test-network-Qw7tunnelKEY';
const request = { model: 'gpt-5.2', input: [{ role: 'user' as const, content: 'ping' }] };
/** A name only the test proxy resolves (to 127.0.0.1), as a company proxy resolves names its clients cannot. */
const RELAY = 'relay.sidekick.test';

function network(proxy: string, extra: Partial<NetworkSettings> = {}): NetworkSettings {
  return { proxy, noProxy: [], proxyAuthorization: '', proxyStrictSSL: true, proxySupport: 'override', env: {}, ...extra };
}

async function failure(options: ClientOptions): Promise<ApiErrorData> {
  const events = await collect(streamResponse(request, { maxRetries: 0, timeoutMs: 5000, ...options }));
  assert.ok(events.terminal?.type === 'failed', `expected a failure, got ${JSON.stringify(events.terminal)}`);
  return events.terminal.error;
}

describe('network: which proxy', () => {
  const target = new URL('https://relay.example.com/v1/responses');

  it('uses http.proxy, else HTTPS_PROXY/HTTP_PROXY; never for this machine; not when proxy support is off', () => {
    assert.equal(proxyFor(target, network('http://10.0.0.1:3128'))?.host, '10.0.0.1:3128');
    assert.equal(proxyFor(target, network('10.0.0.1:3128'))?.href, 'http://10.0.0.1:3128/');
    assert.equal(proxyFor(target, network('', { env: { HTTPS_PROXY: 'http://env-proxy:8080' } }))?.host, 'env-proxy:8080');
    assert.equal(proxyFor(target, network('', { env: { http_proxy: 'http://lower:8080' } }))?.host, 'lower:8080');
    assert.equal(proxyFor(target, network('')), undefined);
    for (const local of ['https://localhost:1', 'https://127.0.0.1:1', 'https://[::1]:1']) {
      assert.equal(proxyFor(new URL(local), network('http://10.0.0.1:3128')), undefined, local);
    }
    assert.equal(proxyFor(target, network('http://10.0.0.1:3128', { proxySupport: 'off' })), undefined);
  });

  it('bypasses NO_PROXY hosts and domains, and http.noProxy replaces NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'internal.corp, .example.com' };
    assert.equal(proxyFor(target, network('', { env })), undefined);
    assert.equal(proxyFor(new URL('https://a.internal.corp'), network('', { env })), undefined);
    assert.ok(proxyFor(new URL('https://elsewhere.org'), network('', { env })));
    assert.ok(proxyFor(target, network('', { env, noProxy: ['other.org'] })), 'http.noProxy, when set, is the whole list');
    assert.equal(proxyFor(target, network('http://p:1', { noProxy: ['*.example.com'] })), undefined);
    assert.equal(proxyFor(target, network('http://p:1', { noProxy: ['relay.example.com:443'] })), undefined);
    assert.ok(proxyFor(target, network('http://p:1', { noProxy: ['relay.example.com:8443'] })));
    assert.equal(proxyFor(target, network('http://p:1', { noProxy: ['*'] })), undefined);
  });
});

describe('network: real sockets', function () {
  // Each case makes RSA keys and may start a Node process.
  this.timeout(30_000);
  const ca = makeCa('Sidekick Test Company Root CA');
  const otherCa = makeCa('Sidekick Test Untrusted Root CA');
  const work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-network-'));
  const caFile = path.join(work, 'company-root.pem');
  writeFileSync(caFile, ca.cert);
  let proxy: TestProxy;
  let servers: { close: () => Promise<void> }[] = [];
  before(async () => {
    proxy = await startProxy('alice:s3cret', { [RELAY]: '127.0.0.1' });
  });
  after(async () => {
    await proxy.close();
    rmSync(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    proxy.connects.length = 0;
  });

  /** An HTTPS server on 127.0.0.1 with a certificate for `hosts`; `url` reaches it directly, `relayUrl` through the proxy. */
  async function tlsServer(signer = ca, hosts = ['127.0.0.1', RELAY], options?: { expired?: boolean }) {
    const server = await startTlsServer(signer.sign(hosts, options));
    servers.push(server);
    return { ...server, relayUrl: `https://${RELAY}:${server.port}`, get requests() { return server.requests; } };
  }

  /** The diagnosis in a fresh Node process that trusts the company CA through NODE_EXTRA_CA_CERTS. */
  function diagnoseTrusting(options: Omit<ClientOptions, 'apiKey'> & { apiKey?: string }): Promise<Diagnosis> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['--require', 'tsx/cjs', path.join(__dirname, '../../../support/diagnoseProcess.ts')],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, SIDEKICK_DIAGNOSE_OPTIONS: JSON.stringify({ apiKey: KEY, timeoutMs: 5000, ...options }) } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Diagnosis)),
      );
    });
  }

  it('goes through the proxy with Basic credentials; the proxy sees the CONNECT, never the key', async () => {
    const server = await tlsServer();
    const credentials = proxy.url.replace('http://', 'http://alice:s3cret@');
    const result = await diagnoseTrusting({ baseUrl: server.relayUrl, apiKey: KEY, network: network(credentials) });
    assert.equal(result.check.ok, true, JSON.stringify(result.check.error));
    assert.deepEqual(proxy.connects, [`${RELAY}:${server.port}`]);
    assert.equal(server.requests, 1);
    assert.ok(!proxy.received().includes(KEY), 'the key crossed the proxy in clear');
    assert.ok(proxy.received().includes(`CONNECT ${RELAY}:${server.port}`));
    assert.deepEqual(result.steps.map((s) => [s.name, s.ok]), [['resolve', true], ['connect', true], ['tls', true], ['http', true], ['stream', true]]);
    const [resolve, connect, tls, http] = result.steps;
    assert.equal(resolve.name === 'resolve' && resolve.byProxy, new URL(proxy.url).host, 'the proxy resolves the name');
    assert.equal(connect.name === 'connect' && connect.proxy, new URL(proxy.url).host);
    assert.ok(tls.name === 'tls' && tls.issuer === 'Sidekick Test Company Root CA' && tls.validTo, JSON.stringify(tls));
    assert.ok(http.name === 'http' && http.status === 200);
    for (const step of result.steps.slice(1)) assert.ok(typeof step.ms === 'number' && step.ms >= 0, JSON.stringify(step));
  });

  it('http.proxyAuthorization is sent as Proxy-Authorization', async () => {
    const server = await tlsServer();
    const result = await diagnoseTrusting({ baseUrl: server.relayUrl, apiKey: KEY, network: network(proxy.url, { proxyAuthorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` }) });
    assert.equal(result.check.ok, true, JSON.stringify(result.check.error));
    assert.equal(server.requests, 1);
  });

  it('names a proxy that asks for credentials (407) and stops at the connection', async () => {
    const server = await tlsServer();
    const error = await failure({ baseUrl: server.relayUrl, apiKey: KEY, network: network(proxy.url) });
    assert.equal(error.connection?.kind, 'proxyAuth');
    assert.equal(error.connection?.proxy, new URL(proxy.url).host);
    assert.match(error.message, /proxy at 127\.0\.0\.1:\d+ asks for a user name and password \(407\)/);
    assert.equal(server.requests, 0);
    const { steps } = await diagnose('gpt-5.2', { baseUrl: server.relayUrl, apiKey: KEY, maxRetries: 0, network: network(proxy.url) });
    assert.deepEqual(steps.map((s) => [s.name, s.ok]), [['resolve', true], ['connect', false]]);
  });

  it('names a proxy that refuses CONNECT with an HTML page, in the page\'s words', async () => {
    const refusing = await startRefusingProxy(403, '<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1><p>Category: AI tools</p></body></html>');
    servers.push(refusing);
    const error = await failure({ baseUrl: `https://${RELAY}:9`, apiKey: KEY, network: network(refusing.url) });
    assert.equal(error.connection?.kind, 'proxyPage');
    assert.equal(error.status, 403);
    assert.match(error.message, /refused to connect to relay\.sidekick\.test \(HTTP 403\): Access Denied Category: AI tools/);
    assert.ok(!error.message.includes('<'), error.message);
  });

  it('names a proxy that cannot be reached', async () => {
    const error = await failure({ baseUrl: `https://${RELAY}:9`, apiKey: KEY, network: network(`http://127.0.0.1:${await closedPort()}`) });
    assert.equal(error.connection?.kind, 'proxyUnreachable');
    assert.match(error.message, /Cannot reach the proxy at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('names a certificate signed by an authority this machine does not trust; the key is never sent', async () => {
    const server = await tlsServer(otherCa);
    const error = await failure({ baseUrl: server.url, apiKey: KEY });
    assert.equal(error.connection?.kind, 'certUnknownIssuer');
    assert.equal(error.connection?.host, '127.0.0.1');
    assert.equal(server.requests, 0);
  });

  it('trusts a company root CA given in NODE_EXTRA_CA_CERTS, and still refuses another one', async () => {
    const trusted = await tlsServer();
    assert.equal((await diagnoseTrusting({ baseUrl: trusted.url })).check.ok, true);
    const untrusted = await tlsServer(otherCa);
    const result = await diagnoseTrusting({ baseUrl: untrusted.url });
    assert.equal(result.check.error?.connection?.kind, 'certUnknownIssuer');
    assert.deepEqual(result.steps.map((s) => [s.name, s.ok]), [['resolve', true], ['connect', true], ['tls', false]]);
  });

  it('names an expired certificate and one issued for another host name', async () => {
    const expired = await tlsServer(ca, ['127.0.0.1'], { expired: true });
    assert.equal((await diagnoseTrusting({ baseUrl: expired.url })).check.error?.connection?.kind, 'certExpired');
    const wrongHost = await tlsServer(ca, ['relay.example.com']);
    assert.equal((await diagnoseTrusting({ baseUrl: wrongHost.url })).check.error?.connection?.kind, 'certWrongHost');
  });

  it('reaches [::1] directly, even with a proxy set', async () => {
    const fake = await FakeServer.start({ host: '::1' });
    fake.setDefault({ kind: 'text', text: 'pong' });
    servers.push(fake);
    const result = await diagnose('gpt-5.2', { baseUrl: fake.url, apiKey: KEY, network: network(proxy.url) });
    assert.equal(result.check.ok, true, JSON.stringify(result.check.error));
    assert.deepEqual(result.steps[0], { name: 'resolve', ok: true, ms: result.steps[0].ms, host: '::1', addresses: ['::1'] });
    assert.deepEqual(proxy.connects, []);
  });

  it('says a host cannot be resolved, and stops there', async () => {
    const result = await diagnose('gpt-5.2', { baseUrl: 'https://relay.sidekick.invalid', apiKey: KEY });
    assert.equal(result.check.error?.connection?.kind, 'dns');
    assert.match(result.check.error?.message ?? '', /Cannot resolve host relay\.sidekick\.invalid/);
    assert.deepEqual(result.steps.map((s) => [s.name, s.ok]), [['resolve', false]]);
    const error = await failure({ baseUrl: 'https://relay.sidekick.invalid', apiKey: KEY });
    assert.equal(error.connection?.kind, 'dns');
  });
});
