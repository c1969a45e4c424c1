// One VS Code session for the UI tests: the packed .vsix installed into a fresh code-server profile whose
// settings point Sidekick at the fake Responses server, opened in a fresh headless Chromium.
// Mocha root hooks start it once, screenshot every test's final state and stop everything at the end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type Mocha from 'mocha';
import { launchChromium } from '../../scripts/lib/browser';
import { installExtension, prepareProfile, startCodeServer, type RunningCodeServer } from '../../scripts/lib/codeServer';
import { screenshotsDir, testResultsDir, vsixPath } from '../../scripts/lib/paths';
import { stopAll, stopAllOnExit } from '../../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../../scripts/lib/provision';
import { FakeServer } from '../support/fakeServer';
import { Workbench } from './workbench';

export interface Session {
  workbench: Workbench;
  fake: FakeServer;
  /** The folder VS Code has open. */
  workspace: string;
}

let current: Session | undefined;
let server: RunningCodeServer | undefined;
let browser: BrowserContext | undefined;
let work: string | undefined;

export function session(): Session {
  if (!current) {
    throw new Error('The UI session is not running: run the UI tests with `npm run test:ui`.');
  }
  return current;
}

async function start(): Promise<void> {
  stopAllOnExit();
  rmSync(screenshotsDir, { recursive: true, force: true });
  const build = await ensureCodeServer();
  await ensureChromium();
  work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-ui-'));
  const workspace = path.join(work, 'workspace');
  mkdirSync(workspace);
  writeFileSync(path.join(workspace, 'greet.ts'), 'export function greet(name: string) {\n  return "Hello, " + name + "!";\n}\n');
  // The demo answers any key but "bad-key"; tests queue other answers when they need them.
  const fake = await FakeServer.start({ defaultScenario: { kind: 'demo', delayMs: 5 } });
  const profile = prepareProfile(path.join(work, 'profile'), { 'sidekick.baseUrl': fake.url }, true);
  await installExtension(build, profile, vsixPath());
  server = await startCodeServer(build, profile, { folder: workspace, logFile: path.join(testResultsDir, 'logs/ui-code-server.log') });
  browser = await launchChromium(path.join(work, 'chromium'));
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => console.error(`    [workbench] ${error.message}`));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  const workbench = new Workbench(page);
  await workbench.ready();
  current = { workbench, fake, workspace };
}

async function stop(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await current?.fake.close();
  await stopAll();
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
}

export const mochaHooks: Mocha.RootHookObject = {
  async beforeAll(this: Mocha.Context) {
    // The first run provisions VS Code (a few minutes); later runs start in seconds.
    this.timeout(15 * 60_000);
    await start();
  },
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (current && test) {
      const file = path.basename(test.file ?? 'ui', '.test.ts');
      await current.workbench.screenshot(screenshotsDir, `${file}--${test.title}`);
    }
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stop();
  },
};
