import * as assert from 'node:assert/strict';
import { CodeStream, extractCode } from '../../../../src/core/refactor/output';

/** Answers a model gives, and the code that must replace the selection. */
const CASES: { name: string; answer: string; code: string }[] = [
  {
    name: 'chatter, a fenced block, and a note after it',
    answer: 'Here is the refactored code:\n\n```typescript\nconst a = 1;\nconst b = 2;\n```\n\nThis version uses `const`.',
    code: 'const a = 1;\nconst b = 2;',
  },
  {
    name: 'bare code with a final line break',
    answer: 'function f() {\n  return 1;\n}\n',
    code: 'function f() {\n  return 1;\n}',
  },
  {
    name: 'a fence without a language',
    answer: '```\nx = 1\n```',
    code: 'x = 1',
  },
  {
    name: 'a tilde fence',
    answer: '~~~python\ndef f():\n    pass\n~~~\n',
    code: 'def f():\n    pass',
  },
  {
    name: 'Chinese chatter before and after',
    answer: '以下是重构后的代码：\n```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```\n说明：添加了类型注解。',
    code: 'def add(a: int, b: int) -> int:\n    return a + b',
  },
  {
    name: 'backticks inside the code',
    answer: '```js\nconst s = `a${b}`;\nconst t = ``;\n```',
    code: 'const s = `a${b}`;\nconst t = ``;',
  },
  {
    name: 'a longer fence around code that holds a fence',
    answer: '````markdown\nSee:\n```js\nx()\n```\n````\n',
    code: 'See:\n```js\nx()\n```',
  },
  {
    name: 'Python whose first line ends with a colon',
    answer: 'if ok:\n    run()\n',
    code: 'if ok:\n    run()',
  },
  {
    name: '"Sure!" and bold chatter',
    answer: 'Sure! Here\'s the code:\n**Refactored code:**\n```go\nfunc f() {}\n```',
    code: 'func f() {}',
  },
  {
    name: 'CRLF line breaks from the model',
    answer: '```c\r\nint x;\r\nint y;\r\n```\r\n',
    code: 'int x;\nint y;',
  },
  {
    name: 'a fence cut off by the end of the stream',
    answer: '```ts\nconst a = 1;\nconst b',
    code: 'const a = 1;\nconst b',
  },
  {
    name: 'bare code ended by a stray fence',
    answer: 'let x = 1;\n```\nExplanation follows.',
    code: 'let x = 1;',
  },
  {
    name: 'indentation and trailing spaces inside the code',
    answer: '```\n    a();  \n\n    b();\n```',
    code: '    a();  \n\n    b();',
  },
  {
    name: 'chatter only',
    answer: 'Here is the code:\n',
    code: '',
  },
];

function feed(deltas: string[], onStep: (shown: string) => void): string {
  const stream = new CodeStream();
  for (const delta of deltas) {
    stream.push(delta);
    onStep(stream.code());
  }
  return stream.code(true);
}

function assertSafePrefix(shown: string, code: string, where: string): void {
  assert.ok(code.startsWith(shown), `${where}: shown ${JSON.stringify(shown)} is not a prefix of ${JSON.stringify(code)}`);
}

/** A small deterministic generator, so a failing split can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('refactor output: fences and chatter', () => {
  for (const { name, answer, code } of CASES) {
    describe(name, () => {
      it('gives the code when the answer arrives whole', () => {
        assert.equal(extractCode(answer, true), code);
      });

      it('gives the same code, and only prefixes of it on the way, split at every position', () => {
        for (let at = 0; at <= answer.length; at++) {
          const result = feed([answer.slice(0, at), answer.slice(at)], (shown) => assertSafePrefix(shown, code, `split at ${at}`));
          assert.equal(result, code, `split at ${at}`);
        }
      });

      it('shows only prefixes of the code when every character is its own delta', () => {
        const result = feed([...answer], (shown) => assertSafePrefix(shown, code, 'one character per delta'));
        assert.equal(result, code);
      });

      it('gives the same code split at many random places at once', () => {
        const next = random(answer.length);
        for (let round = 0; round < 50; round++) {
          const cuts = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => Math.floor(next() * answer.length)))].sort((a, b) => a - b);
          const deltas = [0, ...cuts].map((cut, i, all) => answer.slice(cut, all[i + 1] ?? answer.length));
          const result = feed(deltas, (shown) => assertSafePrefix(shown, code, `cuts ${cuts.join(',')}`));
          assert.equal(result, code, `cuts ${cuts.join(',')}`);
        }
      });
    });
  }

  it('never shows the chatter or the fence of a fenced answer', () => {
    const answer = CASES[0].answer;
    feed([...answer], (shown) => {
      assert.doesNotMatch(shown, /Here is|```|This version/);
    });
  });

  it('holds back an unfinished first line until it is known not to be chatter', () => {
    assert.equal(extractCode('Here is the', false), '');
    assert.equal(extractCode('const x', false), '');
    assert.equal(extractCode('const x = 1;\nconst', false), 'const x = 1;\nconst');
  });
});
