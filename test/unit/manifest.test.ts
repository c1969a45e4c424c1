import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/lib/paths';
import { SETTING_DEFAULTS } from '../../src/core/settings';
import { REASONING_EFFORTS, VERBOSITIES } from '../../src/core/types';

const root = repoRoot;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const nlsZh = JSON.parse(readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;

function placeholders(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
}

describe('manifest', () => {
  it('packages a README with no link that would be broken in a listing, and no placeholder address', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sidekick-readme-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/packageReadme.mjs'), path.join(dir, 'README.md')]);
      const packaged = readFileSync(path.join(dir, 'README.md'), 'utf8');
      assert.match(packaged, /^# Sidekick/m);
      const prose = packaged.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
      assert.doesNotMatch(prose, /!\[|\]\((?!https:|#)/, 'an image or a relative link outside code blocks');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(!JSON.stringify(manifest).includes('example.invalid'), 'package.json names a placeholder address');
    assert.match(manifest.scripts.package, /--readme-path out\/package\/README\.md/);
  });

  it('is the Sidekick extension for VS Code ^1.95 with matching @types/vscode', () => {
    assert.equal(manifest.name, 'sidekick');
    assert.equal(manifest.displayName, 'Sidekick');
    assert.equal(manifest.engines.vscode, '^1.95.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^\^?1\.95\./);
  });

  it('declares every setting the code reads, with the same default', () => {
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      const declared = properties[`sidekick.${key}`];
      assert.ok(declared, `sidekick.${key} is read by the code but not declared in package.json`);
      assert.deepEqual(declared.default, value, `default of sidekick.${key}`);
    }
  });

  it('offers in the effort and verbosity settings the levels the chat header offers, and unset', () => {
    assert.deepEqual((properties['sidekick.reasoning.effort'] as { enum?: string[] }).enum, ['', ...REASONING_EFFORTS]);
    assert.deepEqual((properties['sidekick.verbosity'] as { enum?: string[] }).enum, ['', ...VERBOSITIES]);
  });

  it('reads every setting it declares', () => {
    for (const key of Object.keys(properties)) {
      assert.ok(key.replace(/^sidekick\./, '') in SETTING_DEFAULTS, `${key} is declared but never read`);
    }
  });

  it('puts every command in the Sidekick category with a localized title', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.command, /^sidekick\./);
      assert.equal(command.category, 'Sidekick');
      assert.match(command.title, /^%.+%$/, `${command.command} title must be localized`);
    }
  });

  it('has English and Chinese for every %placeholder% of the manifest', () => {
    const keys = placeholders(manifest.contributes).concat(placeholders(manifest.description));
    assert.ok(keys.length > 10);
    for (const key of keys) {
      assert.ok(nls[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsZh[key] !== undefined, `package.nls.zh-cn.json lacks ${key}`);
    }
    for (const key of Object.keys(nlsZh)) {
      assert.ok(key in nls, `package.nls.zh-cn.json has ${key}, which package.nls.json does not`);
    }
  });

  it('ships only what runs', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^\*\*$/m, '.vscodeignore starts by excluding everything');
    assert.ok(existsSync(path.join(root, 'CHANGELOG.md')));
    assert.equal(manifest.main, './dist/extension.js');
  });
});
