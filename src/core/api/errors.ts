// The one error type of the Responses client: data the UI can switch on (`kind`), with the
// server's own words in `message`. Localization and actions are added where the error is shown.
import type { ApiErrorData, ApiErrorKind } from '../types';

/** Longest text or HTML-page message we keep: enough for a sentence or two, never a whole page. */
export const MAX_MESSAGE_LENGTH = 300;
/** A JSON error's `message` is written for humans and kept whole unless absurdly long. */
export const MAX_JSON_MESSAGE_LENGTH = 1000;

export class ApiError extends Error implements ApiErrorData {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;

  constructor(data: ApiErrorData) {
    super(data.message);
    this.kind = data.kind;
    this.status = data.status;
    this.code = data.code;
    this.retryAfterMs = data.retryAfterMs;
  }

  /** Plain data, safe to post to a webview or store (an Error's own fields do not survive JSON). */
  toData(): ApiErrorData {
    const data: ApiErrorData = { kind: this.kind, message: this.message };
    if (this.status !== undefined) data.status = this.status;
    if (this.code !== undefined) data.code = this.code;
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs;
    return data;
  }
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rateLimit';
  if (status >= 500 || status === 409) return 'server';
  return 'badRequest';
}

/** Error codes/types seen in Responses error bodies and stream `error` events. */
export function kindForCode(code: string | undefined, fallback: ApiErrorKind): ApiErrorKind {
  const c = (code ?? '').toLowerCase();
  if (c.includes('rate_limit') || c === 'insufficient_quota') return 'rateLimit';
  if (c.includes('invalid_api_key') || c.includes('authentication') || c === 'unauthorized') return 'auth';
  if (c === 'permission_denied' || c === 'forbidden') return 'forbidden';
  if (c === 'model_not_found') return 'notFound';
  if (c.includes('invalid_request') || c === 'context_length_exceeded' || c === 'invalid_prompt') return 'badRequest';
  if (c === 'server_error' || c === 'server_is_overloaded' || c === 'internal_error') return 'server';
  return fallback;
}

/** Removes the key (and anything shaped like a bearer credential) from text that may be shown or logged. */
export function scrubSecret(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('***');
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1***').replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***');
}

export function truncate(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  return text.slice(0, max - 1).trimEnd() + '…';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A proxy's HTML error page reduced to its readable text (title first, scripts and styles dropped). */
export function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const body = /<body[^>]*>([\s\S]*?)(<\/body>|$)/i.exec(html)?.[1] ?? html;
  const text = (s: string) =>
    s
      .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
        if (e[0] === '#') {
          const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          return Number.isFinite(code) ? String.fromCodePoint(code) : m;
        }
        return ENTITIES[e.toLowerCase()] ?? m;
      })
      .replace(/\s+/g, ' ')
      .trim();
  const titleText = text(title);
  const bodyText = text(body);
  if (!titleText) return bodyText;
  // Proxy pages usually repeat the title as the first heading.
  return bodyText.startsWith(titleText) ? bodyText : `${titleText}: ${bodyText}`.replace(/: $/, '');
}

function looksLikeHtml(body: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? '') || /^\s*(<!doctype html|<html|<head|<body)/i.test(body);
}

interface ParsedBody {
  message?: string;
  code?: string;
  /** The message came from a JSON error object rather than raw text or a page. */
  structured?: boolean;
}

/** The message and code of an error body: `{error:{message,code,type}}`, `{error:"..."}`, flat `{message}`, text or HTML. */
export function parseErrorBody(body: string, contentType?: string): ParsedBody {
  const trimmed = body.trim();
  if (!trimmed) return {};
  if (trimmed.startsWith('{')) {
    try {
      return { ...fromJsonError(JSON.parse(trimmed)), structured: true };
    } catch {
      // Not JSON after all: fall through and show it as text.
    }
  }
  const text = looksLikeHtml(trimmed, contentType) ? htmlToText(trimmed) : trimmed.replace(/\s+/g, ' ');
  return { message: text || undefined };
}

export function fromJsonError(json: unknown): ParsedBody {
  if (!isObject(json)) return {};
  const inner = json.error;
  if (typeof inner === 'string') return { message: inner, code: str(json.code) ?? str(json.type) };
  const source = isObject(inner) ? inner : json;
  const message = str(source.message) ?? str(source.detail) ?? str(json.message);
  const code = str(source.code) ?? str(source.type);
  return { message, code };
}

/** Milliseconds the server asked us to wait: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();
  const ms = first(headers['retry-after-ms']);
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const after = first(headers['retry-after']);
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface HttpErrorInput {
  status: number;
  statusText?: string;
  body: string;
  contentType?: string;
  retryAfterMs?: number;
  apiKey?: string;
}

export function apiErrorFromHttp(input: HttpErrorInput): ApiError {
  const parsed = parseErrorBody(input.body, input.contentType);
  const fallback = `HTTP ${input.status}${input.statusText ? ` ${input.statusText}` : ''}`;
  const limit = parsed.structured ? MAX_JSON_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
  const message = truncate(scrubSecret(parsed.message ?? fallback, input.apiKey), limit);
  const statusKind = kindForStatus(input.status);
  // A 400 that says "model not found" is the user's model setting, not a malformed request.
  const kind = statusKind === 'badRequest' ? kindForCode(parsed.code, statusKind) : statusKind;
  return new ApiError({ kind, status: input.status, message, code: parsed.code, retryAfterMs: input.retryAfterMs });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
