// `npm run provision`: downloads and caches VS Code (code-server) and, with --chromium, the browser, ahead of
// the first test run or sandbox. The test runners and `npm start` do the same on demand.
import { ensureChromium, ensureCodeServer } from './lib/provision';

async function main(): Promise<void> {
  const build = await ensureCodeServer();
  if (process.argv.includes('--chromium')) {
    await ensureChromium();
  }
  console.log(`VS Code ready: ${build.entry} (run with ${build.node})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
