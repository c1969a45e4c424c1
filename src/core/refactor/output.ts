// Turns the model's streamed answer into the code that replaces the selection: Markdown fences and chatter
// around the code are dropped, whatever the delta boundaries. Working on the whole text received so far keeps
// split fences and half-received chatter from ever reaching the editor.

/** A line of chatter before the code: "Here is the refactored code:", "Sure!", "以下是重构后的代码：". */
const CHATTER = [
  /^(?:sure|certainly|of course|okay|ok|alright)\b[,!.].*$/i,
  /^(?:here(?:'s| is| are)|below is|this is|the following|i(?:'ve| have))\s.*[:：.!]$/i,
  /^(?:以下|下面|这是|好的|当然).*[:：。！!]$/,
  // "Refactored code:", "Updated version:"; a single word with a colon may be a YAML key or Python `else:`.
  /^(?:[a-z]+ ){1,3}(?:code|version|implementation|solution|snippet)[:：]$/i,
];

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[^`]*$/;

function isChatter(line: string): boolean {
  const text = line.trim().replace(/^\*\*(.*)\*\*$/, '$1');
  return CHATTER.some((re) => re.test(text));
}

function isClosingFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!match && match[1][0] === fence[0] && match[1].length >= fence.length;
}

/** A partial last line that may still grow into a closing fence; it is held back until it is whole. */
function mayBecomeFence(partial: string, char: string): boolean {
  return new RegExp(`^ {0,3}${char === '`' ? '`' : '~'}*$`).test(partial);
}

/**
 * The code in `raw`, the answer received so far. While `done` is false a possibly-meaningful tail (an
 * unfinished first line, a growing fence, trailing line breaks) is held back, so each result is a prefix of
 * the final one. Leading and trailing blank lines are dropped; line breaks come out as `\n`.
 */
export function extractCode(raw: string, done: boolean): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  // The last element is the unfinished line, '' when `raw` ends with a line break.
  const partial = done ? undefined : lines.pop();
  const code: string[] = [];
  let i = 0;
  // Preamble: blank lines and chatter before the code or its opening fence.
  while (i < lines.length && (lines[i].trim() === '' || isChatter(lines[i]))) {
    i++;
  }
  if (i === lines.length) {
    // Still in the preamble: the unfinished line may be chatter, a fence, or code; wait for its end.
    return '';
  }
  const fence = FENCE_OPEN.exec(lines[i])?.[1];
  if (fence) {
    i++;
  }
  // Unfenced code ends at a stray closing fence too.
  const ender = fence ?? '```';
  let closed = false;
  for (; i < lines.length; i++) {
    if (isClosingFence(lines[i], ender)) {
      closed = true;
      break;
    }
    code.push(lines[i]);
  }
  if (!closed && partial !== undefined && !mayBecomeFence(partial, ender[0])) {
    code.push(partial);
  }
  return trimBlankLines(code.join('\n'));
}

/** `code` with `\n` line breaks and no blank lines before or after it. */
export function trimBlankLines(code: string): string {
  return code.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}

/** Accumulates the deltas of one answer. */
export class CodeStream {
  private raw = '';

  push(delta: string): void {
    this.raw += delta;
  }

  /** The code so far (held-back tail excluded), or the final code once `done`. */
  code(done = false): string {
    return extractCode(this.raw, done);
  }
}
