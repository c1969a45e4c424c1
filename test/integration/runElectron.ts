// `npm run test:electron`: the same suites in desktop VS Code, downloaded by @vscode/test-electron.
// Needs a machine that can download VS Code (this one cannot: use `npm run test:integration`) and, on
// Linux without a display, `xvfb-run -a npm run test:electron`. SIDEKICK_VSCODE_VERSION picks the build.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../scripts/lib/processes';
import { writeSummary } from '../../scripts/lib/summary';
import { FakeServer } from '../support/fakeServer';
import { repoRoot } from '../../scripts/lib/paths';
import { compileIntegrationTests, makeWorkspace, testEntry } from './harness';
import type { IntegrationResults } from './index';

async function main(): Promise<number> {
  await run('node', ['esbuild.mjs'], { cwd: repoRoot });
  await compileIntegrationTests();
  const work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-electron-'));
  const resultsFile = path.join(work, 'results.json');
  const workspace = makeWorkspace(path.join(work, 'workspace'));
  const fake = await FakeServer.start();
  try {
    let exitError: unknown;
    try {
      await runTests({
        version: process.env.SIDEKICK_VSCODE_VERSION ?? 'stable',
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: testEntry,
        extensionTestsEnv: { SIDEKICK_FAKE_SERVER: fake.url, SIDEKICK_TEST_RESULTS: resultsFile },
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-gpu',
          '--user-data-dir', path.join(work, 'user-data'),
        ],
      });
    } catch (error) {
      exitError = error;
    }
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as IntegrationResults) : undefined;
    if (!results) {
      console.error(`Integration tests (Electron) FAILED: no results were written${exitError ? ` (${String(exitError)})` : ''}`);
      writeSummary('integration', { passed: 0, failed: 1 });
      return 1;
    }
    const failed = results.failed.length + (exitError && results.failed.length === 0 ? 1 : 0);
    writeSummary('integration', { passed: results.passed.length, failed, pending: results.pending.length });
    console.log(`Integration tests (Electron): ${results.passed.length} passing, ${results.failed.length} failing, ${results.pending.length} pending`);
    return failed === 0 ? 0 : 1;
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Integration tests (Electron) FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
