import * as assert from 'node:assert/strict';
import { newConversation, type Conversation } from '../../../../src/core/history/conversation';
import { ConversationStore, type KeyValueStore, type StoreLimits } from '../../../../src/core/history/conversationStore';

/** Behaves like vscode.Memento: values are taken at once and stored as JSON. */
class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }
}

function conversation(id: string, updatedAt: number, text = `question ${id}`): Conversation {
  return {
    ...newConversation(id, updatedAt),
    title: text.slice(0, 20),
    updatedAt,
    turns: [
      { id: `${id}-u`, role: 'user', text, createdAt: updatedAt },
      { id: `${id}-a`, role: 'assistant', text: `answer ${id}`, status: 'done', createdAt: updatedAt },
    ],
  };
}

describe('conversation store', () => {
  let memory: MemoryStore;
  let limits: StoreLimits;
  let store: ConversationStore;
  beforeEach(() => {
    memory = new MemoryStore();
    limits = { maxConversations: 3, maxTotalChars: 1_000_000 };
    store = new ConversationStore(memory, () => limits);
  });

  it('survives a new store over the same storage (a window reload)', async () => {
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    const reloaded = new ConversationStore(memory, () => limits);
    assert.deepEqual(
      reloaded.list().map((s) => [s.id, s.turnCount]),
      [['b', 2], ['a', 2]],
    );
    assert.equal(reloaded.get('a')?.turns[1].text, 'answer a');
  });

  it('prunes the least recently updated beyond the count limit', async () => {
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
      await store.save(conversation(id, i + 1));
    }
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['d', 'c', 'b'],
    );
    assert.equal(store.get('a'), undefined);
    assert.equal(memory.data.size, 4, 'index + 3 conversations, nothing left behind');
  });

  it('updating an old conversation makes it the newest', async () => {
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    await store.save(conversation('a', 3));
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['a', 'b'],
    );
  });

  it('prunes the oldest beyond the total size, but keeps the one being saved', async () => {
    limits = { maxConversations: 50, maxTotalChars: 3000 };
    await store.save(conversation('a', 1, 'x'.repeat(1000)));
    await store.save(conversation('b', 2, 'y'.repeat(1000)));
    await store.save(conversation('c', 3, 'z'.repeat(1000)));
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['c', 'b'],
    );
    await store.save(conversation('huge', 4, 'h'.repeat(10_000)));
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['huge'],
    );
  });

  it('deletes a conversation and tells listeners', async () => {
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    await store.delete('a');
    assert.equal(changes, 3);
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['b'],
    );
    assert.equal(store.get('a'), undefined);
  });

  it('does not keep empty conversations and stays quiet when only an answer grew', async () => {
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.save(newConversation('empty', 1));
    assert.deepEqual(store.list(), []);
    const c = conversation('a', 1);
    await store.save(c);
    c.turns[1].text += ' more';
    await store.save(c);
    assert.equal(changes, 1);
    assert.equal(store.get('a')?.turns[1].text, 'answer a more');
  });

  it('concurrent saves do not lose each other', async () => {
    await Promise.all([store.save(conversation('a', 1)), store.save(conversation('b', 2))]);
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['b', 'a'],
    );
  });
});

/**
 * Behaves like VS Code's globalState in the extension host: `update` takes the value at once, a 0 ms
 * scheduler sends the whole state to the main side, which echoes it back (replacing the in-memory copy)
 * before the write resolves.
 */
class EchoingMemento implements KeyValueStore {
  private value: Record<string, unknown> = {};
  backing: Record<string, unknown> = {};
  private waiting: (() => void)[] = [];
  private onSent: (() => void)[] = [];
  private scheduled = false;
  get<T>(key: string): T | undefined {
    return this.value[key] as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.value[key] = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), 3);
      }
    });
  }
  /** Resolves once the next write is on its way to the main side, its echo still to come. */
  sent(): Promise<void> {
    return new Promise((resolve) => this.onSent.push(resolve));
  }
  private flush(): void {
    this.scheduled = false;
    const waiting = this.waiting.splice(0);
    const written = JSON.stringify(this.value);
    this.onSent.splice(0).forEach((resolve) => resolve());
    setTimeout(() => {
      this.backing = JSON.parse(written);
      this.value = JSON.parse(written);
      waiting.forEach((resolve) => resolve());
    }, 5);
  }
}

describe('conversation store over globalState', () => {
  it('does not lose a save made while an earlier write is in flight', async () => {
    const memento = new EchoingMemento();
    const limits = () => ({ maxConversations: 10, maxTotalChars: 1_000_000 });
    const store = new ConversationStore(memento, limits);
    const a = conversation('a', 1);
    const sent = memento.sent();
    const first = store.save(a);
    await sent;
    a.turns[1].text = 'answer a, finished';
    a.turns[1].status = 'done';
    const second = store.save(a);
    const third = store.save(conversation('b', 2));
    await Promise.all([first, second, third]);
    const reloaded = new ConversationStore(
      { get: <T>(key: string) => memento.backing[key] as T | undefined, update: async () => undefined },
      limits,
    );
    assert.equal(reloaded.get('a')?.turns[1].text, 'answer a, finished');
    assert.deepEqual(
      reloaded.list().map((s) => s.id),
      ['b', 'a'],
    );
  });

  it('hands out copies: changing one changes nothing stored', async () => {
    const memento = new EchoingMemento();
    const store = new ConversationStore(memento, () => ({ maxConversations: 10, maxTotalChars: 1_000_000 }));
    await store.save(conversation('a', 1));
    const copy = store.get('a')!;
    copy.turns[1].text = 'changed';
    assert.equal(store.get('a')?.turns[1].text, 'answer a');
  });
});
