// What both runners share: the compiled in-host code and the folder VS Code opens.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/lib/paths';

export const compiledDir = path.join(repoRoot, 'out/test/integration');
/** The `extensionTestsPath`: exports `run()`. */
export const testEntry = path.join(compiledDir, 'index.js');

/**
 * Compiles the code that runs inside the extension host (the entry, the suites and their helpers) to
 * CommonJS under out/test/integration. `vscode` is provided by the host; mocha is loaded from node_modules.
 */
export async function compileIntegrationTests(): Promise<void> {
  rmSync(compiledDir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['test/integration/index.ts', 'test/integration/suites/*.test.ts', 'test/integration/restricted/*.test.ts'],
    outbase: 'test/integration',
    outdir: compiledDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // proxy (a test's forward proxy) is ESM that reads its own package.json: loaded from node_modules, not bundled.
    external: ['vscode', 'mocha', 'proxy'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/**
 * The workspace folder the suites see: one small TypeScript file to select and explain, and a TypeScript
 * project of several files (test/integration/fixtures/project) whose definitions questions use.
 */
export function makeWorkspace(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(repoRoot, 'test/integration/fixtures/project'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'hello.ts'), 'export const greeting = (name: string) => `Hello, ${name}!`;\n');
  return dir;
}
