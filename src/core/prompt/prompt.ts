// What Sidekick says to the model for Explain and Chat: the system prompt, the answer-language instruction,
// attached code with its budget, and the per-command parameter defaults. Plain data in, plain data out.

import type { RequestParams } from '../types';

/** Chat and Explain always name an effort and a verbosity: the chat header shows what is sent. */
export type ChatDefaults = RequestParams & Required<Pick<RequestParams, 'reasoningEffort' | 'verbosity'>>;

/** Explain and Chat answer quickly unless the user's settings, or their choice for the conversation, ask for more. */
export const EXPLAIN_DEFAULTS: ChatDefaults = { reasoningEffort: 'low', verbosity: 'medium' };
export const CHAT_DEFAULTS: ChatDefaults = { reasoningEffort: 'low', verbosity: 'medium' };

/** The values `sidekick.responseLanguage` offers besides `auto`. */
export const RESPONSE_LANGUAGES = ['en', 'zh-cn', 'zh-tw', 'ja', 'ko', 'de', 'fr', 'es', 'it', 'pt-br', 'ru'] as const;

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  'zh-cn': 'Simplified Chinese (简体中文)',
  'zh-tw': 'Traditional Chinese (繁體中文)',
  ja: 'Japanese (日本語)',
  ko: 'Korean (한국어)',
  de: 'German (Deutsch)',
  fr: 'French (Français)',
  es: 'Spanish (Español)',
  it: 'Italian (Italiano)',
  'pt-br': 'Brazilian Portuguese (Português do Brasil)',
  ru: 'Russian (Русский)',
  cs: 'Czech (Čeština)',
  pl: 'Polish (Polski)',
  tr: 'Turkish (Türkçe)',
  hu: 'Hungarian (Magyar)',
};

/**
 * The language answers are written in: the setting unless it is `auto`, else VS Code's display language
 * (`vscode.env.language`, e.g. `zh-cn`). Returns a name the model understands.
 */
export function answerLanguage(setting: string, displayLanguage: string): string {
  const tag = (setting && setting !== 'auto' ? setting : displayLanguage || 'en').toLowerCase();
  if (LANGUAGE_NAMES[tag]) {
    return LANGUAGE_NAMES[tag];
  }
  // zh-hans / zh-sg read as Simplified, zh-hant / zh-hk as Traditional; other regional tags by their language.
  if (/^zh-(hans|sg|my)/.test(tag) || tag === 'zh') return LANGUAGE_NAMES['zh-cn'];
  if (/^zh-(hant|hk|mo)/.test(tag)) return LANGUAGE_NAMES['zh-tw'];
  const base = tag.split('-')[0];
  return LANGUAGE_NAMES[base] ?? `the language with the BCP 47 tag "${tag}"`;
}

export function languageInstruction(language: string): string {
  return (
    `Write your answers in ${language}, whatever language the code or its comments are in, unless the user ` +
    'explicitly asks for another language. Keep code, identifiers, file names, commands and error messages unchanged.'
  );
}

/** The system message that starts every Explain and Chat request. */
export function systemPrompt(language: string): string {
  return [
    'You are Sidekick, a concise, accurate programming assistant inside the VS Code editor.',
    'Answer in GitHub-flavored Markdown. Put code in fenced code blocks with a language tag.',
    'When code is attached, refer to it by file name and line numbers. Say so when you are unsure; never invent APIs.',
    languageInstruction(language),
  ].join('\n');
}

/** A piece of the user's code to attach to a question. `startLine`/`endLine` are 1-based and inclusive. */
export interface CodeContext {
  kind: 'selection' | 'file';
  /** Workspace-relative path or file name, as the user knows it. */
  path: string;
  /** The document's URI, for opening it from the chip. */
  uri?: string;
  languageId: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface AttachedContext {
  /** The Markdown block that goes into the user message. */
  block: string;
  /** True when the text was cut to the budget. */
  truncated: boolean;
  /** How many characters of the original text were attached. */
  keptChars: number;
  totalChars: number;
}

/** A fence longer than any backtick run inside `text`, so attached code cannot close it early. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * Cuts `text` to at most `budget` characters at a line boundary when one is near, so the model never sees
 * half a line unless a single line is longer than the budget.
 */
export function cutToBudget(text: string, budget: number): { text: string; truncated: boolean } {
  if (text.length <= budget) {
    return { text, truncated: false };
  }
  const limit = Math.max(0, budget);
  const lastBreak = text.lastIndexOf('\n', limit);
  const end = lastBreak > limit / 2 ? lastBreak : limit;
  return { text: text.slice(0, end), truncated: true };
}

function lineSpan(ctx: CodeContext): string {
  return ctx.startLine === ctx.endLine ? `line ${ctx.startLine}` : `lines ${ctx.startLine}-${ctx.endLine}`;
}

/** Attaches code with its file, language and lines; cut to `budget` characters with a note the model reads too. */
export function attachContext(ctx: CodeContext, budget: number): AttachedContext {
  const cut = cutToBudget(ctx.text, budget);
  const what = ctx.kind === 'selection' ? 'Selected code' : 'Current file';
  const keptLines = cut.truncated ? ctx.startLine + cut.text.split('\n').length - 1 : ctx.endLine;
  const header = `${what} from \`${ctx.path}\` (${lineSpan(ctx)}, language: ${ctx.languageId}):`;
  const fence = fenceFor(cut.text);
  // A selection of whole lines ends with a line break; the closing fence goes right after the code.
  const parts = [header, `${fence}${ctx.languageId}`, cut.text.replace(/\r?\n$/, ''), fence];
  if (cut.truncated) {
    parts.push(
      `[Truncated: only lines ${ctx.startLine}-${keptLines} are included (${cut.text.length} of ${ctx.text.length} characters); the rest was cut to fit the context budget.]`,
    );
  }
  return { block: parts.join('\n'), truncated: cut.truncated, keptChars: cut.text.length, totalChars: ctx.text.length };
}

/** Attaches several contexts in order, sharing one budget: later ones get what the earlier ones left. */
export function attachContexts(contexts: CodeContext[], budget: number): AttachedContext[] {
  let left = budget;
  return contexts.map((ctx) => {
    const attached = attachContext(ctx, Math.max(0, left));
    left -= attached.keptChars;
    return attached;
  });
}

/** The question Explain asks about a piece of code (the code itself follows as an attached context). */
export function explainQuestion(ctx: CodeContext, enclosingBlock: boolean): string {
  const what = enclosingBlock ? 'the code block around the cursor' : 'the selected code';
  return (
    `Explain ${what} in \`${ctx.path}\` (${lineSpan(ctx)}): what it does, how it works step by step, ` +
    'and anything surprising (edge cases, bugs, performance). Start with a one-sentence summary.'
  );
}

/** Sent after a cut-off answer so the model picks up exactly where it stopped. */
export const CONTINUE_INSTRUCTION =
  'Your previous answer was cut off. Continue it exactly where it stopped, without repeating anything and ' +
  'without any preamble; if it stopped inside a code block, continue inside that code block.';
