// Test Connection as a diagnosis: each step of reaching the model (name resolution, connection, TLS,
// HTTP status, first stream event) with its time; the first step that fails ends it, with its cause.
import { lookup } from 'node:dns/promises';
import { testConnection, type ClientOptions, type ConnectionCheck, type RequestTrace } from './client';
import { bareHost, connectionFailure, proxyFor } from './network';
import { responsesEndpoint } from './request';

export type Step =
  | { name: 'resolve'; ok: boolean; ms?: number; host: string; addresses?: string[]; byProxy?: string }
  | { name: 'connect'; ok: boolean; ms?: number; to: string; proxy?: string }
  | { name: 'tls'; ok: boolean; ms?: number; host: string; subject?: string; issuer?: string; validTo?: string }
  | { name: 'http'; ok: boolean; ms?: number; status?: number }
  | { name: 'stream'; ok: boolean; ms?: number };

export interface Diagnosis {
  check: ConnectionCheck;
  /** Steps reached, in order; when the check failed, the last one is the step that failed. */
  steps: Step[];
}

export async function diagnose(model: string, options: ClientOptions, signal?: AbortSignal): Promise<Diagnosis> {
  const now = options.now ?? Date.now;
  const started = now();
  let endpoint: URL;
  try {
    endpoint = responsesEndpoint(options.baseUrl);
  } catch {
    // The check itself reports the unusable URL.
    return { check: await testConnection(model, options, signal), steps: [] };
  }
  const host = bareHost(endpoint.hostname);
  const proxy = endpoint.protocol === 'https:' && options.network ? proxyFor(endpoint, options.network) : undefined;
  const steps: Step[] = [];
  if (proxy) {
    steps.push({ name: 'resolve', ok: true, host, byProxy: proxy.host });
  } else {
    try {
      const addresses = await lookup(host, { all: true });
      steps.push({ name: 'resolve', ok: true, ms: now() - started, host, addresses: addresses.map((a) => a.address) });
    } catch (error) {
      steps.push({ name: 'resolve', ok: false, ms: now() - started, host });
      return { check: { ok: false, latencyMs: now() - started, error: connectionFailure(error as NodeJS.ErrnoException, { target: endpoint }) }, steps };
    }
  }
  const trace: RequestTrace = {};
  const check = await testConnection(model, { ...options, trace }, signal);
  const at = (time: number | undefined) => (time === undefined ? undefined : time - started);
  const port = endpoint.port || (endpoint.protocol === 'https:' ? '443' : '80');
  const proxyFailed = check.error?.connection?.kind.startsWith('proxy') ?? false;
  const reached: Step[] = [{ name: 'connect', ok: trace.connectedAt !== undefined && !proxyFailed, ms: at(trace.connectedAt), to: `${endpoint.hostname}:${port}`, proxy: trace.proxy }];
  if (endpoint.protocol === 'https:') {
    reached.push({ name: 'tls', ok: trace.secureAt !== undefined, ms: at(trace.secureAt), host, ...trace.certificate });
  }
  reached.push({ name: 'http', ok: trace.status !== undefined && trace.status < 300, ms: at(trace.headersAt), status: trace.status });
  reached.push({ name: 'stream', ok: check.ok, ms: at(trace.firstEventAt) });
  for (const step of reached) {
    if (check.error?.kind === 'canceled') break;
    steps.push(step);
    if (!step.ok) break;
  }
  return { check, steps };
}
