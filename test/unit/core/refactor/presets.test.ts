import * as assert from 'node:assert/strict';
import { instructionGroups, RECENT_LIMIT, rememberInstruction } from '../../../../src/core/refactor/presets';

describe('refactor instructions', () => {
  const builtIn = ['Improve readability', 'Add types', 'Fix bugs'];

  it('lists recent, then the user\'s presets, then the built-in ones, each instruction once', () => {
    const groups = instructionGroups(builtIn, ['Use early returns', ' add types ', 'Fix bugs'], ['fix bugs', 'Translate comments to English']);
    assert.deepEqual(groups, {
      recent: ['fix bugs', 'Translate comments to English'],
      user: ['Use early returns', 'add types'],
      builtIn: ['Improve readability'],
    });
  });

  it('ignores a malformed setting or state instead of failing', () => {
    assert.deepEqual(instructionGroups(builtIn, 'not a list', [42, '', '  ', null]), { recent: [], user: [], builtIn });
  });

  it('remembers the latest instruction first, once, and only the last few', () => {
    let recent: string[] = [];
    for (let i = 0; i < RECENT_LIMIT + 3; i++) {
      recent = rememberInstruction(recent, `step ${i}`);
    }
    assert.equal(recent.length, RECENT_LIMIT);
    assert.equal(recent[0], `step ${RECENT_LIMIT + 2}`);
    assert.deepEqual(rememberInstruction(['A', 'b', 'C'], ' B '), ['B', 'A', 'C']);
  });
});
