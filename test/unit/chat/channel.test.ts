import * as assert from 'node:assert/strict';
import { mock } from 'node:test';
import type * as vscode from 'vscode';
import { DELTA_INTERVAL_MS, WebviewChannel } from '../../../src/chat/channel';
import type { HostToWebview, WebviewToHost } from '../../../src/protocol';

/** The two members of vscode.Webview the channel uses, recording what is posted. */
class RecordingWebview {
  readonly posted: HostToWebview[] = [];
  private listener: ((message: WebviewToHost) => void) | undefined;
  onDidReceiveMessage = (listener: (message: WebviewToHost) => void) => {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  };
  postMessage(message: HostToWebview): Promise<boolean> {
    this.posted.push(message);
    return Promise.resolve(true);
  }
  fromWebview(message: WebviewToHost): void {
    this.listener?.(message);
  }
}

describe('webview channel', () => {
  let webview: RecordingWebview;
  let received: WebviewToHost[];
  let inits: number;
  let channel: WebviewChannel;
  beforeEach(() => {
    // The batching interval is the subject: time moves only when a test ticks it.
    mock.timers.enable({ apis: ['setTimeout'] });
    webview = new RecordingWebview();
    received = [];
    inits = 0;
    channel = new WebviewChannel(webview as unknown as vscode.Webview, {
      init: () => {
        inits++;
        return { type: 'busy', busy: inits > 1 };
      },
      receive: (message) => received.push(message),
    });
  });
  afterEach(() => {
    channel.dispose();
    mock.timers.reset();
  });

  it('posts nothing before ready, then the full state first, then the queued focus request', () => {
    channel.post({ type: 'busy', busy: true });
    channel.post({ type: 'focusInput' });
    channel.postDelta('t1', { text: 'lost?' });
    assert.deepEqual(webview.posted, []);
    webview.fromWebview({ type: 'ready' });
    assert.deepEqual(webview.posted, [{ type: 'busy', busy: false }, { type: 'focusInput' }]);
    assert.deepEqual(received, [], 'ready is the channel\'s own business');
  });

  it('batches deltas: one post per interval carrying only the new text', () => {
    webview.fromWebview({ type: 'ready' });
    webview.posted.length = 0;
    for (const piece of ['He', 'll', 'o']) channel.postDelta('t1', { text: piece });
    channel.postDelta('t1', { reasoning: 'hmm' });
    mock.timers.tick(DELTA_INTERVAL_MS - 1);
    assert.deepEqual(webview.posted, [], 'nothing posted before the interval ends');
    mock.timers.tick(1);
    assert.deepEqual(webview.posted, [{ type: 'delta', turnId: 't1', text: 'Hello', reasoning: 'hmm' }]);
    channel.postDelta('t1', { text: ', world' });
    mock.timers.tick(DELTA_INTERVAL_MS);
    assert.deepEqual(webview.posted.slice(1), [{ type: 'delta', turnId: 't1', text: ', world' }]);
  });

  it('keeps the beat from post to post while text flows, and stops it when an interval brings nothing', () => {
    webview.fromWebview({ type: 'ready' });
    webview.posted.length = 0;
    channel.postDelta('t1', { text: 'a' });
    mock.timers.tick(DELTA_INTERVAL_MS);
    assert.equal(webview.posted.length, 1);
    // A delta arriving 10 ms after a post goes out one interval after that post, not after itself.
    mock.timers.tick(10);
    channel.postDelta('t1', { text: 'b' });
    mock.timers.tick(DELTA_INTERVAL_MS - 10);
    assert.deepEqual(webview.posted.slice(1), [{ type: 'delta', turnId: 't1', text: 'b' }]);
    // An interval with nothing new: nothing posted, and the beat ends.
    mock.timers.tick(DELTA_INTERVAL_MS);
    assert.equal(webview.posted.length, 2);
    // Text after a pause waits one whole interval from its arrival.
    mock.timers.tick(30);
    channel.postDelta('t1', { text: 'c' });
    mock.timers.tick(DELTA_INTERVAL_MS - 1);
    assert.equal(webview.posted.length, 2, 'after a pause the beat starts again from the new text');
    mock.timers.tick(1);
    assert.deepEqual(webview.posted.slice(2), [{ type: 'delta', turnId: 't1', text: 'c' }]);
  });

  it('posts pending text before what follows it', () => {
    webview.fromWebview({ type: 'ready' });
    webview.posted.length = 0;
    channel.postDelta('t1', { text: 'the end' });
    channel.post({ type: 'turnFinished', turnId: 't1', status: 'done' });
    assert.deepEqual(
      webview.posted.map((m) => m.type),
      ['delta', 'turnFinished'],
    );
  });

  it('after a reset drops deltas and answers the next ready with a fresh full state', () => {
    webview.fromWebview({ type: 'ready' });
    channel.reset();
    webview.posted.length = 0;
    channel.postDelta('t1', { text: 'while hidden' });
    channel.post({ type: 'busy', busy: true });
    mock.timers.tick(DELTA_INTERVAL_MS);
    assert.deepEqual(webview.posted, [], 'a hidden webview gets nothing');
    webview.fromWebview({ type: 'ready' });
    assert.deepEqual(webview.posted, [{ type: 'busy', busy: true }]);
    assert.equal(inits, 2);
  });

  it('posts chips only when they differ from what the webview shows, without sending pending text early', () => {
    const chips = (label: string): HostToWebview => ({ type: 'chips', chips: [{ kind: 'selection', label, available: true, on: true }] });
    webview.fromWebview({ type: 'ready' });
    webview.posted.length = 0;
    channel.post(chips('Selection (a.ts:1)'));
    channel.postDelta('t1', { text: 'Hello' });
    channel.post(chips('Selection (a.ts:1)'));
    assert.deepEqual(webview.posted, [chips('Selection (a.ts:1)')], 'the same chips again: nothing, and the text waits for its interval');
    channel.post(chips('Selection (a.ts:2)'));
    assert.deepEqual(webview.posted.slice(1), [{ type: 'delta', turnId: 't1', text: 'Hello' }, chips('Selection (a.ts:2)')]);
    // A reloaded webview shows what its init carried: the chips are posted again.
    channel.reset();
    webview.fromWebview({ type: 'ready' });
    webview.posted.length = 0;
    channel.post(chips('Selection (a.ts:2)'));
    assert.deepEqual(webview.posted, [chips('Selection (a.ts:2)')]);
  });

  it('hands every other message to the controller', () => {
    webview.fromWebview({ type: 'send', text: 'hi', attachSelection: true, attachFile: false });
    webview.fromWebview({ type: 'stop' });
    assert.deepEqual(
      received.map((m) => m.type),
      ['send', 'stop'],
    );
  });
});
