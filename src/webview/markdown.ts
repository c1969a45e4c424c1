// Markdown to safe DOM, one top-level block at a time (see markdownView.ts for why blocks): built node by
// node (markdownDom.ts), or, for a block with raw HTML in it, rendered to HTML and sanitized.
import { Lexer, Parser, Renderer, Tokenizer, getDefaults, type MarkedOptions, type Token, type Tokens } from 'marked';
import { h, inBackground } from './dom';
import { escapeHtml, highlightCode, warmUpHighlighting } from './highlight';
import { buildBlock, buildable, codeBlock, fenceLanguage } from './markdownDom';
import { sanitizeEach } from './sanitize';

class ChatTokenizer extends Tokenizer {
  // Reference definitions ("[x]: url") are global: text at the end of an answer could turn earlier text
  // into links, so finished blocks could not be frozen. Models rarely write them; they stay plain text.
  override def(): undefined {
    return undefined;
  }
}

// Renders the blocks with raw HTML in them, as markdownDom.ts builds the others.
class ChatRenderer extends Renderer {
  override code({ text, lang }: Tokens.Code): string {
    // Only the language: renderBlocks makes the code block (codeBlock) from it. No trailing newline: the
    // code's text content is exactly what Copy/Insert/Apply send.
    const language = fenceLanguage(lang);
    return `<pre><code${language ? ` class="language-${language}"` : ''}>${highlightCode(text, language)}</code></pre>\n`;
  }

  override checkbox({ checked }: Tokens.Checkbox): string {
    return checked ? '\u2611 ' : '\u2610 ';
  }

  override image({ href, title, text, tokens }: Tokens.Image): string {
    const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    if (/^data:image\//i.test(href)) {
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(alt)}"${titleAttr}>`;
    }
    // Remote images never load in the webview (no request may leave it): offer them as links instead.
    return `<a href="${escapeHtml(href)}"${titleAttr}>${escapeHtml(alt || href)}</a>`;
  }
}

const options: MarkedOptions = { ...getDefaults(), gfm: true, breaks: false, tokenizer: new ChatTokenizer(), renderer: new ChatRenderer() };
const parser = new Parser(options);

/** The top-level block tokens of `markdown`; their `raw` strings concatenate back to the input. */
export function lexBlocks(markdown: string): Token[] {
  return new Lexer(options).lex(markdown);
}

/** True for a fenced code block whose closing fence has not arrived yet. */
export function isOpenFence(token: Token): token is Tokens.Code {
  if (token.type !== 'code' || token.codeBlockStyle === 'indented') {
    return false;
  }
  const lines = token.raw.replace(/\n$/, '').split('\n');
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(lines[0])?.[1] ?? '';
  const last = lines.length > 1 ? lines[lines.length - 1] : '';
  const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(last)?.[1] ?? '';
  return !(close[0] === fence[0] && close.length >= fence.length);
}

/** Top-level tokens as block elements, highlighted, their code blocks given their buttons. */
export function renderBlocks(tokens: readonly Token[]): HTMLElement[] {
  const blocks = tokens.map(() => h('div', { class: 'md-block' }));
  const withHtml: number[] = [];
  tokens.forEach((token, index) => {
    if (buildable(token)) {
      buildBlock(token, blocks[index]);
    } else {
      withHtml.push(index);
    }
  });
  if (withHtml.length > 0) {
    // All in one sanitizer call: the call's own cost dominates small blocks.
    const fragments = sanitizeEach(withHtml.map((index) => parser.parse([tokens[index]])));
    withHtml.forEach((index, k) => {
      blocks[index].append(fragments[k]);
      for (const code of blocks[index].querySelectorAll('pre > code')) {
        const content = document.createDocumentFragment();
        content.append(...code.childNodes);
        (code.parentElement as HTMLPreElement).replaceWith(codeBlock(languageOf(code), content, true));
      }
    });
  }
  return blocks;
}

/** What answers are made of, in English and Chinese, so the warm-up runs the code paths answers will. */
const WARM_UP_SAMPLE = [
  '## Why it works 原因',
  'The function keeps **one timer** per call: see `clearTimeout`, _the_ [docs](https://example.com) and ~~this~~.',
  '这个函数只保留**一个计时器**：每次调用都会清除上一次的计时器（`clearTimeout`），所以只有最后一次会执行。',
  '- Keep the wait between 150 and 300 ms.\n- Prefer `leading: true` for buttons:\n  1. the first click runs at once,\n  2. repeated clicks are ignored.',
  '> 注意：回调中抛出的异常是异步出现的。',
  '| a | b |\n|---|---|\n| 1 | **2** |',
  '```\nx\n```',
].join('\n\n');

/**
 * Compiles the lexer's, the sanitizer's and the highlighter's code in the background, a step per task
 * (the first run of each costs tens of milliseconds): the first answer rendered otherwise pays for it.
 */
export function warmUpRendering(): void {
  let tokens: Token[] = [];
  inBackground(() => (tokens = lexBlocks(WARM_UP_SAMPLE)));
  inBackground(() => sanitizeEach(['<p><a href="https://example.com">x</a></p>']));
  inBackground(() => renderBlocks(tokens));
  warmUpHighlighting();
}

/** The language a rendered code element was marked with (`language-x` class), if any. */
function languageOf(code: Element): string {
  for (const name of code.classList) {
    if (name.startsWith('language-')) {
      return name.slice('language-'.length);
    }
  }
  return '';
}
