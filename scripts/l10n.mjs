// Extracts every `vscode.l10n.t('…')` message from src/ and writes l10n/bundle.l10n.json, the English
// bundle (message -> itself) that translators start from.
//   node scripts/l10n.mjs           write the bundle
//   node scripts/l10n.mjs --check   exit 1 when the bundle is stale or a call cannot be extracted
//   node scripts/l10n.mjs --json    print { messages, problems } (used by test/unit/l10n.test.ts)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

/** A string literal: '…', "…" or a template without `${`. */
const LITERAL = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\$]|\\.|\$(?!\{))*\``;
const CALL = /\bl10n\.t\(\s*/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function unquote(literal) {
  return literal.slice(1, -1).replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (_, e) => {
    if (e[0] === 'u' || e[0] === 'x') {
      return String.fromCodePoint(parseInt(e.replace(/[ux{}]/g, ''), 16));
    }
    return { n: '\n', t: '\t', r: '\r', 0: '\0', '\n': '' }[e] ?? e;
  });
}

/** Every message passed to l10n.t in src/, in sorted order, and the calls whose message is not a literal. */
function extract() {
  const messages = new Set();
  const problems = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(CALL)) {
      const at = call.index + call[0].length;
      const literal = new RegExp(`^(?:${LITERAL})(?=\\s*[,)])`).exec(text.slice(at));
      if (literal) {
        messages.add(unquote(literal[0]));
      } else {
        const line = text.slice(0, call.index).split('\n').length;
        problems.push(`${path.relative(root, file)}:${line}: l10n.t needs a string literal message, not ${JSON.stringify(text.slice(at, at + 40))}`);
      }
    }
  }
  return { messages: [...messages].sort(), problems };
}

function bundleText(messages) {
  return `${JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2)}\n`;
}

const { messages, problems } = extract();
for (const problem of problems) {
  console.error(problem);
}
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify({ messages, problems }));
} else if (process.argv.includes('--check')) {
  const stale = !existsSync(bundlePath) || readFileSync(bundlePath, 'utf8') !== bundleText(messages);
  if (stale) {
    console.error('l10n/bundle.l10n.json is out of date: run `npm run l10n`.');
  }
  process.exitCode = stale || problems.length ? 1 : 0;
} else {
  writeFileSync(bundlePath, bundleText(messages));
  console.log(`l10n/bundle.l10n.json: ${messages.length} messages`);
  process.exitCode = problems.length ? 1 : 0;
}
