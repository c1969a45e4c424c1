// The extension under test, found through its own manifest (read at test time, never hard-coded).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface Manifest {
  name: string;
  publisher: string;
  contributes: { commands: { command: string; title: string }[] };
}

/** Compiled suites live in <extension>/out/test/integration/suites. */
export const extensionRoot = path.resolve(__dirname, '../../../..');

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as Manifest;
}

export async function activateSidekick(): Promise<vscode.Extension<unknown>> {
  const { publisher, name } = readManifest();
  const extension = vscode.extensions.getExtension(`${publisher}.${name}`);
  if (!extension) {
    throw new Error(`${publisher}.${name} is not loaded in this extension host`);
  }
  await extension.activate();
  return extension;
}
