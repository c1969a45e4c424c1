// The test entry the extension host loads (the `extensionTestsPath` contract of @vscode/test-electron and
// of code-server's smoke-test driver): runs every compiled suite with mocha and resolves only if all pass.
// It also writes a JSON result file, because a harness must not take "no news" for success.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

const LAST = 'keyLeak.test.js';

export interface IntegrationResults {
  passed: string[];
  failed: { title: string; message: string }[];
  pending: string[];
  durationMs: number;
}

/**
 * In code-server the host's console reaches the harness through the browser, mixed with the workbench's
 * own log and with printf placeholders unexpanded: format the reporter's lines here and mark them.
 * (The extension host guards `console.log` against reassignment, so the reporter's own sink is replaced.)
 */
function routeReporter(marker: string): () => void {
  const original = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`${marker}${format(...args)}`);
  return () => {
    Mocha.reporters.Base.consoleLog = original;
  };
}

export function run(): Promise<void> {
  // Stack traces point into the TypeScript sources (the suites are compiled with inline source maps).
  process.setSourceMapsEnabled(true);
  const marker = process.env.SIDEKICK_TEST_CONSOLE_MARKER;
  const restoreReporter = marker ? routeReporter(marker) : () => undefined;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.SIDEKICK_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  const suites = path.join(__dirname, process.env.SIDEKICK_TEST_SUITES || 'suites');
  // The key-leak audit searches what every other suite left behind, so it runs after them all.
  const files = readdirSync(suites).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of [...files.filter((f) => f !== LAST), ...files.filter((f) => f === LAST)]) {
    mocha.addFile(path.join(suites, file));
  }
  const results: IntegrationResults = { passed: [], failed: [], pending: [], durationMs: 0 };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      restoreReporter();
      results.durationMs = Date.now() - started;
      const file = process.env.SIDEKICK_TEST_RESULTS;
      if (file) {
        writeFileSync(file, JSON.stringify(results, null, 2));
      }
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else if (results.passed.length === 0 && !process.env.SIDEKICK_TEST_ALLOW_EMPTY) {
        reject(new Error('no integration test ran'));
      } else {
        resolve();
      }
    });
    runner.on('pass', (test) => results.passed.push(test.fullTitle()));
    runner.on('fail', (test, error: Error) => results.failed.push({ title: test.fullTitle(), message: error.message }));
    runner.on('pending', (test) => results.pending.push(test.fullTitle()));
  });
}
