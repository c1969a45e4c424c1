// How a request reaches the server: which proxy (VS Code's `http.*` settings and the environment, by the
// rules VS Code's own proxy resolver applies) and, when a connection fails, which step failed and why.
import type * as http from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { ApiErrorData, ConnectionFailure } from '../types';

/** VS Code's `http.*` settings that decide the route, with the process environment. */
export interface NetworkSettings {
  /** `http.proxy`; empty: the environment's `HTTPS_PROXY`/`HTTP_PROXY`. */
  proxy: string;
  /** `http.noProxy`; empty: the environment's `NO_PROXY`. */
  noProxy: readonly string[];
  /** `http.proxyAuthorization`: the `Proxy-Authorization` header sent to the proxy. */
  proxyAuthorization: string;
  /** `http.proxyStrictSSL`: verify the certificate of an `https://` proxy. */
  proxyStrictSSL: boolean;
  /** `http.proxySupport`: `off` connects directly. */
  proxySupport: string;
  env?: Record<string, string | undefined>;
}

/** Names VS Code never sends through a proxy. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, settings: NetworkSettings): URL | undefined {
  if (settings.proxySupport === 'off') return undefined;
  const host = bareHost(target.hostname);
  if (LOOPBACK.has(host)) return undefined;
  const env = settings.env ?? process.env;
  // As in VS Code: `http.noProxy`, when set, replaces NO_PROXY rather than adding to it.
  const noProxy = settings.noProxy.length ? settings.noProxy : (env.no_proxy ?? env.NO_PROXY ?? '').split(',');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (bypasses(noProxy, host, port)) return undefined;
  return parseProxy(settings.proxy.trim() || env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || '');
}

/** A proxy setting as a URL; `host:port` alone means `http://host:port`. */
export function parseProxy(value: string): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return undefined;
  }
}

/** NO_PROXY entries: `*`, a host or domain (`example.com`, `.example.com`, `*.example.com`), optionally `:port`. */
function bypasses(entries: readonly string[], host: string, port: string): boolean {
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.startsWith('[') ? entry.replace(/^\[([^\]]+)\]/, '$1') : entry);
    const [, name, entryPort] = match ?? [];
    if (!name || (entryPort && entryPort !== port)) return false;
    const domain = name.replace(/^\*?\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/** The agent that tunnels an https request through `proxy` (CONNECT), or undefined for a direct one. */
export function agentFor(proxy: URL | undefined, settings: NetworkSettings): http.Agent | undefined {
  if (!proxy) return undefined;
  return new HttpsProxyAgent(proxy, {
    headers: settings.proxyAuthorization ? { 'Proxy-Authorization': settings.proxyAuthorization } : {},
    // Only the proxy's own certificate: the server's is verified through the tunnel whatever this says.
    rejectUnauthorized: settings.proxyStrictSSL,
  });
}

export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

const CERTIFICATE_CAUSES: Record<string, ConnectionFailure['kind']> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'certSelfSigned',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certSelfSigned',
  UNABLE_TO_GET_ISSUER_CERT: 'certUnknownIssuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certUnknownIssuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certUnknownIssuer',
  CERT_HAS_EXPIRED: 'certExpired',
  CERT_NOT_YET_VALID: 'certExpired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certWrongHost',
};

/** Where a request was going: the server, and the proxy it went through. */
export interface Route {
  target: URL;
  proxy?: URL;
}

/**
 * The named cause of a connection that failed before any HTTP answer: the name did not resolve, the proxy
 * could not be reached, the certificate was not trusted (and why), or the server could not be reached.
 */
export function connectionFailure(error: NodeJS.ErrnoException, route: Route): ApiErrorData {
  const host = route.target.hostname;
  const proxy = route.proxy?.host;
  const code = error.code;
  const certificate = code && CERTIFICATE_CAUSES[code];
  if (certificate) {
    return { kind: 'network', code, connection: { kind: certificate, host, proxy }, message: `The certificate of ${host} was not accepted (${code}).` };
  }
  if (code && /CERT|SSL|TLS/.test(code)) {
    return { kind: 'network', code, connection: { kind: 'tls', host, proxy }, message: `The TLS connection to ${host} failed (${code}).` };
  }
  // Through a proxy, a socket error is about the proxy: it is the proxy that resolves and reaches the server.
  if (proxy) {
    return { kind: 'network', code, connection: { kind: 'proxyUnreachable', host, proxy }, message: `Cannot reach the proxy at ${proxy}${code ? ` (${code})` : ''}.` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return { kind: 'network', code, connection: { kind: 'dns', host }, message: `Cannot resolve host ${host} (${code}).` };
  }
  const message = networkMessage(error, route.target);
  return { kind: 'network', code, connection: { kind: 'unreachable', host, proxy }, message };
}

function networkMessage(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code ?? '') {
    case 'ECONNREFUSED':
      return `Connection to ${url.host} refused (ECONNREFUSED).`;
    case 'ECONNRESET':
      return `The connection to ${url.host} was reset before an answer (ECONNRESET).`;
    default:
      return `Cannot reach ${url.host}${error.code ? ` (${error.code})` : `: ${error.message}`}.`;
  }
}

/** A proxy's answer to CONNECT other than 200: it asks for credentials (407), refuses, or shows a page. */
export function proxyRefusal(status: number, page: string, route: Route & { proxy: URL }): ApiErrorData {
  const host = route.target.hostname;
  const proxy = route.proxy.host;
  if (status === 407) {
    return { kind: 'network', status, connection: { kind: 'proxyAuth', host, proxy }, message: `The proxy at ${proxy} asks for a user name and password (407).` };
  }
  return {
    kind: 'network',
    status,
    connection: { kind: page ? 'proxyPage' : 'proxyRefused', host, proxy, ...(page ? { detail: page } : {}) },
    message: `The proxy at ${proxy} refused to connect to ${host} (HTTP ${status})${page ? `: ${page}` : ''}.`,
  };
}
