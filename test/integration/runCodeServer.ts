// `npm run test:integration`: the suites in a real VS Code extension host, offline. Starts the fake
// Responses server, a code-server with the smoke-test driver and a headless Chromium that opens the
// workbench with the development payload; the workbench loads the extension from this repository and
// runs out/test/integration/index.js. A run that fails, times out or leaves no result file fails.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../../scripts/lib/browser';
import { keepSidekickLog, prepareProfile, startCodeServer } from '../../scripts/lib/codeServer';
import { testResultsDir } from '../../scripts/lib/paths';
import { run, stopAllOnExit } from '../../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../../scripts/lib/provision';
import { writeSummary } from '../../scripts/lib/summary';
import { FakeServer } from '../support/fakeServer';
import { repoRoot } from '../../scripts/lib/paths';
import { makeCa } from '../support/tls';
import { compileIntegrationTests, makeWorkspace, testEntry } from './harness';
import type { IntegrationResults } from './index';

/** Cold start is ~15 s and the suites take seconds each; this only bounds a hang. */
const TIMEOUT_MS = Number(process.env.SIDEKICK_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

/** Marks the extension host's formatted console lines among the workbench's own console messages. */
const MARKER = '\u2063sidekick-test\u2063 ';

/** One code-server and workbench running one folder of suites. */
interface Pass {
  name: string;
  /** The folder under test/integration with the suites of this pass. */
  suites: string;
  /** Workspace Trust on, the folder untrusted: the workbench opens in Restricted Mode. */
  restricted: boolean;
}

const PASSES: Pass[] = [
  { name: 'integration', suites: 'suites', restricted: false },
  { name: 'integration-restricted', suites: 'restricted', restricted: true },
];

const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

type PassOutcome = { results: IntegrationResults; code: number } | { error: string; results?: IntegrationResults };

async function main(): Promise<number> {
  stopAllOnExit();
  const started = Date.now();
  await run('node', ['esbuild.mjs'], { cwd: repoRoot });
  await compileIntegrationTests();
  const build = await ensureCodeServer();
  await ensureChromium();
  const fake = await FakeServer.start();
  const companyCa = writeCompanyCa();
  console.log(`Integration tests in VS Code ${build.codeServerVersion.replace(/^4\./, '1.')} (code-server ${build.codeServerVersion}), fake server ${fake.url}`);
  const total = { passed: 0, failed: 0, pending: 0 };
  try {
    for (const pass of PASSES) {
      const outcome = await runPass(pass, build, fake.url, companyCa);
      total.passed += outcome.results?.passed.length ?? 0;
      total.pending += outcome.results?.pending.length ?? 0;
      const failed = outcome.results?.failed.length ?? 0;
      if ('error' in outcome) {
        console.error(`Integration tests (${pass.name}) FAILED: ${outcome.error}. code-server's log: test-results/logs/${pass.name}-code-server.log`);
        total.failed += Math.max(1, failed);
      } else {
        total.failed += failed + (outcome.code !== 0 && failed === 0 ? 1 : 0);
        if (outcome.code !== 0 && failed === 0) console.error(`Integration tests (${pass.name}): the test entry failed (exit ${outcome.code})`);
      }
    }
  } finally {
    await fake.close();
    rmSync(companyCa.dir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  writeSummary('integration', total);
  console.log(`Integration tests: ${total.passed} passing, ${total.failed} failing, ${total.pending} pending (${seconds} s)`);
  return total.failed === 0 ? 0 : 1;
}

/**
 * A company root CA made for this run, trusted as a user trusts one: its certificate in NODE_EXTRA_CA_CERTS
 * of the extension host (read when the process starts, hence made here). Its key lets the suites issue
 * server certificates with it.
 */
function writeCompanyCa(): { dir: string; cert: string; key: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidekick-ca-'));
  const ca = makeCa('Sidekick Test Company Root CA');
  const files = { dir, cert: path.join(dir, 'company-root.pem'), key: path.join(dir, 'company-root.key') };
  writeFileSync(files.cert, ca.cert);
  writeFileSync(files.key, ca.key);
  return files;
}

async function runPass(pass: Pass, build: Awaited<ReturnType<typeof ensureCodeServer>>, fakeUrl: string, companyCa: ReturnType<typeof writeCompanyCa>): Promise<PassOutcome> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-integration-'));
  const resultsFile = path.join(work, 'results.json');
  const workspace = makeWorkspace(path.join(work, 'workspace'));
  const profile = prepareProfile(path.join(work, 'profile'), pass.restricted ? RESTRICTED_SETTINGS : {}, true);
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let passed = false;
  try {
    server = await startCodeServer(build, profile, {
      folder: workspace,
      smokeTestDriver: true,
      workspaceTrust: pass.restricted,
      logFile: path.join(testResultsDir, `logs/${pass.name}-code-server.log`),
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

    const grep = process.env.SIDEKICK_TEST_GREP ?? '';
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://remote${testEntry}`],
      ['extensionEnvironment', JSON.stringify({ SIDEKICK_FAKE_SERVER: fakeUrl, SIDEKICK_TEST_RESULTS: resultsFile,
        SIDEKICK_TEST_CONSOLE_MARKER: MARKER, SIDEKICK_TEST_GREP: grep, SIDEKICK_TEST_SUITES: pass.suites,
        // A filter may match nothing in one pass: that pass is then empty, not failed.
        SIDEKICK_TEST_ALLOW_EMPTY: grep ? '1' : '',
        NODE_EXTRA_CA_CERTS: companyCa.cert, SIDEKICK_TEST_CA_CERT: companyCa.cert, SIDEKICK_TEST_CA_KEY: companyCa.key })],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (pass.restricted) console.log('  In Restricted Mode (an untrusted workspace):');
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
    if ('error' in outcome || !results) {
      return { error: 'error' in outcome ? outcome.error : `the workbench exited (${outcome.code}) without writing results: did the test entry load?`, results };
    }
    passed = results.failed.length === 0;
    return { results, code: outcome.code };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    const kept = keepSidekickLog(profile, pass.name);
    if (!passed && kept) console.error(`  Sidekick's log of this pass: ${path.relative(process.cwd(), kept)}`);
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
