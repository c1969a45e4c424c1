import * as assert from 'node:assert/strict';
import { definitionsBlock, isDependencyPath, pickDeclarations, type Declaration } from '../../../../src/core/context/definitions';
import { usedNames } from '../../../../src/core/context/identifiers';
import { agentsCandidates, instructionsBlock, parseFrontMatter, pickAgents } from '../../../../src/core/context/instructions';
import { fixInstruction, problemsBlock } from '../../../../src/core/context/problems';
import { contextTexts, emptyProjectContext, withTexts } from '../../../../src/core/context/projectContext';

function decl(name: string, uses: number, text: string, over: Partial<Declaration> = {}): Declaration {
  return { names: [name], uses, path: 'src/a.ts', uri: 'file:///w/src/a.ts', languageId: 'typescript', startLine: 0, endLine: text.split('\n').length - 1, text, dependency: false, ...over };
}

describe('used names', () => {
  it('counts the names code uses, most used first, and skips keywords, comments and strings', () => {
    const names = usedNames("const total = sum(items.map((i) => price(i)));\n// helper(x)\nlog('helper', sum(total));", 10);
    assert.deepEqual(names.map((n) => n.name), ['sum', 'items', 'map', 'price', 'log'], 'total and i are declared here');
    assert.equal(names.find((n) => n.name === 'sum')?.count, 2);
    assert.equal(names.find((n) => n.name === 'helper'), undefined);
  });

  it('reads the expressions inside template literals but not their text', () => {
    const names = usedNames('const s = `Hello ${format(user.name)} and welcome`;', 10).map((n) => n.name);
    assert.deepEqual(names, ['format', 'user', 'name']);
  });

  it('points at the first occurrence and honours the limit', () => {
    const names = usedNames('  alpha(beta); beta(); gamma();', 2);
    assert.deepEqual(names, [{ name: 'beta', offset: 8, count: 2 }, { name: 'alpha', offset: 2, count: 1 }]);
  });

  it('treats # as a comment only where the language does', () => {
    assert.deepEqual(usedNames('x = load() # parse(x)', 5, true).map((n) => n.name), ['load', 'x']);
    assert.ok(usedNames('this.#secret = parse(v)', 5).some((n) => n.name === 'secret'));
  });
});

describe('picking declarations', () => {
  it('attaches the most used first, whole, and leaves out what does not fit with a note', () => {
    const big = decl('big', 1, 'x'.repeat(80), { startLine: 10, endLine: 10 });
    const used = decl('used', 5, 'function used() {}', { startLine: 20, endLine: 20 });
    const small = decl('small', 1, 'type Small = 1;', { startLine: 30, endLine: 30 });
    const picked = pickDeclarations([big, small, used], 40);
    assert.deepEqual(picked.attached.map((d) => d.names[0]), ['used', 'small']);
    assert.deepEqual(picked.omitted.map((d) => d.names[0]), ['big']);
    assert.ok(picked.chars <= 40);
    assert.match(definitionsBlock(picked), /Left out to fit the context budget: 1 more definition\(s\), of `big`/);
  });

  it('sends a symbol once with the uses of every name that led to it, and a class instead of its method', () => {
    const cls = decl('Cart', 1, 'class Cart {\n  add() {}\n}', { startLine: 0, endLine: 2 });
    const method = decl('add', 3, '  add() {}', { startLine: 1, endLine: 1 });
    const again = decl('Cart', 2, 'class Cart {\n  add() {}\n}', { startLine: 0, endLine: 2 });
    const picked = pickDeclarations([method, cls, again], 1000);
    assert.equal(picked.attached.length, 1);
    assert.equal(picked.attached[0].uses, 3);
  });

  it('keeps only a one-line signature of a dependency', () => {
    const dep = decl('debounce', 2, '/** doc */\nexport declare function debounce(f: F, ms: number): F;\n', { path: 'node_modules/lodash/debounce.d.ts', dependency: true });
    const picked = pickDeclarations([dep], 1000);
    assert.equal(picked.attached.length, 0);
    assert.match(definitionsBlock(picked), /`node_modules\/lodash\/debounce.d.ts`: `export declare function debounce\(f: F, ms: number\): F;`/);
  });

  it('knows dependency folders', () => {
    assert.ok(isDependencyPath('node_modules/x/index.d.ts'));
    assert.ok(isDependencyPath('packages/a/node_modules/x.ts'));
    assert.ok(!isDependencyPath('src/vendors.ts'));
  });
});

describe('project instructions', () => {
  it('looks for AGENTS.md from the file folder up to the root', () => {
    assert.deepEqual(agentsCandidates('src/billing'), ['src/billing/AGENTS.md', 'src/AGENTS.md', 'AGENTS.md']);
    assert.deepEqual(agentsCandidates(''), ['AGENTS.md']);
    assert.deepEqual(pickAgents(['src/billing/AGENTS.md', 'AGENTS.md']), ['src/billing/AGENTS.md', 'AGENTS.md']);
    assert.deepEqual(pickAgents(['src/AGENTS.md']), ['src/AGENTS.md']);
    assert.deepEqual(pickAgents(['AGENTS.md']), ['AGENTS.md']);
  });

  it('reads applyTo globs from the front matter', () => {
    assert.deepEqual(parseFrontMatter('---\napplyTo: "**/*.ts, src/**"\n---\nUse tabs.\n'), { applyTo: ['**/*.ts', 'src/**'], body: 'Use tabs.\n' });
    assert.deepEqual(parseFrontMatter('No front matter'), { applyTo: [], body: 'No front matter' });
  });

  it('cuts to the budget with a note the model reads', () => {
    const cut = instructionsBlock([{ path: 'AGENTS.md', text: 'a'.repeat(50) }, { path: '.github/copilot-instructions.md', text: 'b' }], 20);
    assert.ok(cut.truncated);
    assert.deepEqual(cut.files, ['AGENTS.md']);
    assert.match(cut.text, /Cut to fit the instructions budget: 20 of 50 characters/);
    assert.match(cut.text, /1 more instruction file\(s\) left out/);
    assert.equal(instructionsBlock([], 100).text, '');
  });
});

describe('problems', () => {
  it('lists errors and warnings with their line and source', () => {
    const block = problemsBlock('src/a.ts', [{ severity: 'error', line: 3, message: "Cannot find name 'x'.", source: 'ts', code: '2304' }]);
    assert.equal(block, "Problems VS Code reports in the selected code of `src/a.ts`:\n- error on line 3 (ts 2304): Cannot find name 'x'.");
    assert.equal(problemsBlock('a', []), '');
    assert.match(fixInstruction({ severity: 'warning', line: 1, message: 'unused' }), /^Fix this warning on line 1: unused\. Change nothing else\.$/);
  });
});

describe('secret scan of the context', () => {
  it('hands every text out and takes the redacted ones back in the same order', () => {
    const ctx = emptyProjectContext('a.ts', 100);
    ctx.declarations.attached.push(decl('a', 1, 'A'));
    ctx.declarations.signatures.push(decl('b', 1, 'B', { dependency: true }));
    ctx.instructions.push({ path: 'AGENTS.md', text: 'C' });
    assert.deepEqual(contextTexts(ctx).map((t) => t.text), ['A', 'B', 'C']);
    const back = withTexts(ctx, ['a', 'b', 'c']);
    assert.deepEqual(contextTexts(back).map((t) => t.text), ['a', 'b', 'c']);
    assert.equal(contextTexts(ctx)[0].text, 'A');
  });
});

describe('used names: what the code declares itself', () => {
  it('does not look up names the code declares, nor arrow-function parameters, but keeps the types they use', () => {
    const names = usedNames('const total = items.map((item, i: number) => price(item) * i);\nfunction fmt(m: Money) { return m; }\nlist.forEach(x => log(x));', 20).map((n) => n.name);
    assert.deepEqual(names.sort(), ['Money', 'forEach', 'items', 'list', 'log', 'm', 'map', 'price'].sort());
  });
});
