// The webview registers a highlight.js grammar on first use, found by its name or an alias listed by hand:
// the list must stay the grammars' own, and a grammar's output must not depend on what ran before it.
// Each test loads highlight.ts and highlight.js afresh, as a newly opened webview has them: registering is
// the subject, and a grammar one test registered would otherwise be there for the next.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { HLJSApi } from 'highlight.js';
import type * as Highlight from '../../src/webview/highlight';

function freshHighlighter(): { hljs: HLJSApi } & typeof Highlight {
  const core = require.resolve('highlight.js/lib/core');
  const highlight = require.resolve('../../src/webview/highlight');
  delete require.cache[core];
  delete require.cache[highlight];
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded again after leaving the module cache */
  return { hljs: require(core) as HLJSApi, ...(require(highlight) as typeof Highlight) };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Every grammar highlight.js ships, by its module's name. */
const allGrammars = readdirSync(path.dirname(require.resolve('highlight.js/lib/languages/bash')))
  .filter((file) => file.endsWith('.js') && !file.endsWith('.js.js'))
  .map((file) => file.slice(0, -'.js'.length));

describe('Syntax highlighting grammars (webview)', () => {
  it('lists every alias of every bundled grammar, and only bundled grammars', () => {
    const { hljs, highlightCode, ALIASES } = freshHighlighter();
    // A fence may name any of highlight.js's grammars: the bundled ones are those that get registered.
    for (const name of allGrammars) highlightCode('x', name);
    const bundled = hljs.listLanguages();
    assert.ok(bundled.length >= 20, `${bundled.length} grammars bundled`);
    for (const name of bundled) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each grammar module, to read its own aliases
      const definition = (require(`highlight.js/lib/languages/${name}`) as (api: HLJSApi) => { aliases?: string[] })(hljs);
      for (const alias of definition.aliases ?? []) {
        assert.equal(ALIASES[alias], name, `${name}'s alias ${alias}`);
      }
    }
    for (const [alias, target] of Object.entries(ALIASES)) {
      assert.ok(bundled.includes(target), `${alias} points at ${target}, which is not bundled`);
    }
  });

  it('highlights by name or alias in any case, and leaves unknown languages as escaped text', () => {
    const { highlightCode } = freshHighlighter();
    assert.match(highlightCode('const x = 1;', 'TS'), /<span class="hljs-keyword">const<\/span>/);
    assert.match(highlightCode('def f(): pass', 'py'), /<span class="hljs-keyword">def<\/span>/);
    assert.equal(highlightCode('<b>&', 'brainfuck2'), '&lt;b&gt;&amp;');
    assert.equal(highlightCode('<b>&', undefined), '&lt;b&gt;&amp;');
  });

  it('registers the grammars a grammar embeds with it: script inside HTML is highlighted the first time', () => {
    const { hljs, highlightCode } = freshHighlighter();
    assert.deepEqual(hljs.listLanguages(), [], 'nothing registered before');
    const html = highlightCode('<script>const a = 1;</script><style>p { color: red }</style>', 'html');
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<span class="hljs-attribute">color<\/span>/);
  });
});
