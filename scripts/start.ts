// `npm start`: a private VS Code with Sidekick to try in the browser, with no key and no network.
// Builds and packs the extension, starts the demo Responses server, provisions code-server if needed,
// installs the .vsix into a profile under .vscode-test/sandbox whose settings point Sidekick at the demo
// server, and prints the URL. Ctrl+C stops everything it started.
//   --real       leave sidekick.baseUrl alone (the configured endpoint) and start no demo server
//   --port N     code-server's port (default 8080); --host H its address (default 127.0.0.1)
//   --fresh      start from an empty profile (forgets settings, state and the installed extension)
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliOptions } from './lib/cli';
import { installExtension, prepareProfile, startCodeServer } from './lib/codeServer';
import { cacheRoot, repoRoot, vsixPath } from './lib/paths';
import { run, spawnGroup, stopAll, stopAllOnExit, waitForOutput } from './lib/processes';
import { ensureCodeServer } from './lib/provision';

const options = cliOptions({
  real: { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
});
const { real, fresh, host } = options;
const port = Number(options.port);
const sandbox = path.join(cacheRoot, 'sandbox');

const SAMPLE = `// Try Sidekick here: select some code, then run "Sidekick: Explain Selection" or "Sidekick: Refactor
// Selection" from the command palette (F1), or open the Sidekick chat in the activity bar.
export function median(values: number[]): number {
  var sorted = values.sort()
  var middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 == 0) { return (sorted[middle - 1] + sorted[middle]) / 2 } else { return sorted[middle] }
}
`;

function makeWorkspace(): string {
  const workspace = path.join(sandbox, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const sample = path.join(workspace, 'median.ts');
  if (!existsSync(sample)) {
    writeFileSync(sample, SAMPLE);
  }
  return workspace;
}

/** Whether the base URL is the loopback one an earlier `npm start` wrote: `--real` removes only that. */
function previousDemoUrl(): boolean {
  const file = path.join(sandbox, 'user-data/User/settings.json');
  if (!existsSync(file)) {
    return false;
  }
  const baseUrl = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)['sidekick.baseUrl'];
  return typeof baseUrl === 'string' && /^http:\/\/127\.0\.0\.1:\d+\/?$/.test(baseUrl);
}

async function startDemoServer(): Promise<string> {
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  const server = spawnGroup('demo server', tsx, [path.join(repoRoot, 'scripts/demo-server.ts'), '--port', '0'], { cwd: repoRoot });
  const log = createWriteStream(path.join(sandbox, 'demo-server.log'));
  server.process.stdout?.pipe(log);
  server.process.stderr?.pipe(log);
  const [, url] = await waitForOutput(server, /listening on (http:\/\/[^\s/]+)/, 30_000);
  return url;
}

async function main(): Promise<void> {
  stopAllOnExit(() => console.log('\nStopping the sandbox…'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--port must be a port number, not "${options.port}"`);
  }
  await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`Packed ${path.basename(vsixPath())}.`);
  const build = await ensureCodeServer();
  mkdirSync(sandbox, { recursive: true });
  const demoUrl = real ? undefined : await startDemoServer();
  const settings: Record<string, unknown> = {};
  if (demoUrl) {
    settings['sidekick.baseUrl'] = demoUrl;
  } else if (previousDemoUrl()) {
    settings['sidekick.baseUrl'] = undefined;
  }
  const profile = prepareProfile(sandbox, settings, fresh);
  await installExtension(build, profile, vsixPath());
  const workspace = makeWorkspace();
  const server = await startCodeServer(build, profile, { folder: workspace, host, port, logFile: path.join(sandbox, 'code-server.log') }).catch((error: Error) => {
    throw new Error(`${error.message}\nIs port ${port} taken? Try \`npm start -- --port 8181\`.`);
  });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(
    [
      '',
      `Sidekick sandbox: VS Code ${build.codeServerVersion.replace(/^4\./, '1.')} (code-server ${build.codeServerVersion}) with Sidekick installed.`,
      '',
      `  Open  ${url}`,
      '',
      demoUrl
        ? `  Sidekick talks to the demo server at ${demoUrl}: canned answers, no network.\n` +
          '  When Sidekick asks for an API key, type anything (the key "bad-key" shows the rejected-key error).'
        : '  --real: Sidekick uses its configured base URL; set your key with "Sidekick: Set API Key".',
      `  Profile and logs: ${path.relative(repoRoot, sandbox)}/ (\`npm start -- --fresh\` starts over)`,
      '',
      'Ctrl+C stops everything.',
    ].join('\n'),
  );
  const code = await server.group.exited;
  console.error(`code-server stopped (${code}); see ${path.join(sandbox, 'code-server.log')}`);
  await stopAll();
  process.exit(1);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  await stopAll();
  process.exit(1);
});
