// Makes the model's code fit where the selection was: the selection's base indentation, the document's tabs or
// spaces and line endings, and a final line break exactly when the selection had one.

export interface IndentTarget {
  /** The selected text, as in the document. */
  selection: string;
  /** The text between the start of the selection's first line and the selection. */
  linePrefix: string;
  insertSpaces: boolean;
  tabSize: number;
  /** Columns per indentation level when indenting with spaces. */
  indentSize: number;
  eol: '\n' | '\r\n';
}

const LEADING_WS = /^[ \t]*/;

function columns(ws: string, tabSize: number): number {
  let width = 0;
  for (const ch of ws) {
    width = ch === '\t' ? width + tabSize - (width % tabSize) : width + 1;
  }
  return width;
}

function render(width: number, target: IndentTarget): string {
  return target.insertSpaces
    ? ' '.repeat(width)
    : '\t'.repeat(Math.floor(width / target.tabSize)) + ' '.repeat(width % target.tabSize);
}

/**
 * The model's columns per indentation level: tabs count as a tab stop; for spaces, the most frequent step
 * between consecutive lines (2 to 8 columns, so comment alignment such as ` * ` is no step).
 */
function modelUnit(lines: string[], tabSize: number): number | undefined {
  const steps = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines) {
    if (line.trim() === '') {
      continue;
    }
    const ws = LEADING_WS.exec(line)![0];
    if (ws.includes('\t')) {
      return tabSize;
    }
    if (previous !== undefined && ws.length - previous >= 2 && ws.length - previous <= 8) {
      steps.set(ws.length - previous, (steps.get(ws.length - previous) ?? 0) + 1);
    }
    previous = ws.length;
  }
  let best: number | undefined;
  for (const [step, count] of steps) {
    if (best === undefined || count > steps.get(best)! || (count === steps.get(best)! && step < best)) {
      best = step;
    }
  }
  return best;
}

/** `code` (from extractCode: `\n` line breaks, no leading or trailing blank lines) fitted to `target`. */
export function fitIndentation(code: string, target: IndentTarget): string {
  if (code === '') {
    return '';
  }
  const { tabSize } = target;
  // Blank lines the selection starts with stay as they were; the code begins after them.
  const leadingBlank = /^(?:[ \t]*\r?\n)*/.exec(target.selection)![0];
  const firstLine = (leadingBlank ? '' : target.linePrefix) + target.selection.slice(leadingBlank.length).split(/\r?\n/)[0];
  const baseIndent = LEADING_WS.exec(firstLine)![0];
  const prefix = leadingBlank ? '' : target.linePrefix;
  const baseWidth = columns(baseIndent, tabSize);
  const docUnit = target.insertSpaces ? target.indentSize : tabSize;

  const lines = code.split('\n');
  const unit = modelUnit(lines, tabSize) ?? docUnit;
  const firstWidth = columns(LEADING_WS.exec(lines[0])![0], tabSize);
  const fitted = lines.map((line, index) => {
    const content = line.replace(LEADING_WS, '');
    if (content === '') {
      return '';
    }
    const relative = columns(LEADING_WS.exec(line)![0], tabSize) - firstWidth;
    const levels = Math.trunc(relative / unit);
    const indent = relative === 0 ? baseIndent : render(Math.max(0, baseWidth + levels * docUnit + (relative - levels * unit)), target);
    if (index > 0) {
      return indent + content;
    }
    // The first line continues the text already before the selection on its line.
    return (prefix.trim() === '' && indent.startsWith(prefix) ? indent.slice(prefix.length) : '') + content;
  });
  const trailingBreak = /\r?\n$/.test(target.selection) ? target.eol : '';
  return leadingBlank + fitted.join(target.eol) + trailingBreak;
}
