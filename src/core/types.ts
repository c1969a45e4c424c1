// Shared, vscode-free types of the Responses client and its callers.

export type Role = 'system' | 'user' | 'assistant';

export interface InputMessage {
  role: Role;
  content: string;
}

/** The values of `reasoning.effort` and `text.verbosity` the endpoint takes, in increasing order. */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export const VERBOSITIES = ['low', 'medium', 'high'] as const;

export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
export type ReasoningSummary = 'auto' | 'concise' | 'detailed';
export type Verbosity = (typeof VERBOSITIES)[number];

/** The optional request parameters of POST /v1/responses. `undefined` means "not sent". */
export interface RequestParams {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  reasoningSummary?: ReasoningSummary;
  verbosity?: Verbosity;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string;
  store?: boolean;
  user?: string;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cachedTokens?: number;
  totalTokens?: number;
}

export type ApiErrorKind =
  | 'auth'
  | 'forbidden'
  | 'notFound'
  | 'badRequest'
  | 'rateLimit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'truncated'
  | 'protocol'
  | 'canceled'
  | 'insecure';

/** What the stream of one request yields; exactly one terminal event (completed/incomplete/failed/canceled) ends it. */
export type ResponseEvent =
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'completed'; responseId?: string; model?: string; usage?: Usage }
  | { type: 'incomplete'; reason: string; responseId?: string; usage?: Usage }
  | { type: 'failed'; error: ApiErrorData }
  | { type: 'canceled' };

/** Plain-data shape of an ApiError (the class lives in core/api/errors.ts). */
export interface ApiErrorData {
  kind: ApiErrorKind;
  status?: number;
  /** The server's own message (JSON error message, plain text, or HTML reduced to text), never the key. */
  message: string;
  code?: string;
  retryAfterMs?: number;
  /** For connection failures: the step that failed and why, with the host (and proxy) involved. */
  connection?: ConnectionFailure;
}

export type ConnectionFailureKind =
  | 'dns'
  | 'unreachable'
  | 'proxyUnreachable'
  | 'proxyAuth'
  | 'proxyRefused'
  | 'proxyPage'
  | 'certSelfSigned'
  | 'certUnknownIssuer'
  | 'certExpired'
  | 'certWrongHost'
  | 'tls';

export interface ConnectionFailure {
  kind: ConnectionFailureKind;
  /** The server's host name. */
  host: string;
  /** The proxy's `host:port` when the request went through one (never its credentials). */
  proxy?: string;
  /** A refusing proxy's page, reduced to its text. */
  detail?: string;
}

/** The logger the client writes to: a vscode LogOutputChannel satisfies it. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
