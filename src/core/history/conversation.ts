// A conversation as Sidekick keeps it: the turns the webview shows, plus what only the model reads
// (the attached code). Building the request `input` from it, its title, and its Markdown export.

import type { ConversationSummary, RequestChoice, Turn } from '../../protocol';
import { CONTINUE_INSTRUCTION, systemPrompt, type ChatDefaults } from '../prompt/prompt';
import { REASONING_EFFORTS, VERBOSITIES, type InputMessage, type RequestParams } from '../types';

/** A turn plus what only the model reads; neither field goes to the webview. */
export interface StoredTurn extends Turn {
  /** The attached code, as a Markdown block. */
  context?: string;
  /** What the model reads instead of `text` (Explain's full instruction behind its short, localized text). */
  prompt?: string;
  /** The project instructions sent with this question, in the system part of `input`. */
  instructions?: string;
  /** The model a prompt file asked for, for this question's answers. */
  model?: string;
}

/**
 * What the user chose for one conversation (Select Model, the chat header's pickers); what is unset comes
 * from the settings, else from the surface's own defaults.
 */
export type ConversationChoice = Partial<RequestChoice>;

/** What a conversation's requests are sent with: its choice, else the settings, else the surface's defaults. */
export function resolveChoice(settings: { model: string; params: RequestParams }, defaults: ChatDefaults, choice: ConversationChoice = {}): RequestChoice {
  return {
    model: choice.model || settings.model,
    reasoningEffort: choice.reasoningEffort ?? settings.params.reasoningEffort ?? defaults.reasoningEffort,
    verbosity: choice.verbosity ?? settings.params.verbosity ?? defaults.verbosity,
  };
}

/**
 * The effort and verbosity of a `setChoice` message: the webview is untrusted, so a message with any other
 * key or value than the pickers offer is refused whole (undefined).
 */
export function pickedChoice(value: unknown): Pick<ConversationChoice, 'reasoningEffort' | 'verbosity'> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  const valid = entries.length > 0 && entries.every(([key, v]) =>
    key === 'reasoningEffort' ? (REASONING_EFFORTS as readonly unknown[]).includes(v) : key === 'verbosity' && (VERBOSITIES as readonly unknown[]).includes(v));
  return valid ? (Object.fromEntries(entries) as Pick<ConversationChoice, 'reasoningEffort' | 'verbosity'>) : undefined;
}

export interface Conversation {
  id: string;
  title: string;
  turns: StoredTurn[];
  choice?: ConversationChoice;
  createdAt: number;
  updatedAt: number;
}

export function newConversation(id: string, now: number): Conversation {
  return { id, title: '', turns: [], createdAt: now, updatedAt: now };
}

/** The turn as the webview gets it: without the attached code. */
export function wireTurn(turn: StoredTurn): Turn {
  const { context: _context, prompt: _prompt, instructions: _instructions, model: _model, ...wire } = turn;
  return wire;
}

const TITLE_MAX = 60;

/** The first line of the first question, shortened: what the history list shows. */
export function titleFor(conversation: Conversation): string {
  const first = conversation.turns.find((t) => t.role === 'user');
  const line = (first?.text ?? '').trim().split('\n')[0].trim();
  if (!line) {
    return first?.attachments?.[0]?.label ?? '';
  }
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}

export function summaryOf(conversation: Conversation): ConversationSummary {
  return { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, turnCount: conversation.turns.length };
}

/** What a user turn says to the model: the question, then the attached code. */
export function userContent(turn: StoredTurn): string {
  const question = turn.prompt ?? turn.text;
  return turn.context ? `${question}\n\n${turn.context}` : question;
}

/**
 * The request `input` for the next answer: the system prompt (with the project instructions of the last
 * question, read afresh for each question), then every earlier turn with its role.
 * Assistant turns that produced nothing (an error before any text) are left out, and so is the user
 * question they answered when nothing else follows it, so the model never sees a question twice in a row.
 * `continueLast` asks the model to continue the last (cut-off) assistant turn instead.
 */
export function buildInput(turns: StoredTurn[], language: string, options: { continueLast?: boolean } = {}): InputMessage[] {
  const instructions = turns.filter((t) => t.role === 'user').pop()?.instructions;
  const input: InputMessage[] = [{ role: 'system', content: instructions ? `${systemPrompt(language)}\n\n${instructions}` : systemPrompt(language) }];
  for (const turn of turns) {
    if (turn.role === 'user') {
      const previous = input[input.length - 1];
      if (previous.role === 'user') {
        // The earlier question got no answer: drop it so roles alternate.
        input.pop();
      }
      input.push({ role: 'user', content: userContent(turn) });
    } else if (turn.text.trim() !== '') {
      input.push({ role: 'assistant', content: turn.text });
    }
  }
  if (options.continueLast) {
    input.push({ role: 'user', content: CONTINUE_INSTRUCTION });
  }
  return input;
}

/** Labels the export uses, localized by the caller. */
export interface MarkdownLabels {
  user: string;
  assistant: string;
  /** Shown under an answer that did not finish, e.g. "(stopped)". */
  status: Partial<Record<NonNullable<Turn['status']>, string>>;
}

/** The conversation as a Markdown document: a heading, then each turn under its speaker. */
export function toMarkdown(conversation: Conversation, labels: MarkdownLabels): string {
  const out: string[] = [`# ${conversation.title || 'Sidekick'}`, ''];
  for (const turn of conversation.turns) {
    out.push(`## ${turn.role === 'user' ? labels.user : labels.assistant}`, '');
    if (turn.attachments?.length) {
      out.push(turn.attachments.map((a) => `> ${a.label}${a.detail ? `: ${a.detail}` : ''}`).join('\n'), '');
    }
    if (turn.text) {
      out.push(turn.text.trimEnd(), '');
    }
    const note = turn.status ? labels.status[turn.status] : undefined;
    if (note) {
      out.push(`*${note}*`, '');
    }
    if (turn.error?.message) {
      out.push(`> ${turn.error.message}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
