// How answers look and what their controls do: code-block buttons post the exact code, links open
// through the host, reasoning streams into a collapsed Thinking section, usage shows under finished
// answers, errors and cut-off answers offer their actions, and the history panel opens and deletes.
import * as assert from 'node:assert/strict';
import type { Turn, WebviewToHost } from '../../src/protocol';
import { emptyState, initMessage, pagePerTest, type WebviewPage } from './harness';

const TS_CODE = 'const html = `<b>${name}</b>`;\n\tif (a < b && c > d) {\n  return "quote\'s";\n}  ';
const SHELL_CODE = 'echo "$HOME" | grep -v \'x\' > out.txt';
const ANSWER = [
  'Here is the fix, see [the docs](https://example.com/docs?a=1&b=2):',
  '',
  '```ts',
  TS_CODE,
  '```',
  '',
  '- Then run:',
  '',
  '  ```bash',
  `  ${SHELL_CODE}`,
  '  ```',
  '',
  'And an indented block:',
  '',
  '    indented code without language',
].join('\n');

const user: Turn = { id: 'u1', role: 'user', text: 'Fix it', createdAt: 1, attachments: [{ kind: 'selection', label: 'app.ts:3-9', truncated: true }] };

describe('webview: conversation', function () {
  let webview: WebviewPage;
  pagePerTest((page) => {
    webview = page;
  });

  async function show(turns: Turn[], busy = false, host: 'sidebar' | 'panel' = 'panel'): Promise<void> {
    await webview.start(initMessage(emptyState(turns, busy), {
      host,
      history: [
        { id: 'c1', title: 'Test chat', updatedAt: Date.UTC(2025, 0, 2), turnCount: 2 },
        { id: 'c0', title: 'Older chat', updatedAt: Date.UTC(2025, 0, 1), turnCount: 4 },
      ],
    }));
  }

  it('code-block buttons post the exact code and language', async function () {
    await show([user, { id: 'a1', role: 'assistant', text: ANSWER, status: 'done', createdAt: 2 }]);
    const blocks = webview.page.locator('[data-turn-id="a1"] .code-block');
    assert.equal(await blocks.count(), 3);
    await blocks.nth(0).getByRole('button', { name: 'Copy' }).click();
    await blocks.nth(0).getByRole('button', { name: 'Insert at Cursor' }).click();
    await blocks.nth(1).getByRole('button', { name: 'Apply to Selection' }).click();
    // Keyboard: focus a button and press Enter / Space.
    await blocks.nth(2).getByRole('button', { name: 'Insert at Cursor' }).focus();
    await webview.page.keyboard.press('Enter');
    await blocks.nth(2).getByRole('button', { name: 'Copy' }).focus();
    await webview.page.keyboard.press('Space');
    assert.deepEqual(await webview.posted(), [
      { type: 'copyCode', code: TS_CODE },
      { type: 'insertCode', code: TS_CODE, language: 'ts' },
      { type: 'applyCode', code: SHELL_CODE, language: 'bash' },
      { type: 'insertCode', code: 'indented code without language' },
      { type: 'copyCode', code: 'indented code without language' },
    ]);
    // Highlighted: keywords and strings are marked up.
    assert.ok(await blocks.nth(0).locator('.hljs-keyword').count() > 0);
    assert.ok(await blocks.nth(1).locator('.hljs-string').count() > 0);
  });

  it('links open through the host and never navigate the webview', async function () {
    await show([user, { id: 'a1', role: 'assistant', text: ANSWER, status: 'done', createdAt: 2 }]);
    const url = webview.page.url();
    await webview.page.getByRole('link', { name: 'the docs' }).click();
    await webview.page.getByRole('link', { name: 'the docs' }).click({ button: 'middle' });
    await webview.page.getByRole('link', { name: 'the docs' }).focus();
    await webview.page.keyboard.press('Enter');
    await webview.settle();
    const opened = (await webview.posted()).filter((message) => message.type === 'openLink');
    assert.deepEqual(opened, [
      { type: 'openLink', href: 'https://example.com/docs?a=1&b=2' },
      { type: 'openLink', href: 'https://example.com/docs?a=1&b=2' },
    ]);
    assert.equal(webview.page.url(), url);
    assert.equal(webview.requests.filter((request) => request.includes('example.com')).length, 0);
  });

  it('streams reasoning into a collapsed Thinking section and announces only the finished answer', async function () {
    await show([user, { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 2 }], true);
    const thinking = webview.page.locator('[data-turn-id="a1"] details.thinking');
    assert.equal(await thinking.isVisible(), false, 'no Thinking section before any reasoning');
    await webview.page.evaluate(() => {
      const live = document.querySelector('[aria-live="polite"]') as HTMLElement;
      (window as unknown as { __announcements: string[] }).__announcements = [];
      new MutationObserver(() => (window as unknown as { __announcements: string[] }).__announcements.push(live.textContent ?? ''))
        .observe(live, { childList: true, characterData: true, subtree: true });
    });
    await webview.send({ type: 'delta', turnId: 'a1', reasoning: '**Reading the code**\n\nThe user' });
    await webview.send({ type: 'delta', turnId: 'a1', reasoning: ' wants a fix.' });
    await webview.settle();
    for (const piece of ['The answer ', 'is **42**', '.\n\nDone.']) {
      await webview.send({ type: 'delta', turnId: 'a1', text: piece });
      await webview.settle();
    }
    assert.equal(await thinking.isVisible(), true);
    assert.equal(await thinking.getAttribute('open'), null, 'collapsed');
    assert.equal(await thinking.locator('summary').textContent(), 'Thinking');
    assert.equal(await thinking.locator('strong').textContent(), 'Reading the code');
    assert.deepEqual(await webview.page.evaluate(() => (window as unknown as { __announcements: string[] }).__announcements), [], 'nothing announced while streaming');
    assert.equal(await webview.page.locator('[data-turn-id="a1"]').getAttribute('aria-busy'), 'true');
    await webview.send(
      { type: 'turnFinished', turnId: 'a1', status: 'done', usage: { inputTokens: 1234, outputTokens: 56, reasoningTokens: 7 } },
      { type: 'busy', busy: false },
    );
    await webview.settle();
    const announcements = await webview.page.evaluate(() => (window as unknown as { __announcements: string[] }).__announcements);
    assert.equal(announcements.length, 1);
    assert.match(announcements[0], /^Sidekick answered: The answer is 42\./);
    assert.equal(await webview.page.locator('[data-turn-id="a1"]').getAttribute('aria-busy'), 'false');
    assert.equal(await webview.page.locator('[data-turn-id="a1"] .usage').textContent(), 'Tokens: 1,234 input · 56 output · 7 reasoning');
    await thinking.locator('summary').click();
    assert.equal(await thinking.getAttribute('open'), '');
  });

  it('an auth error shows the server message with Set API Key and Show Log', async function () {
    await show([user, { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 2 }], true);
    await webview.send({
      type: 'turnFinished', turnId: 'a1', status: 'error',
      error: { kind: 'auth', message: 'The API key was rejected (Server said: invalid key).', actions: ['setApiKey', 'showLog'] },
    }, { type: 'busy', busy: false });
    await webview.settle();
    const card = webview.page.locator('[data-turn-id="a1"] .error-card');
    assert.equal(await card.locator('.error-message').textContent(), 'The API key was rejected (Server said: invalid key).');
    await card.getByRole('button', { name: 'Set API Key' }).click();
    await card.getByRole('button', { name: 'Show Log' }).click();
    assert.deepEqual(await webview.posted(), [
      { type: 'action', action: 'setApiKey', turnId: 'a1' },
      { type: 'action', action: 'showLog', turnId: 'a1' },
    ]);
    assert.match(await webview.page.locator('[aria-live="polite"]').textContent() ?? '', /The request failed: The API key was rejected/);
  });

  it('a rate limit shows Retry with the wait, counting down', async function () {
    // The page's clock stands still until the test moves it: a slow machine cannot skip a second.
    const start = Date.now();
    await webview.page.clock.setFixedTime(start);
    await show([user, { id: 'a1', role: 'assistant', text: 'Partial', status: 'error', createdAt: 2,
      error: { kind: 'rateLimit', message: 'Rate limited: the server asks to wait 3 s.', actions: ['retry', 'openSettings'], retryAfterMs: 3000 } }]);
    const retry = webview.page.locator('[data-turn-id="a1"] [data-action="retry"]');
    assert.equal(await retry.textContent(), 'Retry (wait 3 s)');
    const label = (text: string) => webview.page.waitForFunction((wanted) => document.querySelector('[data-action="retry"]')?.textContent === wanted, text, { timeout: 30_000 });
    await webview.page.clock.setFixedTime(start + 1500);
    await label('Retry (wait 2 s)');
    await webview.page.clock.setFixedTime(start + 3000);
    await label('Retry');
    await retry.click();
    await webview.page.getByRole('button', { name: 'Open Settings' }).click();
    assert.deepEqual(await webview.posted(), [
      { type: 'action', action: 'retry', turnId: 'a1' },
      { type: 'action', action: 'openSettings', turnId: 'a1' },
    ]);
    assert.equal(await webview.page.locator('[data-turn-id="a1"] .answer').textContent(), 'Partial', 'the partial text stays');
  });

  it('a cut-off answer stays visible, is marked, and offers Continue; a stopped one is marked', async function () {
    await show([
      user,
      { id: 'a1', role: 'assistant', text: 'Stopped half', status: 'canceled', createdAt: 2 },
      { id: 'u2', role: 'user', text: 'More', createdAt: 3 },
      { id: 'a2', role: 'assistant', text: 'A long answer that was', status: 'streaming', createdAt: 4 },
    ], true);
    await webview.send({ type: 'turnFinished', turnId: 'a2', status: 'cut', usage: { inputTokens: 10, outputTokens: 4096 } }, { type: 'busy', busy: false });
    await webview.settle();
    assert.equal(await webview.page.locator('[data-turn-id="a1"] .turn-status').textContent(), 'Stopped.');
    const cut = webview.page.locator('[data-turn-id="a2"]');
    assert.equal(await cut.locator('.answer').textContent(), 'A long answer that was');
    assert.ok(await cut.getByText('Cut off: this answer is incomplete.').isVisible());
    await cut.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual(await webview.posted(), [{ type: 'action', action: 'continue', turnId: 'a2' }]);
  });

  it('a cut-off answer says why, apart from errors, with Continue first and the other actions', async function () {
    const message = 'The content filter stopped the answer.';
    await show([user, { id: 'a1', role: 'assistant', text: 'Half of the', status: 'streaming', createdAt: 2 }], true);
    await webview.send({
      type: 'turnFinished', turnId: 'a1', status: 'cut',
      error: { kind: 'server', message, actions: ['continue', 'retry', 'openSettings', 'showLog'] },
    }, { type: 'busy', busy: false });
    await webview.settle();
    const turn = webview.page.locator('[data-turn-id="a1"]');
    const notice = turn.getByRole('note');
    assert.ok(await notice.getByText('Cut off: this answer is incomplete.').isVisible());
    assert.ok(await notice.getByText(message).isVisible());
    assert.equal(await turn.locator('.error-card').count(), 0, 'not shown as a failed request');
    assert.deepEqual(await notice.getByRole('button').allTextContents(), ['Continue', 'Retry', 'Open Settings', 'Show Log']);
    assert.equal(await notice.getByRole('button', { name: 'Continue' }).getAttribute('class'), 'primary-button');
    assert.equal(await turn.locator('.answer').textContent(), 'Half of the', 'the partial text stays');
    await notice.getByRole('button', { name: 'Show Log' }).click();
    await notice.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual(await webview.posted(), [
      { type: 'action', action: 'showLog', turnId: 'a1' },
      { type: 'action', action: 'continue', turnId: 'a1' },
    ]);
    assert.match(await webview.page.locator('[aria-live="polite"]').textContent() ?? '', /^Cut off: this answer is incomplete\. The content filter stopped the answer\. Half of the/);

    // The same after a reload of the window: the host re-sends the cut turn with its reason.
    const lost = 'The connection was lost midway.';
    await show([user, { id: 'a1', role: 'assistant', text: 'Half', status: 'cut', createdAt: 2,
      error: { kind: 'network', message: lost, actions: ['retry', 'continue'] } }]);
    assert.ok(await notice.getByText(lost).isVisible());
    assert.deepEqual(await notice.getByRole('button').allTextContents(), ['Continue', 'Retry']);
  });

  it('shows attachment chips on questions; edit and regenerate only on the last turns when idle', async function () {
    await show([user, { id: 'a1', role: 'assistant', text: 'one', status: 'done', createdAt: 2 },
      { id: 'u2', role: 'user', text: 'two', createdAt: 3 }, { id: 'a2', role: 'assistant', text: 'three', status: 'done', createdAt: 4 }]);
    assert.equal(await webview.page.locator('[data-turn-id="a1"]').count(), 1);
    assert.equal(await webview.page.locator('.attachment').first().textContent(), 'app.ts:3-9(cut to fit)');
    assert.equal(await webview.page.getByRole('button', { name: 'Edit and resend' }).count(), 1);
    assert.equal(await webview.page.getByRole('button', { name: 'Regenerate' }).count(), 1);
    assert.equal(await webview.page.locator('[data-turn-id="a2"]').getByRole('button', { name: 'Regenerate' }).count(), 1);
    await webview.send({ type: 'busy', busy: true });
    await webview.settle();
    assert.equal(await webview.page.getByRole('button', { name: 'Edit and resend' }).count(), 0);
    assert.equal(await webview.page.getByRole('button', { name: 'Regenerate' }).count(), 0);
  });

  it('the empty state says what Sidekick does; new turns appear as the host adds them', async function () {
    await show([]);
    assert.ok(await webview.page.getByRole('heading', { name: 'Ask Sidekick about your code' }).isVisible());
    assert.ok(await webview.page.getByText('Explain Selection').isVisible());
    await webview.send({ type: 'turnAdded', turn: user }, { type: 'turnAdded', turn: { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 2 } });
    await webview.send({ type: 'delta', turnId: 'a1', text: '# Title\n\nBody' });
    await webview.settle();
    assert.equal(await webview.page.getByRole('heading', { name: 'Ask Sidekick about your code' }).isVisible(), false);
    assert.equal(await webview.page.locator('[data-turn-id="a1"] h1').textContent(), 'Title');
  });

  it('in the sidebar, leaves New, History and Export to the view title bar and shows them once in the editor panel', async function () {
    const toolbarButtons = webview.page.locator('header .toolbar').getByRole('button');
    await show([user], false, 'sidebar');
    assert.equal(await toolbarButtons.count(), 0);
    assert.equal(await webview.page.locator('header .toolbar .title').textContent(), 'Test chat');
    await show([user], false, 'panel');
    assert.deepEqual(await toolbarButtons.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label'))), ['New chat', 'Past conversations', 'Export chat as Markdown']);
  });

  it('history: opens, lists newest first, opens and deletes conversations, closes with Esc', async function () {
    await show([user]);
    const toggle = webview.page.getByRole('button', { name: 'Past conversations', exact: true });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const titles = await webview.page.locator('.history-title').allTextContents();
    assert.deepEqual(titles, ['Test chat', 'Older chat']);
    assert.equal(await webview.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Open conversation: Test chat', 'focus moves to the current conversation');
    await webview.page.getByRole('button', { name: 'Delete conversation: Older chat' }).click();
    await webview.page.keyboard.press('Escape');
    assert.equal(await webview.page.locator('#history').isVisible(), false);
    assert.equal(await webview.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Past conversations', 'focus returns to the toggle');
    await toggle.click();
    await webview.page.getByRole('button', { name: 'Open conversation: Older chat' }).click();
    assert.equal(await webview.page.locator('#history').isVisible(), false);
    await webview.send({ type: 'history', history: [] });
    await toggle.click();
    assert.ok(await webview.page.getByText('No past conversations yet.').isVisible());
    const posted: WebviewToHost[] = await webview.posted();
    assert.deepEqual(posted, [{ type: 'deleteConversation', id: 'c0' }, { type: 'openConversation', id: 'c0' }]);
  });
});
