// Throwaway certificate authorities and server certificates made by the tests (RSA keys from node:crypto,
// X.509 from node-forge), and an HTTPS server on loopback that answers like the Responses API.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

export interface KeyAndCert {
  key: string;
  cert: string;
}

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem: privateKey };
}

const DAY = 24 * 60 * 60 * 1000;

function certificate(subject: string, publicKey: forge.pki.PublicKey, validFrom: Date, validTo: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = validFrom;
  cert.validity.notAfter = validTo;
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

export type Ca = KeyAndCert & { sign: (hosts: string[], options?: { expired?: boolean }) => KeyAndCert };

/** A root CA, as a company's TLS-inspecting proxy would have; `existing` reuses one another process made. */
export function makeCa(name: string, existing?: KeyAndCert): Ca {
  const { key, cert } = existing ?? newCa(name);
  const ca = forge.pki.certificateFromPem(cert);
  const caKey = forge.pki.privateKeyFromPem(key);
  return {
    key,
    cert,
    sign(hosts, options = {}) {
      const leafKeys = keyPair();
      const [from, to] = options.expired ? [Date.now() - 30 * DAY, Date.now() - DAY] : [Date.now() - DAY, Date.now() + 30 * DAY];
      const leaf = certificate(hosts[0], leafKeys.publicKey, new Date(from), new Date(to));
      leaf.setIssuer(ca.subject.attributes);
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: hosts.map((host) => (/^[\d.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })) },
      ]);
      leaf.sign(caKey, forge.md.sha256.create());
      return { key: leafKeys.pem, cert: forge.pki.certificateToPem(leaf) };
    },
  };
}

function newCa(name: string): KeyAndCert {
  const keys = keyPair();
  const ca = certificate(name, keys.publicKey, new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY));
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  return { key: keys.pem, cert: forge.pki.certificateToPem(ca) };
}

/** An HTTPS server on `host`:0 that answers every request with a short recorded-shape stream ("pong"). */
export async function startTlsServer(credentials: KeyAndCert, host = '127.0.0.1'): Promise<{ url: string; port: number; requests: number; close: () => Promise<void> }> {
  const state = { requests: 0 };
  const server = https.createServer(credentials, (request, response) => {
    state.requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"pong"}\n\n');
      response.end('event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_tls","model":"gpt-5.2","status":"completed"}}\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `https://${shown}:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
