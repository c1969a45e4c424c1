// Syntax highlighting with highlight.js core and a curated set of common languages: the full bundle
// would triple the webview's size. Unknown languages are shown as plain (escaped) text.
import type { LanguageFn } from 'highlight.js';
import hljs from 'highlight.js/lib/core';
import { inBackground } from './dom';
import { safeClasses } from './policy';
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

const grammars: Record<string, LanguageFn> = {
  bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust,
  shell, sql, swift, typescript, xml, yaml,
};

/**
 * The other names of each grammar: its own aliases (a unit test checks these against the grammars) and
 * names models write that it does not list. Registering a grammar runs its definition, so grammars are
 * registered when first needed: registering all 22 made loading the webview 30 ms longer.
 */
export const ALIASES: Record<string, string> = {
  sh: 'bash', zsh: 'bash',
  h: 'c',
  cc: 'cpp', 'c++': 'cpp', 'h++': 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', cxx: 'cpp',
  cs: 'csharp', 'c#': 'csharp',
  patch: 'diff',
  golang: 'go',
  jsp: 'java',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  jsonc: 'json', json5: 'json',
  kt: 'kotlin', kts: 'kotlin', ktm: 'kotlin', ktx: 'kotlin',
  md: 'markdown', mkdown: 'markdown', mkd: 'markdown',
  py: 'python', gyp: 'python', ipython: 'python',
  rb: 'ruby', gemspec: 'ruby', podspec: 'ruby', thor: 'ruby', irb: 'ruby',
  rs: 'rust',
  console: 'shell', shellsession: 'shell',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  html: 'xml', xhtml: 'xml', rss: 'xml', atom: 'xml', xjb: 'xml', xsd: 'xml', xsl: 'xml', plist: 'xml', wsf: 'xml', svg: 'xml', vue: 'xml', svelte: 'xml',
  yml: 'yaml',
};

/** The grammars a grammar embeds (its sub-languages), registered with it so its output never depends on what was registered before. */
const EMBEDS: Record<string, string[]> = {
  javascript: ['css', 'xml'], typescript: ['css', 'xml'], markdown: ['xml'], shell: ['bash'], xml: ['css', 'javascript'], yaml: ['ruby'],
};

/** The registered grammar for a fence's language name, registering it (and what it embeds) on first use. */
function grammarFor(language: string): string | undefined {
  const lower = language.toLowerCase();
  const name = Object.hasOwn(grammars, lower) ? lower : ALIASES[lower];
  if (name) {
    register(name);
  }
  return name;
}

function register(name: string): void {
  if (hljs.getLanguage(name)) {
    return;
  }
  hljs.registerLanguage(name, grammars[name]);
  // Names models write that the grammar does not list.
  hljs.registerAliases(Object.keys(ALIASES).filter((alias) => ALIASES[alias] === name), { languageName: name });
  for (const embedded of EMBEDS[name] ?? []) {
    register(embedded);
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch]);
}

/** HTML for `code`: highlight.js spans for a known language, escaped text otherwise. */
export function highlightCode(code: string, language: string | undefined): string {
  const grammar = language ? grammarFor(language) : undefined;
  if (!grammar) {
    return escapeHtml(code);
  }
  return hljs.highlight(code, { language: grammar, ignoreIllegals: true }).value;
}

// highlight.js's HTML is its input escaped (the five characters below) inside <span class="..."> elements:
// read back into nodes with this, not with an HTML parser.
const HIGHLIGHTED = /<span class="([^"<>]*)">|<\/span>|[^<]+/y;
const unescapes: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };

/**
 * `code` highlighted as DOM: highlight.js's spans (their classes checked) around text nodes. Output of
 * any other shape, which highlight.js does not produce, is shown as the plain code.
 */
export function highlightedCode(code: string, language: string | undefined): Node {
  const html = highlightCode(code, language);
  const fragment = document.createDocumentFragment();
  const open: Node[] = [];
  let parent: Node = fragment;
  HIGHLIGHTED.lastIndex = 0;
  while (HIGHLIGHTED.lastIndex < html.length) {
    const match = HIGHLIGHTED.exec(html);
    if (!match) {
      return document.createTextNode(code);
    }
    if (match[1] !== undefined) {
      const span = document.createElement('span');
      const classes = safeClasses(match[1]);
      if (classes) {
        span.className = classes;
      }
      parent.appendChild(span);
      open.push(parent);
      parent = span;
    } else if (match[0] === '</span>') {
      parent = open.pop() ?? fragment;
    } else {
      parent.appendChild(document.createTextNode(match[0].replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => unescapes[entity])));
    }
  }
  return fragment;
}

/**
 * Compiles the grammars in the background, one per task: highlight.js compiles a grammar on its first
 * use, which made the first answer of an opened conversation several times slower than the rest.
 */
export function warmUpHighlighting(): void {
  for (const name of Object.keys(grammars)) {
    inBackground(() => highlightCode('x', name));
  }
}
