// What every benchmark section reports: its measurements as markdown tables and its goals as rows of
// goal / measured / PASS|FAIL, merged into bench/results.json under the section's key. A missed goal is
// printed loudly but is not an error: the benchmark measures, the tests judge.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const resultsFile = path.join(__dirname, '..', 'results.json');

export interface Goal {
  /** What is measured, in words. */
  label: string;
  /** The target as written in the issue, e.g. "<= 2 ms". */
  goal: string;
  /** The measured value as shown, with its unit. */
  measured: string;
  /** The number behind `measured`. */
  value: number;
  /** undefined: a figure reported for comparison, with no target. */
  met?: boolean;
}

export interface Section {
  title: string;
  /** Anything that is not the real thing, said plainly. */
  standIns: string[];
  goals: Record<string, Goal>;
  [detail: string]: unknown;
}

export function goal(label: string, target: string, value: number, shown: string, met: boolean | undefined): Goal {
  return { label, goal: target, measured: shown, value, met };
}

export function verdict(met: boolean | undefined): string {
  return met === undefined ? 'info' : met ? 'PASS' : '**FAIL**';
}

export function table(header: string[], rows: (string | number)[][]): string {
  const align = header.map((_, i) => (rows.every((row) => typeof row[i] === 'number' || /^[\d.,-]+( ?[a-zµ%x]+)?$/i.test(String(row[i]))) ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function goalTable(goals: Record<string, Goal>): string {
  return table(['figure', 'goal', 'measured', 'result'], Object.values(goals).map((g) => [g.label, g.goal, g.measured, verdict(g.met)]));
}

export function readResults(): Record<string, unknown> {
  return existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
}

/** Prints the section's goals and stand-ins and merges it into results.json (other sections are kept). */
export function publish(key: string, section: Section): void {
  console.log(`\n#### ${section.title}: goals\n`);
  console.log(goalTable(section.goals));
  for (const standIn of section.standIns) {
    console.log(`\n_Stand-in: ${standIn}_`);
  }
  const failed = Object.values(section.goals).filter((g) => g.met === false);
  if (failed.length > 0) {
    console.log(`\n**${failed.length} goal(s) missed:** ${failed.map((g) => `${g.label} (${g.measured}, goal ${g.goal})`).join('; ')}`);
  }
  const results = readResults();
  results[key] = { date: new Date().toISOString(), ...section };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

export const ms = (value: number, digits = 2): string => `${value.toFixed(digits)} ms`;
export const us = (value: number, digits = 2): string => `${value.toFixed(digits)} µs`;
export const kb = (bytes: number, digits = 1): string => `${(bytes / 1024).toFixed(digits)} KB`;
