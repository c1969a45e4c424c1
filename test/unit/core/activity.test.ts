import * as assert from 'node:assert/strict';
import { Activity, type ActivityState } from '../../../src/core/activity';

describe('Activity (what the status bar shows)', () => {
  it('counts streamed text as about one token per four characters, then shows the exact usage', () => {
    const activity = new Activity();
    const seen: ActivityState['kind'][] = [];
    activity.onDidChange((s) => seen.push(s.kind));
    const handle = activity.begin('Explain', () => {});
    handle.delta('x'.repeat(10));
    handle.delta('y'.repeat(30));
    assert.deepEqual(activity.state, { kind: 'streaming', running: [{ id: 1, label: 'Explain', tokens: 10 }], tokens: 10 });
    handle.end({ ok: true, usage: { outputTokens: 57 } });
    assert.deepEqual(activity.state, { kind: 'idle', lastOutputTokens: 57 });
    assert.deepEqual(seen, ['streaming', 'streaming', 'streaming', 'idle']);
  });

  it('keeps the estimate when the server reports no usage', () => {
    const activity = new Activity();
    const handle = activity.begin('Chat', () => {});
    handle.delta('abcdefghi');
    handle.end({ ok: true });
    assert.deepEqual(activity.state, { kind: 'idle', lastOutputTokens: 3 });
  });

  it('shows an error until the next request or until cleared; a cancel is not an error', () => {
    const activity = new Activity();
    const kind = () => activity.state.kind;
    activity.begin('Chat', () => {}).end({ ok: false, message: 'The API key was rejected (HTTP 401).' });
    assert.deepEqual(activity.state, { kind: 'error', message: 'The API key was rejected (HTTP 401).' });
    activity.clearError();
    assert.equal(kind(), 'idle');
    activity.begin('Chat', () => {}).end({ ok: false, message: 'boom' });
    const next = activity.begin('Chat', () => {});
    assert.equal(kind(), 'streaming');
    next.end({ ok: false, canceled: true });
    assert.equal(kind(), 'idle');
  });

  it('streams while any request runs, sums their tokens, and stops one or all', () => {
    const activity = new Activity();
    const aborted: string[] = [];
    const a = activity.begin('Explain', () => aborted.push('Explain'));
    const b = activity.begin('Chat', () => aborted.push('Chat'));
    a.delta('a'.repeat(8));
    b.delta('b'.repeat(4));
    const state = activity.state;
    assert.equal(state.kind, 'streaming');
    assert.equal(state.kind === 'streaming' && state.tokens, 3);
    activity.stop(2);
    assert.deepEqual(aborted, ['Chat']);
    b.end({ ok: false, canceled: true });
    activity.stop();
    assert.deepEqual(aborted, ['Chat', 'Explain']);
    a.end({ ok: false, canceled: true });
    assert.equal(activity.state.kind, 'idle');
  });

  it('ignores deltas and ends after the first end', () => {
    const activity = new Activity();
    const handle = activity.begin('Chat', () => {});
    handle.end({ ok: true, usage: { outputTokens: 5 } });
    handle.delta('more text after the end');
    handle.end({ ok: false, message: 'late failure' });
    assert.deepEqual(activity.state, { kind: 'idle', lastOutputTokens: 5 });
  });
});
