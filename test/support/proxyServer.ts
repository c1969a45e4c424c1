// A real forward proxy on 127.0.0.1:0 (the `proxy` package: CONNECT tunnels and Basic authentication)
// that records the CONNECT requests and every byte a client sent it, tunnelled bytes included.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

export interface TestProxy {
  url: string;
  /** `host:port` of each CONNECT, in order. */
  connects: string[];
  /** Everything clients sent, decoded as latin1: what someone reading the proxy's traffic could see. */
  received(): string;
  close(): Promise<void>;
}

/**
 * `credentials` ("user:password") makes the proxy answer 407 to a CONNECT without them. `names` is the
 * proxy's own name resolution (name -> address), as a company proxy resolves names its clients cannot.
 */
export async function startProxy(credentials?: string, names: Record<string, string> = {}): Promise<TestProxy> {
  const connects: string[] = [];
  const chunks: Buffer[] = [];
  const server = createProxy(http.createServer());
  if (credentials) {
    const expected = `Basic ${Buffer.from(credentials).toString('base64')}`;
    server.authenticate = (request) => request.headers['proxy-authorization'] === expected;
  }
  server.on('connection', (socket) => socket.on('data', (chunk: Buffer) => chunks.push(chunk)));
  server.prependListener('connect', (request: http.IncomingMessage) => {
    connects.push(request.url ?? '');
    const [name, port] = (request.url ?? '').split(':');
    if (names[name]) request.url = `${names[name]}:${port}`;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A proxy that refuses every CONNECT with `status` and an HTML page, as a company's filter does. */
export async function startRefusingProxy(status: number, page: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer();
  server.on('connect', (_request, socket) => {
    socket.end(`HTTP/1.1 ${status} Blocked\r\ncontent-type: text/html\r\ncontent-length: ${Buffer.byteLength(page)}\r\nconnection: close\r\n\r\n${page}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
