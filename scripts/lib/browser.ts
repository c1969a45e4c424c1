// Debian's Chromium driven by playwright-core: never a downloaded browser, never the network.
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './provision';

/** Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A headless Chromium with its own fresh profile in `profileDir` (kept: SecretStorage lives there). */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
}
