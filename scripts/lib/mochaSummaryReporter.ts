// Mocha's spec reporter that also hands its counts to `npm test` (see summary.ts). Use with
// `--reporter ./scripts/lib/mochaSummaryReporter.ts --reporter-option step=<name>` and tsx loaded.
import Mocha from 'mocha';
import { writeSummary } from './summary';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: { step?: string } }) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      writeSummary(options.reporterOption?.step ?? 'mocha', {
        passed: stats?.passes ?? 0,
        failed: stats?.failures ?? 0,
        pending: stats?.pending ?? 0,
      });
    });
  }
}

export = SummaryReporter;
