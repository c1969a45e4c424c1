// How a test step tells `npm test` its counts: a small JSON file named by SIDEKICK_SUMMARY_FILE.
import { writeFileSync } from 'node:fs';

export interface Counts {
  passed: number;
  failed: number;
  pending?: number;
}

export function writeSummary(step: string, counts: Counts): void {
  const file = process.env.SIDEKICK_SUMMARY_FILE;
  if (file) {
    writeFileSync(file, JSON.stringify({ step, ...counts }));
  }
}
