// Model output is untrusted: none of these payloads may run script, load anything, navigate the webview,
// or leave an event-handler attribute in the DOM, whether the answer arrives at once or streamed, and
// the answer's text stays readable. Payloads that fetch use the webview's own origin where noted: the CSP
// allows that origin for images and styles, so only the sanitizer stands between them and a request.
import * as assert from 'node:assert/strict';
import type { Turn, WebviewToHost } from '../../src/protocol';
import { random, randomSplit } from './answers';
import { WebviewHarness, emptyState, initMessage, type WebviewPage } from './harness';

const PAYLOADS: string[] = [
  `<script>__hit('script')</script>`,
  `<img src=x onerror="__hit('img-onerror')">`,
  `<img src="{ORIGIN}/leak/img-same-origin">`,
  `<img src="{ORIGIN}/leak/img-lazy" loading="lazy" alt="lazy">`,
  `<img srcset="{ORIGIN}/leak/srcset 1x" alt="srcset">`,
  `![tracker]({ORIGIN}/leak/md-image)`,
  `![remote](https://evil.invalid/x.png "t")`,
  `[md js link](javascript:__hit('md-js-link'))`,
  `[md js mixed case](JaVaScRiPt:__hit('md-js-case'))`,
  `[md js entity](java&#x73;cript:__hit('md-js-entity'))`,
  `[md js angle](<javascript:__hit('md-js-angle')>)`,
  `<javascript:__hit('autolink')>`,
  `<a href="javascript:__hit('a-js')">html js link</a>`,
  `<a href=" javascript:__hit('a-js-space')">html js link with space</a>`,
  `<a href="&#x6A;avascript:__hit('a-js-entity')">html js link with entity</a>`,
  `[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19oaXQoJ2RhdGEnKTwvc2NyaXB0Pg==)`,
  `<a href="vbscript:msgbox(1)">vbscript link</a>`,
  `<a href="https://example.com/ok" onclick="__hit('onclick')" onmouseover="__hit('onmouseover')">hover me</a>`,
  `[title trick](https://example.com "x\\" onmouseover=\\"__hit('title')")`,
  `<svg onload="__hit('svg-onload')"><circle r="1"></circle></svg>`,
  `<svg><script>__hit('svg-script')</script></svg>`,
  `<svg><a xlink:href="javascript:__hit('svg-a')"><text x="0" y="10">svg link</text></a></svg>`,
  `<math><mi xlink:href="javascript:__hit('math')">math text</mi></math>`,
  `<iframe src="javascript:__hit('iframe')"></iframe>`,
  `<iframe srcdoc="<script>parent.__hit('srcdoc')</script>"></iframe>`,
  `<object data="{ORIGIN}/leak/object"></object>`,
  `<embed src="{ORIGIN}/leak/embed">`,
  `<form action="{ORIGIN}/leak/form"><button>form button</button></form>`,
  `<input autofocus onfocus="__hit('autofocus')">`,
  `<details open ontoggle="__hit('ontoggle')"><summary>toggle summary</summary>details text</details>`,
  `<style>@import url('{ORIGIN}/leak/import.css'); body { display: none }</style>`,
  `<div style="background:url('{ORIGIN}/leak/style-attr')">styled text</div>`,
  `<link rel="stylesheet" href="{ORIGIN}/leak/link.css">`,
  `<meta http-equiv="refresh" content="0;url=javascript:__hit('meta')">`,
  `<base href="https://evil.invalid/">`,
  `<video><source onerror="__hit('video-source')"></video>`,
  `<audio src="{ORIGIN}/leak/audio" autoplay></audio>`,
  `<noscript><p title="</noscript><img src=x onerror=__hit('mxss-noscript')>"></noscript>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=__hit('mxss-mglyph')></style></mglyph></table></mtext></math>`,
  `<body onload="__hit('body')">`,
  `<marquee onstart="__hit('marquee')">marquee text</marquee>`,
  `<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0icGFyZW50Ll9faGl0KCdzdmctZGF0YScpIi8+" alt="svg data">`,
  `<table background="{ORIGIN}/leak/background"><tr><td>table cell</td></tr></table>`,
  `<template><script>__hit('template')</script></template>`,
  `<x-custom onclick="__hit('custom')">custom element text</x-custom>`,
  `<div onpointerenter="__hit('pointer')">pointer text</div>`,
  `<a id="__posted" name="acquireVsCodeApi">clobbering anchor</a>`,
  `<span class="codicon codicon-warning sr-only">borrowed classes</span>`,
  `<a href="{ORIGIN}/leak/same-origin-link" target="_top">same-origin link</a>`,
  '```html\n<script>__hit(\'fence\')</script>\n<img src=x onerror=__hit(\'fence-img\')>\n```',
  "Inline `<img src=x onerror=__hit('codespan')>` code.",
];

/** Text that must stay visible after sanitizing (text inside SVG/MathML goes with the graphic). */
const READABLE = [
  'hover me', 'html js link', 'md js link', 'toggle summary', 'details text', 'styled text',
  'marquee text', 'table cell', 'custom element text', 'pointer text', 'clobbering anchor', 'borrowed classes',
  "<script>__hit('fence')</script>", "<img src=x onerror=__hit('codespan')>", 'tracker', 'remote',
];

const FORBIDDEN_ELEMENTS = 'script, iframe, object, embed, svg, math, style, link, meta, base, form, input, textarea, select, video, audio, source, template, noscript, marquee, body, frame, frameset';

function answerText(origin: string): string {
  return PAYLOADS.map((payload) => payload.replaceAll('{ORIGIN}', origin)).join('\n\n');
}

interface Findings {
  hits: string[];
  csp: string[];
  handlers: string[];
  forbidden: string[];
  badLinks: string[];
  badImages: string[];
  styled: number;
  named: number;
  text: string;
}

async function findings(webview: WebviewPage): Promise<Findings> {
  return webview.page.evaluate((forbiddenSelector) => {
    const root = document.querySelector('[data-turn-id="a1"] .answer') as HTMLElement;
    const all = [...root.querySelectorAll('*')];
    return {
      hits: (window as unknown as { __hits: string[] }).__hits,
      csp: (window as unknown as { __csp: string[] }).__csp,
      handlers: all.flatMap((element) => element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')).map((name) => `${element.localName}[${name}]`)),
      forbidden: [...root.querySelectorAll(forbiddenSelector)].map((element) => element.localName),
      badLinks: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '').filter((href) => !/^(https?:|mailto:)/i.test(href)),
      badImages: [...root.querySelectorAll('img[src]')].map((img) => img.getAttribute('src') ?? '').filter((src) => !/^data:image\/(png|gif|jpe?g|webp);/i.test(src)),
      styled: root.querySelectorAll('[style]').length,
      named: root.querySelectorAll('[id], [name]').length,
      text: root.textContent ?? '',
    };
  }, FORBIDDEN_ELEMENTS);
}

/** Hovers, focuses and clicks everything in the answer, as a curious user would. */
async function poke(webview: WebviewPage): Promise<void> {
  const elements = webview.page.locator('[data-turn-id="a1"] .answer *');
  const count = await elements.count();
  for (let i = 0; i < count; i++) {
    const element = elements.nth(i);
    if (!(await element.isVisible())) {
      continue;
    }
    await element.hover({ timeout: 2000 }).catch(() => undefined);
  }
  const links = webview.page.locator('[data-turn-id="a1"] .answer a');
  for (let i = 0; i < (await links.count()); i++) {
    await links.nth(i).click({ timeout: 2000 }).catch(() => undefined);
  }
  await webview.settle();
}

function assertHarmless(found: Findings, webview: WebviewPage, pageUrl: string): void {
  assert.deepEqual(found.hits, [], 'no payload script ran');
  assert.deepEqual(webview.dialogs, [], 'no dialog opened');
  assert.deepEqual(found.handlers, [], 'no event-handler attribute survived');
  assert.deepEqual(found.forbidden, [], 'no dangerous element survived');
  assert.deepEqual(found.badLinks, [], 'links only to http(s)/mailto');
  assert.deepEqual(found.badImages, [], 'images only from inline raster data');
  assert.equal(found.styled, 0, 'no style attributes');
  assert.equal(found.named, 0, 'no id/name attributes (DOM clobbering)');
  // Chromium reports inline handlers and styles the sanitizer's inert parse sees (nothing runs there);
  // any other report would be a blocked load, i.e. something that tried to leave.
  assert.deepEqual(found.csp.filter((report) => !/^(script|style)-src-(attr|elem) inline$/.test(report)), [], 'the CSP never had to block a load');
  assert.deepEqual(webview.foreignRequests(), [], 'no request left the webview');
  assert.equal(webview.page.url(), pageUrl, 'the webview did not navigate');
  for (const text of READABLE) {
    assert.ok(found.text.includes(text), `"${text}" is still readable`);
  }
}

describe('webview: untrusted model output', function () {
  let harness: WebviewHarness;

  before(async function () {
    harness = await WebviewHarness.start();
  });

  after(async function () {
    await harness?.close();
  });

  it(`has ${PAYLOADS.length} payloads`, function () {
    assert.ok(PAYLOADS.length >= 30);
  });

  it('renders every payload at once harmlessly and readably', async function () {
    const webview = await harness.open();
    const pageUrl = webview.page.url();
    const turns: Turn[] = [
      { id: 'u1', role: 'user', text: 'payloads', createdAt: 1 },
      { id: 'a1', role: 'assistant', text: answerText(webview.origin), status: 'done', createdAt: 2 },
    ];
    await webview.send(initMessage(emptyState(turns)));
    await webview.settle();
    await poke(webview);
    assertHarmless(await findings(webview), webview, pageUrl);
    // Clicking links asked the host to open only the safe ones.
    const opened = (await webview.posted()).filter((message): message is Extract<WebviewToHost, { type: 'openLink' }> => message.type === 'openLink');
    assert.ok(opened.some((message) => message.href === 'https://example.com/ok'), 'a safe link opens through the host');
    for (const message of opened) {
      assert.match(message.href, /^(https?:|mailto:)/i);
    }
    assert.deepEqual(webview.errors, []);
  });

  it('renders every payload streamed in random deltas harmlessly', async function () {
    const webview = await harness.open();
    const pageUrl = webview.page.url();
    const text = answerText(webview.origin);
    await webview.send(initMessage(emptyState([
      { id: 'u1', role: 'user', text: 'payloads', createdAt: 1 },
      { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 2 },
    ], true)));
    await webview.settle();
    const chunks = randomSplit(text, random(7));
    for (let i = 0; i < chunks.length; i += 5) {
      await webview.send(...chunks.slice(i, i + 5).map((delta) => ({ type: 'delta' as const, turnId: 'a1', text: delta })));
      if (i % 25 === 0) {
        await webview.settle();
      }
    }
    await webview.send({ type: 'turnFinished', turnId: 'a1', status: 'done' });
    await webview.settle();
    await poke(webview);
    assertHarmless(await findings(webview), webview, pageUrl);
    assert.deepEqual(webview.errors, []);
  });

  it('shows the error card text as text', async function () {
    const webview = await harness.open();
    await webview.send(initMessage(emptyState([
      { id: 'u1', role: 'user', text: `<img src=x onerror="__hit('user')">`, createdAt: 1 },
      { id: 'a1', role: 'assistant', text: '', status: 'error', createdAt: 2, error: { kind: 'server', message: `<img src=x onerror="__hit('error')"> Bad gateway`, actions: ['retry'] } },
    ])));
    await webview.settle();
    const found = await findings(webview);
    assert.deepEqual(found.hits, []);
    assert.equal(await webview.page.locator('.error-message').textContent(), `<img src=x onerror="__hit('error')"> Bad gateway`);
    assert.equal(await webview.page.locator('.user-text').textContent(), `<img src=x onerror="__hit('user')">`);
  });
});
