// Answers are built into DOM node by node (src/webview/markdownDom.ts), not parsed from HTML. These tests
// hold that DOM to marked's own HTML output for the same text, parsed by Chromium: every construct an
// answer can use renders as marked renders it, character references decoded where HTML decodes them and
// kept where code shows them literally. Then the few places where Sidekick renders differently on purpose.
import * as assert from 'node:assert/strict';
import { Marked } from 'marked';
import type { Turn } from '../../src/protocol';
import { recordedAnswers, syntheticAnswer } from './answers';
import { emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

/** Every inline and block construct, with the character references and escapes that are easy to get wrong. */
const CONSTRUCTS = [
  '# Heading &amp; one',
  '###### Six `code &amp;` \\# not a heading',
  'Tom &amp; Jerry &copy; &#x41;&#66; &foo; &copy and AT&T, 5 < 6 > 4 "quoted" \'single\'',
  'Escapes: \\* \\_ \\` \\\\ \\& \\&amp; \\< and a literal \\[link](x)',
  '**strong _nested em_** *em* __strong__ ~~deleted~~ ~single~ `a < b && c` ``with ` tick``',
  'Hard break with spaces  \nand with a backslash\\\nand a soft\nbreak.',
  'Links: [text](https://example.com/a?b=1&c=2 "Title &amp; more"), [entity](https://example.com/&#x61;), [angle](<https://example.com/a b>) and [mail](mailto:a@example.com).',
  'Autolinks: <https://example.com/x>, https://example.org/y?z=1, www.example.net, a@example.com and <mailto:b@example.com>.',
  'Image: ![pixel &amp; alt](data:image/png;base64,iVBORw0KGgo= "t")',
  '- [x] done &amp; dusted\n- [ ] open\n- plain',
  '3. three\n4. four\n   - nested *a*\n   - nested b\n\n     loose paragraph\n5. five',
  '1. one\n\n2. two (loose)',
  '> quote with **bold**\n>\n> > nested quote\n>\n> - list in quote',
  '| Left | Center | Right | None |\n|:-----|:------:|------:|------|\n| `a|b` | **b** | c &amp; d | [l](https://example.com) |\n| 1 | | 3 |',
  '| only a header |\n|---|',
  '---',
  '***',
  '```ts\nconst a = b < c && d > "e" && \'f\';\n  indented &amp; literal\n```',
  '~~~\nno language <b>x</b>\n~~~',
  '    indented code &amp; <tags>',
  '中文段落：**加粗**、`代码`、[链接](https://example.com/中文)。',
].join('\n\n');

const reference = new Marked({ gfm: true, breaks: false });
// Sidekick reads no reference definitions (see src/webview/markdown.ts): neither does the reference here.
reference.use({ tokenizer: { def: () => undefined } });

/**
 * The page's DOM for `html` (marked's output, parsed by Chromium) and for each answer Sidekick rendered,
 * reduced to what both must share: the code blocks' code text and language (Sidekick adds a toolbar
 * and highlighting), task checkboxes as the characters Sidekick shows, no line breaks between blocks.
 */
async function compare(webview: WebviewPage, texts: string[]): Promise<{ expected: string; actual: string }[]> {
  // Block by block, as Sidekick renders (and sanitizes) them: raw HTML cannot span blocks.
  const htmls = texts.map((text) => reference.lexer(text).map((token) => reference.parser([token]) as string));
  return webview.page.evaluate((htmls) => {
    const tidy = (root: Element): string => {
      for (const code of root.querySelectorAll('pre > code')) {
        const language = [...code.classList].find((name) => name.startsWith('language-'));
        code.replaceChildren(code.textContent?.replace(/\n$/, '') ?? '');
        code.removeAttribute('class');
        if (language) code.className = language;
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const breaks: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/^\n+$/.test(node.nodeValue ?? '') && !node.parentElement?.closest('pre')) breaks.push(node as Text);
      }
      for (const node of breaks) node.remove();
      root.normalize();
      return root.innerHTML;
    };
    return htmls.map((blocks, index) => {
      const expectedRoot = document.createElement('div');
      for (const html of blocks) {
        const block = document.createElement('template');
        block.innerHTML = html;
        expectedRoot.append(block.content);
      }
      for (const box of expectedRoot.querySelectorAll('input[type=checkbox]')) {
        box.replaceWith((box as HTMLInputElement).checked ? '\u2611' : '\u2610');
      }
      const answer = (document.querySelector(`[data-turn-id="a${index}"] .answer`) as HTMLElement).cloneNode(true) as HTMLElement;
      for (const toolbar of answer.querySelectorAll('.code-toolbar')) toolbar.remove();
      for (const wrapper of answer.querySelectorAll('.md-block, .code-block')) wrapper.replaceWith(...wrapper.childNodes);
      for (const link of answer.querySelectorAll('a[rel]')) link.removeAttribute('rel');
      return { expected: tidy(expectedRoot), actual: tidy(answer) };
    });
  }, htmls);
}

function answers(texts: string[]): Turn[] {
  return texts.flatMap((text, i): Turn[] => [
    { id: `u${i}`, role: 'user', text: 'Explain', createdAt: 2 * i },
    { id: `a${i}`, role: 'assistant', text, status: 'done', createdAt: 2 * i + 1 },
  ]);
}

describe('webview: markdown built as DOM renders as marked renders it', function () {
  let webview: WebviewPage;
  pagePerTest((page) => {
    webview = page;
  });

  async function render(texts: string[]): Promise<void> {
    await webview.send(initMessage(emptyState(answers(texts))));
    await webview.settle();
  }

  it('every construct, and the recorded and synthetic answers, match marked\'s HTML parsed by Chromium', async function () {
    const texts = [
      CONSTRUCTS,
      ...recordedAnswers().flatMap((answer) => [answer.text, answer.reasoning]),
      syntheticAnswer('long-answer.md'),
      syntheticAnswer('edge-cases.md'),
    ].filter((text) => text.length > 0);
    await render(texts);
    const results = await compare(webview, texts);
    results.forEach(({ expected, actual }, i) => {
      assert.ok(expected.length > texts[i].length / 2, `the reference renders answer ${i}`);
      assert.equal(actual, expected, `answer ${i}`);
    });
    assert.deepEqual(webview.errors, []);
  });

  it('decodes character references in text and link targets, but shows code exactly as written, highlighted', async function () {
    await render(['A &amp; B &lt;b&gt; &#x41; `x &amp; y` [go](https://example.com/?a=1&amp;b=2)\n\n```ts\nconst s = "&lt;tag&gt; &amp;";\n```']);
    const answer = webview.page.locator('[data-turn-id="a0"] .answer');
    assert.equal(await answer.locator('p').evaluate((p) => p.firstChild?.textContent), 'A & B <b> A ');
    assert.equal(await answer.locator('p > code').textContent(), 'x &amp; y');
    assert.equal(await answer.locator('a').getAttribute('href'), 'https://example.com/?a=1&b=2');
    assert.equal(await answer.locator('pre code').textContent(), 'const s = "&lt;tag&gt; &amp;";');
    assert.deepEqual(await answer.locator('pre code span').evaluateAll((spans) => spans.map((span) => `${span.className}: ${span.textContent}`)),
      ['hljs-keyword: const', 'hljs-string: "&lt;tag&gt; &amp;"']);
    assert.equal(await answer.locator('b').count(), 0, 'a decoded tag is text, not an element');
  });

  it('differs from marked on purpose: web and mail links only, remote images as links, task boxes as text', async function () {
    await render(['[js](javascript:alert(1)) [data](data:text/html,x) [relative](docs/x.md) [ok](https://example.com "T") ![remote](https://example.com/p.png) ![svg](data:image/svg+xml;base64,PHN2Zz4=)\n\n- [x] done']);
    const answer = webview.page.locator('[data-turn-id="a0"] .answer');
    const links = await answer.locator('a').evaluateAll((elements) => elements.map((a) => ({
      text: a.textContent,
      href: a.getAttribute('href'),
      rel: a.getAttribute('rel'),
      title: a.getAttribute('title'),
    })));
    assert.deepEqual(links, [
      { text: 'js', href: null, rel: null, title: null },
      { text: 'data', href: null, rel: null, title: null },
      { text: 'relative', href: null, rel: null, title: null },
      { text: 'ok', href: 'https://example.com', rel: 'noopener noreferrer', title: 'T' },
      { text: 'remote', href: 'https://example.com/p.png', rel: 'noopener noreferrer', title: null },
    ]);
    const image = answer.locator('img');
    assert.equal(await image.getAttribute('alt'), 'svg');
    assert.equal(await image.getAttribute('src'), null, 'an SVG data image does not load');
    assert.equal(await answer.locator('li').textContent(), '\u2611 done');
    assert.deepEqual(webview.foreignRequests(), []);
  });
});
