import * as assert from 'node:assert/strict';
import { followChanges, type OffsetChange, type Region } from '../../../../src/core/refactor/region';

/** Applies changes (offsets before the event, as vscode reports them) to a text. */
function apply(text: string, changes: OffsetChange[]): string {
  for (const c of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
    text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
  }
  return text;
}

describe('refactor region: following edits', () => {
  const text = 'head\nREGION\ntail\n';
  const region: Region = { start: 5, end: 11 };
  const follow = (changes: OffsetChange[]) => {
    const result = followChanges(region, changes);
    return { ...result, covered: apply(text, changes).slice(result.region.start, result.region.end) };
  };

  it('moves with text typed or deleted above it', () => {
    assert.deepEqual(follow([{ rangeOffset: 0, rangeLength: 0, text: 'new line\n' }]), { region: { start: 14, end: 20 }, inside: false, covered: 'REGION' });
    assert.deepEqual(follow([{ rangeOffset: 1, rangeLength: 4, text: '' }]), { region: { start: 1, end: 7 }, inside: false, covered: 'REGION' });
  });

  it('stays put for text changed below it', () => {
    assert.deepEqual(follow([{ rangeOffset: 12, rangeLength: 4, text: 'TAIL!' }]), { region, inside: false, covered: 'REGION' });
  });

  it('keeps an insertion at either edge outside', () => {
    assert.deepEqual(follow([{ rangeOffset: 5, rangeLength: 0, text: '>> ' }]), { region: { start: 8, end: 14 }, inside: false, covered: 'REGION' });
    assert.deepEqual(follow([{ rangeOffset: 11, rangeLength: 0, text: ' <<' }]), { region, inside: false, covered: 'REGION' });
  });

  it('reports a change inside and covers the new text', () => {
    assert.deepEqual(follow([{ rangeOffset: 7, rangeLength: 2, text: 'xyz' }]), { region: { start: 5, end: 12 }, inside: true, covered: 'RExyzON' });
    assert.deepEqual(follow([{ rangeOffset: 3, rangeLength: 4, text: '' }]), { region: { start: 3, end: 7 }, inside: true, covered: 'GION' });
  });

  it('handles several changes of one event (multi-cursor typing) in any order', () => {
    const changes = [
      { rangeOffset: 0, rangeLength: 0, text: '#' },
      { rangeOffset: 12, rangeLength: 0, text: '#' },
      { rangeOffset: 2, rangeLength: 1, text: 'AA' },
    ];
    assert.deepEqual(follow(changes), { region: { start: 7, end: 13 }, inside: false, covered: 'REGION' });
    assert.deepEqual(follow([...changes].reverse()), { region: { start: 7, end: 13 }, inside: false, covered: 'REGION' });
  });
});
