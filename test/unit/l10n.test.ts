import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/lib/paths';

const root = repoRoot;
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

function hostFiles(dir = path.join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // src/core has no vscode at runtime and src/webview gets its strings from the host.
      return entry.name === 'core' || entry.name === 'webview' ? [] : hostFiles(full);
    }
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Places where host code hands text straight to the user. */
const USER_VISIBLE = [
  /\.show(?:Information|Warning|Error)Message\(\s*/g,
  /\b(?:title|prompt|placeHolder|placeholder|tooltip|detail)\s*:\s*/g,
  /\.(?:title|tooltip|description|message|placeholder|placeHolder)\s*=\s*/g,
];
const LITERAL = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/;

/** A template literal's own text, without its `${…}` substitutions (which may hold braces and strings). */
function withoutSubstitutions(body: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    if (depth === 0 && body.startsWith('${', i)) {
      depth = 1;
      i++;
    } else if (depth > 0) {
      depth += body[i] === '{' ? 1 : body[i] === '}' ? -1 : 0;
    } else {
      out += body[i];
    }
  }
  return out;
}

/** Words left in a literal once substitutions, escapes and `$(codicon)` names are removed; the product name is not a word to translate. */
function wordsIn(literal: string): boolean {
  const text = withoutSubstitutions(literal.slice(1, -1)).replace(/\\./g, ' ').replace(/\$\([\w~-]+\)/g, '').replace(/\bSidekick\b/g, '');
  return /[A-Za-z]{3,}/.test(text);
}

describe('localization', () => {
  // The messages as VS Code's own extractor (@vscode/l10n-dev, what `npm run l10n` runs) finds them.
  const exported = mkdtempSync(path.join(os.tmpdir(), 'sidekick-l10n-'));
  execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', exported, path.join(root, 'src')], { stdio: 'ignore' });
  const messages = Object.keys(JSON.parse(readFileSync(path.join(exported, 'bundle.l10n.json'), 'utf8')) as Record<string, string>).sort();
  rmSync(exported, { recursive: true, force: true });
  const english = readJson('l10n/bundle.l10n.json');
  const chinese = readJson('l10n/bundle.l10n.zh-cn.json');

  it('finds the messages of the host code, each a literal', () => {
    assert.ok(messages.length > 30, `only ${messages.length} messages found: is the extraction broken?`);
    assert.ok(messages.includes('Set API Key'));
  });

  it('has an up-to-date English bundle (npm run l10n)', () => {
    assert.deepEqual(Object.keys(english).sort(), messages, 'run `npm run l10n`');
    for (const [key, value] of Object.entries(english)) {
      assert.equal(value, key);
    }
  });

  it('has a Chinese translation for every message, keeping its {n} placeholders', () => {
    const missing = messages.filter((m) => !chinese[m]?.trim());
    assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
    for (const message of messages) {
      const expected = (message.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual((chinese[message].match(/\{\d+\}/g) ?? []).sort(), expected, `placeholders of ${JSON.stringify(message)}`);
    }
  });

  it('translates every message into Chinese rather than copying it', () => {
    const copied = messages.filter((m) => chinese[m] && /[A-Za-z]{3,}/.test(m.replace(/\bSidekick\b/g, '')) && !/[\u4e00-\u9fff]/.test(chinese[m]));
    assert.deepEqual(copied, []);
  });

  it('keeps no Chinese translation of a message the code no longer uses', () => {
    assert.deepEqual(Object.keys(chinese).filter((key) => !messages.includes(key)), []);
  });

  it('shows no literal English text from host code without l10n.t', () => {
    const offenders: string[] = [];
    for (const file of hostFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of USER_VISIBLE) {
        for (const match of text.matchAll(pattern)) {
          const literal = LITERAL.exec(text.slice(match.index + match[0].length))?.[0];
          if (literal && wordsIn(literal)) {
            offenders.push(`${path.relative(root, file)}:${text.slice(0, match.index).split('\n').length}: ${literal}`);
          }
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('catches a literal message, and lets localized and icon-only text through', () => {
    const check = (code: string) => USER_VISIBLE.some((p) => [...code.matchAll(p)].some((m) => wordsIn(LITERAL.exec(code.slice(m.index + m[0].length))?.[0] ?? "''")));
    assert.equal(check(`vscode.window.showErrorMessage('Something failed.')`), true);
    assert.equal(check(`showInputBox({ prompt: "Enter the key" })`), true);
    assert.equal(check('item.tooltip = `Answering ${n} tokens`'), true);
    assert.equal(check(`vscode.window.showErrorMessage(vscode.l10n.t('Something failed.'))`), false);
    assert.equal(check('item.text = `$(sparkle) ${model}`'), false);
    assert.equal(check("item.tooltip = `${vscode.l10n.t('Answering {0}', n)}\\n${more}`"), false);
    assert.equal(check(`showInputBox({ placeHolder: 'sk-…' })`), false);
  });
});
