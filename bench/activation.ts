// Activation and bundle sizes. Activation is VS Code's own measurement, read from a real VS Code
// (code-server, the packed .vsix installed, the workbench in Debian's Chromium): its "Developer: Startup
// Performance" report times, per extension, loading the code (require of dist/extension.js) and the
// activate() call, which for Sidekick is synchronous: from its start to the last command registered.
// Each window load is a new extension host, so every load is one sample; nothing is a stand-in.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync, deflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../scripts/lib/browser';
import { installExtension, prepareProfile, startCodeServer } from '../scripts/lib/codeServer';
import { extensionId, repoRoot, vsixPath } from '../scripts/lib/paths';
import { stopAll, stopAllOnExit } from '../scripts/lib/processes';
import { ensureChromium, ensureCodeServer } from '../scripts/lib/provision';
import { Workbench } from '../test/ui/workbench';
import { goal, kb, ms, publish, table, type Goal } from './lib/report';
import { readZip, type ZipEntry } from './lib/zip';
import { summarize } from './lib/stats';

const LOADS = Number(process.env.BENCH_VSCODE_LOADS ?? 3);

interface Activation {
  eager: boolean;
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
}

/** The extension's row of the "Extension Activation Stats" table in the Startup Performance report. */
async function readActivation(workbench: Workbench, id: string): Promise<Activation> {
  const page = workbench.page;
  await workbench.runCommand('Developer: Startup Performance');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ state: 'visible' });
  const row = new RegExp(`\\|\\s*${id.replace(/\./g, '\\.')}\\s*\\|\\s*(true|false)\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\S+)`);
  const deadline = Date.now() + 60_000;
  // The report is a long read-only document: Find scrolls the row into the rendered lines.
  while (Date.now() < deadline) {
    await editor.click();
    await page.keyboard.press('Control+F');
    await page.keyboard.type(`| ${id}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    const lines = await page.locator('.editor-instance .view-lines').allInnerTexts();
    const match = row.exec(lines.join('\n'));
    if (match) {
      await page.keyboard.press('Escape');
      return { eager: match[1] === 'true', loadCodeMs: Number(match[2]), callActivateMs: Number(match[3]), finishActivateMs: Number(match[4]), event: match[5] };
    }
    // Activated after the report was made: open it again.
    await page.keyboard.press('Escape');
    await workbench.runCommand('View: Close Editor');
    await page.waitForTimeout(1000);
    await workbench.runCommand('Developer: Startup Performance');
  }
  throw new Error(`${id} is not in the Startup Performance report: did it activate?`);
}

async function activationInVsCode(): Promise<{ samples: Activation[]; version: string }> {
  stopAllOnExit();
  const build = await ensureCodeServer();
  await ensureChromium();
  const work = mkdtempSync(path.join(os.tmpdir(), 'sidekick-bench-activation-'));
  try {
    const workspace = path.join(work, 'workspace');
    mkdirSync(workspace);
    writeFileSync(path.join(workspace, 'app.ts'), 'export const answer = 42;\n');
    const profile = prepareProfile(path.join(work, 'profile'), {}, true);
    await installExtension(build, profile, vsixPath());
    const server = await startCodeServer(build, profile, { folder: workspace, logFile: path.join(work, 'code-server.log') });
    const browser = await launchChromium(path.join(work, 'chromium'));
    try {
      const page: Page = browser.pages()[0] ?? (await browser.newPage());
      const samples: Activation[] = [];
      for (let load = 0; load < LOADS; load++) {
        if (load === 0) await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
        else await page.reload();
        const workbench = new Workbench(page);
        await workbench.ready();
        samples.push(await readActivation(workbench, extensionId()));
        console.log(`  window load ${load + 1}: ${JSON.stringify(samples[samples.length - 1])}`);
      }
      return { samples, version: build.codeServerVersion.replace(/^4\./, '1.') };
    } finally {
      await browser.close().catch(() => undefined);
    }
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Size {
  file: string;
  bytes: number;
  gzipped: number;
}

/** A file as the .vsix ships it (the production build `npm run package` made), raw and gzipped. */
function shipped(entries: ZipEntry[], file: string): Size {
  const entry = entries.find((e) => e.name === `extension/${file}`);
  if (!entry) throw new Error(`${file} is not in ${path.basename(vsixPath())}`);
  const content = entry.content();
  // The development build ends with a source map reference; the production one has none.
  if (/sourceMappingURL=/.test(content.subarray(-300).toString())) {
    throw new Error(`${file} in the .vsix is a development build: run \`npm run package\`.`);
  }
  return { file, bytes: content.length, gzipped: gzipSync(content, { level: 9 }).length };
}

async function main(): Promise<void> {
  if (!existsSync(vsixPath())) throw new Error(`${vsixPath()} is missing: run \`npm run package\` first.`);
  const entries = readZip(vsixPath());
  const extension = shipped(entries, 'dist/extension.js');
  const webview = shipped(entries, 'media/dist/webview.js');
  const vsix = { file: path.basename(vsixPath()), bytes: statSync(vsixPath()).size };
  // The webview's stylesheet links these two; a .vsix that leaves them out ships without icons.
  const codicons = ['media/dist/codicon.css', 'media/dist/codicon.ttf'].map((file) => deflateRawSync(readFileSync(path.join(repoRoot, file)), { level: 9 }).length);
  const codiconsCompressed = codicons.reduce((a, b) => a + b, 0);

  const { samples, version } = await activationInVsCode();
  const call = summarize(samples.map((s) => s.callActivateMs));
  const load = summarize(samples.map((s) => s.loadCodeMs));

  console.log(`\n### Activation in VS Code ${version} (code-server, .vsix installed, ${LOADS} window loads; VS Code's Startup Performance report)\n`);
  console.log(
    table(
      ['window load', 'event', 'load code (require dist/extension.js)', 'call activate (activate() start to return)', 'finish activate'],
      samples.map((s, i) => [i + 1, s.event, ms(s.loadCodeMs, 0), ms(s.callActivateMs, 0), ms(s.finishActivateMs, 0)]),
    ),
  );
  console.log('\n### Bundle sizes (production build)\n');
  console.log(
    table(
      ['file', 'raw', 'gzipped'],
      [
        [extension.file, kb(extension.bytes), kb(extension.gzipped)],
        [webview.file, kb(webview.bytes), kb(webview.gzipped)],
        [`${vsix.file} (zip)`, kb(vsix.bytes), '-'],
      ],
    ),
  );
  const codiconsShipped = entries.some((e) => e.name.endsWith('media/dist/codicon.ttf'));
  if (!codiconsShipped) {
    console.log(`\nNote: media/dist/codicon.css and codicon.ttf, which the webview links, are not in the .vsix; they would add ${kb(codiconsCompressed)} compressed.`);
  }

  const goals: Record<string, Goal> = {
    activate: goal('activate() start to commands registered, real VS Code, max of loads', '< 30 ms', call.max, `${ms(call.max, 0)} (p50 ${ms(call.p50, 0)})`, call.max < 30),
    loadCode: goal('loading dist/extension.js before activate(), real VS Code, p50', '-', load.p50, ms(load.p50, 0), undefined),
    vsix: goal('.vsix size', '< 400 KB', vsix.bytes, kb(vsix.bytes), vsix.bytes < 400 * 1024),
    webview: goal('webview script, gzipped (sanitizer and highlighter included)', '<= 150 KB', webview.gzipped, kb(webview.gzipped), webview.gzipped <= 150 * 1024),
    extension: goal('dist/extension.js, gzipped', '-', extension.gzipped, `${kb(extension.gzipped)} (${kb(extension.bytes)} raw)`, undefined),
  };
  publish('activation', {
    title: 'Activation and bundle sizes',
    standIns: [],
    vscode: version,
    samples,
    sizes: { extension, webview, vsix, codiconsShipped, codiconsCompressedBytes: codiconsCompressed },
    goals,
  });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
