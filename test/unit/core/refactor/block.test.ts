import * as assert from 'node:assert/strict';
import { enclosingBlock, enclosingBlockByIndent, enclosingSymbol } from '../../../../src/core/refactor/block';

const ts = `import x from 'x';

function outer(a: number) {
  const b = a + 1;
  if (b > 2) {
    console.log(b);
  }
  return b;
}

const top = 1;
const other = 2;
`.split('\n');

const py = `@cache
def f(x):
    y = x * 2

    return y

print(f(2))
`.split('\n');

describe('enclosing block', () => {
  it('takes the innermost indented block around a line, with its closing brace', () => {
    assert.deepEqual(enclosingBlockByIndent(ts, 5), { start: 4, end: 6 });
    assert.deepEqual(enclosingBlockByIndent(ts, 3), { start: 2, end: 8 });
    assert.deepEqual(enclosingBlockByIndent(ts, 7), { start: 2, end: 8 });
  });

  it('takes the block a line opens, and the block a closing line closes', () => {
    assert.deepEqual(enclosingBlockByIndent(ts, 2), { start: 2, end: 8 });
    assert.deepEqual(enclosingBlockByIndent(ts, 4), { start: 4, end: 6 });
    assert.deepEqual(enclosingBlockByIndent(ts, 8), { start: 2, end: 8 });
  });

  it('handles Python blocks with blank lines inside and decorators above', () => {
    assert.deepEqual(enclosingBlockByIndent(py, 4), { start: 0, end: 4 });
    assert.deepEqual(enclosingBlockByIndent(py, 3), { start: 0, end: 4 });
  });

  it('falls back to the paragraph at top level, and finds nothing in an empty file', () => {
    assert.deepEqual(enclosingBlockByIndent(ts, 10), { start: 10, end: 11 });
    assert.deepEqual(enclosingBlockByIndent(ts, 0), { start: 0, end: 0 });
    assert.equal(enclosingBlockByIndent(['', '  ', ''], 1), undefined);
    assert.equal(enclosingBlockByIndent([], 0), undefined);
  });

  it('prefers the innermost multi-line symbol the language reports', () => {
    const symbols = [
      { start: 0, end: 40 },
      { start: 5, end: 20 },
      { start: 8, end: 12 },
      { start: 9, end: 9 },
    ];
    assert.deepEqual(enclosingSymbol(symbols, 9), { start: 8, end: 12 });
    assert.deepEqual(enclosingSymbol(symbols, 15), { start: 5, end: 20 });
    assert.equal(enclosingSymbol(symbols, 50), undefined);
    assert.deepEqual(enclosingBlock(ts, 5, [{ start: 2, end: 8 }]), { start: 2, end: 8 });
    assert.deepEqual(enclosingBlock(ts, 5, []), { start: 4, end: 6 });
  });
});
