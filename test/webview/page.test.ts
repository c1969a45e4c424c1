// The page itself: the strict CSP (nonce script, no inline code, no network from the webview) and the
// localized strings it carries for every key the webview uses.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderWebviewHtml } from '../../src/chat/htmlTemplate';
import { repoRoot } from '../../scripts/lib/paths';
import { WebviewHarness, emptyState, englishStrings, initMessage } from './harness';

describe('webview: page and strings', function () {
  it('the HTML carries the strict CSP and only the nonce script', function () {
    const html = renderWebviewHtml({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce: 'abc123',
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/webview.js',
      styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css'],
      host: 'panel',
      lang: 'zh-cn',
      strings: { copy: '复制 "代码" </script> & <b>' },
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.equal(csp, "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; script-src 'nonce-abc123'");
    assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map((match) => match[0]), ['<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/webview.js">']);
    assert.doesNotMatch(html, /\son\w+=|<style|style=/i);
    assert.match(html, /<html lang="zh-cn">/);
    // The strings are an attribute's text, escaped: none of them can end the attribute or add markup.
    assert.match(html, /<body data-host="panel" data-strings="\{&quot;copy&quot;:&quot;复制 \\&quot;代码\\&quot; &lt;\/script&gt; &amp; &lt;b&gt;&quot;\}">/);
  });

  it('in Chromium the webview cannot reach the network itself', async function () {
    const harness = await WebviewHarness.start();
    try {
      const webview = await harness.open();
      const result = await webview.page.evaluate((origin) => fetch(`${origin}/media/chat.css`).then(() => 'fetched', () => 'blocked'), webview.origin);
      assert.equal(result, 'blocked');
      assert.equal(webview.requests.filter((url) => url.endsWith('/media/chat.css')).length, 1, 'only the stylesheet link loaded it');
    } finally {
      await harness.close();
    }
  });

  it('shows its UI, in the page\'s strings, as soon as it loads; the empty-chat text only once the host says the chat is empty', async function () {
    const harness = await WebviewHarness.start();
    try {
      const webview = await harness.open();
      assert.ok(await webview.page.getByRole('textbox', { name: 'Ask Sidekick' }).isVisible());
      assert.ok(await webview.page.getByRole('button', { name: 'Send' }).isVisible());
      assert.equal(await webview.page.getByText('Ask Sidekick about your code').isVisible(), false);
      assert.equal(await webview.page.locator('.turns').getAttribute('aria-busy'), 'true');
      await webview.send(initMessage(emptyState()));
      await webview.settle();
      assert.ok(await webview.page.getByText('Ask Sidekick about your code').isVisible());
      assert.deepEqual(webview.errors, []);
    } finally {
      await harness.close();
    }
  });

  it('every string key has an English string and a Chinese translation', function () {
    const english = englishStrings();
    const chinese = JSON.parse(readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.ok(Object.keys(english).length > 30);
    for (const [key, text] of Object.entries(english)) {
      assert.ok(text, `no English for ${key}`);
      const translated = chinese[text];
      assert.ok(translated, `no Chinese for "${text}"`);
      const placeholders = (value: string): string[] => (value.match(/\{\d\}/g) ?? []).sort();
      assert.deepEqual(placeholders(translated), placeholders(text), `placeholders of ${key}`);
    }
  });
});
