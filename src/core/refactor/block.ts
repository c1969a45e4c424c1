// Which code Explain takes when nothing is selected: the block that encloses the cursor's line.
// From the language's document symbols when it has them (passed in as plain line ranges), else from
// indentation. Lines are 0-based and inclusive here.

export interface LineRange {
  start: number;
  end: number;
}

/** The smallest multi-line symbol range that contains `line`, if any. */
export function enclosingSymbol(symbols: LineRange[], line: number): LineRange | undefined {
  let best: LineRange | undefined;
  for (const s of symbols) {
    if (s.start <= line && line <= s.end && s.end > s.start && (!best || s.end - s.start < best.end - best.start)) {
      best = s;
    }
  }
  return best;
}

const CLOSER = /^\s*(?:[}\])]|end\b|fi\b|done\b|esac\b|endif\b|endfunction\b|#end)/;
const DECORATOR_OR_ANNOTATION = /^\s*@/;

function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4;
    else break;
  }
  return width;
}

const isBlank = (line: string) => line.trim() === '';

/** Index of the next non-blank line after `from`, or -1. */
function nextNonBlank(lines: string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    if (!isBlank(lines[i])) return i;
  }
  return -1;
}

/**
 * The block around `line` judged by indentation: the nearest line above with less indentation opens it
 * (or `line` itself when the next line is indented deeper), and it runs while lines are indented deeper,
 * plus a closing line (`}`, `end`, …) at the opener's indentation. Decorators above the opener belong to
 * it. Without any opener it is the paragraph of non-blank lines around `line`. Undefined on a blank line
 * with nothing around it.
 */
export function enclosingBlockByIndent(lines: string[], line: number): LineRange | undefined {
  if (line < 0 || line >= lines.length) {
    return undefined;
  }
  let at = line;
  if (isBlank(lines[at])) {
    // A blank line explains the block it sits in: use the nearest code line above, else below.
    let up = at;
    while (up >= 0 && isBlank(lines[up])) up--;
    const down = nextNonBlank(lines, at);
    if (up < 0 && down < 0) return undefined;
    at = up >= 0 ? up : down;
  }
  let opener = -1;
  const next = nextNonBlank(lines, at);
  if (next >= 0 && indentOf(lines[next]) > indentOf(lines[at]) && !CLOSER.test(lines[at])) {
    opener = at;
  } else {
    // A closing line belongs to the opener at its own indentation; any other line to a shallower one.
    const own = indentOf(lines[at]) + (CLOSER.test(lines[at]) ? 1 : 0);
    for (let i = at - 1; i >= 0; i--) {
      if (!isBlank(lines[i]) && indentOf(lines[i]) < own && !CLOSER.test(lines[i])) {
        opener = i;
        break;
      }
    }
  }
  if (opener < 0) {
    return paragraph(lines, at);
  }
  const base = indentOf(lines[opener]);
  let end = opener;
  for (let i = opener + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (indentOf(lines[i]) > base) {
      end = i;
      continue;
    }
    if (indentOf(lines[i]) === base && CLOSER.test(lines[i])) {
      end = i;
    }
    break;
  }
  let start = opener;
  while (start > 0 && DECORATOR_OR_ANNOTATION.test(lines[start - 1]) && indentOf(lines[start - 1]) === base) {
    start--;
  }
  return { start, end };
}

function paragraph(lines: string[], at: number): LineRange {
  let start = at;
  let end = at;
  while (start > 0 && !isBlank(lines[start - 1])) start--;
  while (end < lines.length - 1 && !isBlank(lines[end + 1])) end++;
  return { start, end };
}

/** The enclosing block: the innermost symbol when the language reports one, else by indentation. */
export function enclosingBlock(lines: string[], line: number, symbols: LineRange[] = []): LineRange | undefined {
  return enclosingSymbol(symbols, line) ?? enclosingBlockByIndent(lines, line);
}
