// Markdown tokens to DOM, built node by node. Model text only ever becomes text nodes, in elements of
// the kinds below, with attributes checked here (links to http(s)/mailto only, images from inline raster
// data only): no HTML parser sees it, so there is nothing to sanitize. A block with raw HTML anywhere in
// it (an `html` token) is not built here: markdown.ts renders it to HTML and sanitizes that.
import type { Token, Tokens } from 'marked';
import { h, icon } from './dom';
import { highlightedCode } from './highlight';
import { decodeEntities, imageSource, safeHref } from './policy';
import { t } from './strings';

/** Token types built here; any other (raw HTML, or a type a marked update adds) is rendered as sanitized HTML. */
const BUILT = new Set([
  'space', 'paragraph', 'heading', 'code', 'table', 'hr', 'blockquote', 'list', 'text',
  'escape', 'strong', 'em', 'del', 'codespan', 'br', 'link', 'image', 'checkbox',
]);

/** True when every token in `token` (itself included) is one `buildBlock` builds. */
export function buildable(token: Token): boolean {
  if (!BUILT.has(token.type)) {
    return false;
  }
  const all = (tokens: Token[] | undefined): boolean => !tokens || tokens.every(buildable);
  switch (token.type) {
    case 'list':
      return (token as Tokens.List).items.every((item) => all(item.tokens));
    case 'table': {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows].every((row) => row.every((cell) => all(cell.tokens)));
    }
    default:
      return all((token as { tokens?: Token[] }).tokens);
  }
}

/** The language name of a fence's info string, when it is one a class name can carry. */
export function fenceLanguage(info: string | undefined): string {
  const language = /^\S*/.exec(info ?? '')?.[0] ?? '';
  return /^[\w+#.-]+$/.test(language) ? language : '';
}

/** Appends the elements of a buildable block token to `parent`. */
export function buildBlock(token: Token, parent: Node): void {
  const blocks = (tokens: Token[], into: Node): void => {
    for (const child of tokens) {
      buildBlock(child, into);
    }
  };
  switch (token.type) {
    case 'paragraph':
      parent.appendChild(inline((token as Tokens.Paragraph).tokens, h('p')));
      break;
    case 'heading': {
      const heading = token as Tokens.Heading;
      parent.appendChild(inline(heading.tokens, h(`h${Math.min(6, Math.max(1, heading.depth))}` as 'h1')));
      break;
    }
    case 'code': {
      const code = token as Tokens.Code;
      const language = fenceLanguage(code.lang);
      parent.appendChild(codeBlock(language, highlightedCode(code.text, language), true));
      break;
    }
    case 'table':
      parent.appendChild(table(token as Tokens.Table));
      break;
    case 'hr':
      parent.appendChild(h('hr'));
      break;
    case 'blockquote': {
      const quote = h('blockquote');
      blocks((token as Tokens.Blockquote).tokens, quote);
      parent.appendChild(quote);
      break;
    }
    case 'list': {
      const list = token as Tokens.List;
      const element = list.ordered ? h('ol', { attrs: { start: list.start !== 1 ? String(list.start) : undefined } }) : h('ul');
      for (const item of list.items) {
        const li = h('li');
        blocks(item.tokens, li);
        element.appendChild(li);
      }
      parent.appendChild(element);
      break;
    }
    case 'space':
      break;
    default:
      // A block `text` (a tight list item's content) and `checkbox` are inline content.
      inline([token], parent);
  }
}

function table(token: Tokens.Table): HTMLTableElement {
  const row = (cells: Tokens.TableCell[]): HTMLTableRowElement =>
    h('tr', {}, ...cells.map((cell) => inline(cell.tokens, h(cell.header ? 'th' : 'td', { attrs: { align: cell.align ?? undefined } }))));
  const element = h('table', {}, h('thead', {}, row(token.header)));
  if (token.rows.length > 0) {
    element.appendChild(h('tbody', {}, ...token.rows.map(row)));
  }
  return element;
}

/** Appends inline tokens to `parent` (runs of text as one text node) and returns it. */
function inline<T extends Node>(tokens: Token[], parent: T): T {
  let text = '';
  const flush = (): void => {
    if (text) {
      parent.appendChild(document.createTextNode(text));
      text = '';
    }
  };
  const add = (node: Node): void => {
    flush();
    parent.appendChild(node);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const { tokens: children, text: value } = token as Tokens.Text;
        if (children) {
          flush();
          inline(children, parent);
        } else {
          text += decodeEntities(value);
        }
        break;
      }
      case 'escape':
        text += (token as Tokens.Escape).text;
        break;
      case 'checkbox':
        text += (token as Tokens.Checkbox).checked ? '\u2611 ' : '\u2610 ';
        break;
      case 'codespan':
        add(h('code', { text: (token as Tokens.Codespan).text }));
        break;
      case 'br':
        add(h('br'));
        break;
      case 'strong':
      case 'em':
      case 'del':
        add(inline((token as Tokens.Strong).tokens, h(token.type as 'strong' | 'em' | 'del')));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const element = anchor(link.href, link.title);
        add(link.tokens && !('autolink' in link && link.autolink) ? inline(link.tokens, element) : withText(element, link.text));
        break;
      }
      case 'image':
        add(image(token as Tokens.Image));
        break;
    }
  }
  flush();
  return parent;
}

function withText<T extends Node>(node: T, text: string): T {
  node.appendChild(document.createTextNode(text));
  return node;
}

/** A link; one whose target is not http(s) or mailto keeps its text but goes nowhere (no href). */
function anchor(href: string, title: string | null | undefined): HTMLAnchorElement {
  const target = safeHref(href);
  return h('a', { attrs: { href: target, title: title ? decodeEntities(title) : undefined, rel: target ? 'noopener noreferrer' : undefined } });
}

/** An inline raster data image; any other image would be a request leaving the webview: it is offered as a link. */
function image(token: Tokens.Image): HTMLElement {
  const alt = decodeEntities(plainText(token.tokens ?? []) || token.text);
  if (/^data:image\//i.test(token.href)) {
    return h('img', { attrs: { src: imageSource(token.href), alt, title: token.title ? decodeEntities(token.title) : undefined } });
  }
  return withText(anchor(token.href, token.title), alt || token.href);
}

function plainText(tokens: Token[]): string {
  return tokens.map((token) => {
    const children = (token as { tokens?: Token[] }).tokens;
    return children ? plainText(children) : token.type === 'br' ? '\n' : ((token as { text?: string }).text ?? '');
  }).join('');
}

/** A code block: its bar (its language, and the code actions once it is complete) above the code. */
export function codeBlock(language: string, code: Node, complete: boolean): HTMLElement {
  return h('div', { class: 'code-block', attrs: { 'data-language': language || undefined } },
    codeToolbar(language || undefined, complete),
    h('pre', {}, h('code', { class: language ? `hljs language-${language}` : 'hljs' }, code)));
}

function codeToolbar(language: string | undefined, withActions: boolean): HTMLElement {
  const bar = h('div', { class: 'code-toolbar' }, h('span', { class: 'code-language', text: language ?? '' }));
  if (withActions) {
    const actions = h('div', { class: 'code-actions', attrs: { role: 'group', 'aria-label': t('codeActions') } });
    for (const [action, iconName, label] of [
      ['copy', 'copy', t('copy')],
      ['insert', 'insert', t('insertAtCursor')],
      ['apply', 'replace', t('applyToSelection')],
    ] as const) {
      actions.append(h('button', {
        class: 'code-action',
        attrs: { type: 'button', 'data-code-action': action, 'aria-label': label, title: label },
      }, icon(iconName)));
    }
    bar.append(actions);
  }
  return bar;
}
