// A private code-server profile (user data, extensions, config) and a running code-server on loopback.
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VsCodeBuild } from './provision';
import { run, spawnGroup, waitForOutput, type Group } from './processes';
import { testResultsDir } from './paths';

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
}

/** Keeps an offline VS Code quiet: no welcome page, update checks, telemetry or AI chat prompts. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
};

/**
 * Creates (or, with `fresh`, recreates) a profile under `root` and merges `settings` into its user
 * settings; a setting whose value is `undefined` is removed.
 */
export function prepareProfile(root: string, settings: Record<string, unknown>, fresh: boolean): Profile {
  if (fresh) {
    rmSync(root, { recursive: true, force: true });
  }
  const profile = { root, userDataDir: path.join(root, 'user-data'), extensionsDir: path.join(root, 'extensions') };
  const userDir = path.join(profile.userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  const file = path.join(userDir, 'settings.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...QUIET_SETTINGS, ...existing, ...settings };
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) {
      delete merged[key];
    }
  }
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  return profile;
}

/** code-server must not read or write the user's own config, caches or npm settings. */
function serverEnv(profile: Profile): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_OPTIONS$|VSCODE_)/i.test(key)));
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(profile.root, 'config'),
    XDG_DATA_HOME: path.join(profile.root, 'data'),
    XDG_CACHE_HOME: path.join(profile.root, 'cache'),
  };
}

export async function installExtension(build: VsCodeBuild, profile: Profile, vsix: string): Promise<void> {
  if (!existsSync(vsix)) {
    throw new Error(`${vsix} does not exist: run \`npm run package\` first.`);
  }
  await run(
    build.node,
    [build.entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'],
    { env: serverEnv(profile), stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export interface StartOptions {
  /** The folder the workbench opens. */
  folder: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Makes the workbench honour `?payload=` (extensionDevelopmentPath, extensionTestsPath). */
  smokeTestDriver?: boolean;
  /** Leaves Workspace Trust on (off by default), for tests of Restricted Mode. */
  workspaceTrust?: boolean;
  /** code-server's own log goes here. */
  logFile: string;
}

export interface RunningCodeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  group: Group;
  stop(): Promise<void>;
}

export async function startCodeServer(build: VsCodeBuild, profile: Profile, options: StartOptions): Promise<RunningCodeServer> {
  const args = [
    build.entry,
    '--auth', 'none',
    '--bind-addr', `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.folder,
  ];
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const group = spawnGroup('code-server', build.node, args, { env: serverEnv(profile), cwd: options.folder });
  const log = createWriteStream(options.logFile);
  group.process.stdout?.pipe(log);
  group.process.stderr?.pipe(log);
  try {
    const [, url] = await waitForOutput(group, /HTTP server listening on (http:\/\/\S+?)\/?\s/, 60_000);
    return { url, group, stop: () => group.stop() };
  } catch (error) {
    await group.stop();
    throw error;
  }
}

/**
 * Copies Sidekick's own log of a session to test-results/logs/<name>-Sidekick.log (what the extension did,
 * beside code-server's log) and returns its path; undefined when the session wrote none.
 */
export function keepSidekickLog(profile: Profile, name: string): string | undefined {
  const logs = path.join(profile.userDataDir, 'logs');
  if (!existsSync(logs)) return undefined;
  const entry = readdirSync(logs, { recursive: true, encoding: 'utf8' }).find((e) => path.basename(e) === 'Sidekick.log');
  if (!entry) return undefined;
  const kept = path.join(testResultsDir, `logs/${name}-Sidekick.log`);
  mkdirSync(path.dirname(kept), { recursive: true });
  copyFileSync(path.join(logs, entry), kept);
  return kept;
}
