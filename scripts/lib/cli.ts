// Command-line options of the scripts, with node:util's parseArgs: an unknown or malformed option ends the
// script with its one-line reason and exit code 2, not a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function cliOptions<const T extends NonNullable<ParseArgsConfig['options']>>(options: T): ReturnType<typeof parseArgs<{ options: T }>>['values'] {
  try {
    return parseArgs({ options }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
