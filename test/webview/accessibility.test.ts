// Keyboard and screen-reader access: Tab reaches every control, every control has a name, and the
// keyboard focus is drawn with the theme's focus border colour.
import * as assert from 'node:assert/strict';
import type { Turn } from '../../src/protocol';
import { WebviewHarness, emptyState, initMessage, type WebviewPage } from './harness';

const CONTROLS = 'button:not(:disabled), a[href], summary, textarea, input, select, [tabindex]:not([tabindex="-1"])';

const turns: Turn[] = [
  { id: 'u1', role: 'user', text: 'Why?', createdAt: 1, attachments: [{ kind: 'file', label: 'app.ts', truncated: false }] },
  { id: 'a1', role: 'assistant', text: 'Because [of this](https://example.com).\n\n```ts\nlet a = 1;\n```\n', reasoning: 'Thinking hard', status: 'done', usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 3 }, createdAt: 2 },
  { id: 'u2', role: 'user', text: 'And then?', createdAt: 3 },
  { id: 'a2', role: 'assistant', text: 'It was cut', status: 'cut', createdAt: 4 },
];

describe('webview: keyboard and screen readers', function () {
  let harness: WebviewHarness;
  let webview: WebviewPage;

  before(async function () {
    harness = await WebviewHarness.start();
    webview = await harness.open();
    await webview.send(initMessage(emptyState(turns), { host: 'panel', history: [{ id: 'c1', title: 'Test chat', updatedAt: 1, turnCount: 4 }] }));
    await webview.settle();
  });

  after(async function () {
    await harness?.close();
  });

  it('Tab reaches every control, and each has an accessible name', async function () {
    // Open the history panel too, so its controls are part of the walk.
    await webview.page.getByRole('button', { name: 'Past conversations', exact: true }).click();
    const controls = await webview.page.evaluate((selector) => [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((element) => element.checkVisibility())
      .map((element, index) => {
        element.dataset.walk = String(index);
        return { index, name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '', tag: element.localName };
      }), CONTROLS);
    const names = controls.map((control) => control.name);
    for (const expected of ['New chat', 'Past conversations', 'Export chat as Markdown', 'Close past conversations', 'Open conversation: Test chat',
      'Delete conversation: Test chat', 'of this', 'Thinking', 'Copy', 'Insert at Cursor', 'Apply to Selection', 'Edit and resend', 'Continue',
      'Regenerate', 'Selection (app.ts:12-30)', 'Current file (app.ts)', 'Ask Sidekick', 'Send']) {
      assert.ok(names.includes(expected), `"${expected}" is a control (found: ${names.join(', ')})`);
    }
    for (const control of controls) {
      assert.notEqual(control.name, '', `${control.tag} #${control.index} has a name`);
    }
    await webview.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const visited = new Set<string>();
    for (let i = 0; i < controls.length + 3; i++) {
      await webview.page.keyboard.press('Tab');
      visited.add(await webview.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.walk ?? ''));
    }
    const missed = controls.filter((control) => !visited.has(String(control.index)));
    assert.deepEqual(missed, [], 'controls Tab never reached');
  });

  it('draws keyboard focus with the theme focus border', async function () {
    await webview.page.evaluate(() => document.documentElement.style.setProperty('--vscode-focusBorder', 'rgb(1, 2, 3)'));
    await webview.page.locator('textarea').focus();
    for (let i = 0; i < 6; i++) {
      await webview.page.keyboard.press('Shift+Tab');
      const outline = await webview.page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { style: style.outlineStyle, color: style.outlineColor, name: (document.activeElement as Element).getAttribute('aria-label') };
      });
      assert.equal(outline.style, 'solid', `${outline.name} shows focus`);
      assert.equal(outline.color, 'rgb(1, 2, 3)', `${outline.name} uses --vscode-focusBorder`);
    }
  });

  it('marks the conversation and the live region for screen readers', async function () {
    assert.equal(await webview.page.getByRole('main', { name: 'Conversation' }).count(), 1);
    assert.equal(await webview.page.locator('[role="status"][aria-live="polite"]').count(), 1);
    assert.deepEqual(await webview.page.locator('article').evaluateAll((articles) => articles.map((article) => article.getAttribute('aria-label'))), ['You', 'Sidekick', 'You', 'Sidekick']);
    assert.equal(await webview.page.locator('.codicon').evaluateAll((icons) => icons.every((icon) => icon.getAttribute('aria-hidden') === 'true')), true, 'icons are hidden from screen readers');
  });
});
