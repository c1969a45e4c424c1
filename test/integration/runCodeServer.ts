// `npm run test:integration`: the suites in a real VS Code extension host, offline. Starts the fake
// Responses server, a code-server with the smoke-test driver and a headless Chromium that opens the
// workbench with the development payload; the workbench loads the extension from this repository and
// runs out/test/integration/index.js. A run that fails, times out or leaves no result file fails.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../../scripts/lib/browser';
import { prepareProfile, startCodeServer } from '../../scripts/lib/codeServer';
import { testResultsDir } from '../../scripts/lib/paths';
import { run, stopAllOnExit } from '../../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../../scripts/lib/provision';
import { writeSummary } from '../../scripts/lib/summary';
import { FakeServer } from '../support/fakeServer';
import { compileIntegrationTests, makeWorkspace, repoRoot, testEntry } from './harness';
import type { IntegrationResults } from './index';

/** Cold start is ~15 s and the suites take seconds each; this only bounds a hang. */
const TIMEOUT_MS = Number(process.env.SIDEKICK_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

/** Marks the extension host's formatted console lines among the workbench's own console messages. */
const MARKER = '\u2063sidekick-test\u2063 ';

async function main(): Promise<number> {
  stopAllOnExit();
  const started = Date.now();
  await run('node', ['esbuild.mjs'], { cwd: repoRoot });
  await compileIntegrationTests();
  const build = await ensureCodeServer();
  await ensureChromium();

  const work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-integration-'));
  const resultsFile = path.join(work, 'results.json');
  const workspace = makeWorkspace(path.join(work, 'workspace'));
  const fake = await FakeServer.start();
  const profile = prepareProfile(path.join(work, 'profile'), {}, true);
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    server = await startCodeServer(build, profile, {
      folder: workspace,
      smokeTestDriver: true,
      logFile: path.join(testResultsDir, 'logs/integration-code-server.log'),
    });
    browser = await launchChromium(path.join(work, 'chromium'));
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    page.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf(MARKER);
      if (at >= 0) {
        console.log(text.slice(at + MARKER.length).split('\n').map((line) => `  ${line}`.trimEnd()).join('\n'));
      } else if (message.type() === 'error' && text.includes(repoRoot)) {
        // Errors thrown by our code outside a test (e.g. during activation) are logged, not reported.
        console.error(`  [extension host] ${text.replace(/^%c\s*\w+\s+color:\s*\S+\s*/, '')}`);
      }
    });
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://remote${testEntry}`],
      ['extensionEnvironment', JSON.stringify({ SIDEKICK_FAKE_SERVER: fake.url, SIDEKICK_TEST_RESULTS: resultsFile,
        SIDEKICK_TEST_CONSOLE_MARKER: MARKER, SIDEKICK_TEST_GREP: process.env.SIDEKICK_TEST_GREP ?? '' })],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`Integration tests in VS Code ${build.codeServerVersion.replace(/^4\./, '1.')} (code-server ${build.codeServerVersion}), fake server ${fake.url}`);
    await page.goto(url);

    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      exited.then((code) => ({ code })),
      server.group.exited.then((code) => ({ error: `code-server exited (${code}) during the tests` })),
      new Promise<{ error: string }>((resolve) => {
        timer = setTimeout(() => resolve({ error: `no result after ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    // Let the last console lines of the reporter arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as IntegrationResults) : undefined;
    const seconds = Math.round((Date.now() - started) / 1000);
    if ('error' in outcome || !results) {
      const reason = 'error' in outcome ? outcome.error : `the workbench exited (${outcome.code}) without writing results: did the test entry load?`;
      console.error(`Integration tests FAILED: ${reason} (${seconds} s). code-server's log: test-results/logs/integration-code-server.log`);
      writeSummary('integration', { passed: results?.passed.length ?? 0, failed: Math.max(1, results?.failed.length ?? 0) });
      return 1;
    }
    const failed = results.failed.length + (outcome.code !== 0 && results.failed.length === 0 ? 1 : 0);
    writeSummary('integration', { passed: results.passed.length, failed, pending: results.pending.length });
    const entryFailed = failed > results.failed.length ? `; the test entry failed (exit ${outcome.code})` : '';
    console.log(`Integration tests: ${results.passed.length} passing, ${results.failed.length} failing, ${results.pending.length} pending (${seconds} s)${entryFailed}`);
    return failed === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Integration tests FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    writeSummary('integration', { passed: 0, failed: 1 });
    process.exit(1);
  },
);
