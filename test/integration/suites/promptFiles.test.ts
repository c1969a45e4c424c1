// Prompt files and slash commands in the chat, read off what the fake server received: `/name` sends the
// expanded body with the selection and the linked files, with the file's own model; a broken file sends
// nothing and says which file and line; an edited file counts at once.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answered, chat, select, snapshot, until, useFakeServer, type SentBody } from '../helpers/chat';
import { activateSidekick } from '../helpers/extension';
import { fakeServer } from '../helpers/fakeServer';
import { rememberSettings, setSetting } from '../helpers/settings';
import { answerInputBoxes, captureMessages, type ShownMessage } from '../helpers/window';
import { BUILTIN_SLASH_PROMPTS } from '../../../src/core/prompt/slashCommands';

const KEY = 'sk-integration-prompts-7d2a';
const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const prompts = () => path.join(root(), '.github', 'prompts');

function writePrompt(name: string, text: string): vscode.Uri {
  mkdirSync(prompts(), { recursive: true });
  writeFileSync(path.join(prompts(), `${name}.prompt.md`), text);
  return vscode.Uri.file(path.join(prompts(), `${name}.prompt.md`));
}

const REVIEW = [
  '---',
  'description: Review the selection',
  'argument-hint: what to look for',
  'model: gpt-5.2-mini',
  'mode: agent',
  '---',
  'Review this code from ${fileBasename} for ${input:focus:what to look for}:',
  '',
  '${selection}',
  '',
  'Follow [our money rules](../../src/money.ts).',
].join('\n');

async function send(text: string): Promise<void> {
  await chat('sidebar', { type: 'send', text, attachSelection: true, attachFile: false });
}

async function selectTotal(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root(), 'src/cart.ts')), { viewColumn: vscode.ViewColumn.One, preview: false });
  await select(editor, new vscode.Selection(15, 0, 19, 0));
}

async function onlyRequest(): Promise<{ model: string } & SentBody> {
  const requests = await fakeServer.requests();
  assert.equal(requests.length, 1, 'exactly one request');
  return requests[0].body as { model: string } & SentBody;
}

describe('Prompt files and slash commands', function () {
  this.timeout(60_000);
  const settings = rememberSettings('baseUrl', 'context.definitions', 'model');
  let shown: { messages: ShownMessage[]; restore: () => void } | undefined;

  before(async () => {
    await activateSidekick();
    await useFakeServer(KEY);
    await setSetting('context.definitions', false);
    await setSetting('model', 'gpt-5.2');
  });
  after(async () => {
    await settings.restore();
    rmSync(path.join(root(), '.github'), { recursive: true, force: true });
  });
  beforeEach(async () => {
    await fakeServer.reset();
    await chat('sidebar', { type: 'newChat' });
    await selectTotal();
    shown = captureMessages();
  });
  afterEach(() => shown?.restore());

  async function errorShown(): Promise<string> {
    return until('an error message', async () => shown!.messages.find((m) => m.severity === 'error')?.text);
  }

  it('/name sends the expanded body with the selection, the argument and the linked file, with the file\'s model', async () => {
    writePrompt('review', REVIEW);
    await fakeServer.enqueue({ kind: 'text', text: 'Looks fine.' });
    await send('/review rounding');
    const snap = await answered('sidebar');
    const body = await onlyRequest();
    const user = body.input[1].content;
    assert.equal(body.model, 'gpt-5.2-mini', 'the prompt file\'s model is the request\'s model');
    assert.ok(user.startsWith('Review this code from cart.ts for rounding:\n\n  total(): Money {\n'), user);
    assert.ok(user.includes('from `src/money.ts`') && user.includes("export const DEFAULT_CURRENCY = 'EUR';"), 'the linked file is attached');
    assert.ok(!user.includes('Selected code from'), 'the selection, already in the body, is not attached again');
    const question = snap.state.turns[0];
    assert.equal(question.text, '/review rounding');
    assert.deepEqual(question.attachments?.map((a) => `${a.kind}:${a.label}`), ['file:money.ts']);
  });

  it('asks for an ${input:…} the argument did not answer; Escape there sends nothing', async () => {
    writePrompt('review', REVIEW);
    const boxes = answerInputBoxes(undefined);
    try {
      await send('/review');
      await until('the input box', async () => boxes.asked.length === 1);
    } finally {
      boxes.restore();
    }
    assert.equal(boxes.asked[0].placeHolder, 'what to look for');
    await until('the chat to be idle', async () => !(await snapshot('sidebar')).state.busy);
    assert.deepEqual(await fakeServer.requests(), []);
    assert.deepEqual((await snapshot('sidebar')).state.turns, []);
  });

  it('a prompt file with an unknown variable sends nothing and names the file, the line and the variable', async () => {
    writePrompt('broken', '---\ndescription: x\n---\nFirst line\nPaste ${clipboard} here');
    await send('/broken');
    const message = await errorShown();
    assert.match(message, /\.github\/prompts\/broken\.prompt\.md:5/);
    assert.match(message, /\$\{clipboard\}/);
    assert.deepEqual(await fakeServer.requests(), []);
    assert.deepEqual((await snapshot('sidebar')).state.turns, []);
  });

  it('a link to a missing file sends nothing and names it', async () => {
    writePrompt('linked', 'Use [the guide](docs/missing.md).');
    await send('/linked');
    const message = await errorShown();
    assert.match(message, /linked\.prompt\.md:1/);
    assert.match(message, /docs\/missing\.md/);
    assert.deepEqual(await fakeServer.requests(), []);
  });

  it('a link out of the workspace sends nothing and says so, though the file exists', async () => {
    const outside = path.join(root(), '..', 'outside-secret.txt');
    writeFileSync(outside, 'OUTSIDE_SECRET');
    try {
      writePrompt('escape', 'Read [this](../../../outside-secret.txt).');
      await send('/escape');
      const message = await errorShown();
      assert.match(message, /escape\.prompt\.md:1/);
      assert.match(message, /outside the workspace/);
      assert.deepEqual(await fakeServer.requests(), []);
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('bad front matter sends nothing and names its line', async () => {
    writePrompt('yaml', '---\ndescription: fine\nnot a key\n---\nBody');
    await vscode.commands.executeCommand('sidekick.runPromptFile', vscode.Uri.file(path.join(prompts(), 'yaml.prompt.md')));
    assert.match(await errorShown(), /yaml\.prompt\.md:3/);
    assert.deepEqual(await fakeServer.requests(), []);
  });

  it('reads a changed file again, and Run Prompt File on the file runs it in the chat', async () => {
    const uri = writePrompt('greet', 'Say hello.');
    await fakeServer.enqueue({ kind: 'text', text: 'Hello.' }, { kind: 'text', text: 'Goodbye.' });
    await send('/greet');
    await answered('sidebar');
    writePrompt('greet', 'Say goodbye to ${workspaceFolderBasename}.');
    await vscode.commands.executeCommand('sidekick.runPromptFile', uri);
    await until('the second answer', async () => {
      const snap = await answered('sidebar');
      return snap.state.turns.length === 4 ? snap : undefined;
    });
    const [first, second] = (await fakeServer.requests()).map((r) => (r.body as SentBody).input.pop()!.content);
    assert.ok(first.startsWith('Say hello.'), first);
    assert.ok(second.startsWith(`Say goodbye to ${path.basename(root())}.`), second);
  });

  it('/explain, /fix, /tests and /doc ask their instruction about the selection; /new starts a new chat', async () => {
    await fakeServer.enqueue({ kind: 'text', text: 'Tests.' });
    await send('/tests with vitest');
    const snap = await answered('sidebar');
    const user = (await onlyRequest()).input[1].content;
    assert.ok(user.startsWith(`${BUILTIN_SLASH_PROMPTS.tests}\n\nwith vitest`), user);
    assert.ok(user.includes('Selected code from `src/cart.ts`'), 'the selection is attached');
    assert.equal(snap.state.turns[0].text, '/tests with vitest');
    const before = snap.state.conversationId;
    await send('/new');
    await until('a new conversation', async () => ((await snapshot('sidebar')).state.conversationId !== before ? true : undefined));
    assert.deepEqual((await snapshot('sidebar')).state.turns, []);
  });
});
