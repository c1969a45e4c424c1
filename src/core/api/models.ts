// GET {baseUrl}/v1/models: the models an endpoint lists, for the model picker. Relays often lack the
// endpoint (an HTML 404) or list nothing; then the picker offers the configured model and free text.
import * as http from 'node:http';
import * as https from 'node:https';
import type { ClientOptions } from './client';
import { agentFor, proxyFor } from './network';
import { responsesEndpoint } from './request';

/** The model ids of an answer, sorted; undefined when the endpoint does not list models (error, HTML, other shapes). */
export function parseModelList(status: number, contentType: string, text: string): string[] | undefined {
  if (status !== 200 || !/json/i.test(contentType)) {
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) {
    return undefined;
  }
  const ids = data.map((m) => (m as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string' && id.trim() !== '');
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b));
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The endpoint's models; undefined when it does not list them. The base URL is held to the rules of every
 * request (no key over plain http to another machine) and the proxy settings apply; redirects are not
 * followed (the key goes nowhere else), and the answer is bounded in time and size.
 */
export function listModels(options: Pick<ClientOptions, 'baseUrl' | 'apiKey' | 'timeoutMs' | 'network'>, signal?: AbortSignal): Promise<string[] | undefined> {
  let url: URL;
  try {
    url = responsesEndpoint(options.baseUrl);
  } catch {
    return Promise.resolve(undefined);
  }
  url.pathname = url.pathname.replace(/\/responses$/, '/models');
  const transport = url.protocol === 'https:' ? https : http;
  const { network } = options;
  const agent = network && agentFor(url.protocol === 'https:' ? proxyFor(url, network) : undefined, network);
  return new Promise((resolve) => {
    const request = transport.get(url, { headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' }, agent, signal, timeout: options.timeoutMs ?? 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy();
        else chunks.push(chunk);
      });
      response.on('end', () => resolve(parseModelList(response.statusCode ?? 0, String(response.headers['content-type'] ?? ''), Buffer.concat(chunks).toString('utf8'))));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}
