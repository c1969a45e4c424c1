// `npm run demo-server`: the fake Responses server in demo mode, to try Sidekick with no key and no network.
// Port from --port N or SIDEKICK_DEMO_PORT (default 7878; 0 picks a free one); --delay N sets the pause
// between streamed events in ms (default 30; 0 for tests). Any key works except "bad-key", which gets a 401.
import { DEMO_DELAY_MS, FakeServer } from '../test/support/fakeServer';
import { cliOptions } from './lib/cli';

const options = cliOptions({ port: { type: 'string' }, delay: { type: 'string' } });

function numberOption(flag: string, value: string | undefined, fallback: number, max: number): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
    console.error(`Invalid --${flag} "${value}": expected a whole number from 0 to ${max}.`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const port = numberOption('port', options.port ?? process.env.SIDEKICK_DEMO_PORT, 7878, 65535);
  const delayMs = numberOption('delay', options.delay, DEMO_DELAY_MS, 10_000);
  const server = await FakeServer.start({ port, defaultScenario: { kind: 'demo', delayMs } });
  console.log(`Sidekick demo server listening on ${server.url}`);
  console.log(`Set "sidekick.baseUrl": "${server.url}" and any API key (the key "bad-key" gets a 401). Ctrl+C stops.`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Cannot start the demo server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
