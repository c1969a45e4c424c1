import * as assert from 'node:assert/strict';
import { expandPrompt, parsePromptFile, promptInputs, promptLinks, withArgument, type PromptFile } from '../../../../src/core/prompt/promptFiles';
import { BUILTIN_SLASH_PROMPTS, builtinPrompt, isBuiltinSlash, parseSlash } from '../../../../src/core/prompt/slashCommands';

function parsed(text: string, fileName = 'review.prompt.md'): PromptFile {
  const result = parsePromptFile(fileName, text);
  assert.ok(result.ok, `expected ${fileName} to parse: ${JSON.stringify(result)}`);
  return result.value;
}

const EDITOR = { selection: 'const a = 1;', file: '/w/app/src/cart.service.ts', workspaceFolder: '/w/app' };

describe('prompt files: front matter', () => {
  it('reads name, description, argument-hint and model, and the body after the front matter', () => {
    const file = parsed('---\nname: check\ndescription: "Review: the selection"\nargument-hint: \'what to look for\'\nmodel: gpt-5.2-mini # fast\n---\nReview it.\n');
    assert.deepEqual(file, { name: 'check', description: 'Review: the selection', argumentHint: 'what to look for', model: 'gpt-5.2-mini', body: 'Review it.\n', bodyLine: 7 });
  });

  it('names a file without front matter after its file name, the whole text being the body', () => {
    assert.deepEqual(parsed('Explain ${selection}', 'explain-more.prompt.md'), { name: 'explain-more', body: 'Explain ${selection}', bodyLine: 1 });
  });

  it('ignores other keys, with their lists and nested values, and comments', () => {
    const file = parsed('---\n# a team prompt\nmode: agent\ntools:\n  - codebase\n  - search\nsettings:\n  deep: { a: 1 }\ntools2: [a, b]\ndescription: Fine\n---\nBody');
    assert.equal(file.description, 'Fine');
    assert.equal(file.body, 'Body');
  });

  it('reports an unclosed front matter, a line that is no key, and a value it cannot read, with their lines', () => {
    assert.deepEqual(parsePromptFile('a.prompt.md', '---\nname: a\nBody'), { ok: false, problem: { kind: 'frontMatterUnclosed', line: 1, detail: '---' } });
    assert.deepEqual(parsePromptFile('a.prompt.md', '---\nname: a\nthis is not yaml\n---\nBody'), { ok: false, problem: { kind: 'frontMatterLine', line: 3, detail: 'this is not yaml' } });
    assert.deepEqual(parsePromptFile('a.prompt.md', '---\ndescription: "unclosed\n---\n'), { ok: false, problem: { kind: 'frontMatterValue', line: 2, detail: 'description' } });
  });

  it('refuses a name that cannot follow a slash', () => {
    assert.deepEqual(parsePromptFile('a.prompt.md', '---\nname: two words\n---\n'), { ok: false, problem: { kind: 'badName', line: 1, detail: 'two words' } });
  });
});

describe('prompt files: variables', () => {
  it('expands every editor variable', () => {
    const file = parsed(
      ['${selection}|${selectedText}', '${file}|${fileBasename}|${fileDirname}|${fileBasenameNoExtension}', '${workspaceFolder}|${workspaceFolderBasename}'].join('\n'),
    );
    assert.deepEqual(promptInputs(file), { ok: true, value: [] });
    assert.equal(
      expandPrompt(file, EDITOR, {}),
      ['const a = 1;|const a = 1;', '/w/app/src/cart.service.ts|cart.service.ts|/w/app/src|cart.service', '/w/app|app'].join('\n'),
    );
  });

  it('reads Windows paths too', () => {
    const file = parsed('${fileBasename} ${fileDirname} ${workspaceFolderBasename}');
    assert.equal(expandPrompt(file, { selection: '', file: 'C:\\w\\app\\main.py', workspaceFolder: 'C:\\w\\app' }, {}), 'main.py C:\\w\\app app');
  });

  it('lists each ${input:…} once with its placeholder, and fills them in', () => {
    const file = parsed('---\nname: x\n---\nFor ${input:audience:who reads it}, in ${input:tone}; again ${input:audience}.');
    assert.deepEqual(promptInputs(file), { ok: true, value: [{ name: 'audience', placeholder: 'who reads it' }, { name: 'tone' }] });
    assert.equal(expandPrompt(file, EDITOR, { audience: 'juniors', tone: 'plain words' }), 'For juniors, in plain words; again juniors.');
  });

  it('names an unknown variable and its line in the file', () => {
    const file = parsed('---\nname: x\n---\nFirst line\nUse ${clipboard} here');
    assert.deepEqual(promptInputs(file), { ok: false, problem: { kind: 'unknownVariable', line: 5, detail: '${clipboard}' } });
  });

  it('appends the argument typed after the name, and nothing when it is blank', () => {
    assert.equal(withArgument('Review it.\n', ' for races '), 'Review it.\n\nfor races');
    assert.equal(withArgument('Review it.\n', '  '), 'Review it.\n');
  });
});

describe('prompt files: links', () => {
  it('finds links to files with their lines, decoded, without fragments; web, mail and anchors are not files', () => {
    const file = parsed('---\nname: x\n---\nFollow [the guide](../docs/style%20guide.md#naming).\n\nSee [site](https://example.invalid), [me](mailto:a@b.c), [top](#top)\nand [api](<api.md> "API").');
    assert.deepEqual(promptLinks(file), [
      { target: '../docs/style guide.md', line: 4 },
      { target: 'api.md', line: 7 },
    ]);
  });
});

describe('slash commands', () => {
  it('reads /name and the argument at the start of a message only', () => {
    assert.deepEqual(parseSlash('/review  for races\nand leaks'), { name: 'review', argument: 'for races\nand leaks' });
    assert.deepEqual(parseSlash(' /new'), { name: 'new', argument: '' });
    assert.equal(parseSlash('/usr/bin is missing'), undefined, 'a path is a question');
    assert.equal(parseSlash('what does /fix do?'), undefined);
  });

  it('knows which built-in commands ask the model, and adds the argument to their instruction', () => {
    assert.deepEqual(['explain', 'fix', 'tests', 'doc', 'new', 'toString'].map(isBuiltinSlash), [true, true, true, true, false, false]);
    assert.equal(builtinPrompt('tests', 'with vitest'), `${BUILTIN_SLASH_PROMPTS.tests}\n\nwith vitest`);
  });
});
