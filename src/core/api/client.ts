// The Responses client: one POST /v1/responses, streamed. node:http(s) rather than global fetch because
// Node 20's fetch loads undici lazily (~50 ms on the first request of a session).
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { ApiError, apiErrorFromHttp, parseErrorBody, parseRetryAfter, scrubSecret, truncate, htmlToText } from './errors';
import { agentFor, connectionFailure, parseProxy, proxyFor, proxyRefusal, type NetworkSettings, type Route } from './network';
import { buildRequestBody, responsesEndpoint } from './request';
import { answerOutcome, isAnswerEnding, type AnswerEnding } from './answerOutcome';
import { ResponsesStreamDecoder, outputText, usageOf, errorFromPayload } from './sse';
import type { ApiErrorData, InputMessage, Logger, RequestParams, ResponseEvent, Usage } from '../types';

/** What to ask: the model, the conversation and the optional parameters (already merged with per-command defaults). */
export interface ResponseRequest {
  model: string;
  input: InputMessage[];
  params?: RequestParams;
  /** Short label for the log line, e.g. "chat" or "refactor". */
  purpose?: string;
}

/** How to connect. */
export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Longest silence allowed between two bytes (also before the first one). */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx/network failures before any body byte; default 2. */
  maxRetries?: number;
  logger?: Logger;
  /** VS Code's proxy settings and the environment; absent: direct connections. */
  network?: NetworkSettings;
  /** Filled in as the request goes: what Test Connection reports step by step. */
  trace?: RequestTrace;
  /** Injected in tests to observe backoff without waiting it. Must reject or resolve early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** When each step of the last attempt happened (the `now` clock) and what it found. */
export interface RequestTrace {
  /** `host:port` of the proxy the request went through (as VS Code or Sidekick routed it). */
  proxy?: string;
  connectedAt?: number;
  secureAt?: number;
  certificate?: { subject: string; issuer: string; validTo: string };
  status?: number;
  headersAt?: number;
  firstEventAt?: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Longer server-requested waits are not sat through: the error is shown with the wait instead. */
export const MAX_RETRY_WAIT_MS = 60_000;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const MAX_REDIRECTS = 3;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Streams one answer. Never throws for request or stream problems: it ends with exactly one terminal
 * event (completed | incomplete | failed | canceled). Text already yielded before a failure stays valid.
 */
export async function* streamResponse(request: ResponseRequest, options: ClientOptions, signal?: AbortSignal): AsyncGenerator<ResponseEvent, void, undefined> {
  const log = options.logger;
  const id = `req-${randomBytes(3).toString('hex')}`;
  const now = options.now ?? Date.now;
  const started = now();
  const stats: AttemptStats = { status: undefined, firstByteAt: undefined, attempts: 0 };
  let last: ResponseEvent | undefined;
  try {
    for await (const event of attempts(id, request, options, stats, signal)) {
      last = event;
      yield event;
    }
  } catch (error) {
    // A bug of ours must still end the stream the documented way, not as an exception in the UI.
    if (!last || !isAnswerEnding(last)) {
      last = { type: 'failed', error: { kind: 'protocol', message: scrubSecret(String(error), options.apiKey) } };
      yield last;
    }
  } finally {
    const ttfb = stats.firstByteAt !== undefined ? `${stats.firstByteAt - started}ms` : '-';
    const usage = last?.type === 'completed' || last?.type === 'incomplete' ? last.usage : undefined;
    log?.info(
      `[${id}] ${stats.status ?? '-'} ${describe(last)} attempts=${stats.attempts} ttfb=${ttfb} total=${now() - started}ms${formatUsage(usage)}`,
    );
  }
}

async function* attempts(id: string, request: ResponseRequest, options: ClientOptions, stats: AttemptStats, signal?: AbortSignal): AsyncGenerator<ResponseEvent> {
  const log = options.logger;
  let endpoint: URL;
  try {
    endpoint = responsesEndpoint(options.baseUrl);
  } catch (error) {
    const data = toErrorData(error, options.apiKey);
    log?.error(`[${id}] ${data.message}`);
    yield { type: 'failed', error: data };
    return;
  }
  const body = JSON.stringify(buildRequestBody(request.model, request.input, request.params));
  const chars = request.input.reduce((n, m) => n + m.content.length, 0);
  log?.info(`[${id}] POST ${endpoint.origin}${endpoint.pathname} ${request.purpose ?? 'request'} model=${request.model} messages=${request.input.length} chars=${chars}`);
  const maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) {
      yield { type: 'canceled' };
      return;
    }
    stats.attempts = attempt + 1;
    const exchange = new Exchange(endpoint, body, options, stats, signal);
    let wait: number;
    try {
      const head = await exchange.open();
      if (head.type === 'stream') {
        yield* exchange.events(head.response);
        return;
      }
      if (head.type !== 'retryable' || attempt >= maxRetries) {
        yield head.type === 'canceled' ? head : { type: 'failed', error: head.error };
        return;
      }
      wait = retryWait(head.error, attempt, options.random ?? Math.random);
      const what = `${head.error.kind} ${head.error.status ?? head.error.code ?? ''}`.trim();
      if (wait > MAX_RETRY_WAIT_MS) {
        log?.warn(`[${id}] ${what}: the server asks to wait ${wait} ms; not retrying`);
        yield { type: 'failed', error: { ...head.error, retryAfterMs: wait } };
        return;
      }
      log?.warn(`[${id}] attempt ${attempt + 1} failed (${what}); retrying in ${wait} ms`);
    } finally {
      exchange.dispose();
    }
    if (!(await sleepUnlessAborted(options.sleep ?? defaultSleep, wait, signal))) {
      yield { type: 'canceled' };
      return;
    }
  }
}

export interface ConnectionCheck {
  ok: boolean;
  latencyMs: number;
  model?: string;
  error?: ApiErrorData;
}

/** A tiny request proving that URL, key and model work; an answer cut at the token limit still counts. */
export async function testConnection(model: string, options: ClientOptions, signal?: AbortSignal): Promise<ConnectionCheck> {
  const now = options.now ?? Date.now;
  const started = now();
  // 16 is the smallest max_output_tokens the API accepts; no reasoning setting, as models differ in which they allow.
  const request: ResponseRequest = { model, input: [{ role: 'user', content: 'ping' }], params: { maxOutputTokens: 16 }, purpose: 'test connection' };
  let ending: AnswerEnding | undefined;
  for await (const event of streamResponse(request, options, signal)) {
    if (isAnswerEnding(event)) {
      ending = event;
      break;
    }
  }
  const latencyMs = now() - started;
  const { status, problem } = answerOutcome(ending, { aborted: signal?.aborted });
  if (status === 'canceled') return { ok: false, latencyMs, error: { kind: 'canceled', message: 'Canceled.' } };
  if (problem?.type === 'failed') return { ok: false, latencyMs, error: problem.error };
  return { ok: true, latencyMs, model: (ending?.type === 'completed' && ending.model) || model };
}

interface AttemptStats {
  status: number | undefined;
  firstByteAt: number | undefined;
  attempts: number;
}

type Head =
  | { type: 'stream'; response: http.IncomingMessage }
  | { type: 'retryable'; error: ApiErrorData }
  | { type: 'failed'; error: ApiErrorData }
  | { type: 'canceled' };

/** One HTTP exchange (following same-origin redirects): opens, classifies the head, then yields the body's events. */
class Exchange {
  private request: http.ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private route: Route;
  private readonly onAbort = () => this.request?.destroy();
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private url: URL,
    private readonly body: string,
    private readonly options: ClientOptions,
    private readonly stats: AttemptStats,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.route = { target: url };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  async open(): Promise<Head> {
    for (let hop = 0; ; hop++) {
      let response: http.IncomingMessage;
      try {
        response = await this.send();
      } catch (error) {
        return this.connectionFailure(error, true);
      }
      const status = response.statusCode ?? 0;
      this.stats.status = status;
      const proxy = this.route.proxy;
      // A tunnelled https answer arrives over TLS; a plain one is the proxy's own answer to CONNECT.
      if (proxy && this.url.protocol === 'https:' && !(response.socket instanceof tls.TLSSocket)) {
        const page = await this.readBody(response);
        const text = page.type === 'body' ? truncate(parseErrorBody(page.text, String(response.headers['content-type'] ?? '')).message ?? '', 200) : '';
        return { type: 'failed', error: proxyRefusal(status, text, { ...this.route, proxy }) };
      }
      if (this.options.trace) {
        this.options.trace.status = status;
        this.options.trace.headersAt = this.now();
      }
      if (status >= 300 && status < 400) {
        const target = this.redirectTarget(response);
        response.resume();
        if (target && hop < MAX_REDIRECTS) {
          this.options.logger?.info(`redirect ${status} to ${target.pathname} (same origin)`);
          this.url = target;
          continue;
        }
        const location = String(response.headers.location ?? '');
        return {
          type: 'failed',
          error: {
            kind: 'protocol',
            status,
            message: target
              ? `Too many redirects (last to ${location}).`
              : `The server redirected to ${truncate(scrubSecret(location, this.options.apiKey), 200) || 'another address'}; Sidekick does not send your key to another host. Set sidekick.baseUrl to the final address.`,
          },
        };
      }
      if (status < 200 || status >= 300) return this.httpFailure(response, status);
      return { type: 'stream', response };
    }
  }

  async *events(response: http.IncomingMessage): AsyncGenerator<ResponseEvent> {
    const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
    if (contentType.includes('application/json')) {
      yield* this.jsonAnswer(response);
      return;
    }
    if (contentType.includes('text/html')) {
      const page = await this.readBody(response);
      yield page.type === 'body' ? { type: 'failed', error: notAStream(page.text) } : this.bodyFailure(page);
      return;
    }
    yield* this.sseEvents(response);
  }

  /**
   * Decodes in 'data' handlers (flowing mode), so every network chunk reaches the parser as it comes and
   * the idle timer measures the server's silence, not how fast the caller consumes events.
   */
  private async *sseEvents(response: http.IncomingMessage): AsyncGenerator<ResponseEvent> {
    const decoder = new ResponsesStreamDecoder(this.options.logger, this.options.apiKey);
    const queue: ResponseEvent[] = [];
    let ended = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = () => {
      const resume = wake;
      wake = undefined;
      resume?.();
    };
    response.on('data', (chunk: Buffer) => {
      this.touch(true);
      queue.push(...decoder.push(chunk));
      notify();
    });
    response.on('end', () => {
      ended = true;
      notify();
    });
    response.on('error', (error) => {
      failure ??= error;
      notify();
    });
    response.on('close', () => {
      if (!response.complete) failure ??= new Error('connection closed');
      notify();
    });
    for (;;) {
      // Events parsed before a cancel are not delivered after it.
      if (this.signal?.aborted) {
        yield { type: 'canceled' };
        return;
      }
      const event = queue.shift();
      if (event) {
        if (this.options.trace) this.options.trace.firstEventAt ??= this.now();
        yield event;
        if (decoder.done === event) return;
        continue;
      }
      if (failure !== undefined) {
        yield { type: 'failed', error: decoder.takePendingError() ?? this.midStreamError(failure) };
        return;
      }
      if (ended) {
        yield* decoder.end();
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    // Ends the socket if the body was not read to its end (cancel, early return); a no-op otherwise.
    this.request?.destroy();
  }

  private send(): Promise<http.IncomingMessage> {
    const url = this.url;
    const network = this.options.network;
    const proxy = url.protocol === 'https:' && network ? proxyFor(url, network) : undefined;
    this.route = { target: url, proxy };
    const trace = this.options.trace;
    if (trace) {
      // Each attempt (and redirect) is traced afresh: the diagnosis describes the one that decided.
      for (const key of Object.keys(trace) as (keyof RequestTrace)[]) delete trace[key];
      trace.proxy = proxy?.host;
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || undefined,
          path: url.pathname + url.search,
          method: 'POST',
          agent: network && agentFor(proxy, network),
          headers: {
            authorization: `Bearer ${this.options.apiKey}`,
            'content-type': 'application/json',
            accept: 'text/event-stream, application/json',
            'content-length': Buffer.byteLength(this.body),
          },
        },
        resolve,
      );
      this.request = request;
      request.on('error', reject);
      // VS Code's own proxy support may route the request itself (http.proxySupport "override"): it says where.
      request.on('proxy', (event: { proxy?: string; socket?: unknown }) => this.routedBy(event.proxy, event.socket !== undefined));
      if (trace) this.traceSocket(request, trace);
      // An abort before the request object existed cannot reach it through onAbort.
      if (this.signal?.aborted) request.destroy();
      this.touch();
      request.end(this.body);
    });
  }

  /** VS Code's proxy resolver reports `DIRECT` or `PROXY host:port` (also `HTTPS`, `SOCKS`), and whether it got a socket. */
  private routedBy(result: string | undefined, connected: boolean): void {
    const match = /^(PROXY|HTTPS|SOCKS\d?)\s+(\S+)/i.exec(result ?? '');
    if (result && /^DIRECT/i.test(result)) this.route.proxy = undefined;
    if (match) this.route.proxy = parseProxy(`${match[1].toUpperCase() === 'HTTPS' ? 'https' : 'http'}://${match[2]}`);
    const trace = this.options.trace;
    if (!trace) return;
    trace.proxy = this.route.proxy?.host;
    // A direct socket is only being opened at this point; a tunnel through a proxy is already up.
    if (match && connected) trace.connectedAt ??= this.now();
  }

  private traceSocket(request: http.ClientRequest, trace: RequestTrace): void {
    const connected = () => (trace.connectedAt ??= this.now());
    request.once('proxyConnect', connected);
    request.once('socket', (socket) => {
      socket.once('connect', connected);
      socket.once('secureConnect', () => {
        connected();
        trace.secureAt = this.now();
        const peer = (socket as tls.TLSSocket).getPeerCertificate();
        if (peer && peer.subject) {
          trace.certificate = { subject: String(peer.subject.CN ?? ''), issuer: String(peer.issuer?.CN ?? peer.issuer?.O ?? ''), validTo: peer.valid_to };
        }
      });
    });
  }

  /** Restarts the idle timer: the timeout is about silence, not about the length of the answer. */
  private touch(bodyByte = false): void {
    if (bodyByte && this.stats.firstByteAt === undefined) this.stats.firstByteAt = this.now();
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.request?.destroy();
    }, this.timeoutMs);
  }

  private connectionFailure(error: unknown, beforeBody: boolean): Head {
    if (this.signal?.aborted) return { type: 'canceled' };
    if (this.timedOut) return { type: 'failed', error: timeoutError(this.timeoutMs, beforeBody) };
    const data = connectionFailure(error as NodeJS.ErrnoException, this.route);
    // A certificate, a name that does not exist or a proxy's refusal is not fixed by asking again.
    const kind = data.connection?.kind;
    const lasting = kind !== 'unreachable' && kind !== 'proxyUnreachable' && data.code !== 'EAI_AGAIN';
    return { type: lasting ? 'failed' : 'retryable', error: data };
  }

  private async httpFailure(response: http.IncomingMessage, status: number): Promise<Head> {
    const page = await this.readBody(response);
    if (page.type !== 'body') {
      const failure = this.bodyFailure(page);
      return failure.type === 'canceled' || this.timedOut ? failure : { type: 'retryable', error: failure.error };
    }
    const error = apiErrorFromHttp({
      status,
      statusText: response.statusMessage,
      body: page.text,
      contentType: String(response.headers['content-type'] ?? ''),
      retryAfterMs: parseRetryAfter(response.headers, this.now()),
      apiKey: this.options.apiKey,
    }).toData();
    // An exhausted quota does not come back in a few seconds.
    const retryable = (status === 408 || status === 409 || status === 429 || status >= 500) && error.code !== 'insufficient_quota';
    return { type: retryable ? 'retryable' : 'failed', error };
  }

  private async *jsonAnswer(response: http.IncomingMessage): AsyncGenerator<ResponseEvent> {
    const page = await this.readBody(response, Infinity);
    if (page.type !== 'body') {
      yield this.bodyFailure(page);
      return;
    }
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(page.text) as Record<string, unknown>;
    } catch {
      yield { type: 'failed', error: { kind: 'protocol', status: 200, message: `The server sent unreadable JSON: ${truncate(scrubSecret(page.text, this.options.apiKey), 120)}` } };
      return;
    }
    if (json.error && typeof json.error === 'object') {
      yield { type: 'failed', error: errorFromPayload(json.error as Record<string, unknown>, this.options.apiKey) };
      return;
    }
    const text = outputText(json);
    if (text) yield { type: 'text', delta: text };
    const id = typeof json.id === 'string' ? json.id : undefined;
    const usage = usageOf(json.usage);
    if (json.status === 'incomplete') {
      const details = json.incomplete_details as { reason?: string } | null | undefined;
      yield { type: 'incomplete', reason: details?.reason ?? 'unknown', responseId: id, usage };
    } else if (json.status === 'failed') {
      yield { type: 'failed', error: errorFromPayload((json.error ?? {}) as Record<string, unknown>, this.options.apiKey) };
    } else {
      yield { type: 'completed', responseId: id, model: typeof json.model === 'string' ? json.model : undefined, usage };
    }
  }

  /** Reads a whole (small) body; the first byte counts as time to first byte. */
  private async readBody(response: http.IncomingMessage, limit = MAX_ERROR_BODY_BYTES): Promise<{ type: 'body'; text: string } | { type: 'error'; error: unknown }> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        this.touch(true);
        if (size < limit) chunks.push(chunk);
        size += chunk.length;
      }
    } catch (error) {
      return { type: 'error', error };
    }
    return { type: 'body', text: Buffer.concat(chunks).toString('utf8') };
  }

  private bodyFailure(page: { type: 'error'; error: unknown }): { type: 'failed'; error: ApiErrorData } | { type: 'canceled' } {
    if (this.signal?.aborted) return { type: 'canceled' };
    return { type: 'failed', error: this.midStreamError(page.error) };
  }

  private midStreamError(error: unknown): ApiErrorData {
    if (this.timedOut) return timeoutError(this.timeoutMs, false);
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'network', code, message: `The connection was lost while the answer was arriving${code ? ` (${code})` : ''}.` };
  }

  private redirectTarget(response: http.IncomingMessage): URL | undefined {
    const location = response.headers.location;
    if (!location) return undefined;
    try {
      const target = new URL(location, this.url);
      return target.origin === this.url.origin ? target : undefined;
    } catch {
      return undefined;
    }
  }
}

function describe(event: ResponseEvent | undefined): string {
  if (!event || !isAnswerEnding(event)) return 'stopped by caller';
  if (event.type === 'failed') return `failed ${event.error.kind}`;
  if (event.type === 'incomplete') return `incomplete ${event.reason}`;
  return event.type;
}

function retryWait(error: ApiErrorData, attempt: number, random: () => number): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  // Full jitter: many clients hitting one relay do not come back in lockstep.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

async function sleepUnlessAborted(sleep: NonNullable<ClientOptions['sleep']>, ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, signal);
  } catch {
    // The injected or default sleep rejects on abort; the abort check below decides.
  }
  return !signal?.aborted;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function timeoutError(timeoutMs: number, beforeBody: boolean): ApiErrorData {
  const seconds = timeoutMs / 1000;
  return {
    kind: 'timeout',
    message: beforeBody ? `No answer from the server in ${seconds} s.` : `The server went silent for ${seconds} s in the middle of the answer.`,
  };
}

function notAStream(html: string): ApiErrorData {
  const text = htmlToText(html);
  return {
    kind: 'protocol',
    status: 200,
    message: truncate(`The server answered with a web page instead of an answer stream; check sidekick.baseUrl.${text ? ` Page: ${text}` : ''}`),
  };
}

function toErrorData(error: unknown, apiKey: string): ApiErrorData {
  if (error instanceof ApiError) return error.toData();
  return { kind: 'protocol', message: scrubSecret(error instanceof Error ? error.message : String(error), apiKey) };
}

function formatUsage(usage: Usage | undefined): string {
  if (!usage) return '';
  const parts = [`in=${usage.inputTokens ?? '?'}`, `out=${usage.outputTokens ?? '?'}`];
  if (usage.reasoningTokens) parts.push(`reasoning=${usage.reasoningTokens}`);
  if (usage.cachedTokens) parts.push(`cached=${usage.cachedTokens}`);
  return ` tokens ${parts.join(' ')}`;
}
