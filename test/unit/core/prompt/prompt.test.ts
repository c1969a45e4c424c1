import * as assert from 'node:assert/strict';
import {
  answerLanguage,
  attachContext,
  attachContexts,
  cutToBudget,
  EXPLAIN_DEFAULTS,
  explainQuestion,
  fenceFor,
  RESPONSE_LANGUAGES,
  systemPrompt,
  type CodeContext,
} from '../../../../src/core/prompt/prompt';
import { withDefaults } from '../../../../src/core/api/request';

function code(lines: number, width = 20): string {
  return Array.from({ length: lines }, (_, i) => `line ${String(i + 1).padStart(4, '0')} ${'x'.repeat(width)}`).join('\n');
}

const selection = (text: string, startLine = 10): CodeContext => ({
  kind: 'selection',
  path: 'src/app.ts',
  languageId: 'typescript',
  startLine,
  endLine: startLine + text.split('\n').length - 1,
  text,
});

describe('prompt: answer language', () => {
  it('follows the VS Code display language when the setting is auto', () => {
    assert.equal(answerLanguage('auto', 'zh-cn'), 'Simplified Chinese (简体中文)');
    assert.equal(answerLanguage('auto', 'en'), 'English');
    assert.equal(answerLanguage('auto', 'de'), 'German (Deutsch)');
  });

  it('lets the setting override the display language', () => {
    assert.equal(answerLanguage('en', 'zh-cn'), 'English');
    assert.equal(answerLanguage('zh-cn', 'en'), 'Simplified Chinese (简体中文)');
  });

  it('understands regional and script tags', () => {
    assert.equal(answerLanguage('auto', 'zh-hant'), 'Traditional Chinese (繁體中文)');
    assert.equal(answerLanguage('auto', 'zh-hans'), 'Simplified Chinese (简体中文)');
    assert.equal(answerLanguage('auto', 'fr-ca'), 'French (Français)');
    assert.match(answerLanguage('auto', 'eo'), /BCP 47 tag "eo"/);
    assert.equal(answerLanguage('auto', ''), 'English');
  });

  it('puts the instruction in the system prompt', () => {
    const prompt = systemPrompt(answerLanguage('auto', 'zh-cn'));
    assert.match(prompt, /Write your answers in Simplified Chinese \(简体中文\)/);
    assert.match(prompt, /Markdown/);
  });
});

describe('prompt: attached context', () => {
  it('attaches small code whole, with file, lines and language', () => {
    const ctx = selection('const a = 1;\nconst b = 2;');
    const attached = attachContext(ctx, 1000);
    assert.equal(attached.truncated, false);
    assert.match(attached.block, /^Selected code from `src\/app\.ts` \(lines 10-11, language: typescript\):\n```typescript\nconst a = 1;\nconst b = 2;\n```$/);
  });

  it('cuts oversized code at a line boundary to the budget and says so', () => {
    const text = code(200);
    const attached = attachContext(selection(text, 1), 1000);
    assert.equal(attached.truncated, true);
    assert.ok(attached.keptChars <= 1000, `kept ${attached.keptChars}`);
    assert.ok(attached.keptChars > 900, 'uses most of the budget');
    const body = attached.block.split('\n').slice(2, -2);
    assert.ok(body.every((l) => /^line \d{4} x{20}$/.test(l)), 'no half lines');
    const kept = body.length;
    assert.match(attached.block, new RegExp(`\\[Truncated: only lines 1-${kept} are included \\(${attached.keptChars} of ${text.length} characters\\)`));
  });

  it('cuts a single huge line mid-line rather than sending nothing', () => {
    const cut = cutToBudget('y'.repeat(5000), 300);
    assert.equal(cut.text.length, 300);
    assert.equal(cut.truncated, true);
  });

  it('shares one budget between selection and file, in order', () => {
    const [sel, file] = attachContexts([selection(code(10)), { ...selection(code(500), 1), kind: 'file' }], 2000);
    assert.equal(sel.truncated, false);
    assert.equal(file.truncated, true);
    assert.ok(sel.keptChars + file.keptChars <= 2000);
    assert.match(file.block, /^Current file from/);
  });

  it('uses a fence longer than any backticks in the code', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('md: ````\n```js'), '`````');
    const attached = attachContext(selection('```\nnot the end\n```'), 1000);
    assert.match(attached.block, /^````typescript$/m);
  });

  it('asks Explain to explain the code with its location', () => {
    assert.match(explainQuestion(selection('a\nb'), false), /Explain the selected code in `src\/app\.ts` \(lines 10-11\)/);
    assert.match(explainQuestion(selection('a', 7), true), /Explain the code block around the cursor in `src\/app\.ts` \(line 7\)/);
  });
});

describe('prompt: per-command defaults', () => {
  it('uses low effort and medium verbosity unless the user set them', () => {
    assert.deepEqual(withDefaults({}, EXPLAIN_DEFAULTS), { reasoningEffort: 'low', verbosity: 'medium' });
    assert.deepEqual(withDefaults({ reasoningEffort: 'high', verbosity: undefined }, EXPLAIN_DEFAULTS), { reasoningEffort: 'high', verbosity: 'medium' });
  });
});

describe('prompt: the responseLanguage setting', () => {
  it('offers exactly auto and the languages the prompt knows by name', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync(`${__dirname}/../../../../package.json`, 'utf8'));
    const declared = manifest.contributes.configuration.properties['sidekick.responseLanguage'];
    assert.deepEqual(declared.enum, ['auto', ...RESPONSE_LANGUAGES]);
    for (const tag of RESPONSE_LANGUAGES) {
      assert.doesNotMatch(answerLanguage(tag, 'en'), /BCP 47/, tag);
    }
  });
});
