// What goes on the wire: the endpoint URL and the JSON body of POST /v1/responses.
import { ApiError } from './errors';
import type { InputMessage, RequestParams } from '../types';

/** The JSON body. Optional parameters appear only when set, so the server's own defaults apply otherwise. */
export interface ResponsesRequestBody {
  model: string;
  input: InputMessage[];
  stream: true;
  store: boolean;
  temperature?: number;
  top_p?: number;
  max_output_tokens?: number;
  reasoning?: { effort?: string; summary?: string };
  text?: { verbosity?: string };
  frequency_penalty?: number;
  presence_penalty?: number;
  stop?: string;
  user?: string;
}

export function buildRequestBody(model: string, input: InputMessage[], params: RequestParams = {}): ResponsesRequestBody {
  const body: ResponsesRequestBody = {
    model,
    input: input.map(({ role, content }) => ({ role, content })),
    stream: true,
    // Users' code is not kept server-side unless they opt in.
    store: params.store ?? false,
  };
  if (isNumber(params.temperature)) body.temperature = params.temperature;
  if (isNumber(params.topP)) body.top_p = params.topP;
  if (isNumber(params.maxOutputTokens)) body.max_output_tokens = params.maxOutputTokens;
  if (params.reasoningEffort || params.reasoningSummary) {
    body.reasoning = {};
    if (params.reasoningEffort) body.reasoning.effort = params.reasoningEffort;
    if (params.reasoningSummary) body.reasoning.summary = params.reasoningSummary;
  }
  if (params.verbosity) body.text = { verbosity: params.verbosity };
  if (isNumber(params.frequencyPenalty)) body.frequency_penalty = params.frequencyPenalty;
  if (isNumber(params.presencePenalty)) body.presence_penalty = params.presencePenalty;
  if (params.stop) body.stop = params.stop;
  if (params.user) body.user = params.user;
  return body;
}

/** Per-command defaults (e.g. low effort for a quick edit) under the user's settings: a set user value wins. */
export function withDefaults(user: RequestParams, defaults: RequestParams): RequestParams {
  const merged: RequestParams = { ...defaults };
  for (const [key, value] of Object.entries(user) as [keyof RequestParams, unknown][]) {
    if (value !== undefined && value !== null && value !== '') (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * `{baseUrl}/v1/responses`, accepting the base URL with or without a trailing slash or `/v1`.
 * Throws an ApiError for a URL that is not http(s), or plain http to a host other than this machine.
 */
export function responsesEndpoint(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new ApiError({ kind: 'badRequest', message: `The base URL "${baseUrl}" is not a valid URL (expected e.g. https://example.com).` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiError({ kind: 'badRequest', message: `The base URL must start with https:// (got ${url.protocol}).` });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ApiError({
      kind: 'insecure',
      message: `Refusing plain http:// to ${url.host}: the API key would travel in clear. Use https://${url.host} instead.`,
    });
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  url.pathname = `${path}/v1/responses`;
  url.hash = '';
  return url;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
