// What a person does in VS Code, for the UI tests: the command palette, input boxes, notifications,
// webviews and screenshots, on a workbench page driven by playwright-core.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench is drawn and the (remote) extension host is up. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * F1, type the command's title, Enter. The palette's list is fixed when it opens, so while the
   * extension host is still loading it says "No matching commands": close it and try again.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const row = this.quickInput.locator('.monaco-list-row', { hasText: title }).first();
    for (;;) {
      await this.page.keyboard.press('F1');
      const input = this.quickInput.locator('input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        await this.page.keyboard.press('Enter');
        return;
      } catch {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) {
          throw new Error(`"${title}" never appeared in the command palette`);
        }
        await this.page.waitForTimeout(500);
      }
    }
  }

  /**
   * Waits for the input box (showInputBox) whose title or prompt shows `shows`, types `text` and presses
   * Enter. Returns what the box showed.
   */
  async answerInputBox(shows: string | RegExp, text: string): Promise<{ title: string; prompt: string; password: boolean }> {
    const label = this.quickInput.locator('.quick-input-title, .quick-input-message', { hasText: shows }).first();
    await label.waitFor({ state: 'visible' });
    const input = this.quickInput.locator('.quick-input-box input');
    const asked = {
      title: (await this.quickInput.locator('.quick-input-title').innerText()).trim(),
      prompt: (await this.quickInput.locator('.quick-input-message').innerText()).trim(),
      password: (await input.getAttribute('type')) === 'password',
    };
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    return asked;
  }

  /** The notification toast whose message matches `text`, once it is shown. */
  async notification(text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const toast = this.page.locator('.notification-toast', { has: this.page.locator('.notification-list-item-message', { hasText: text }) }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  /** The visible message text of a notification. */
  async notificationText(toast: Locator): Promise<string> {
    return ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim();
  }

  /** The labels of a notification's buttons. */
  async notificationActions(toast: Locator): Promise<string[]> {
    return (await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((s) => s.trim());
  }

  /** Closes every notification (so the next test starts from a clean screen). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** The content frame of the visible webview (a webview is an iframe holding the active frame). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Saves what the user sees now as `<dir>/<name>.png`; returns the path. */
  async screenshot(dir: string, name: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
