// Turns the bytes of a Responses SSE body into normalized events. Pure: no I/O, no timers, so it can
// be fed one byte at a time in tests. The client owns the socket; this owns the meaning of the frames.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { ApiError, MAX_JSON_MESSAGE_LENGTH, kindForCode, scrubSecret, truncate } from './errors';
import type { ApiErrorData, Logger, ResponseEvent, Usage } from '../types';

type Json = Record<string, unknown>;

/** Events that end a stream; after one of them the decoder ignores the rest of the body. */
type TerminalEvent = Extract<ResponseEvent, { type: 'completed' | 'incomplete' | 'failed' }>;

/** Paragraph break between reasoning summary parts, which the server sends as separate texts. */
export const REASONING_PART_SEPARATOR = '\n\n';

export class ResponsesStreamDecoder {
  private readonly parser: EventSourceParser;
  private readonly utf8 = new TextDecoder('utf-8');
  private pending: ResponseEvent[] = [];
  /** An `error` event waits for the `response.failed` that usually follows, so the user sees one error. */
  private pendingError: ApiErrorData | undefined;
  private terminal: TerminalEvent | undefined;
  private textSeen = false;
  private reasoningPart: number | undefined;
  /** Non-JSON keep-alive frames skipped so far (logged, not fatal). */
  skippedFrames = 0;

  constructor(
    private readonly logger?: Logger,
    private readonly apiKey?: string,
  ) {
    this.parser = createParser({
      onEvent: (message) => this.onMessage(message),
      onError: (error) => this.logger?.debug(`SSE parse warning: ${error.message}`),
    });
  }

  /** The terminal event once seen; the client stops reading then. */
  get done(): TerminalEvent | undefined {
    return this.terminal;
  }

  push(chunk: Uint8Array): ResponseEvent[] {
    if (!this.terminal) this.parser.feed(this.utf8.decode(chunk, { stream: true }));
    return this.drain();
  }

  /**
   * The body ended. A last frame without its blank line still counts; a stream with no terminal event
   * is a truncated answer (the text already yielded stays with the caller).
   */
  end(): ResponseEvent[] {
    if (!this.terminal) {
      // Ends a last line and event that lacked their newlines, so a complete final frame still counts.
      this.parser.feed(`${this.utf8.decode()}\n\n`);
    }
    if (!this.terminal) {
      this.finish(
        this.pendingError
          ? { type: 'failed', error: this.pendingError }
          : { type: 'failed', error: { kind: 'truncated', message: 'The stream ended before the answer was complete.' } },
      );
    }
    return this.drain();
  }

  /** The error to report if the connection fails now: a server `error` event already received beats a generic one. */
  takePendingError(): ApiErrorData | undefined {
    return this.terminal ? undefined : this.pendingError;
  }

  private drain(): ResponseEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private finish(event: TerminalEvent): void {
    this.terminal = event;
    this.pending.push(event);
  }

  private onMessage(message: EventSourceMessage): void {
    if (this.terminal) return;
    const raw = message.data.trim();
    if (raw === '[DONE]' || raw === '') return;
    let data: Json;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!isObject(parsed)) throw new Error('not an object');
      data = parsed;
    } catch {
      if (raw.startsWith('{') || raw.startsWith('[')) {
        // A JSON frame we cannot read may have carried text: going on would silently show a wrong answer.
        this.finish({
          type: 'failed',
          error: { kind: 'protocol', message: `The server sent an unreadable event: ${truncate(scrubSecret(raw, this.apiKey), 120)}` },
        });
      } else {
        this.skippedFrames++;
        this.logger?.warn(`Skipped a non-JSON stream frame (${raw.length} chars).`);
      }
      return;
    }
    const type = typeof data.type === 'string' ? data.type : message.event;
    this.dispatch(type ?? '', data);
  }

  private dispatch(type: string, data: Json): void {
    switch (type) {
      case 'response.output_text.delta': {
        const delta = data.delta;
        if (typeof delta === 'string' && delta) {
          this.textSeen = true;
          this.pending.push({ type: 'text', delta });
        }
        return;
      }
      case 'response.reasoning_summary_text.delta': {
        const delta = data.delta;
        if (typeof delta !== 'string' || !delta) return;
        const part = typeof data.summary_index === 'number' ? data.summary_index : this.reasoningPart ?? 0;
        if (this.reasoningPart !== undefined && part !== this.reasoningPart) {
          this.pending.push({ type: 'reasoning', delta: REASONING_PART_SEPARATOR });
        }
        this.reasoningPart = part;
        this.pending.push({ type: 'reasoning', delta });
        return;
      }
      case 'response.completed': {
        const response = obj(data.response);
        this.yieldUnstreamedText(response);
        this.finish({ type: 'completed', responseId: str(response.id), model: str(response.model), usage: usageOf(response.usage) });
        return;
      }
      case 'response.incomplete': {
        const response = obj(data.response);
        this.yieldUnstreamedText(response);
        const reason = str(obj(response.incomplete_details).reason) ?? 'unknown';
        this.finish({ type: 'incomplete', reason, responseId: str(response.id), usage: usageOf(response.usage) });
        return;
      }
      case 'response.failed': {
        const response = obj(data.response);
        this.finish({ type: 'failed', error: this.bestError(errorFromPayload(obj(response.error), this.apiKey)) });
        return;
      }
      case 'error': {
        // Nested `{type:'error', error:{...}}` (what OpenAI sends) or flat `{type:'error', code, message}` (the schema).
        const error = errorFromPayload(isObject(data.error) ? data.error : data, this.apiKey);
        this.pendingError = this.pendingError ? pickBetter(this.pendingError, error) : error;
        return;
      }
      default:
        return;
    }
  }

  private bestError(failed: ApiErrorData): ApiErrorData {
    return this.pendingError ? pickBetter(this.pendingError, failed) : failed;
  }

  /** Some relays send only the final response object: show its text rather than an empty answer. */
  private yieldUnstreamedText(response: Json): void {
    if (this.textSeen) return;
    const text = outputText(response);
    if (text) {
      this.textSeen = true;
      this.pending.push({ type: 'text', delta: text });
    }
  }
}

/** The text of a ResponseObject: every `output[].content[].text` of type output_text, in order. */
export function outputText(response: Json): string {
  const output = Array.isArray(response.output) ? response.output : [];
  let text = '';
  for (const item of output) {
    const content = isObject(item) && Array.isArray(item.content) ? item.content : [];
    for (const part of content) {
      if (isObject(part) && typeof part.text === 'string' && (part.type === undefined || part.type === 'output_text' || part.type === 'text')) {
        text += part.text;
      }
    }
  }
  return text;
}

export function usageOf(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined;
  const usage: Usage = {};
  const set = (key: keyof Usage, v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) usage[key] = v;
  };
  set('inputTokens', value.input_tokens);
  set('outputTokens', value.output_tokens);
  set('totalTokens', value.total_tokens);
  set('reasoningTokens', obj(value.output_tokens_details).reasoning_tokens);
  set('cachedTokens', obj(value.input_tokens_details).cached_tokens);
  return Object.keys(usage).length ? usage : undefined;
}

export function errorFromPayload(payload: Json, apiKey?: string): ApiErrorData {
  const code = str(payload.code) ?? str(payload.type);
  const message = truncate(scrubSecret(str(payload.message) ?? (code ? `The server reported ${code}.` : 'The server reported an error.'), apiKey), MAX_JSON_MESSAGE_LENGTH);
  return new ApiError({ kind: kindForCode(code, 'server'), message, code }).toData();
}

/** Of two reports of the same failure keep the one that says more; a generic "server error" loses. */
function pickBetter(a: ApiErrorData, b: ApiErrorData): ApiErrorData {
  const score = (e: ApiErrorData) => (e.kind === 'server' ? 0 : 1000) + e.message.length + (e.code ? 100 : 0);
  return score(b) > score(a) ? b : a;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Json {
  return isObject(v) ? v : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
