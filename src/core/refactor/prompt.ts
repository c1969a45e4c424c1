// The request of Refactor Selection: what the model is told, and the code it gets to rewrite.

import type { InputMessage, RequestParams } from '../types';

/** Refactor's own parameter defaults; the user's settings win. */
export const REFACTOR_DEFAULTS: RequestParams = { reasoningEffort: 'medium', verbosity: 'low' };

/** How many lines around the selection go along as read-only context. */
export const CONTEXT_LINES = 8;

export interface RefactorRequest {
  instruction: string;
  languageId: string;
  /** The file's name (not its full path: the model needs no more). */
  fileName: string;
  selection: string;
  /** Up to CONTEXT_LINES lines before and after the selection, not to be changed. */
  before: string;
  after: string;
  /** The definitions the selection uses and the problems in it, read-only. */
  context?: string;
  /** The project instructions, for the system part. */
  instructions?: string;
}

const SYSTEM_PROMPT = [
  'You rewrite a selection of source code as the user instructs.',
  'Reply with the replacement code only: no explanation, no Markdown fences, no text before or after it.',
  'The replacement takes the exact place of the selection: keep its language, indentation style and line endings,',
  'keep what the instruction does not ask to change, and do not repeat the surrounding context.',
  'If the instruction cannot apply, reply with the selection unchanged.',
].join('\n');

/** Builds the request; the caller guarantees a non-blank selection and instruction. */
export function buildRefactorInput(request: RefactorRequest): InputMessage[] {
  const fence = fenceFor([request.selection, request.before, request.after]);
  const block = (text: string) => `${fence}${request.languageId}\n${text.replace(/\r\n/g, '\n')}\n${fence}`;
  const parts = [
    `Instruction: ${request.instruction.trim()}`,
    `File: ${request.fileName} (language: ${request.languageId})`,
  ];
  if (request.before.trim() !== '') {
    parts.push(`Context before the selection (read-only):\n${block(request.before)}`);
  }
  parts.push(`Selection to rewrite:\n${block(request.selection)}`);
  if (request.after.trim() !== '') {
    parts.push(`Context after the selection (read-only):\n${block(request.after)}`);
  }
  if (request.context?.trim()) {
    parts.push(request.context.trim());
  }
  parts.push('Reply with the code that replaces the selection, and nothing else.');
  return [
    { role: 'system', content: request.instructions ? `${SYSTEM_PROMPT}\n\n${request.instructions}` : SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** A fence longer than any backtick run in the code, so code that contains fences cannot close it. */
function fenceFor(texts: string[]): string {
  let longest = 2;
  for (const text of texts) {
    for (const run of text.match(/`+/g) ?? []) {
      longest = Math.max(longest, run.length);
    }
  }
  return '`'.repeat(longest + 1);
}
