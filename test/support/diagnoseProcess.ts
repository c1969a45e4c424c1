// Runs one Test Connection diagnosis in a process of its own and prints it as JSON: NODE_EXTRA_CA_CERTS,
// like a user's environment, is read only when a process starts.
import { diagnose } from '../../src/core/api/diagnose';
import type { ClientOptions } from '../../src/core/api/client';

const options = JSON.parse(process.env.SIDEKICK_DIAGNOSE_OPTIONS ?? '{}') as ClientOptions;
diagnose('gpt-5.2', { ...options, maxRetries: 0 }).then(
  (diagnosis) => process.stdout.write(JSON.stringify(diagnosis)),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
