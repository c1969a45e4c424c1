// `npm run provision`: downloads and caches VS Code (code-server) and, with --chromium, the browser, ahead of
// the first test run or sandbox. The test runners and `npm start` do the same on demand.
import { cliOptions } from './lib/cli';
import { ensureChromium, ensureCodeServer } from './lib/provision';

async function main(): Promise<void> {
  const { chromium } = cliOptions({ chromium: { type: 'boolean', default: false } });
  const build = await ensureCodeServer();
  if (chromium) {
    await ensureChromium();
  }
  console.log(`VS Code ready: ${build.entry} (run with ${build.node})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
