// Project context (issue 12): the time gathering adds before a request leaves, and how many of the
// declarations a selection uses go with it. Measured in a real VS Code (code-server, the workbench in
// Debian's Chromium) on a real TypeScript project that no one here wrote: the sources of the `effect`
// package (363 .ts files under src/, shipped in its npm package), installed into a temporary folder for
// the bench only, never into the project or the .vsix. VS Code's built-in TypeScript support answers the
// definition requests; Sidekick's own gathering code runs in the extension host (its test hook).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../scripts/lib/browser';
import { prepareProfile, startCodeServer } from '../scripts/lib/codeServer';
import { repoRoot } from '../scripts/lib/paths';
import { run, stopAllOnExit } from '../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../scripts/lib/provision';
import type { ContextBenchResults } from './contextEntry';
import { goal, ms, publish, table } from './lib/report';
import { summarize } from './lib/stats';

const PROJECT = 'effect@3.22.4';
const cacheDir = path.join(os.tmpdir(), 'sidekick-bench-context');

/** The project's sources as a workspace of their own, with a tsconfig; its dependencies beside them. */
async function projectWorkspace(): Promise<string> {
  const installed = path.join(cacheDir, 'install');
  const workspace = path.join(cacheDir, 'workspace');
  if (!existsSync(path.join(installed, 'node_modules/effect/src'))) {
    mkdirSync(installed, { recursive: true });
    await run('npm', ['install', '--prefix', installed, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', PROJECT], { cwd: installed });
  }
  if (!existsSync(path.join(workspace, 'src'))) {
    mkdirSync(workspace, { recursive: true });
    cpSync(path.join(installed, 'node_modules/effect/src'), path.join(workspace, 'src'), { recursive: true });
    symlinkSync(path.join(installed, 'node_modules'), path.join(workspace, 'node_modules'));
    writeFileSync(
      path.join(workspace, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: true }, include: ['src'] }, null, 2),
    );
  }
  return workspace;
}

async function measure(): Promise<ContextBenchResults> {
  stopAllOnExit();
  await run('node', ['esbuild.mjs'], { cwd: repoRoot });
  const entry = path.join(repoRoot, 'out/bench/contextEntry.js');
  await esbuild.build({ absWorkingDir: repoRoot, entryPoints: ['bench/contextEntry.ts'], outfile: entry, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  const build = await ensureCodeServer();
  await ensureChromium();
  const workspace = await projectWorkspace();
  const work = path.join(cacheDir, `run-${process.pid}`);
  const resultsFile = path.join(work, 'results.json');
  const profile = prepareProfile(path.join(work, 'profile'), {}, true);
  const server = await startCodeServer(build, profile, { folder: workspace, smokeTestDriver: true, logFile: path.join(work, 'code-server.log') });
  const browser = await launchChromium(path.join(work, 'chromium'));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://remote${entry}`],
      ['extensionEnvironment', JSON.stringify({ SIDEKICK_BENCH_RESULTS: resultsFile, BENCH_CONTEXT_SELECTIONS: process.env.BENCH_CONTEXT_SELECTIONS ?? '', BENCH_CONTEXT_ROUNDS: process.env.BENCH_CONTEXT_ROUNDS ?? '' })],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15 * 60_000))]);
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as ContextBenchResults | { error: string }) : undefined;
    if (code !== 0 || !results || 'error' in results) {
      throw new Error(`the bench entry did not finish (exit ${code}): ${results && 'error' in results ? results.error : 'no results'}; code-server's log: ${path.join(work, 'code-server.log')}`);
    }
    return results;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

async function main(): Promise<void> {
  const r = await measure();
  const warm = summarize(r.warmMs);
  const used = r.selections.reduce((n, s) => n + s.used, 0);
  const attached = r.selections.reduce((n, s) => n + s.attached, 0);
  const recall = used ? attached / used : 0;
  const maxChars = Math.max(...r.selections.map((s) => s.chars));
  const coldOwn = r.coldMs - r.coldBlockedAfterBoxMs;
  console.log(`\n${PROJECT} sources: ${r.files} TypeScript files; ${r.selections.length} selections (function bodies), ${r.warmMs.length} warm gatherings\n`);
  console.log(table(['selection', 'declarations used', 'attached', 'chars attached', 'left out (budget)'], r.selections.map((s) => [`${s.file}:${s.lines}`, s.used, s.attached, s.chars, s.omitted])));
  publish('projectContext', {
    title: 'Project context',
    standIns: [],
    project: PROJECT,
    files: r.files,
    selections: r.selections,
    warmMs: warm,
    coldMs: r.coldMs,
    goals: {
      warmP50: goal('time added before the request leaves, warm, p50', '-', warm.p50, ms(warm.p50, 1), undefined),
      warmP95: goal('time added before the request leaves, warm, p95', '<= 150 ms', warm.p95, ms(warm.p95, 1), warm.p95 <= 150),
      cold: goal(`time added, cold (the file just opened, TypeScript's server still loading the project; ${r.coldDefinitions} definitions resolved)`, '-', r.coldMs, ms(r.coldMs, 0), undefined),
      coldStall: goal('longest stall of the extension host during the cold request (any extension)', '-', r.coldLongestStallMs, ms(r.coldLongestStallMs, 0), undefined),
      coldOwn: goal(
        'time added, cold, less the time other code held the extension host after the gathering stopped waiting (no request could leave then)',
        `<= time box (${r.timeBoxMs} ms)`,
        coldOwn,
        `${ms(coldOwn, 0)} (${ms(r.coldBlockedAfterBoxMs, 0)} held)`,
        coldOwn <= r.timeBoxMs,
      ),
      recall: goal(`recall over ${r.selections.length} selections: used workspace declarations attached`, '>= 90%', recall * 100, `${(recall * 100).toFixed(1)}% (${attached} of ${used})`, recall >= 0.9 && r.selections.length >= 20),
      budget: goal('attached definitions within the budget', `<= ${r.budgetChars} chars`, maxChars, `max ${maxChars} chars`, maxChars <= r.budgetChars),
    },
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
