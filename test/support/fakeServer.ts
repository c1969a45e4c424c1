// A fake Responses API: a real HTTP server on 127.0.0.1 that answers POST /v1/responses with queued
// scenarios (recorded streams split at any byte boundary, errors, resets, stalls, relay quirks) and
// records what it received. Other processes drive it over HTTP:
//   POST /__control/scenario  JSON Scenario or Scenario[]  -> queued for the next requests
//   POST /__control/default   JSON Scenario                -> answer used when the queue is empty
//   GET  /__control/requests                               -> RecordedRequest[]
//   POST /__control/reset                                  -> clears queue, records and the models answer
//   POST /__control/models    JSON ModelsAnswer            -> what GET /v1/models answers (else a JSON 404)
// Dependency-free (node: modules only) so plain mocha, tsx scripts and the VS Code harness can all use it.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { demoAnswer } from './demoAnswers';
import { applyQuirks, flatErrorStream, readFixture, synthesizeStream, type Quirk, type SynthOptions } from './sseStreams';

/** How a body is put on the wire. */
export interface Delivery {
  /**
   * 'whole' (default), 'bytes' (one byte per write), 'events' (one SSE event per write), 'random' (seeded
   * sizes 1..maxChunk, log-uniform) or a fixed size.
   */
  chunking?: 'whole' | 'bytes' | 'events' | 'random' | number;
  seed?: number;
  maxChunk?: number;
  /** Pause between writes. */
  delayMs?: number;
  /**
   * Writes whole events on a clock, this many a second (catching up after a late timer), instead of
   * `chunking` and `delayMs`: a model streaming at a steady rate.
   */
  eventsPerSecond?: number;
  /** Pause before the status line. */
  headerDelayMs?: number;
  /** Send only this many bytes of the body, then do `then`. */
  cutAfterBytes?: number;
  /** After the body (or the cut): end normally, reset the connection, or stall until the client gives up. */
  then?: 'end' | 'reset' | 'stall';
  status?: number;
  headers?: Record<string, string>;
}

export type Scenario =
  /** A recorded stream from the shared fixtures, optionally with relay quirks. */
  | ({ kind: 'fixture'; name: string; quirks?: Quirk[] } & Delivery)
  /** Any SSE text as is. */
  | ({ kind: 'sse'; body: string; quirks?: Quirk[] } & Delivery)
  /** A valid stream built from a text (see synthesizeStream). */
  | ({ kind: 'text'; quirks?: Quirk[] } & SynthOptions & Delivery)
  /** The flat `{type:'error', code, message}` event, after optional text. */
  | ({ kind: 'flatError'; code: string; message: string; textBefore?: string } & Delivery)
  /** A JSON body with any status: API errors, or the non-streamed ResponseObject of a server that ignores `stream`. */
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  /** Any body and content type: plain-text errors, HTML pages. */
  | { kind: 'raw'; status: number; contentType?: string; body: string; headers?: Record<string, string> }
  /** A proxy's HTML error page (502 unless `status`). */
  | { kind: 'html'; status?: number }
  /** 429 with `Retry-After` (seconds or HTTP date) and/or `retry-after-ms`. */
  | { kind: 'rateLimit'; retryAfter?: string; retryAfterMs?: number; message?: string; code?: string }
  /** Connection destroyed before any response byte. */
  | { kind: 'reset' }
  /** Status and headers of a stream, then silence until the client closes. */
  | { kind: 'stall'; headerDelayMs?: number }
  | { kind: 'redirect'; status?: number; location: string }
  /** The demo mode: a canned markdown answer, or the refactored selection, at a human-visible pace. */
  | { kind: 'demo'; delayMs?: number; deltaSize?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: unknown;
  scenario: Scenario['kind'] | 'none';
  /** The client closed the connection before the server finished its answer. */
  clientClosed: boolean;
  receivedAt: number;
  /** When the first and the last byte of a streamed body were written (Unix ms). */
  firstByteAt?: number;
  lastByteAt?: number;
}

/** What GET /v1/models answers: any status, content type and body (OpenAI's list, a relay's HTML 404, …). */
export interface ModelsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** OpenAI's shape of a model list. */
export function openAiModelList(ids: string[]): ModelsAnswer {
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) }) };
}

export interface FakeServerOptions {
  /** Answer when no scenario is queued; without one such requests get a 500 naming the problem. */
  defaultScenario?: Scenario;
  port?: number;
  host?: string;
}

/** Pause between events of a demo answer: fast enough to be pleasant, slow enough to watch it stream. */
export const DEMO_DELAY_MS = 30;

export const HTML_502 = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title><style>body{font-family:sans-serif}</style></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>
<script>console.log("ignored")</script></body></html>`;

export class FakeServer {
  /** Every request except control calls, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scenario[] = [];
  private readonly sockets = new Set<Socket>();
  private waiters: (() => void)[] = [];
  private readonly finished = new Set<RecordedRequest>();
  private defaultScenario: Scenario | undefined;
  private modelsAnswer: ModelsAnswer | undefined;

  private constructor(
    private readonly server: http.Server,
    options: FakeServerOptions,
  ) {
    this.defaultScenario = options.defaultScenario;
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeServer> {
    const server = http.createServer();
    const fake = new FakeServer(server, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
    });
    return fake;
  }

  /** `http://127.0.0.1:<port>`, the base URL to give the client. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  enqueue(...scenarios: Scenario[]): this {
    this.queue.push(...scenarios);
    return this;
  }

  setDefault(scenario: Scenario | undefined): void {
    this.defaultScenario = scenario;
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.modelsAnswer = undefined;
  }

  setModels(answer: ModelsAnswer | undefined): void {
    this.modelsAnswer = answer;
  }

  /** Resolves once request `index` has arrived (its body read, its scenario started). */
  waitForRequest(index: number, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(index, timeoutMs, 'has not arrived', () => true);
  }

  /** Resolves once request `index` has been answered or abandoned by the client. */
  waitForClose(index: number, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(index, timeoutMs, 'still open', (request) => this.finished.has(request));
  }

  private waitFor(index: number, timeoutMs: number, failure: string, ready: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`request ${index} ${failure} after ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const request = this.requests[index];
        if (request && ready(request)) {
          clearTimeout(deadline);
          resolve(request);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/__control/')) {
      this.control(req.method ?? 'GET', path, raw, res);
      return;
    }
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : raw;
    } catch {
      // Recorded as text: a test may be checking exactly that.
    }
    const isApi = req.method === 'POST' && path === '/v1/responses';
    const scenario = isApi ? (this.queue.shift() ?? this.defaultScenario) : undefined;
    const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, scenario: scenario?.kind ?? 'none', clientClosed: false, receivedAt: Date.now() };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosed = true;
      this.finished.add(record);
      this.wakeWaiters();
    });
    this.wakeWaiters();
    try {
      if (req.method === 'GET' && path === '/v1/models' && this.modelsAnswer) {
        res.writeHead(this.modelsAnswer.status, { 'content-type': this.modelsAnswer.contentType });
        res.end(this.modelsAnswer.body);
      } else if (!isApi) {
        sendJson(res, 404, { error: { message: `Invalid URL (${req.method} ${path})`, type: 'invalid_request_error', code: null } });
      } else if (!scenario) {
        sendJson(res, 500, { error: { message: 'fake server: no scenario queued for this request', type: 'fake_server' } });
      } else {
        written.set(res, record);
        await this.play(scenario, req, res, body);
      }
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake server: ${String(error)}` } });
      else res.destroy();
    }
  }

  private control(method: string, path: string, raw: string, res: http.ServerResponse): void {
    if (method === 'GET' && path === '/__control/requests') return sendJson(res, 200, this.requests);
    if (method === 'POST' && path === '/__control/reset') {
      this.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/__control/models') {
      try {
        this.setModels(JSON.parse(raw) as ModelsAnswer);
      } catch {
        return sendJson(res, 400, { error: { message: 'control body must be JSON' } });
      }
      return sendJson(res, 200, { ok: true });
    }
    if (method === 'POST' && (path === '/__control/scenario' || path === '/__control/default')) {
      let parsed: Scenario | Scenario[];
      try {
        parsed = JSON.parse(raw) as Scenario | Scenario[];
      } catch {
        return sendJson(res, 400, { error: { message: 'control body must be JSON' } });
      }
      if (path === '/__control/default') this.setDefault(Array.isArray(parsed) ? parsed[0] : parsed);
      else this.enqueue(...(Array.isArray(parsed) ? parsed : [parsed]));
      return sendJson(res, 200, { ok: true, queued: this.queue.length });
    }
    sendJson(res, 404, { error: { message: `unknown control ${method} ${path}` } });
  }

  private async play(scenario: Scenario, req: http.IncomingMessage, res: http.ServerResponse, body: unknown): Promise<void> {
    switch (scenario.kind) {
      case 'fixture':
        return stream(res, applyQuirks(readFixture(scenario.name), scenario.quirks ?? []), scenario);
      case 'sse':
        return stream(res, scenario.quirks?.length ? applyQuirks(scenario.body, scenario.quirks) : scenario.body, scenario);
      case 'text':
        return stream(res, applyQuirks(synthesizeStream(scenario), scenario.quirks ?? []), scenario);
      case 'flatError':
        return stream(res, flatErrorStream(scenario.code, scenario.message, scenario.textBefore), scenario);
      case 'json':
        return sendJson(res, scenario.status ?? 200, scenario.body, scenario.headers);
      case 'raw':
        res.writeHead(scenario.status, { 'content-type': scenario.contentType ?? 'text/plain; charset=utf-8', ...scenario.headers });
        res.end(scenario.body);
        return;
      case 'html':
        res.writeHead(scenario.status ?? 502, { 'content-type': 'text/html' });
        res.end(HTML_502);
        return;
      case 'rateLimit': {
        const headers: Record<string, string> = {};
        if (scenario.retryAfter !== undefined) headers['retry-after'] = scenario.retryAfter;
        if (scenario.retryAfterMs !== undefined) headers['retry-after-ms'] = String(scenario.retryAfterMs);
        const message = scenario.message ?? 'Rate limit reached for requests. Please try again later.';
        return sendJson(res, 429, { error: { message, type: 'requests', code: scenario.code ?? 'rate_limit_exceeded' } }, headers);
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
        return stream(res, '', { headerDelayMs: scenario.headerDelayMs, then: 'stall' });
      case 'redirect':
        res.writeHead(scenario.status ?? 307, { location: scenario.location });
        res.end();
        return;
      case 'demo':
        return this.demo(scenario, req, res, body);
    }
  }

  private async demo(scenario: Extract<Scenario, { kind: 'demo' }>, req: http.IncomingMessage, res: http.ServerResponse, body: unknown): Promise<void> {
    const key = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!key || key === 'bad-key') {
      return sendJson(res, 401, { error: { message: 'Incorrect API key provided. (Demo server: every key works except "bad-key".)', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const request = (typeof body === 'object' && body !== null ? body : {}) as { input?: unknown; model?: string; reasoning?: { summary?: string } };
    const input = Array.isArray(request.input) ? (request.input as { role: string; content: string }[]) : [];
    const answer = demoAnswer(input, Boolean(request.reasoning?.summary));
    const sse = synthesizeStream({
      text: answer.text,
      reasoning: answer.reasoning,
      model: request.model,
      deltaSize: scenario.deltaSize ?? 6,
      usage: { input_tokens: Math.ceil(JSON.stringify(input).length / 4), output_tokens: Math.ceil(answer.text.length / 4) },
    });
    return stream(res, sse, { delayMs: scenario.delayMs ?? DEMO_DELAY_MS }, true);
  }
}

/** Writes `body` as an event stream according to `delivery`. `perEvent` paces whole events instead of bytes. */
async function stream(res: http.ServerResponse, body: string, delivery: Delivery, perEvent = false): Promise<void> {
  if (delivery.headerDelayMs) await sleep(delivery.headerDelayMs);
  if (res.destroyed) return;
  res.writeHead(delivery.status ?? 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...delivery.headers });
  res.flushHeaders();
  let bytes = Buffer.from(body, 'utf8');
  if (delivery.cutAfterBytes !== undefined) bytes = bytes.subarray(0, delivery.cutAfterBytes);
  const paced = delivery.eventsPerSecond;
  const pieces = perEvent || paced ? splitEvents(bytes) : chunk(bytes, delivery);
  const start = performance.now();
  // Each write becomes its own HTTP chunk, which the client receives as its own 'data' event even when
  // TCP merges the packets; so boundaries survive without waiting a loop turn per write.
  for (let i = 0; i < pieces.length; i++) {
    if (res.destroyed) return;
    await write(res, pieces[i]);
    if (paced) await sleep(start + ((i + 1) * 1000) / paced - performance.now());
    else if (delivery.delayMs) await sleep(delivery.delayMs);
    else if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  if (res.destroyed) return;
  switch (delivery.then ?? 'end') {
    case 'end':
      res.end();
      return;
    case 'reset':
      // Flush what was written first: destroy() drops data still queued in the socket.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      res.socket?.destroy();
      return;
    case 'stall':
      // Keep the connection open until the client gives up; the close handler records it.
      return;
  }
}

function chunk(bytes: Buffer, delivery: Delivery): Buffer[] {
  const mode = delivery.chunking ?? 'whole';
  if (mode === 'whole' || bytes.length === 0) return bytes.length ? [bytes] : [];
  if (mode === 'events') return splitEvents(bytes);
  const next = mode === 'random' ? seededSizes(delivery.seed ?? 1, Math.max(1, delivery.maxChunk ?? 64)) : () => (mode === 'bytes' ? 1 : Math.max(1, mode));
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = next();
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

function splitEvents(bytes: Buffer): Buffer[] {
  const text = bytes.toString('utf8');
  return text.split(/(?<=\n\n)/).map((part) => Buffer.from(part, 'utf8'));
}

/** Mulberry32: the same seed gives the same chunking, so a failing split can be replayed. */
function seededSizes(seed: number, max: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    // Log-uniform: many tiny chunks (boundaries inside words, UTF-8 sequences, "data:") and some large ones.
    return Math.min(max, Math.floor(Math.exp(r * Math.log(max + 1))));
  };
}

/** The record of the request each response answers, for the times of its first and last byte. */
const written = new WeakMap<http.ServerResponse, RecordedRequest>();

function write(res: http.ServerResponse, piece: Buffer): Promise<void> {
  const record = written.get(res);
  if (record) {
    record.firstByteAt ??= Date.now();
    record.lastByteAt = Date.now();
  }
  return new Promise((resolve) => {
    if (res.write(piece)) resolve();
    else {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    }
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readAll(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
