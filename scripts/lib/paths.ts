// Where the harness keeps things: the repository, the provisioned VS Code cache and test output.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** code-server 4.139.1 is VS Code 1.139.1; it needs Node 24, which also comes from the npm registry. */
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

/** The cache of provisioned VS Code builds; `SIDEKICK_VSCODE_TEST_DIR` moves it (e.g. to try a cold start). */
export const cacheRoot = path.resolve(process.env.SIDEKICK_VSCODE_TEST_DIR ?? path.join(repoRoot, '.vscode-test'));

export const testResultsDir = path.join(repoRoot, 'test-results');
export const screenshotsDir = path.join(testResultsDir, 'screenshots');

interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/** The file `npm run package` writes. */
export function vsixPath(): string {
  const { name, version } = readManifest();
  return path.join(repoRoot, `${name}-${version}.vsix`);
}

export function extensionId(): string {
  const { name, publisher } = readManifest();
  return `${publisher}.${name}`;
}
