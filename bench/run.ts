// `npm run bench`: builds the production bundles and the .vsix, runs every benchmark section in a
// process of its own, one after another (so none measures while another loads the machine), and ends
// with one table of every goal. bench/results.json holds this run's sections only.
// A missed goal is reported, not fatal: the exit code is non-zero only when a section could not measure.
import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../scripts/lib/paths';
import { exitCode } from '../scripts/lib/processes';
import { readResults, resultsFile, table, verdict } from './lib/report';

const SECTIONS = [
  { key: 'clientOverhead', file: 'bench/client.ts' },
  { key: 'hostToWebview', file: 'bench/channel.ts' },
  { key: 'activation', file: 'bench/activation.ts' },
  { key: 'longConversation', file: 'bench/conversation.ts' },
  { key: 'webviewRender', file: 'bench/render.ts' },
  { key: 'workbenchStreaming', file: 'bench/workbench.ts' },
  { key: 'projectContext', file: 'bench/context.ts' },
];

interface AnyGoal {
  label?: string;
  goal?: string;
  expected?: string;
  measured?: string;
  met?: boolean;
  [figure: string]: unknown;
}

/** `measured` when the section formatted it, else its numbers by name (e.g. "cpu 478.1, wall 625.7"). */
function measuredOf(g: AnyGoal): string {
  if (g.measured) return g.measured;
  const numbers = Object.entries(g).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  if (numbers.length === 1 && numbers[0][0] === 'value') return String(Number(numbers[0][1].toFixed(2)));
  return numbers.map(([name, value]) => `${name} ${Number(value.toFixed(2))}`).join(', ') || '-';
}

/** Goals as each section wrote them; a section may omit the label or the formatted value. */
function goalRows(results: Record<string, unknown>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const { key } of SECTIONS) {
    const section = results[key] as { title?: string; goals?: Record<string, AnyGoal> } | undefined;
    if (!section?.goals) {
      rows.push([key, '-', 'not measured', '**FAIL**']);
      continue;
    }
    for (const [name, g] of Object.entries(section.goals)) {
      rows.push([`${section.title ?? key}: ${g.label ?? name}`, g.goal ?? g.expected ?? '-', measuredOf(g), verdict(g.met)]);
    }
  }
  return rows;
}

async function main(): Promise<number> {
  const started = Date.now();
  rmSync(resultsFile, { force: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ run: { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}` } }, null, 2)}\n`,
  );
  console.log('## Building the production bundles and the .vsix (npm run package)\n');
  if ((await exitCode('npm', ['run', '--silent', 'package'], { cwd: repoRoot })) !== 0) {
    console.error('npm run package failed: nothing was measured.');
    return 1;
  }
  const crashed: string[] = [];
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  for (const section of SECTIONS) {
    console.log(`\n## ${section.file}\n`);
    const sectionStart = Date.now();
    if ((await exitCode(tsx, [section.file], { cwd: repoRoot })) !== 0) crashed.push(section.file);
    console.log(`\n(${section.file}: ${Math.round((Date.now() - sectionStart) / 1000)} s)`);
  }

  const rows = goalRows(readResults());
  console.log(`\n## Summary: every goal (${Math.round((Date.now() - started) / 1000)} s)\n`);
  console.log(table(['figure', 'goal', 'measured', 'result'], rows));
  const failed = rows.filter((row) => row[3] === '**FAIL**');
  console.log(`\n${rows.length - failed.length} of ${rows.length} rows PASS or info; ${failed.length} FAIL.`);
  for (const row of failed) console.log(`- FAIL: ${row[0]}: ${row[2]} (goal ${row[1]})`);
  if (crashed.length > 0) console.error(`\nThese sections could not measure (see their output above): ${crashed.join(', ')}`);
  console.log(`\nAll numbers: ${path.relative(process.cwd(), resultsFile)}`);
  return crashed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
