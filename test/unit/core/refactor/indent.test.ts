import * as assert from 'node:assert/strict';
import { fitIndentation, type IndentTarget } from '../../../../src/core/refactor/indent';
import { CodeStream } from '../../../../src/core/refactor/output';

const spaces4: Omit<IndentTarget, 'selection' | 'linePrefix'> = { insertSpaces: true, tabSize: 4, indentSize: 4, eol: '\n' };
const tabs: Omit<IndentTarget, 'selection' | 'linePrefix'> = { insertSpaces: false, tabSize: 4, indentSize: 4, eol: '\n' };

describe('refactor output: indentation', () => {
  const selection = '        if (a) {\n            b();\n        }\n';

  it('indents code the model gave without indentation to the selection\'s base', () => {
    const fitted = fitIndentation('if (a) {\n    b();\n    c();\n}', { ...spaces4, selection, linePrefix: '' });
    assert.equal(fitted, '        if (a) {\n            b();\n            c();\n        }\n');
  });

  it('keeps code the model gave with the original indentation', () => {
    const fitted = fitIndentation('        if (a) {\n            c();\n        }', { ...spaces4, selection, linePrefix: '' });
    assert.equal(fitted, '        if (a) {\n            c();\n        }\n');
  });

  it('converts the model\'s spaces to the document\'s tabs, level by level', () => {
    const target = { ...tabs, selection: '\tif (a) {\n\t\tb();\n\t}\n', linePrefix: '' };
    assert.equal(fitIndentation('if (a) {\n    b();\n    if (c) {\n        d();\n    }\n}', target), '\tif (a) {\n\t\tb();\n\t\tif (c) {\n\t\t\td();\n\t\t}\n\t}\n');
    assert.equal(fitIndentation('if (a) {\n  b();\n}', target), '\tif (a) {\n\t\tb();\n\t}\n', 'a 2-space model level is one tab');
  });

  it('converts the model\'s tabs to the document\'s spaces of its indent size', () => {
    const target = { ...spaces4, indentSize: 2, selection: '  f() {\n    g();\n  }', linePrefix: '' };
    assert.equal(fitIndentation('f() {\n\tg();\n\tif (x) {\n\t\th();\n\t}\n}', target), '  f() {\n    g();\n    if (x) {\n      h();\n    }\n  }');
  });

  it('does not indent the first line twice when the selection starts after the indentation', () => {
    const fitted = fitIndentation('a();\nb();', { ...spaces4, selection: 'x();\n    y();', linePrefix: '    ' });
    assert.equal(fitted, 'a();\n    b();');
  });

  it('continues a selection that starts in the middle of a line', () => {
    const fitted = fitIndentation('compute(\n    a,\n)', { ...spaces4, selection: 'compute(a)', linePrefix: '    const x = ' });
    assert.equal(fitted, 'compute(\n        a,\n    )');
  });

  it('uses the document\'s CRLF and ends with a line break exactly when the selection did', () => {
    const target = { ...spaces4, eol: '\r\n' as const, selection: '    a();\r\n    b();\r\n', linePrefix: '' };
    assert.equal(fitIndentation('a();\nb();', target), '    a();\r\n    b();\r\n');
    assert.equal(fitIndentation('a();\nb();', { ...target, selection: '    a();\r\n    b();' }), '    a();\r\n    b();');
  });

  it('leaves blank lines empty and keeps lines less indented than the first', () => {
    const fitted = fitIndentation('    a();\n\n}\nb();', { ...spaces4, selection: '        a();\n    }\n    b();\n', linePrefix: '' });
    assert.equal(fitted, '        a();\n\n    }\n    b();\n');
  });

  it('keeps comment alignment that is not an indentation level', () => {
    const fitted = fitIndentation('/**\n * Adds.\n */\nfunction add() {\n  return 1;\n}', { ...tabs, selection: '\tfunction add() {\n\t\treturn 1;\n\t}\n', linePrefix: '' });
    assert.equal(fitted, '\t/**\n\t * Adds.\n\t */\n\tfunction add() {\n\t\treturn 1;\n\t}\n');
  });

  it('keeps the blank lines the selection starts with', () => {
    const fitted = fitIndentation('a();', { ...spaces4, selection: '\n\n    x();\n', linePrefix: '    ' });
    assert.equal(fitted, '\n\n    a();\n');
  });

  it('gives nothing for no code, so an empty answer is never written', () => {
    assert.equal(fitIndentation('', { ...spaces4, selection: '    x();\n', linePrefix: '' }), '');
  });

  it('fits a fenced, indented answer the same at every split', () => {
    const answer = 'Here is the code:\n```js\n    if (a) {\n        b();\n    }\n```\nDone.';
    const target = { ...tabs, selection: '\t\tif (a) {\n\t\t\tc();\n\t\t}\n', linePrefix: '' };
    const expected = '\t\tif (a) {\n\t\t\tb();\n\t\t}\n';
    for (let at = 0; at <= answer.length; at++) {
      const stream = new CodeStream();
      for (const delta of [answer.slice(0, at), answer.slice(at)]) {
        stream.push(delta);
        assert.doesNotMatch(fitIndentation(stream.code(), target), /```|Here|Done| {4}/, `split at ${at}`);
      }
      assert.equal(fitIndentation(stream.code(true), target), expected, `split at ${at}`);
    }
  });
});
