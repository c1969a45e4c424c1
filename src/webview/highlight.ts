// Syntax highlighting with highlight.js core and a curated set of common languages: the full bundle
// would triple the webview's size. Unknown languages are shown as plain (escaped) text.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
  bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust,
  shell, sql, swift, typescript, xml, yaml,
};
for (const [name, language] of Object.entries(languages)) {
  hljs.registerLanguage(name, language);
}
// Names models write that the grammars do not list as aliases.
hljs.registerAliases(['jsx', 'mjs', 'cjs'], { languageName: 'javascript' });
hljs.registerAliases(['tsx', 'mts', 'cts'], { languageName: 'typescript' });
hljs.registerAliases(['vue', 'svelte'], { languageName: 'xml' });

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch]);
}

/** HTML for `code`: highlight.js spans for a known language, escaped text otherwise. */
export function highlightCode(code: string, language: string | undefined): string {
  if (!language || !hljs.getLanguage(language)) {
    return escapeHtml(code);
  }
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * Compiles the grammars while the page is idle, one per task: highlight.js compiles a grammar on its
 * first use, which made the first answer of an opened conversation several times slower than the rest.
 */
export function warmUpHighlighting(): void {
  const names = Object.keys(languages);
  const next = (): void => {
    const name = names.shift();
    if (name) {
      hljs.highlight('x', { language: name, ignoreIllegals: true });
      requestIdleCallback(next);
    }
  };
  requestIdleCallback(next);
}
