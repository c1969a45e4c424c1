// With VS Code's display language set to Chinese (zh-cn): Sidekick's command titles, its chat UI and the
// answer language it asks the model for are Chinese. VS Code's own strings stay English here (see languagePack.ts).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { session, useSession } from './session';

const ANSWER_ZH = [
  '## `greet` 的作用',
  '',
  '它接收一个**名字**，返回一句问候语。',
  '',
  '```ts',
  'greet("Ada"); // "Hello, Ada!"',
  '```',
].join('\n');

describe('In Chinese (zh-cn)', () => {
  let stop: (() => Promise<void>) | undefined;
  before(async function () {
    this.timeout(180_000);
    stop = await useSession({ name: 'zh-cn', locale: 'zh-cn' });
    const { workbench } = session();
    await workbench.runCommand('Sidekick: 设置 API 密钥');
    await workbench.answerInputBox('Sidekick', 'sk-ui-zh-key');
  });
  after(async function () {
    this.timeout(60_000);
    await stop?.();
  });

  it('lists Sidekick commands with Chinese titles in the palette', async () => {
    const { workbench } = session();
    await workbench.page.keyboard.press('F1');
    const rows = workbench.quickInput.locator('.monaco-list-row .label-name');
    // Each looked up by its Chinese title: the list shows only as many rows as fit.
    for (const title of ['Sidekick: 测试连接', 'Sidekick: 打开聊天', 'Sidekick: 快速入门']) {
      await workbench.quickInput.locator('input').fill(`>${title}`);
      await rows.filter({ hasText: title }).first().waitFor({ state: 'visible' });
    }
    await workbench.page.keyboard.press('Escape');
  });

  it('shows the chat in Chinese and asks the model for Chinese explanations', async () => {
    const { workbench, fake, workspace } = session();
    writeFileSync(path.join(workspace, 'greet.ts'), 'export function greet(name: string) {\n  return "Hello, " + name + "!";\n}\n');
    await workbench.runCommand('Sidekick: 打开聊天');
    const chat = await workbench.webviewIn('sidebar');
    await chat.locator('.empty h2').waitFor({ timeout: 30_000 });
    assert.equal(await chat.locator('.empty h2').innerText(), '向 Sidekick 询问你的代码');
    assert.equal(await chat.locator('textarea.input').getAttribute('placeholder'), '输入问题（Enter 发送，Shift+Enter 换行）');
    const picked = (name: string) => chat.getByRole('combobox', { name }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
    assert.deepEqual([await picked('推理'), await picked('详细程度')], ['低（默认）', '中（默认）'], 'the header\'s pickers');

    await workbench.openFile('greet.ts');
    await workbench.selectLines(1, 3);
    const index = fake.requests.length;
    fake.enqueue({ kind: 'text', text: ANSWER_ZH, deltaSize: 6, delayMs: 10 });
    await workbench.runCommand('Sidekick: 解释所选代码');
    const request = await fake.waitForRequest(index, 15_000);
    const sent = JSON.stringify(request.body);
    assert.ok(sent.includes('Write your answers in Simplified Chinese (简体中文)'), 'the request asks for Chinese');
    const panel = await workbench.webviewIn('editor');
    await panel.locator('.turn-assistant .usage').waitFor({ timeout: 30_000 });
    assert.match((await panel.locator('.turn-assistant .answer').textContent()) ?? '', /返回一句问候语/);
  });
});
