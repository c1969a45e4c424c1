// Builds Responses SSE bodies for the fake server: synthetic streams from a given text, the recorded
// fixtures, and the quirks real relays add. Dependency-free so any harness can bundle it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `<repo>/../shared/fixtures/responses-sse`, overridable when this file is bundled elsewhere. */
export function fixturesDir(): string {
  return process.env.SIDEKICK_FIXTURES_DIR ?? path.resolve(__dirname, '../../../shared/fixtures/responses-sse');
}

export const FIXTURES = {
  normal: '01-normal-text.sse',
  reasoning: '02-reasoning-with-summary.sse',
  noSummary: '03-gpt5-reasoning-no-summary.sse',
  rateLimited: '04-error-then-failed-rate-limit.sse',
} as const;

export function readFixture(name: string): string {
  if (name.includes('/') || name.includes('\\')) throw new Error(`fixture name must be a bare file name: ${name}`);
  return fs.readFileSync(path.join(fixturesDir(), name), 'utf8');
}

export interface SynthUsage {
  input_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
  cached_tokens?: number;
}

export interface SynthOptions {
  text: string;
  /** Characters (code points) per text delta; default 8. */
  deltaSize?: number;
  /** Reasoning summary parts, streamed before the text. */
  reasoning?: string[];
  usage?: SynthUsage;
  model?: string;
  id?: string;
  /** How the stream ends; 'none' ends with no terminal event (a truncated answer). */
  terminal?: 'completed' | 'incomplete' | 'failed' | 'none';
  incompleteReason?: string;
  error?: { code: string; message: string };
}

/** A valid Responses stream carrying `text`, shaped like what the API sends (event + data lines, sequence numbers). */
export function synthesizeStream(options: SynthOptions): string {
  const id = options.id ?? 'resp_fake0001';
  const model = options.model ?? 'gpt-5.2';
  const size = Math.max(1, options.deltaSize ?? 8);
  const reasoningParts = options.reasoning ?? [];
  const frames: string[] = [];
  let seq = 0;
  const emit = (data: Record<string, unknown>) => {
    frames.push(`event: ${data.type as string}\ndata: ${JSON.stringify({ ...data, sequence_number: seq++ })}\n\n`);
  };
  const base = { id, object: 'response', created_at: 1767225600, model, error: null, incomplete_details: null, store: false };
  emit({ type: 'response.created', response: { ...base, status: 'in_progress', output: [], usage: null } });
  emit({ type: 'response.in_progress', response: { ...base, status: 'in_progress', output: [], usage: null } });

  const output: Record<string, unknown>[] = [];
  let outputIndex = 0;
  if (reasoningParts.length) {
    const item = { id: 'rs_fake0001', type: 'reasoning', summary: [] as unknown[] };
    emit({ type: 'response.output_item.added', output_index: outputIndex, item });
    reasoningParts.forEach((part, summaryIndex) => {
      const common = { item_id: item.id, output_index: outputIndex, summary_index: summaryIndex };
      emit({ type: 'response.reasoning_summary_part.added', ...common, part: { type: 'summary_text', text: '' } });
      for (const delta of split(part, size)) emit({ type: 'response.reasoning_summary_text.delta', ...common, delta });
      emit({ type: 'response.reasoning_summary_text.done', ...common, text: part });
      emit({ type: 'response.reasoning_summary_part.done', ...common, part: { type: 'summary_text', text: part } });
    });
    const done = { ...item, summary: reasoningParts.map((text) => ({ type: 'summary_text', text })) };
    emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    output.push(done);
    outputIndex++;
  }

  const message = { id: 'msg_fake0001', type: 'message', role: 'assistant', status: 'in_progress', content: [] as unknown[] };
  const at = { item_id: message.id, output_index: outputIndex, content_index: 0 };
  emit({ type: 'response.output_item.added', output_index: outputIndex, item: message });
  emit({ type: 'response.content_part.added', ...at, part: { type: 'output_text', annotations: [], text: '' } });
  for (const delta of split(options.text, size)) emit({ type: 'response.output_text.delta', ...at, delta });
  const terminal = options.terminal ?? 'completed';
  if (terminal === 'completed' || terminal === 'incomplete') {
    const part = { type: 'output_text', annotations: [], text: options.text };
    emit({ type: 'response.output_text.done', ...at, text: options.text });
    emit({ type: 'response.content_part.done', ...at, part });
    const done = { ...message, status: terminal, content: [part] };
    emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    output.push(done);
  }
  const usage = usageObject(options.usage ?? { input_tokens: 12, output_tokens: Math.ceil(options.text.length / 4) });
  if (terminal === 'completed') {
    emit({ type: 'response.completed', response: { ...base, status: 'completed', output, usage } });
  } else if (terminal === 'incomplete') {
    const reason = options.incompleteReason ?? 'max_output_tokens';
    emit({ type: 'response.incomplete', response: { ...base, status: 'incomplete', incomplete_details: { reason }, output, usage } });
  } else if (terminal === 'failed') {
    const error = options.error ?? { code: 'server_error', message: 'The server had an error while processing your request.' };
    emit({ type: 'error', error: { type: 'server_error', code: error.code, message: error.message, param: null } });
    emit({ type: 'response.failed', response: { ...base, status: 'failed', error, output, usage: null } });
  }
  return frames.join('');
}

function usageObject(usage: SynthUsage): Record<string, unknown> {
  const input = usage.input_tokens ?? 0;
  const out = usage.output_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
    output_tokens: out,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
    total_tokens: input + out,
  };
}

/** Splits by code points so no delta ends inside a surrogate pair. */
function split(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

/** What OpenAI-compatible relays do to a stream (see SOURCES.md). */
export type Quirk =
  /** `data: [DONE]` after the last event. */
  | 'done'
  /** `data:[DONE]` with odd spacing. */
  | 'doneOddSpacing'
  /** No `event:` lines: dispatch must use `data.type`. */
  | 'noEventLines'
  /** `: PING` keep-alive comments between events. */
  | 'ping'
  /** CRLF line endings. */
  | 'crlf'
  /** `created_at` as a float. */
  | 'floatCreatedAt'
  /** The terminal event dropped: the stream just stops. */
  | 'noTerminal'
  /** `usage` reduced to output_tokens only. */
  | 'partialUsage';

const TERMINAL = /"type":"(response\.completed|response\.incomplete|response\.failed)"/;

export function applyQuirks(sse: string, quirks: readonly Quirk[]): string {
  let frames = sse.split('\n\n').filter((f) => f.trim() !== '');
  for (const quirk of quirks) {
    switch (quirk) {
      case 'noTerminal':
        frames = frames.filter((f) => !TERMINAL.test(f));
        break;
      case 'noEventLines':
        frames = frames.map((f) => f.split('\n').filter((line) => !line.startsWith('event:')).join('\n'));
        break;
      case 'floatCreatedAt':
        frames = frames.map((f) => f.replace(/"created_at":(\d+)/g, '"created_at":$1.482913'));
        break;
      case 'partialUsage':
        frames = frames.map((f) => f.replace(/"usage":\{"input_tokens":\d+,"input_tokens_details":\{[^}]*\},("output_tokens":\d+),"output_tokens_details":\{[^}]*\},"total_tokens":\d+\}/g, '"usage":{$1}'));
        break;
      case 'ping':
        frames = frames.flatMap((f, i) => (i % 3 === 0 ? [': PING', f] : [f]));
        break;
      case 'done':
        frames.push('data: [DONE]');
        break;
      case 'doneOddSpacing':
        frames.push('data:[DONE]   ');
        break;
      case 'crlf':
        break;
    }
  }
  const body = frames.map((f) => `${f}\n\n`).join('');
  return quirks.includes('crlf') ? body.replace(/\n/g, '\r\n') : body;
}

/** The flat error shape of the published schema: `{"type":"error","code":...,"message":...}`, no `event:` line. */
export function flatErrorStream(code: string, message: string, textBefore = ''): string {
  const head = textBefore ? synthesizeStream({ text: textBefore, terminal: 'none' }) : '';
  return `${head}data: ${JSON.stringify({ type: 'error', code, message, param: null, sequence_number: 99 })}\n\n`;
}

/** The text and reasoning a recorded stream carries, read from its `.done` events (the expected values of tests). */
export function expectedFromStream(sse: string): { text: string; reasoning: string[]; usage?: Record<string, unknown>; responseId?: string } {
  let text = '';
  const reasoning: string[] = [];
  let usage: Record<string, unknown> | undefined;
  let responseId: string | undefined;
  for (const line of sse.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const payload = line.slice(5).trim();
    if (!payload.startsWith('{')) continue;
    const data = JSON.parse(payload) as Record<string, unknown>;
    if (data.type === 'response.output_text.done') text += data.text as string;
    if (data.type === 'response.reasoning_summary_text.done') reasoning.push(data.text as string);
    if (data.type === 'response.completed' || data.type === 'response.incomplete') {
      const response = data.response as Record<string, unknown>;
      usage = response.usage as Record<string, unknown>;
      responseId = response.id as string;
    }
  }
  return { text, reasoning, usage, responseId };
}
