// Which names a piece of code uses, so their definitions can be looked up through the language's own
// definition provider. A small lexer shared by C-like languages and Python: it skips comments and string
// literals (but not the expressions inside template literals), and the keywords of the common languages.

/** One distinct name, where it first occurs (an offset into the text) and how often. */
export interface UsedName {
  name: string;
  offset: number;
  count: number;
}

const KEYWORDS = new Set(
  (
    'abstract and as assert async await break case catch class const continue debugger def default del delete do ' +
    'elif else enum except export extends false final finally fn for from func function get go if impl implements ' +
    'import in instanceof interface is keyof lambda let match mod module mut namespace new nil none not null of or ' +
    'package pass private protected pub public raise readonly return satisfies self set static struct super switch ' +
    'this throw trait true try type typeof undefined unsafe use var void where while with yield True False None ' +
    'string number boolean any unknown never object bigint symbol int float double char long short byte bool str ' +
    'usize isize u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 println print len range'
  ).split(' '),
);

/** After these the next name is declared here, not used from elsewhere. */
const DECLARERS = new Set(['const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum', 'def', 'fn', 'func', 'struct']);

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[\w$]/;

/**
 * The names `text` uses, most used first (ties: first seen first; one-letter names last), at most `limit`. `#` starts a comment
 * only in languages that use it that way (`hashComments`), since `#name` is a private field in JS.
 */
export function usedNames(text: string, limit: number, hashComments = false): UsedName[] {
  const found = new Map<string, UsedName>();
  // Names the code declares itself (after `const`, `function`, …, and arrow-function parameters): their
  // definitions are in the code, so they are not looked up.
  const declared = new Set<string>();
  let previous = '';
  // Template literals nest: each entry is the brace depth at which a `${…}` returns to its template.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const skipString = (quote: string) => {
    for (i++; i < text.length && text[i] !== quote && text[i] !== '\n'; i++) {
      if (text[i] === '\\') i++;
    }
    i++;
  };
  // Inside a template literal's text until its end or a `${`.
  const skipTemplate = () => {
    for (; i < text.length; i++) {
      if (text[i] === '\\') {
        i++;
      } else if (text[i] === '`') {
        i++;
        return;
      } else if (text[i] === '$' && text[i + 1] === '{') {
        templates.push(depth);
        depth++;
        i += 2;
        return;
      }
    }
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
    } else if (ch === '#' && hashComments) {
      i = lineEnd(text, i);
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === '"' || ch === "'") {
      skipString(ch);
    } else if (ch === '`') {
      i++;
      skipTemplate();
    } else if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      i++;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        skipTemplate();
      }
    } else if (IDENT_START.test(ch) && !(i > 0 && /[\w$]/.test(text[i - 1]))) {
      const start = i;
      while (i < text.length && IDENT_PART.test(text[i])) i++;
      const name = text.slice(start, i);
      if (DECLARERS.has(previous) || isArrowParameter(text, start, i)) {
        declared.add(name);
      }
      previous = name;
      if (!KEYWORDS.has(name)) {
        const seen = found.get(name);
        if (seen) seen.count++;
        else found.set(name, { name, offset: start, count: 1 });
      }
    } else {
      if (!/\s/.test(ch)) previous = '';
      i++;
    }
  }
  // One-letter names are mostly loop counters and parameters: looked up last.
  const short = (u: UsedName) => (u.name.length === 1 ? 1 : 0);
  return [...found.values()].filter((u) => !declared.has(u.name)).sort((a, b) => short(a) - short(b) || b.count - a.count || a.offset - b.offset).slice(0, limit);
}

/**
 * Whether the name at `start..end` is a parameter of an arrow function: `x =>`, or inside `( … ) =>`
 * right after `(` or `,` and before `,`, `)`, `:`, `=` or `?` (a type after `:` is not a parameter).
 */
function isArrowParameter(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 200);
  if (/^\s*=>/.test(after)) return true;
  if (!/^\s*[,):=?]/.test(after) || !/[(,]\s*$/.test(text.slice(Math.max(0, start - 20), start))) return false;
  const close = after.search(/\)/);
  return close >= 0 && /^\)\s*(?::[^=]*?)?=>/.test(after.slice(close)) && !after.slice(0, close).includes('(');
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Languages where `#` starts a comment. */
export function usesHashComments(languageId: string): boolean {
  return ['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile', 'powershell', 'elixir', 'julia', 'nim', 'coffeescript'].includes(languageId);
}
