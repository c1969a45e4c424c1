// `npm test`: lint, typecheck, unit, webview (real Chromium), integration (real VS Code extension host) and
// UI (real VS Code in real Chromium), one after another, then a summary whose last line is `N passed, N failed` for the
// whole run (lint and typecheck count as one check each). `npm test -- --only unit,integration` runs some.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './lib/paths';
import type { Counts } from './lib/summary';
import { cliOptions } from './lib/cli';
import { exitCode } from './lib/processes';

interface Step {
  name: string;
  /** npm script and extra arguments. */
  script: string;
  args?: string[];
  /** A check without test counts: it passes or fails as one. */
  check?: boolean;
}

const summaryReporter = (step: string): string[] => ['--reporter', './scripts/lib/mochaSummaryReporter.ts', '--reporter-option', `step=${step}`];

const STEPS: Step[] = [
  { name: 'lint', script: 'lint', check: true },
  { name: 'typecheck', script: 'typecheck', check: true },
  { name: 'unit', script: 'test:unit', args: summaryReporter('unit') },
  { name: 'webview', script: 'test:webview', args: summaryReporter('webview') },
  { name: 'integration', script: 'test:integration' },
  { name: 'ui', script: 'test:ui' },
];

interface Outcome extends Counts {
  name: string;
  check?: boolean;
  seconds: number;
  note: string;
}

async function runStep(step: Step, summaryDir: string): Promise<Outcome> {
  const summaryFile = path.join(summaryDir, `${step.name}.json`);
  const started = Date.now();
  console.log(`\n━━ ${step.name} ━━ npm run ${step.script}${step.args ? ` -- ${step.args.join(' ')}` : ''}`);
  const code = await exitCode('npm', ['run', '--silent', step.script, ...(step.args ? ['--', ...step.args] : [])], {
    cwd: repoRoot,
    env: { ...process.env, SIDEKICK_SUMMARY_FILE: summaryFile },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (step.check) {
    return { name: step.name, check: true, seconds, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: code === 0 ? '' : `exit ${code}` };
  }
  if (!existsSync(summaryFile)) {
    // A runner that crashed or never reported is a failure, whatever its exit code.
    return { name: step.name, seconds, passed: 0, failed: 1, note: `no test counts (exit ${code})` };
  }
  const counts = JSON.parse(readFileSync(summaryFile, 'utf8')) as Counts;
  const extra = code !== 0 && counts.failed === 0 ? 1 : 0;
  return {
    name: step.name,
    seconds,
    passed: counts.passed,
    failed: counts.failed + extra,
    pending: counts.pending,
    note: extra ? `exit ${code}` : counts.passed === 0 && counts.failed === 0 ? 'ran no test' : '',
  };
}

function selectedSteps(): Step[] {
  const { only } = cliOptions({ only: { type: 'string' } });
  if (only === undefined) {
    return STEPS;
  }
  const names = only.split(',');
  const unknown = names.filter((name) => !STEPS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown step(s) ${unknown.join(', ')}; the steps are ${STEPS.map((s) => s.name).join(', ')}.`);
    process.exit(2);
  }
  return STEPS.filter((s) => names.includes(s.name));
}

async function main(): Promise<number> {
  const started = Date.now();
  const summaryDir = mkdtempSync(path.join(os.tmpdir(), 'sidekick-test-'));
  const outcomes: Outcome[] = [];
  try {
    for (const step of selectedSteps()) {
      outcomes.push(await runStep(step, summaryDir));
    }
  } finally {
    rmSync(summaryDir, { recursive: true, force: true });
  }
  const total = outcomes.reduce((sum, o) => ({ passed: sum.passed + o.passed, failed: sum.failed + o.failed, pending: (sum.pending ?? 0) + (o.pending ?? 0) }), { passed: 0, failed: 0, pending: 0 } as Counts);
  console.log('\n━━ summary ━━');
  for (const o of outcomes) {
    const counts = o.check ? (o.failed ? 'FAILED' : 'passed') : `${o.passed} passed, ${o.failed} failed${o.pending ? `, ${o.pending} skipped` : ''}`;
    console.log(`  ${o.failed ? '✗' : '✓'} ${o.name.padEnd(12)} ${counts.padEnd(30)} ${String(o.seconds).padStart(4)} s  ${o.note}`.trimEnd());
  }
  const minutes = Math.floor((Date.now() - started) / 60_000);
  console.log(`  total time ${minutes} min ${Math.round(((Date.now() - started) % 60_000) / 1000)} s`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
