// One VS Code session for the UI tests: the packed .vsix installed into a fresh code-server profile whose
// settings point Sidekick at the fake Responses server, opened in a fresh headless Chromium.
// Mocha root hooks start it once, screenshot every test's final state and stop everything at the end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Mocha from 'mocha';
import { launchChromium } from '../../scripts/lib/browser';
import { installExtension, keepSidekickLog, prepareProfile, startCodeServer } from '../../scripts/lib/codeServer';
import { screenshotsDir, testResultsDir, vsixPath } from '../../scripts/lib/paths';
import { stopAll, stopAllOnExit } from '../../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../../scripts/lib/provision';
import { FakeServer } from '../support/fakeServer';
import { installLanguagePack } from './languagePack';
import { Workbench } from './workbench';

export interface Session {
  workbench: Workbench;
  fake: FakeServer;
  /** The folder VS Code has open. */
  workspace: string;
}

export interface SessionOptions {
  /** A name for the logs. */
  name: string;
  /** code-server's display language (its `locale` option), e.g. 'zh-cn'. */
  locale?: string;
  /** More user settings. */
  settings?: Record<string, unknown>;
}

interface Running {
  session: Session;
  stop(): Promise<void>;
}

let base: Running | undefined;
let current: Session | undefined;

export function session(): Session {
  if (!current) {
    throw new Error('The UI session is not running: run the UI tests with `npm run test:ui`.');
  }
  return current;
}

/**
 * Starts another VS Code session (its own fake server, profile, code-server and Chromium) and makes it the one
 * `session()` returns until the returned function stops it. For a describe block that needs another locale.
 */
export async function useSession(options: SessionOptions): Promise<() => Promise<void>> {
  const running = await launch(options);
  const previous = current;
  current = running.session;
  return async () => {
    current = previous;
    await running.stop();
  };
}

async function launch(options: SessionOptions): Promise<Running> {
  const build = await ensureCodeServer();
  await ensureChromium();
  const work = mkdtempSync(path.join(os.tmpdir(), `sidekick-ui-${options.name}-`));
  const workspace = path.join(work, 'workspace');
  mkdirSync(workspace);
  writeFileSync(path.join(workspace, 'greet.ts'), 'export function greet(name: string) {\n  return "Hello, " + name + "!";\n}\n');
  // The demo answers any key but "bad-key"; tests queue other answers when they need them.
  const fake = await FakeServer.start({ defaultScenario: { kind: 'demo', delayMs: 5 } });
  const profileRoot = path.join(work, 'profile');
  const profile = prepareProfile(profileRoot, { 'sidekick.baseUrl': fake.url, ...options.settings }, true);
  if (options.locale) {
    // code-server reads its options from $XDG_CONFIG_HOME/code-server/config.yaml, which the profile owns.
    mkdirSync(path.join(profileRoot, 'config/code-server'), { recursive: true });
    writeFileSync(path.join(profileRoot, 'config/code-server/config.yaml'), `locale: ${options.locale}\n`);
  }
  await installExtension(build, profile, vsixPath());
  if (options.locale) {
    installLanguagePack(profile, options.locale);
  }
  const server = await startCodeServer(build, profile, { folder: workspace, logFile: path.join(testResultsDir, `logs/ui-code-server-${options.name}.log`) });
  const browser = await launchChromium(path.join(work, 'chromium'));
  const stop = async () => {
    await browser.close().catch(() => undefined);
    await fake.close();
    await server.stop();
    keepSidekickLog(profile, `ui-${options.name}`);
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => console.error(`    [workbench ${options.name}] ${error.message}`));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const workbench = new Workbench(page);
    await workbench.ready();
    return { session: { workbench, fake, workspace }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const mochaHooks: Mocha.RootHookObject = {
  async beforeAll(this: Mocha.Context) {
    // The first run provisions VS Code (a few minutes); later runs start in seconds.
    this.timeout(15 * 60_000);
    stopAllOnExit();
    rmSync(screenshotsDir, { recursive: true, force: true });
    base = await launch({ name: 'main' });
    current = base.session;
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
    current = undefined;
    await base?.stop();
    await stopAll();
  },
};
