// The webview registers a highlight.js grammar on first use, found by its name or an alias listed by hand:
// the list must stay the grammars' own, and a grammar's output must not depend on what ran before it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import hljs from 'highlight.js/lib/core';
import { ALIASES, highlightCode } from '../../src/webview/highlight';

const source = readFileSync(path.resolve(__dirname, '../../src/webview/highlight.ts'), 'utf8');

/** The grammar modules highlight.ts imports, by their names there. */
const imported = [...source.matchAll(/^import (\w+) from 'highlight\.js\/lib\/languages\/(\w+)';$/gm)].map(([, name, file]) => ({ name, file }));

describe('Syntax highlighting grammars (webview)', () => {
  it('lists every alias of every bundled grammar, and only bundled grammars', () => {
    assert.ok(imported.length >= 20, `found ${imported.length} grammar imports`);
    const names = new Set(imported.map((grammar) => grammar.name));
    for (const { name, file } of imported) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each grammar module, to read its own aliases
      const definition = (require(`highlight.js/lib/languages/${file}`) as (api: typeof hljs) => { aliases?: string[] })(hljs);
      for (const alias of definition.aliases ?? []) {
        assert.equal(ALIASES[alias], name, `${name}'s alias ${alias}`);
      }
    }
    for (const [alias, target] of Object.entries(ALIASES)) {
      assert.ok(names.has(target), `${alias} points at ${target}, which is not bundled`);
    }
  });

  it('highlights by name or alias in any case, and leaves unknown languages as escaped text', () => {
    assert.match(highlightCode('const x = 1;', 'TS'), /<span class="hljs-keyword">const<\/span>/);
    assert.match(highlightCode('def f(): pass', 'py'), /<span class="hljs-keyword">def<\/span>/);
    assert.equal(highlightCode('<b>&', 'brainfuck2'), '&lt;b&gt;&amp;');
    assert.equal(highlightCode('<b>&', undefined), '&lt;b&gt;&amp;');
  });

  it('registers the grammars a grammar embeds with it: script inside HTML is highlighted the first time', () => {
    const html = highlightCode('<script>const a = 1;</script><style>p { color: red }</style>', 'html');
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<span class="hljs-attribute">color<\/span>/);
  });
});
