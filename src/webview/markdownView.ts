// Streaming markdown, linear in the answer's length.
//
// The text is split into top-level blocks (marked's lexer). Blocks before a blank line are final once
// nothing appended can change how the lexer reads them: a paragraph, heading, table, quote, closed fence
// or HTML block ends at a blank line for good; a list or indented code can still continue through an
// indented or list-item line, so they are final only once the first line after the blank is complete;
// an open fence or raw-HTML block swallows the blank line and runs to the end of the text, so it is
// never followed by one; and reference definitions, the only global construct, are disabled.
// Final blocks are rendered and highlighted once and never touched again; each frame
// re-lexes only the text after the last final block and re-renders only the blocks there whose source
// changed. An open code fence is extended in place: each frame highlights just the lines completed since
// the last one. Because every block is rendered from the same token a one-shot lex of the whole text
// yields, the finished DOM equals a one-shot render.
import type { Token, Tokens } from 'marked';
import { h } from './dom';
import { highlightedCode } from './highlight';
import { isOpenFence, lexBlocks, renderBlocks } from './markdown';
import { codeBlock, fenceLanguage } from './markdownDom';

interface OpenFence {
  language: string;
  /** The complete lines shown highlighted, in chunks as they arrived. */
  complete: string;
  highlighted: HTMLElement;
  partial: Text;
}

interface TailBlock {
  /** Offset of the block's source in the whole text. */
  start: number;
  raw: string;
  element: HTMLElement;
  fence?: OpenFence;
}

export class MarkdownView {
  private text = '';
  /** The final blocks cover text[0, frozenEnd) and are the root's first elements, up to lastFrozen. */
  private frozenEnd = 0;
  private lastFrozen: Element | null = null;
  private tail: TailBlock[] = [];
  private frame: number | undefined;
  /** Blocks of a deferred final text not rendered yet; they go in above the rendered ones, last first. */
  private pending: Token[] = [];

  constructor(
    readonly root: HTMLElement,
    private readonly onRender?: () => void,
  ) {}

  get markdown(): string {
    return this.text;
  }

  /** Adds streamed text; it is rendered at the next animation frame (at most one render per frame). */
  append(delta: string): void {
    if (!delta) {
      return;
    }
    this.text += delta;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.render(false);
      this.onRender?.();
    });
  }

  /** Renders everything now as final text (the answer ended). */
  finish(): void {
    this.cancelFrame();
    this.render(true);
  }

  /** Replaces the whole text and renders it at once. */
  reset(text: string, final: boolean): void {
    this.clear(text);
    this.render(final);
  }

  /**
   * Replaces the whole text with a final one rendered later, a few blocks at a time by renderPending,
   * from its end: a long answer opened at its end shows that end first, and no task renders all of it.
   */
  defer(text: string): void {
    this.clear(text);
    this.pending = lexBlocks(text).filter((token) => token.type !== 'space');
  }

  get complete(): boolean {
    return this.pending.length === 0;
  }

  /** Renders up to `count` of the last pending blocks above the rendered ones. */
  renderPending(count: number): void {
    const tokens = this.pending.splice(Math.max(0, this.pending.length - count));
    this.root.prepend(...renderBlocks(tokens));
  }

  private clear(text: string): void {
    this.cancelFrame();
    this.text = text;
    this.frozenEnd = 0;
    this.lastFrozen = null;
    this.tail = [];
    this.pending = [];
    this.root.replaceChildren();
  }

  private cancelFrame(): void {
    if (this.frame !== undefined) {
      cancelAnimationFrame(this.frame);
      this.frame = undefined;
    }
  }

  private render(final: boolean): void {
    // Renders every block anew where blocks of a deferred text were still pending.
    this.pending = [];
    const source = this.text.slice(this.frozenEnd);
    const tokens = lexBlocks(source);
    const starts: number[] = [];
    let offset = 0;
    for (const token of tokens) {
      starts.push(offset);
      offset += token.raw.length;
    }
    const freeze = final ? 0 : finalBoundary(source, tokens, starts);

    const previous = new Map(this.tail.map((block) => [block.start, block]));
    // Each non-space token is kept or extended in place, or else rendered anew: all of those together below.
    const slots: (TailBlock | { start: number; token: Token })[] = [];
    const fresh: Token[] = [];
    let frozenBlocks = 0;
    tokens.forEach((token, index) => {
      if (token.type === 'space') {
        return;
      }
      const start = this.frozenEnd + starts[index];
      const open = !final && index === tokens.length - 1 && isOpenFence(token);
      const kept = this.block(token, start, open, previous.get(start));
      slots.push(kept ?? { start, token });
      if (!kept) {
        fresh.push(token);
      }
      if (index < freeze) {
        frozenBlocks++;
      }
    });
    const rendered = renderBlocks(fresh);
    let next = 0;
    const blocks = slots.map((slot): TailBlock =>
      'token' in slot ? { start: slot.start, raw: slot.token.raw, element: rendered[next++] } : slot);

    // Make the elements after the frozen ones exactly `blocks`, moving nothing that is already in place.
    let child = this.lastFrozen ? this.lastFrozen.nextElementSibling : this.root.firstElementChild;
    for (const { element } of blocks) {
      if (child === element) {
        child = element.nextElementSibling;
      } else {
        this.root.insertBefore(element, child);
      }
    }
    while (child) {
      const next = child.nextElementSibling;
      child.remove();
      child = next;
    }

    if (freeze > 0) {
      this.lastFrozen = frozenBlocks > 0 ? blocks[frozenBlocks - 1].element : this.lastFrozen;
      this.frozenEnd += freeze < tokens.length ? starts[freeze] : source.length;
    }
    this.tail = blocks.slice(frozenBlocks);
  }

  /** The block for `token` when it can be kept or extended in place; undefined when it must be rendered. */
  private block(token: Token, start: number, open: boolean, previous: TailBlock | undefined): TailBlock | undefined {
    if (previous && previous.raw === token.raw && !previous.fence && !open) {
      return previous;
    }
    if (open) {
      const fenceToken = token as Tokens.Code;
      const language = fenceLanguage(fenceToken.lang);
      const reused = previous?.fence?.language === language ? previous : undefined;
      const block = reused ?? openFenceBlock(start, language);
      block.raw = token.raw;
      updateOpenFence(block.fence as OpenFence, fenceToken.raw);
      return block;
    }
    return undefined;
  }
}

/**
 * How many of the tokens are final (0: none). The boundary is a blank line (a space token) after a token
 * that it closes for good. A list or indented code continues through a line that is indented or starts
 * a list item, so after them the next line must be known not to: complete, or already starting in the
 * first column with a character that begins neither a list marker nor indentation.
 */
function finalBoundary(source: string, tokens: Token[], starts: number[]): number {
  for (let k = tokens.length; k >= 2; k--) {
    const next = tokens[k] as Token | undefined;
    const at = next ? starts[k] : source.length;
    if (next?.type === 'space' || tokens[k - 1].type !== 'space' || !/\n[ \t]*\n$/.test(source.slice(Math.max(0, at - 256), at))) {
      continue;
    }
    const previous = tokens[k - 2];
    const continuable = previous.type === 'list' || (previous.type === 'code' && previous.codeBlockStyle === 'indented');
    if (!continuable || (next && (source.indexOf('\n', at) !== -1 || /^[^\s\-+*0-9]/.test(source.charAt(at))))) {
      return k;
    }
  }
  return 0;
}

function openFenceBlock(start: number, language: string): TailBlock {
  const highlighted = h('span');
  const partial = document.createTextNode('');
  const code = document.createDocumentFragment();
  code.append(highlighted, partial);
  const element = h('div', { class: 'md-block' }, codeBlock(language, code, false));
  return { start, raw: '', element, fence: { language, complete: '', highlighted, partial } };
}

/**
 * Shows the code of an open fence: complete lines highlighted, the line being written as plain text.
 * Only the lines completed since the last frame are highlighted (a construct spanning chunks, such as a
 * block comment, is coloured right once the fence closes and the block is rendered whole).
 */
function updateOpenFence(fence: OpenFence, raw: string): void {
  const firstBreak = raw.indexOf('\n');
  const indent = /^ */.exec(raw)?.[0].length ?? 0;
  const body = firstBreak === -1 ? '' : raw.slice(firstBreak + 1);
  const code = indent ? body.replace(new RegExp(`^ {0,${indent}}`, 'gm'), '') : body;
  const split = code.lastIndexOf('\n') + 1;
  const complete = code.slice(0, split);
  if (!complete.startsWith(fence.complete)) {
    fence.highlighted.replaceChildren();
    fence.complete = '';
  }
  if (complete.length > fence.complete.length) {
    fence.highlighted.append(highlightedCode(complete.slice(fence.complete.length), fence.language));
    fence.complete = complete;
  }
  fence.partial.data = code.slice(split);
}
