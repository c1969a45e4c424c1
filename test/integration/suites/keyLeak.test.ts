// The attack matrix's key checks, run after every other suite (test/integration/index.ts loads this file
// last). A canary key, shaped unlike any "sk-" key so only Sidekick's own care can keep it out, goes
// through every feature against servers that echo it back; then the bytes of everything the run left
// behind are searched for it and for the keys of every other suite: the output channel log, settings,
// global/workspace state (the browser's IndexedDB and storage, where code-server keeps them, read decoded:
// see storedBytes), the persisted history, what was posted to a webview, and the test output. Also: plain
// http to another machine is refused, and a redirect to another host gets no key.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { countingListener } from '../../support/countingListener';
import { FakeServer } from '../../support/fakeServer';
import { answered, chat, lastTurn, select, snapshot, until, type Surface } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer, fakeServerUrl } from '../helpers/fakeServer';
import { storedBytes } from '../helpers/storedBytes';
import { rememberSettings, setSetting } from '../helpers/settings';
import { answerInputBoxes, captureMessages, stubWindow, type ShownMessage } from '../helpers/window';

const CANARY = 'Zq7LEAKCANARY-f3b1c9e07a2d44';
/** Written into the conversation, to prove the state store is among the bytes searched. */
const MARKER = 'LEAKCHECK-QUESTION-7731';

// Everything the reporter prints, from the first suite on: this file is loaded before any test runs.
const printed: string[] = [];
const consoleLog = Mocha.reporters.Base.consoleLog;
Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
  printed.push(args.map(String).join(' '));
  consoleLog(...args);
};

/** Every key the suites use: the canary and the `sk-integration-…` constants of the compiled suites. */
function allKeys(): string[] {
  const keys = new Set([CANARY]);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) {
    const code = readFileSync(path.join(__dirname, file), 'utf8').split('//# sourceMappingURL=')[0];
    for (const match of code.matchAll(/['"](sk-integration-[\w-]+)['"]/g)) keys.add(match[1]);
  }
  return [...keys];
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

/** Each file's bytes, as stored and decoded (see storedBytes); a file gone since it was listed (a backup, a lock) is left out. */
function readAll(files: string[]): Map<string, Buffer[]> {
  const stored = new Map<string, Buffer[]>();
  for (const file of files) {
    try {
      stored.set(file, storedBytes(file));
    } catch {
      // Gone since it was listed.
    }
  }
  return stored;
}

/** The files whose bytes hold `text`, as UTF-8 or UTF-16 (V8 and Chromium store strings both ways). */
function holding(stored: Map<string, Buffer[]>, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return [...stored].filter(([, forms]) => forms.some((bytes) => needles.some((needle) => bytes.includes(needle)))).map(([file]) => file);
}

/** Where code-server keeps this window's data (server side) and Chromium its profile (client side). */
function runDirs(): { profile: string; userData: string; browser: string } {
  const config = process.env.XDG_CONFIG_HOME;
  assert.ok(config, 'the harness gives code-server its own XDG_CONFIG_HOME');
  const profile = path.dirname(config);
  const browser = path.join(path.dirname(profile), 'chromium');
  assert.ok(existsSync(path.join(profile, 'user-data', 'User', 'settings.json')), `no code-server profile at ${profile}`);
  assert.ok(existsSync(browser), `no Chromium profile at ${browser}`);
  return { profile, userData: path.join(profile, 'user-data'), browser };
}

/** Records what the host posts to Explain panels created while it is installed. */
function recordPanelPosts(): { posted: unknown[]; restore: () => void } {
  const posted: unknown[] = [];
  const create = vscode.window.createWebviewPanel;
  const restore = stubWindow('createWebviewPanel', ((...args: Parameters<typeof create>) => {
    const panel = create(...args);
    const post = panel.webview.postMessage.bind(panel.webview);
    panel.webview.postMessage = (message: unknown) => {
      posted.push(message);
      return post(message);
    };
    return panel;
  }) as typeof create);
  return { posted, restore };
}

async function ask(surface: Surface, text: string): Promise<void> {
  await chat(surface, { type: 'send', text, attachSelection: false, attachFile: false });
}

const ECHO_401 = { kind: 'json' as const, status: 401, body: { error: { message: `Incorrect API key provided: ${CANARY}. You can find your API key at the dashboard.`, type: 'invalid_request_error', code: 'invalid_api_key' } } };

describe('The key and the base URL (after every other suite)', () => {
  const settings = rememberSettings('baseUrl', 'maxRetries');
  let shown: { messages: ShownMessage[]; restore: () => void };
  const allShown: ShownMessage[] = [];

  before(async () => {
    await activateSidekick();
    await setSetting('baseUrl', fakeServerUrl());
    await setSetting('maxRetries', 0);
    const input = answerInputBoxes(CANARY);
    const saved = captureMessages();
    try {
      await vscode.commands.executeCommand('sidekick.setApiKey');
    } finally {
      input.restore();
      saved.restore();
    }
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
    shown = captureMessages();
  });
  afterEach(() => {
    shown.restore();
    allShown.push(...shown.messages);
  });

  describe('base URL', () => {
    it('refuses plain http:// to another machine before connecting', async () => {
      const listener = await countingListener();
      const insecure = listener.url;
      try {
        for (const baseUrl of [insecure, 'http://example.invalid']) {
          await setSetting('baseUrl', baseUrl);
          await ask('sidebar', 'Hello over plain http');
          const turn = lastTurn(await answered('sidebar'))!;
          assert.equal(turn.status, 'error');
          assert.equal(turn.error?.kind, 'insecure');
          assert.equal(turn.error?.message, `Refusing to send the API key over plain http to ${baseUrl}: use an https:// base URL.`);
          assert.deepEqual(turn.error?.actions, ['openSettings']);
          await vscode.commands.executeCommand('sidekick.testConnection');
          const last = shown.messages.at(-1);
          assert.match(last?.text ?? '', /connection test failed\. Refusing to send the API key over plain http/);
        }
        assert.equal(await listener.others(), 0, `nothing connected to ${insecure}`);
      } finally {
        await setSetting('baseUrl', fakeServerUrl());
        await listener.close();
      }
    });

    it('a redirect to another host is not followed and carries no key there', async () => {
      const other = await FakeServer.start({ host: '127.0.0.2', defaultScenario: { kind: 'text', text: 'You should not see this.' } });
      try {
        for (const location of [`${other.url}/v1/responses`, `${other.url}/v1/responses?token=${CANARY}`, `${fakeServerUrl().replace('127.0.0.1', 'localhost')}/v1/responses`]) {
          await fakeServer.reset();
          await fakeServer.enqueue({ kind: 'redirect', status: 307, location });
          await ask('sidebar', 'Follow me');
          const turn = lastTurn(await answered('sidebar'))!;
          assert.equal(turn.status, 'error');
          assert.equal(turn.error?.kind, 'protocol');
          assert.match(turn.error?.message ?? '', /redirected to http:\/\/(127\.0\.0\.2|localhost):\d+\/v1\/responses.*does not send your key to another host/);
          assert.ok(!turn.error?.message.includes(CANARY), 'the key in the Location is not repeated');
          const requests = await fakeServer.requests();
          assert.deepEqual(requests.map((r) => r.headers.authorization), [`Bearer ${CANARY}`], 'only the configured address got the key, once');
        }
        assert.deepEqual(other.requests.map((r) => r.headers.authorization), [], 'the other host never saw a request, let alone an Authorization header');
      } finally {
        await other.close();
      }
    });
  });

  describe('servers that echo the key', () => {
    it('chat: a 401, a stream error and an HTML page repeating the key', async () => {
      const page = `<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>Token ${CANARY} is blocked.</p></body></html>`;
      await fakeServer.enqueue(
        ECHO_401,
        { kind: 'flatError', code: 'server_error', message: `Upstream rejected Bearer ${CANARY}`, textBefore: 'Partial' },
        { kind: 'raw', status: 403, contentType: 'text/html', body: page },
        { kind: 'text', text: `The answer to ${MARKER}.` },
      );
      // The stream error comes after some text, so that answer is kept, marked cut off.
      for (const [i, status] of (['error', 'cut', 'error'] as const).entries()) {
        await ask('sidebar', `${MARKER} try ${i + 1}`);
        const turn = lastTurn(await answered('sidebar'))!;
        assert.equal(turn.status, status);
        assert.ok(!JSON.stringify(turn).includes(CANARY), `the turn repeats the key: ${turn.error?.message}`);
      }
      await ask('sidebar', MARKER);
      assert.equal(lastTurn(await answered('sidebar'))?.status, 'done');
    });

    it('Explain: what is posted to the panel\'s webview never holds the key', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const recorder = recordPanelPosts();
      try {
        const [file] = await vscode.workspace.findFiles('hello.ts');
        const editor = await vscode.window.showTextDocument(file, { viewColumn: vscode.ViewColumn.One });
        await select(editor, new vscode.Selection(0, 0, 1, 0));
        await fakeServer.enqueue(ECHO_401, { kind: 'text', text: `Explained ${MARKER}. `.repeat(10), deltaSize: 3, chunking: 200, delayMs: 10 });
        await vscode.commands.executeCommand('sidekick.explainSelection');
        assert.equal(lastTurn(await answered('panel'))?.status, 'error');
        // The webview loads after the error came; Retry then streams into a ready webview.
        await until('the webview to be ready', async () => JSON.stringify(recorder.posted).includes('"type":"init"') || undefined);
        await chat('panel', { type: 'action', action: 'retry', turnId: lastTurn(await snapshot('panel'))!.id });
        await until('the retried explanation', async () => lastTurn(await snapshot('panel'))?.status === 'done' || undefined);
        await until('the webview to receive the answer', async () => JSON.stringify(recorder.posted).includes('turnFinished') || undefined).catch((error: Error) => {
          throw new Error(`${error.message}; posted: ${recorder.posted.map((m) => (m as { type: string }).type).join(', ')}`);
        });
      } finally {
        recorder.restore();
      }
      const wire = JSON.stringify(recorder.posted);
      assert.ok(wire.includes('"type":"init"') && wire.includes('"type":"delta"'), 'the recorder saw the webview traffic');
      assert.ok(wire.includes('Incorrect API key provided'), 'the echoed error was posted');
      assert.ok(!wire.includes(CANARY), 'a message to the webview holds the key');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('Test Connection and Refactor: notifications never hold the key', async () => {
      await fakeServer.enqueue(ECHO_401);
      await vscode.commands.executeCommand('sidekick.testConnection');
      const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const a = 1;\nconst b = 2;\n' });
      const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(0, 0, 2, 0);
      await fakeServer.enqueue(ECHO_401);
      await vscode.commands.executeCommand('sidekick.refactorSelection', { instruction: 'Add types' });
      assert.equal(doc.getText(), 'const a = 1;\nconst b = 2;\n');
      assert.equal(shown.messages.filter((m) => m.severity === 'error').length, 2, JSON.stringify(shown.messages));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('after the whole run', () => {
    const keys = allKeys();

    it(`finds none of the ${keys.length} keys in logs, settings, state, history or test output`, async function () {
      this.timeout(60_000);
      assert.ok(keys.length > 3, `keys found: ${keys.length}`);
      const { userData, profile, browser } = runDirs();

      // Proof that the searched bytes are the right ones, so an empty result means something.
      const logs = filesUnder(path.join(userData, 'logs')).filter((f) => /sidekick/i.test(f) && f.endsWith('.log'));
      const log = await until('the Sidekick log to record this suite\'s requests', async () => {
        const withRequests = logs.filter((f) => readFileSync(f, 'utf8').includes('POST http://127.0.0.1'));
        return withRequests.length > 0 ? withRequests : undefined;
      });
      assert.ok(readFileSync(path.join(userData, 'User', 'settings.json'), 'utf8').includes('sidekick.'), 'settings.json holds Sidekick settings');
      const state = await until('the conversation to reach the browser\'s state store', async () => {
        const found = holding(readAll(filesUnder(browser)), MARKER);
        return found.length > 0 ? found : undefined;
      }, 30_000);

      const everything = readAll([...filesUnder(profile), ...filesUnder(browser)]);
      for (const key of keys) {
        assert.deepEqual(holding(everything, key).map((f) => path.relative(path.dirname(profile), f)), [], `the key ${key.slice(0, 6)}… is stored on disk`);
      }
      assert.ok(log.length > 0 && state.length > 0);

      const history = await Promise.all(['sidebar', 'panel'].map((s) => chat(s as Surface)));
      const failures = collectFailures(this.test?.parent);
      for (const key of keys) {
        assert.ok(!JSON.stringify(history).includes(key), 'the persisted history holds a key');
        assert.ok(!JSON.stringify(allShown).includes(key), 'a notification holds a key');
        assert.ok(!printed.some((line) => line.includes(key)), 'the test output holds a key');
        assert.ok(!failures.some((text) => text.includes(key)), 'a failure message holds a key');
      }
      assert.ok(printed.some((line) => line.includes('Faults') || line.includes('Sidebar chat') || line.includes('The key and the base URL')), 'the recorder saw the test output');
    });
  });
});

/** The messages and stacks of every failed test of the run so far (the reporter prints them at the end). */
function collectFailures(suite: Mocha.Suite | undefined): string[] {
  let root = suite;
  while (root?.parent) root = root.parent;
  const out: string[] = [];
  const walk = (s: Mocha.Suite) => {
    for (const test of s.tests) {
      const err = (test as Mocha.Test & { err?: Error }).err;
      if (test.state === 'failed' && err) out.push(`${err.message}\n${err.stack ?? ''}`);
    }
    s.suites.forEach(walk);
  };
  if (root) walk(root);
  return out;
}
