// What a person does in VS Code, for the UI tests: the command palette, input boxes, notifications,
// webviews and screenshots, on a workbench page driven by playwright-core.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Matches `text` as the whole of an element's text. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

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
   * extension host is still loading it says "No matching commands": close it and try again. Right
   * after a reload F1 can go nowhere (no part of the workbench has the focus yet): then a click in the
   * editor area gives it the focus, as a person would click before pressing keys again. A palette that
   * closes before the title is typed is opened again.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The row Enter takes: the list filters a moment after the keys, and until then the focused row is
    // the most recently used command (which Enter would run again).
    const row = this.quickInput.locator('.monaco-list-row.focused').filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    const input = this.quickInput.locator('input');
    for (;;) {
      await this.page.keyboard.press('F1');
      const opened = await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      if (opened) {
        try {
          // A notification or view opening while the window starts can close the palette under the keys.
          await input.fill(`>${title}`, { timeout: 3_000 });
          await row.waitFor({ state: 'visible', timeout: 2_000 });
          await this.page.keyboard.press('Enter');
          return;
        } catch {
          await this.page.keyboard.press('Escape');
        }
      } else {
        await this.page.locator('.part.editor').first().click({ position: { x: 20, y: 20 } });
      }
      if (Date.now() > deadline) {
        throw new Error(opened ? `"${title}" never appeared in the command palette` : 'F1 never opened the command palette');
      }
      await this.page.waitForTimeout(500);
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

  /** Sets the API key as a person does: the palette command, the key typed into its box. Returns what the box showed. */
  async setApiKey(key: string): Promise<{ title: string; prompt: string; password: boolean }> {
    await this.runCommand('Sidekick: Set API Key');
    return this.answerInputBox('Sidekick: Set API Key', key);
  }

  /**
   * The notification whose message matches `text`, once it is shown. VS Code shows at most three toasts in
   * 800 ms and puts the rest only in the Notification Center (a test acts faster than a person: the toast of
   * its last step, "API key saved", the progress and the result come within that time): while no toast shows
   * it, it is looked for where a person would look then, in the Notification Center (which closes by itself
   * whenever it has nothing to list, and is opened again).
   */
  async notification(text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const item = (where: string) => this.page.locator(`${where} .notification-list-item`, { has: this.page.locator('.notification-list-item-message', { hasText: text }) }).first();
    const toast = item('.notification-toast');
    const listed = item('.notifications-center');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await toast.or(listed).waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      if (found) {
        return (await toast.isVisible()) ? toast : listed;
      }
      if (Date.now() > deadline) {
        throw new Error(`no notification ${String(text)} in ${timeoutMs} ms, neither as a toast nor in the Notification Center`);
      }
      if (!(await this.page.locator('.notifications-center.visible').isVisible())) {
        await this.runCommand('Notifications: Show Notifications');
      }
    }
  }

  /**
   * Sidekick: New Chat for the chat shown in `chat` (from the palette, or the button in the view's title bar),
   * and waits until it took effect: the cursor lands in the chat's input, which New Chat does after starting
   * the new conversation. (Typed before the command arrived, a question would go to the old conversation or
   * be lost.) The input gives up the cursor first, so that taking it again can be seen: blurred in its own
   * page, it is not where the palette gives the focus back when it closes. Moving the focus to the editor
   * group instead left it in the input when no editor was open, and a click in the editor area did not
   * always take it from the webview either.
   */
  async newChat(chat: FrameLocator, from: 'palette' | 'button' = 'palette'): Promise<void> {
    const input = chat.locator('textarea.input');
    const focused = input.and(chat.locator(':focus'));
    await input.evaluate((element) => (element as HTMLElement).blur());
    await focused.waitFor({ state: 'detached' });
    if (from === 'button') {
      await this.page.locator('.part.sidebar').getByRole('button', { name: 'New Chat' }).click();
    } else {
      await this.runCommand('Sidekick: New Chat');
    }
    await focused.waitFor({ timeout: 15_000 });
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

  /**
   * The content frame of the webview shown in the side bar or the editor area. Webviews are iframes laid over
   * the workbench (hidden ones stay in the DOM), so the one is found by where it is drawn.
   */
  async webviewIn(part: 'sidebar' | 'editor', timeoutMs = 30_000): Promise<FrameLocator> {
    const deadline = Date.now() + timeoutMs;
    const frames = this.page.locator('iframe.webview.ready');
    for (;;) {
      const area = await this.page.locator(`.part.${part}`).first().boundingBox();
      for (let i = 0, n = await frames.count(); area && i < n; i++) {
        const box = await frames.nth(i).boundingBox();
        const x = box && box.x + box.width / 2;
        const y = box && box.y + box.height / 2;
        if (box && box.width > 0 && (await frames.nth(i).isVisible()) && x! > area.x && x! < area.x + area.width && y! > area.y && y! < area.y + area.height) {
          return frames.nth(i).contentFrame().frameLocator('#active-frame');
        }
      }
      if (Date.now() > deadline) throw new Error(`no webview shown in the ${part}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Opens `name` with Go to File (Quick Open) and clicks into its text; retries when a closing widget swallowed the keys. */
  async openFile(name: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const tab = this.page.locator(`.editor-group-container.active .tab.active[aria-label^="${name}"]`);
    for (;;) {
      // Through the palette: Ctrl+P is not always delivered to the workbench after a click on a CodeLens.
      await this.runCommand('Go to File...');
      const input = this.quickInput.locator('input');
      // The file's own row: recently opened editors such as "Explain csv.ts:1-6" also match the name.
      try {
        // A notification or view opening while the window starts can close Quick Open under the keys: again then.
        await input.fill(name, { timeout: 5_000 });
        await this.quickInput.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exactly(name) }) }).first().click({ timeout: 5_000 });
        await tab.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw error;
      }
    }
    await this.editor.locator('.view-lines').first().click();
  }

  /** Picks a colour theme with Ctrl+K Ctrl+T (Preferences: Color Theme), as a person does. */
  async setColorTheme(label: string): Promise<void> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(label);
    await this.quickInput.locator('.monaco-list-row.focused', { hasText: label }).waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** The active text editor. */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The text the active editor shows (short files only: the editor draws only the visible lines). */
  async editorText(): Promise<string> {
    const lines = await this.editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
      nodes
        .map((node) => ({ top: parseFloat((node as HTMLElement).style.top), text: node.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text.replace(/\u00a0/g, ' ')));
    return lines.join('\n');
  }

  /**
   * Reads `read` until `done` says yes, or `timeoutMs` has passed; returns the last reading. For state the page
   * fires no event for (what an editor draws, what the workbench stored).
   */
  async poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits until the active editor shows `expected`; returns what it shows then (or at the timeout). */
  waitForEditorText(expected: string, timeoutMs = 10_000): Promise<string> {
    return this.poll(() => this.editorText(), (text) => text === expected, timeoutMs);
  }

  /** Selects lines `from`..`to` (1-based, whole lines) of the active editor with the keyboard. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.page.keyboard.press('Control+Home');
    for (let line = 1; line < from; line++) await this.page.keyboard.press('ArrowDown');
    for (let line = from; line <= to; line++) await this.page.keyboard.press('Shift+ArrowDown');
  }

  /** Whether the keyboard focus is in a text editor (not in a webview, a panel or an input). */
  async editorHasFocus(): Promise<boolean> {
    return this.page.evaluate(() => Boolean(document.activeElement?.closest('.editor-instance .monaco-editor')));
  }

  /**
   * Closes every editor, so the next test starts from an empty editor area. A page that takes the focus as
   * it finishes opening (the walkthrough focuses its step) can close the palette under the Enter, and then
   * the command never ran: it is run again until the tabs are gone.
   */
  async closeAllEditors(timeoutMs = 30_000): Promise<void> {
    const tab = this.page.locator('.editor-group-container .tab').first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.runCommand('View: Close All Editors');
      if (await tab.waitFor({ state: 'detached', timeout: 5_000 }).then(() => true, () => false)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`View: Close All Editors left ${await tab.getAttribute('aria-label')} open for ${timeoutMs} ms`);
      }
    }
  }

  /** The CodeLens link titled `title` over the active editor's text. */
  codeLens(title: string | RegExp): Locator {
    return this.editor.locator('.codelens-decoration a', { hasText: title }).first();
  }

  /**
   * Waits until the workbench's storage in the browser (IndexedDB, what a reload reads back) holds `text`
   * under `key`, e.g. an extension's id, under which its globalState is kept. The workbench writes there a
   * moment after the extension's update arrives; a reload before that loses the update.
   */
  async waitForStored(key: string, text: string, timeoutMs = 15_000): Promise<void> {
    const stored = () => this.page.evaluate(async ({ key, text }) => {
      for (const { name } of await indexedDB.databases()) {
        if (!name?.startsWith('vscode-web-state-db-')) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error ?? new Error(`cannot open ${name}`));
        });
        try {
          const value = !db.objectStoreNames.contains('ItemTable') ? undefined : await new Promise<unknown>((resolve, reject) => {
            const get = db.transaction('ItemTable').objectStore('ItemTable').get(key);
            get.onsuccess = () => resolve(get.result);
            get.onerror = () => reject(get.error ?? new Error(`cannot read ${key}`));
          });
          if (typeof value === 'string' && value.includes(text)) return true;
        } finally {
          db.close();
        }
      }
      return false;
    }, { key, text });
    if (!(await this.poll(stored, Boolean, timeoutMs))) {
      throw new Error(`the workbench never stored "${text}" under ${key}`);
    }
  }

  /** Saves what the user sees now as `<dir>/<name>.png`; returns the path. */
  async screenshot(dir: string, name: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
