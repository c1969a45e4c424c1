// Serves the real webview page (the production HTML template, CSP included, and the built bundle) from
// 127.0.0.1 and opens it in Debian's Chromium. The only stand-in is `acquireVsCodeApi`, installed before
// the page's scripts run: it records what the webview posts and keeps its state in sessionStorage, as VS
// Code keeps it across reloads of the webview document.
import * as assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/browser';
import { renderWebviewHtml } from '../../src/chat/htmlTemplate';
import { webviewStrings, type Translator } from '../../src/chat/webviewStrings';
import type { ChatChoice, ChatState, ContextChip, ConversationSummary, HostToWebview, StringKey, Turn, WebviewToHost } from '../../src/protocol';
import { repoRoot } from '../../scripts/lib/paths';

const mediaRoot = path.join(repoRoot, 'media');
const bundle = path.join(mediaRoot, 'dist', 'webview.js');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The English UI strings: the host's own string table with an l10n that keeps the English. */
export function englishStrings(): Record<StringKey, string> {
  const keepEnglish = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (slot, i: string) => String(args[Number(i)] ?? slot));
  return webviewStrings({ t: keepEnglish } as Translator);
}

/** What the host sends for a chat conversation where nothing was chosen, with the settings unset. */
export const defaultChoice: ChatChoice = {
  current: { model: 'gpt-5.2', reasoningEffort: 'low', verbosity: 'medium' },
  defaults: { model: 'gpt-5.2', reasoningEffort: 'low', verbosity: 'medium' },
};

export function emptyState(turns: Turn[] = [], busy = false, choice: ChatChoice = defaultChoice): ChatState {
  return { conversationId: 'c1', title: 'Test chat', turns, busy, choice };
}

export const defaultChips: ContextChip[] = [
  { kind: 'selection', label: 'Selection (app.ts:12-30)', available: true, on: false },
  { kind: 'file', label: 'Current file (app.ts)', available: true, on: false, note: 'Cut to 8,000 characters' },
];

export function initMessage(state: ChatState, extra: { chips?: ContextChip[]; history?: ConversationSummary[]; host?: 'sidebar' | 'panel' } = {}): HostToWebview {
  return {
    type: 'init',
    host: extra.host ?? 'sidebar',
    state,
    chips: extra.chips ?? defaultChips,
    history: extra.history ?? [],
  };
}

// tsx compiles the functions the tests pass to page.evaluate with esbuild's keepNames, which wraps named
// functions in a `__name(fn, "name")` call that only exists in Node; the page gets a no-op one.
const stub = `(() => {
  window.__name = (fn) => fn;
  window.__posted = [];
  window.__hits = [];
  window.__hit = (id) => window.__hits.push(String(id));
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  let state = JSON.parse(sessionStorage.getItem('vscode-state') || 'null') || undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => state,
    setState: (next) => { state = next; sessionStorage.setItem('vscode-state', JSON.stringify(next)); },
  });
})();`;

export class WebviewPage {
  /** Every URL the page requested (page, scripts, styles, fonts and anything else). */
  readonly requests: string[] = [];
  readonly dialogs: string[] = [];
  readonly errors: string[] = [];

  constructor(readonly page: Page, readonly origin: string) {
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => this.errors.push(error.message));
  }

  /** Requests for anything but the page and its own script, stylesheets and icon font. */
  foreignRequests(): string[] {
    return this.requests.filter((url) => !url.startsWith(this.origin) || !/^\/(media\/(dist\/webview\.js|dist\/codicon\.(css|ttf)|chat\.css))?$/.test(new URL(url).pathname));
  }

  async load(): Promise<void> {
    await this.page.goto(`${this.origin}/`);
    await this.waitForPosted('ready');
  }

  /** Posts a message as the extension host does (a `message` event on the webview's window). */
  async send(...messages: HostToWebview[]): Promise<void> {
    await this.page.evaluate((list) => {
      for (const message of list) {
        window.postMessage(message, '*');
      }
    }, messages);
  }

  /** Opens the chat with `init`, then forgets what the page posted so far: a test sees only what it causes. */
  async start(init: HostToWebview): Promise<void> {
    await this.send(init);
    await this.settle();
    await this.clearPosted();
  }

  /**
   * Resolves after the webview has handled everything sent so far, shown every turn (the older turns of a
   * long conversation go in while idle, the list is aria-busy until then) and painted a frame.
   */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    await this.page.waitForFunction(() => !document.querySelector('.turns[aria-busy="true"]'), undefined, { timeout: 60_000 });
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  }

  /**
   * Holds the page's idle callbacks (where an opened conversation's older turns go in) from the moment the
   * conversation can scroll by more than `scrollablePx` until releaseIdle(): the test, not the machine's
   * speed, decides when that background work runs. Resolves once one is held.
   */
  async holdIdle(scrollablePx = -1): Promise<void> {
    await this.page.evaluate((min) => {
      const page = window as unknown as { __held: (() => void)[]; __release: () => void };
      const original = window.requestIdleCallback.bind(window);
      page.__held = [];
      let holding = false;
      window.requestIdleCallback = (callback, options) => {
        const scroller = document.querySelector('main.conversation');
        holding ||= !!scroller && scroller.scrollHeight - scroller.clientHeight > min;
        if (!holding) return original(callback, options);
        page.__held.push(() => original(callback, options));
        return 0;
      };
      page.__release = () => {
        window.requestIdleCallback = original;
        page.__held.splice(0).forEach((run) => run());
      };
    }, scrollablePx);
  }

  async idleHeld(): Promise<void> {
    await this.page.waitForFunction(() => (window as unknown as { __held: unknown[] }).__held.length > 0);
  }

  async releaseIdle(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as { __release: () => void }).__release());
  }

  /** Resolves once the background work queued so far (the renderer's warm-up, queued at load) has run. */
  async backgroundDone(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as { scheduler: { postTask(task: () => void, options: { priority: string }): Promise<void> } })
      .scheduler.postTask(() => undefined, { priority: 'background' }));
  }

  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted.length = 0;
    });
  }

  async waitForPosted(type: WebviewToHost['type']): Promise<WebviewToHost> {
    const handle = await this.page.waitForFunction(
      (wanted) => (window as unknown as { __posted: WebviewToHost[] }).__posted.find((message) => message.type === wanted),
      type,
      { timeout: 10_000 },
    );
    return (await handle.jsonValue()) as WebviewToHost;
  }

  async answerHtml(turnId: string): Promise<string> {
    return this.page.locator(`[data-turn-id="${turnId}"] .answer`).evaluate((element) => element.innerHTML);
  }
}

export class WebviewHarness {
  private constructor(
    private readonly server: http.Server,
    private readonly browser: BrowserContext,
    private readonly profile: string,
    readonly origin: string,
  ) {}

  static async start(host: 'sidebar' | 'panel' = 'sidebar'): Promise<WebviewHarness> {
    if (!existsSync(bundle)) {
      throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` first (npm run test:webview does).`);
    }
    let origin = '';
    const server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', origin);
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(renderWebviewHtml({
          cspSource: origin,
          nonce: Math.random().toString(36).slice(2),
          scriptUri: `${origin}/media/dist/webview.js`,
          styleUris: [`${origin}/media/dist/codicon.css`, `${origin}/media/chat.css`],
          host,
          lang: 'en',
          strings: englishStrings(),
        }));
        return;
      }
      const file = path.join(repoRoot, path.normalize(decodeURIComponent(url.pathname)));
      if (!file.startsWith(mediaRoot + path.sep) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
      response.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const profile = mkdtempSync(path.join(os.tmpdir(), 'sidekick-webview-'));
    const browser = await launchChromium(profile);
    return new WebviewHarness(server, browser, profile, origin);
  }

  /** A fresh page with the webview loaded; `extraScript` runs before the page's own scripts too. */
  async open(extraScript?: string): Promise<WebviewPage> {
    const page = await this.browser.newPage();
    await page.setViewportSize({ width: 480, height: 800 });
    await page.addInitScript(stub);
    if (extraScript) {
      await page.addInitScript(extraScript);
    }
    const webview = new WebviewPage(page, this.origin);
    await webview.load();
    return webview;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/**
 * Registers the mocha hooks of a suite that opens a fresh page for each test (one browser for the suite)
 * and fails a test whose page logged an error. `opened` receives each page before its test runs.
 */
export function pagePerTest(opened: (page: WebviewPage) => void | Promise<void>): void {
  let harness: WebviewHarness | undefined;
  let current: WebviewPage | undefined;
  before(async function () {
    harness = await WebviewHarness.start();
  });
  after(async function () {
    await harness?.close();
  });
  beforeEach(async function () {
    current = await harness!.open();
    await opened(current);
  });
  afterEach(async function () {
    assert.deepEqual(current?.errors, []);
    await current?.page.close();
  });
}
