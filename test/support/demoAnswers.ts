// Canned answers of the demo mode: a plausible markdown answer for any prompt, and for a refactor
// prompt the selected code visibly rewritten, so the extension can be tried with no key and no network.

/** A Refactor Selection request, as its question reads (test/unit/fakeServer.test.ts builds one with the product's code). */
const REFACTOR_QUESTION = /^Selection to rewrite:$/m;

export interface DemoMessage {
  role: string;
  content: string;
}

export interface DemoAnswer {
  text: string;
  reasoning?: string[];
}

export function demoAnswer(input: DemoMessage[], wantsReasoning: boolean): DemoAnswer {
  const all = input.map((m) => m.content).join('\n');
  const lastUser = [...input].reverse().find((m) => m.role === 'user')?.content ?? all;
  if (REFACTOR_QUESTION.test(lastUser)) {
    const found = findCode(lastUser) ?? findCode(all);
    const language = found?.language ?? detectLanguage(found?.code ?? lastUser);
    return {
      text: refactorCode(found?.code ?? '', language),
      reasoning: wantsReasoning ? ['**Reading the selection**\n\nI keep the behaviour and tidy the layout.'] : undefined,
    };
  }
  const found = findCode(lastUser);
  const language = found?.language ?? detectLanguage(found?.code ?? lastUser);
  return {
    text: markdownAnswer(lastUser, language, found?.code),
    reasoning: wantsReasoning
      ? [
          '**Understanding the request**\n\nThe user wants an explanation with an example; I will outline the idea first.',
          '**Planning the answer**\n\nA short overview, a list of key points, then two code samples.',
        ]
      : undefined,
  };
}

interface FoundCode {
  code: string;
  language?: string;
}

const FENCE = /(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)\n?\1[ \t]*(?:\r?\n|$)/g;

/** The code of a prompt: inside `<selection>` tags, else the fence after a line naming the selection, else the first fence. */
export function findCode(text: string): FoundCode | undefined {
  const selection = /<selection([^>]*)>\r?\n?([\s\S]*?)\r?\n?<\/selection>/i.exec(text);
  if (selection) {
    const language = /language(?:Id)?\s*=\s*"?([\w+#-]+)/i.exec(selection[1])?.[1];
    return { code: selection[2], language: language ?? languageMention(text) };
  }
  const fences = [...text.matchAll(FENCE)];
  // Prompts may put read-only context in fences around the selection's own fence.
  const lineBefore = (m: RegExpMatchArray) => /([^\n]*)\r?\n$/.exec(text.slice(0, m.index))?.[1] ?? '';
  const chosen = fences.find((m) => /selection/i.test(lineBefore(m)) && !/context/i.test(lineBefore(m))) ?? fences[0];
  if (chosen) return { code: chosen[3], language: chosen[2] || languageMention(text) };
  return undefined;
}

function languageMention(text: string): string | undefined {
  return /\blanguage(?:Id)?\s*[:=]\s*"?([\w+#-]+)/i.exec(text)?.[1];
}

const HEURISTICS: [RegExp, string][] = [
  [/^\s*(def |from \w+ import |import \w+$|class \w+(\(.*\))?:)/m, 'python'],
  [/^\s*(package main|func \w+\()/m, 'go'],
  [/^\s*(fn \w+|let mut |use \w+::)/m, 'rust'],
  [/^\s*#include\s*[<"]/m, 'cpp'],
  [/^\s*(public |private )?(static )?class \w+|System\.out\./m, 'java'],
  [/\binterface \w+\s*\{|: (string|number|boolean)\b|\btype \w+ =/, 'typescript'],
  [/\b(const|let|var|function)\b|=>/, 'javascript'],
  [/^\s*(SELECT|INSERT|UPDATE|CREATE TABLE)\b/im, 'sql'],
];

export function detectLanguage(code: string): string {
  for (const [pattern, language] of HEURISTICS) if (pattern.test(code)) return language;
  return 'typescript';
}

const LINE_COMMENT: Record<string, string> = {
  python: '#', py: '#', shellscript: '#', sh: '#', bash: '#', ruby: '#', rb: '#', yaml: '#', yml: '#', perl: '#', r: '#',
  powershell: '#', dockerfile: '#', makefile: '#', toml: '#', sql: '--', lua: '--', haskell: '--',
  bat: 'REM', vb: "'",
};
const BLOCK_COMMENT: Record<string, [string, string]> = {
  html: ['<!--', '-->'], xml: ['<!--', '-->'], markdown: ['<!--', '-->'], md: ['<!--', '-->'], vue: ['<!--', '-->'],
  css: ['/*', '*/'], scss: ['/*', '*/'], less: ['/*', '*/'],
};

function headerComment(language: string, indent: string): string {
  const lang = language.toLowerCase();
  const text = 'Refactored by Sidekick demo';
  const block = BLOCK_COMMENT[lang];
  if (block) return `${indent}${block[0]} ${text} ${block[1]}`;
  return `${indent}${LINE_COMMENT[lang] ?? '//'} ${text}`;
}

/** Visible, behaviour-keeping edits: a header comment, no trailing spaces, single blank lines, and for JS/TS `let`/`===`. */
export function refactorCode(code: string, language: string): string {
  const eol = code.includes('\r\n') ? '\r\n' : '\n';
  let lines = code.split(/\r?\n/).map((line) => line.replace(/[ \t]+$/, ''));
  if (/^(javascript|typescript|js|ts|jsx|tsx|javascriptreact|typescriptreact)$/i.test(language)) {
    lines = lines.map((line) => line.replace(/\bvar\s/g, 'let ').replace(/([^=!<>])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!=='));
  }
  const tidy: string[] = [];
  for (const line of lines) {
    if (line === '' && tidy.length > 0 && tidy[tidy.length - 1] === '') continue;
    tidy.push(line);
  }
  const firstCode = tidy.find((line) => line.trim() !== '') ?? '';
  const indent = /^\s*/.exec(firstCode)?.[0] ?? '';
  return [headerComment(language, indent), ...tidy].join(eol);
}

function markdownAnswer(prompt: string, language: string, code: string | undefined): string {
  const topic = prompt.replace(/```[\s\S]*?```|<selection[\s\S]*?<\/selection>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'your question';
  const sample = SAMPLES[language] ?? SAMPLES.typescript;
  const lines = code ? code.split(/\r?\n/).length : 0;
  return [
    `## Demo answer`,
    ``,
    `This is the **Sidekick demo server**: no model was called. You asked about *${topic}*.`,
    code ? `The ${language} code you sent has ${lines} line${lines === 1 ? '' : 's'}.` : '',
    ``,
    `### Key points`,
    ``,
    `1. Keep functions small and named after what they do.`,
    `2. Handle the error path first, then the happy path.`,
    `3. Prefer \`const\` data and pure helpers; they are easy to test.`,
    ``,
    `- Streaming, markdown, lists and code blocks all render here.`,
    `- Press **Stop** to see cancellation.`,
    ``,
    `### Example`,
    ``,
    '```' + language,
    sample[0],
    '```',
    ``,
    `And a test for it:`,
    ``,
    '```' + language,
    sample[1],
    '```',
    ``,
    `> Set \`sidekick.baseUrl\` to a real endpoint to get real answers.`,
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

const SAMPLES: Record<string, [string, string]> = {
  typescript: [
    'export function clamp(value: number, min: number, max: number): number {\n  return Math.min(max, Math.max(min, value));\n}',
    "import assert from 'node:assert';\nassert.strictEqual(clamp(12, 0, 10), 10);",
  ],
  javascript: [
    'export function clamp(value, min, max) {\n  return Math.min(max, Math.max(min, value));\n}',
    "const assert = require('node:assert');\nassert.strictEqual(clamp(12, 0, 10), 10);",
  ],
  python: [
    'def clamp(value: float, low: float, high: float) -> float:\n    return min(high, max(low, value))',
    'def test_clamp():\n    assert clamp(12, 0, 10) == 10',
  ],
  go: [
    'func Clamp(v, lo, hi int) int {\n\tif v < lo {\n\t\treturn lo\n\t}\n\tif v > hi {\n\t\treturn hi\n\t}\n\treturn v\n}',
    'func TestClamp(t *testing.T) {\n\tif Clamp(12, 0, 10) != 10 {\n\t\tt.Fatal("want 10")\n\t}\n}',
  ],
  rust: [
    'pub fn clamp(v: i32, lo: i32, hi: i32) -> i32 {\n    v.max(lo).min(hi)\n}',
    '#[test]\nfn clamps() {\n    assert_eq!(clamp(12, 0, 10), 10);\n}',
  ],
  java: [
    'static int clamp(int v, int lo, int hi) {\n    return Math.min(hi, Math.max(lo, v));\n}',
    '@Test\nvoid clamps() {\n    assertEquals(10, clamp(12, 0, 10));\n}',
  ],
  cpp: [
    'int clamp(int v, int lo, int hi) {\n    return std::min(hi, std::max(lo, v));\n}',
    'assert(clamp(12, 0, 10) == 10);',
  ],
  sql: ['SELECT LEAST(10, GREATEST(0, score)) AS clamped FROM results;', 'SELECT COUNT(*) FROM results WHERE score > 10;'],
};
