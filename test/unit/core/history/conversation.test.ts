import * as assert from 'node:assert/strict';
import { buildInput, newConversation, pickedChoice, resolveChoice, titleFor, toMarkdown, wireTurn, type Conversation, type StoredTurn } from '../../../../src/core/history/conversation';
import { CHAT_DEFAULTS, CONTINUE_INSTRUCTION, EXPLAIN_DEFAULTS } from '../../../../src/core/prompt/prompt';
import { readSettings, SETTING_DEFAULTS, type SettingKey } from '../../../../src/core/settings';

let n = 0;
const user = (text: string, context?: string): StoredTurn => ({ id: `u${++n}`, role: 'user', text, context, createdAt: n });
const answer = (text: string, status: StoredTurn['status'] = 'done'): StoredTurn => ({ id: `a${++n}`, role: 'assistant', text, status, createdAt: n });

describe('conversation: request input', () => {
  it('starts with the system prompt in the answer language, then every turn with its role', () => {
    const input = buildInput([user('What is a monad?'), answer('A monoid in…'), user('Shorter please')], 'Simplified Chinese (简体中文)');
    assert.deepEqual(
      input.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.match(input[0].content, /Simplified Chinese/);
    assert.equal(input[1].content, 'What is a monad?');
    assert.equal(input[2].content, 'A monoid in…');
    assert.equal(input[3].content, 'Shorter please');
  });

  it('sends the attached code with the question it was attached to, every time', () => {
    const input = buildInput([user('Explain this', 'Selected code from `a.ts`…'), answer('It adds.'), user('Why?')], 'English');
    assert.equal(input[1].content, 'Explain this\n\nSelected code from `a.ts`…');
    assert.equal(input[3].content, 'Why?');
  });

  it('puts the project instructions of the last question in the system message, never in a user message', () => {
    const input = buildInput([{ ...user('First'), instructions: 'OLD_RULES' }, answer('One.'), { ...user('Second'), instructions: 'Project instructions: NEW_RULES' }], 'English');
    assert.match(input[0].content, /\n\nProject instructions: NEW_RULES$/);
    assert.ok(!input[0].content.includes('OLD_RULES'), 'instructions are read afresh for each question');
    assert.ok(input.slice(1).every((m) => !m.content.includes('RULES')));
    assert.ok(!JSON.stringify(wireTurn({ ...user('x'), instructions: 'SECRET_RULES' })).includes('SECRET_RULES'), 'the webview never gets them');
  });

  it('keeps a stopped partial answer and drops a question whose answer failed with nothing', () => {
    const input = buildInput([user('First'), answer('', 'error'), user('Second'), answer('Half an ans', 'canceled'), user('Third')], 'English');
    assert.deepEqual(
      input.map((m) => `${m.role}:${m.content}`).slice(1),
      ['user:Second', 'assistant:Half an ans', 'user:Third'],
    );
  });

  it('asks to continue a cut-off answer after it', () => {
    const input = buildInput([user('Write a poem'), answer('Roses are', 'cut')], 'English', { continueLast: true });
    assert.deepEqual(
      input.slice(1).map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.equal(input[2].content, 'Roses are');
    assert.equal(input[3].content, CONTINUE_INSTRUCTION);
  });
});

describe('conversation: title, wire shape, export', () => {
  it('titles a conversation by its first question, shortened', () => {
    const c: Conversation = { ...newConversation('c1', 1), turns: [user(`${'word '.repeat(30)}\nsecond line`)] };
    const title = titleFor(c);
    assert.ok(title.length <= 60);
    assert.ok(title.endsWith('…'));
    assert.ok(!title.includes('second line'));
  });

  it('never sends the attached code to the webview', () => {
    const wire = wireTurn(user('Explain', 'SECRET CODE'));
    assert.equal('context' in wire, false);
    assert.equal(wire.text, 'Explain');
  });

  it('exports the turns as Markdown under their speakers, with status notes', () => {
    const c: Conversation = {
      ...newConversation('c1', 1),
      title: 'Explain add',
      turns: [
        { ...user('Explain this', 'ctx'), attachments: [{ kind: 'selection', label: 'Selection (a.ts:1-3)', truncated: false }] },
        answer('It **adds**.\n\n```ts\na + b\n```\n'),
        user('More'),
        answer('Partial', 'canceled'),
      ],
    };
    const md = toMarkdown(c, { user: 'You', assistant: 'Sidekick', status: { canceled: '(stopped)' } });
    assert.equal(
      md,
      '# Explain add\n\n## You\n\n> Selection (a.ts:1-3)\n\nExplain this\n\n## Sidekick\n\nIt **adds**.\n\n```ts\na + b\n```\n\n## You\n\nMore\n\n## Sidekick\n\nPartial\n\n*(stopped)*\n',
    );
    assert.ok(!md.includes('ctx'), 'the attached code itself is not exported');
  });
});

describe('conversation: export of attachments', () => {
  it('lists what went with each question, with the names of the definitions', () => {
    const c: Conversation = { ...newConversation('c', 1), title: 'T', turns: [
      { ...user('Why?'), attachments: [
        { kind: 'selection', label: 'a.ts:1-3', truncated: false },
        { kind: 'definitions', label: '2 definitions', truncated: false, detail: 'sum (b.ts:1); Money (c.ts:4)' },
        { kind: 'instructions', label: 'Instructions (AGENTS.md)', truncated: false },
      ] },
    ] };
    const md = toMarkdown(c, { user: 'You', assistant: 'Sidekick', status: {} });
    assert.ok(md.includes('> a.ts:1-3\n> 2 definitions: sum (b.ts:1); Money (c.ts:4)\n> Instructions (AGENTS.md)\n'), md);
  });
});

describe('conversation: the choice of model, effort and verbosity', () => {
  /** The settings snapshot with these values set, the rest at their defaults. */
  const settings = (set: Partial<Record<SettingKey, unknown>> = {}) =>
    readSettings((key, fallback) => (key in set ? set[key] : fallback) as typeof SETTING_DEFAULTS[typeof key]);

  it('sends what was chosen for the conversation, else the settings, else the surface\'s defaults', () => {
    assert.deepEqual(resolveChoice(settings(), CHAT_DEFAULTS), { model: 'gpt-5.2', reasoningEffort: 'low', verbosity: 'medium' });
    const set = settings({ model: 'gpt-5.2-mini', 'reasoning.effort': 'medium', verbosity: '' });
    assert.deepEqual(resolveChoice(set, EXPLAIN_DEFAULTS), { model: 'gpt-5.2-mini', reasoningEffort: 'medium', verbosity: 'medium' });
    assert.deepEqual(resolveChoice(set, CHAT_DEFAULTS, { reasoningEffort: 'minimal', verbosity: 'high' }), { model: 'gpt-5.2-mini', reasoningEffort: 'minimal', verbosity: 'high' });
    assert.deepEqual(resolveChoice(set, CHAT_DEFAULTS, { model: 'gpt-4.1' }), { model: 'gpt-4.1', reasoningEffort: 'medium', verbosity: 'medium' });
  });

  it('takes from the webview only the levels the pickers offer, and refuses a message with anything else whole', () => {
    assert.deepEqual(pickedChoice({ reasoningEffort: 'high' }), { reasoningEffort: 'high' });
    assert.deepEqual(pickedChoice({ verbosity: 'low', reasoningEffort: 'minimal' }), { verbosity: 'low', reasoningEffort: 'minimal' });
    for (const bad of [
      { reasoningEffort: 'xhigh' },
      { verbosity: 'minimal' },
      { reasoningEffort: 'high', verbosity: 'loud' },
      { reasoningEffort: 'high', model: 'other-model' },
      { reasoningEffort: ['high'] },
      { reasoningEffort: 'High' },
      {},
      [],
      null,
      'high',
      undefined,
    ]) {
      assert.equal(pickedChoice(bad), undefined, JSON.stringify(bad));
    }
  });
});
