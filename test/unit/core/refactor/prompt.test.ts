import * as assert from 'node:assert/strict';
import { buildRefactorInput, REFACTOR_DEFAULTS } from '../../../../src/core/refactor/prompt';

describe('refactor prompt', () => {
  const request = {
    instruction: '  Add types ',
    languageId: 'typescript',
    fileName: 'math.ts',
    selection: 'function add(a, b) {\r\n  return a + b;\r\n}\r\n',
    before: '// math helpers\r\n',
    after: 'export { add };\r\n',
  };

  it('asks for the replacement code only, with nothing in the prompt that is not for the model', () => {
    const [system, user] = buildRefactorInput(request);
    assert.equal(system.role, 'system');
    assert.match(system.content, /^You rewrite a selection of source code as the user instructs\.\n/);
    assert.match(system.content, /replacement code only/);
    assert.equal(user.role, 'user');
    assert.match(user.content, /^Instruction: Add types\n/);
    assert.match(user.content, /File: math\.ts \(language: typescript\)/);
  });

  it('sends the selection and read-only context in fences, with the selection\'s text intact', () => {
    const user = buildRefactorInput(request)[1].content;
    assert.ok(user.includes('Selection to rewrite:\n```typescript\nfunction add(a, b) {\n  return a + b;\n}\n\n```'));
    assert.ok(user.includes('Context before the selection (read-only):\n```typescript\n// math helpers\n\n```'));
    assert.ok(user.includes('Context after the selection (read-only):\n```typescript\nexport { add };\n\n```'));
    assert.ok(user.indexOf('Context before') < user.indexOf('Selection to rewrite') && user.indexOf('Selection to rewrite') < user.indexOf('Context after'));
  });

  it('leaves out empty context and fences code that holds fences with a longer fence', () => {
    const user = buildRefactorInput({ ...request, before: '\n', after: '', selection: 'const md = "```js\\n```";' })[1].content;
    assert.doesNotMatch(user, /Context/);
    assert.ok(user.includes('````typescript\nconst md = "```js\\n```";\n````'));
  });

  it('adds the definitions and problems after the selection and the instructions to the system part', () => {
    const [system, user] = buildRefactorInput({ ...request, context: 'Definitions the selected code uses: DEFS', instructions: 'Project instructions: RULES' });
    assert.match(system.content, /^You rewrite [\s\S]*\n\nProject instructions: RULES$/);
    assert.ok(user.content.indexOf('DEFS') > user.content.indexOf('Selection to rewrite'));
    assert.ok(!user.content.includes('RULES'));
  });

  it('defaults to medium reasoning and low verbosity', () => {
    assert.deepEqual(REFACTOR_DEFAULTS, { reasoningEffort: 'medium', verbosity: 'low' });
  });
});
