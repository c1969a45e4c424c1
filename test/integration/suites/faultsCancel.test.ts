// The fault matrix, continued: cancels from every place the user can stop a request, and faults during a
// refactor, where the rule is that the document is never left half-edited.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Scenario } from '../../support/fakeServer';
import { synthesizeStream } from '../../support/sseStreams';
import { answered, chat, lastTurn, select, snapshot, until } from '../helpers/chat';
import { fakeServer } from '../helpers/fakeServer';
import { lensTitles, openFile, refactorSuite, selectLines } from '../helpers/refactor';
import { rememberSettings, setSetting } from '../helpers/settings';
import { stubWindow, type ShownMessage } from '../helpers/window';

const KEY = 'sk-integration-cancel-4f1d';
const LONG_ANSWER = Array.from({ length: 150 }, (_, i) => `Sentence ${i + 1} of an answer worth stopping.`).join(' ');
const SLOW: Scenario = { kind: 'text', text: LONG_ANSWER, deltaSize: 4, chunking: 200, delayMs: 40 };

const TS = ['// math', 'export function add(a, b) {', '  var sum = a + b;  ', '  return sum;', '}', 'add(1, 2);', ''].join('\n');
const NEW_BODY = ['export function add(a: number, b: number): number {', ...Array.from({ length: 30 }, (_, i) => `  const v${i} = a + b + ${i};`), '  return a + b;', '}'].join('\n');
const PROPOSAL = `\`\`\`ts\n${NEW_BODY}\n\`\`\``;

/** Waits until the server saw request `index` closed by the client. */
async function closedByClient(index = 0): Promise<void> {
  await until(`request ${index} to be closed by Sidekick`, async () => (await fakeServer.requests())[index]?.clientClosed === true);
}

describe('Faults: stopping, and refactors that go wrong', () => {
  const shown = refactorSuite(KEY, rememberSettings('baseUrl', 'maxRetries'), () => setSetting('maxRetries', 0));

  describe('cancel from every place', () => {
    it('the status bar\'s Stop (sidekick.stop) stops the chat answer and keeps what arrived', async () => {
      await chat('sidebar', { type: 'newChat' });
      await fakeServer.enqueue(SLOW);
      await chat('sidebar', { type: 'send', text: 'Tell me a long story', attachSelection: false, attachFile: false });
      await until('part of the answer', async () => ((lastTurn(await snapshot('sidebar'))?.text.length ?? 0) > 40));
      await vscode.commands.executeCommand('sidekick.stop');
      const answer = lastTurn(await answered('sidebar'))!;
      assert.equal(answer.status, 'canceled');
      assert.ok(answer.text.length > 40 && answer.text.length < LONG_ANSWER.length && LONG_ANSWER.startsWith(answer.text));
      await closedByClient();
      assert.deepEqual(shown.messages, [], 'a stop is no error');
    });

    it('Stop in the Explain panel stops its answer', async () => {
      const editor = selectLines(await openFile('explain-stop.ts', TS), 1, 4);
      await select(editor, new vscode.Selection(1, 0, 5, 0));
      await fakeServer.enqueue(SLOW);
      await vscode.commands.executeCommand('sidekick.explainSelection');
      await until('part of the explanation', async () => {
        const snap = await chat('panel');
        return (snap && (lastTurn(snap)?.text.length ?? 0) > 40) || undefined;
      });
      await chat('panel', { type: 'stop' });
      const answer = lastTurn(await answered('panel'))!;
      assert.equal(answer.status, 'canceled');
      assert.ok(LONG_ANSWER.startsWith(answer.text) && answer.text.length > 40);
      await closedByClient();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    /** Starts a refactor of `name` and waits until part of its rewrite is in the document. */
    async function refactorStreaming(name: string): Promise<{ editor: vscode.TextEditor; done: Thenable<unknown> }> {
      const editor = selectLines(await openFile(name, TS), 1, 4);
      await fakeServer.enqueue({ kind: 'text', text: PROPOSAL, deltaSize: 4, chunking: 200, delayMs: 30 });
      const done = vscode.commands.executeCommand('sidekick.refactorSelection', { instruction: 'Add types' });
      await until('the rewrite to stream in', async () => editor.document.getText().includes('const v2 = a + b + 2;'));
      return { editor, done };
    }

    it('the status bar\'s Stop during a refactor puts the original back', async () => {
      const { editor, done } = await refactorStreaming('stop-refactor.ts');
      await vscode.commands.executeCommand('sidekick.stop');
      await done;
      assert.equal(editor.document.getText(), TS);
      assert.equal(editor.document.isDirty, false);
      await closedByClient();
      assert.deepEqual(shown.messages, []);
    });

    it('Stop with the focus in the chat input puts the original back through undo', async () => {
      const { editor, done } = await refactorStreaming('stop-from-chat.ts');
      // The chat's input has the focus now: an undo there would undo the input's text, not the rewrite.
      await vscode.commands.executeCommand('sidekick.openChat');
      await vscode.commands.executeCommand('sidekick.stop');
      await done;
      assert.equal(editor.document.getText(), TS);
      assert.equal(editor.document.isDirty, false, 'undone, not written back: the document is as saved');
      await closedByClient();
    });

    it('Cancel on Test Connection\'s progress closes the request and reports nothing', async () => {
      await fakeServer.enqueue({ kind: 'stall' });
      const source = new vscode.CancellationTokenSource();
      const restore = stubWindow('withProgress', ((options: vscode.ProgressOptions, task: (progress: vscode.Progress<unknown>, token: vscode.CancellationToken) => Thenable<unknown>) => {
        assert.equal(options.cancellable, true, 'the progress offers Cancel');
        return task({ report: () => undefined }, source.token);
      }) as typeof vscode.window.withProgress);
      try {
        const run = vscode.commands.executeCommand('sidekick.testConnection');
        await until('the test request', async () => (await fakeServer.requests()).length === 1);
        source.cancel();
        await run;
      } finally {
        restore();
      }
      await closedByClient();
      assert.deepEqual(shown.messages, [], 'a canceled test shows no result');
    });
  });

  describe('refactor: the document is never half-edited', () => {
    /** Runs a refactor into `scenario`; `streamsFirst`: part of the proposal shows in the editor before the failure. */
    async function refactorFails(name: string, scenario: Scenario, streamsFirst = false): Promise<ShownMessage> {
      const editor = selectLines(await openFile(name, TS), 1, 4);
      await fakeServer.enqueue(scenario);
      const done = vscode.commands.executeCommand('sidekick.refactorSelection', { instruction: 'Add types' });
      if (streamsFirst) {
        await until('part of the proposal in the editor', async () => editor.document.getText().includes('const v1 = a + b + 1;'));
      }
      await done;
      assert.equal(editor.document.getText(), TS, 'the original, byte for byte');
      assert.equal(editor.document.isDirty, false);
      assert.deepEqual(await lensTitles(editor.document), [], 'no review is left');
      const errors = shown.messages.filter((m) => m.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(shown.messages));
      assert.match(errors[0].text, /^Sidekick: the refactor failed; your code is unchanged\. /);
      return errors[0];
    }

    it('a 500 before any text', async () => {
      const error = await refactorFails('http500.ts', { kind: 'json', status: 500, body: { error: { message: 'Internal failure.', type: 'server_error' } } });
      assert.match(error.text, /HTTP 500.*Internal failure/);
      assert.deepEqual(error.actions, ['Retry', 'Show Log']);
    });

    it('a reset mid-stream, after part of the code was written', async () => {
      const sse = synthesizeStream({ text: PROPOSAL, deltaSize: 4 });
      const error = await refactorFails('reset.ts', { kind: 'sse', body: sse, cutAfterBytes: Math.floor(sse.length * 0.6), then: 'reset', chunking: 300, delayMs: 15 }, true);
      assert.match(error.text, /connection was lost while the answer was arriving/);
      assert.deepEqual(error.actions, ['Retry', 'Open Settings', 'Show Log'], 'a refactor cannot be continued: Retry stands in');
    });

    it('stopped at the output token limit: the limit is named, with Retry and Open Settings', async () => {
      const error = await refactorFails('token-limit.ts', { kind: 'text', text: PROPOSAL, terminal: 'incomplete', incompleteReason: 'max_output_tokens' });
      assert.match(error.text, /reached the output token limit \(sidekick\.maxOutputTokens\)/);
      assert.deepEqual(error.actions, ['Retry', 'Open Settings']);
    });

    it('stopped by the content filter: named, with Retry only', async () => {
      const error = await refactorFails('content-filter.ts', { kind: 'text', text: PROPOSAL, terminal: 'incomplete', incompleteReason: 'content_filter' });
      assert.match(error.text, /content filter stopped the answer/);
      assert.deepEqual(error.actions, ['Retry']);
    });

    it('429 with Retry-After: 120 shows the wait', async () => {
      await setSetting('maxRetries', 2);
      try {
        const error = await refactorFails('ratelimit.ts', { kind: 'rateLimit', retryAfter: '120' });
        assert.match(error.text, /the server asks to wait 120 s/);
        assert.equal((await fakeServer.requests()).length, 1);
      } finally {
        await setSetting('maxRetries', 0);
      }
    });

    it('saving while it streams: the review still comes, and Reject restores the original', async () => {
      const editor = selectLines(await openFile('save-streaming.ts', TS), 1, 4);
      await fakeServer.enqueue({ kind: 'text', text: PROPOSAL, deltaSize: 4, chunking: 200, delayMs: 30 });
      const done = vscode.commands.executeCommand('sidekick.refactorSelection', { instruction: 'Add types' });
      await until('the rewrite to stream in', async () => editor.document.getText().includes('const v2 = a + b + 2;'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await done;
      await until('the review', async () => (await lensTitles(editor.document)).some((t) => t.includes('Accept')));
      const expected = TS.replace(/export function add\(a, b\) \{\n[\s\S]*?\n\}\n/, `${NEW_BODY}\n`);
      assert.equal(editor.document.getText(), expected, 'the whole proposal, nothing cut');
      assert.ok(shown.messages.some((m) => m.severity === 'warning' && /saved with a Sidekick edit still pending/.test(m.text)), JSON.stringify(shown.messages));
      await vscode.commands.executeCommand('sidekick.rejectEdit');
      assert.equal(editor.document.getText(), TS);
    });
  });
});
