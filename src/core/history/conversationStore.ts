// Past conversations, persisted in a key-value store (VS Code's globalState in the extension): an index
// of summaries under one key and each conversation under its own key, so saving one answer rewrites
// only that conversation. Bounded in count and in total size; the least recently updated go first.

import type { ConversationSummary } from '../../protocol';
import { summaryOf, type Conversation } from './conversation';

/** The part of vscode.Memento the store uses. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

interface IndexEntry extends ConversationSummary {
  /** Serialized size in characters, for the total-size bound. */
  size: number;
}

const INDEX_KEY = 'sidekick.chat.index';
const ITEM_PREFIX = 'sidekick.chat.conversation.';

export interface StoreLimits {
  maxConversations: number;
  /** Total serialized characters of all conversations together. */
  maxTotalChars: number;
}

export const DEFAULT_MAX_TOTAL_CHARS = 8_000_000;

/**
 * Changes are visible at once (list/get) and written in batches, one batch at a time: VS Code's
 * globalState replaces its in-memory copy with the echo of an earlier write, so a write issued while
 * another is in flight can be lost.
 */
export class ConversationStore {
  private readonly listeners = new Set<() => void>();
  /** Saved or deleted (undefined) but not yet written. */
  private readonly pending = new Map<string, { conversation: Conversation; entry: IndexEntry } | undefined>();
  private writing: Promise<void> = Promise.resolve();
  private next: Promise<void> | undefined;

  constructor(
    private readonly storage: KeyValueStore,
    private readonly limits: () => StoreLimits,
  ) {}

  /** Calls `listener` whenever the list of conversations changes. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return this.pruned().keep.map(({ id, title, updatedAt, turnCount }) => ({ id, title, updatedAt, turnCount }));
  }

  /** A copy: changing it changes nothing stored. */
  get(id: string): Conversation | undefined {
    if (this.pending.has(id)) {
      const item = this.pending.get(id);
      return item && clone(item.conversation);
    }
    const item = this.storage.get<Conversation>(ITEM_PREFIX + id);
    return item && Array.isArray(item.turns) ? clone(item) : undefined;
  }

  /**
   * Saves (or replaces) a conversation; the oldest beyond the limits are pruned. Empty ones are not kept.
   * Resolves when it is written.
   */
  save(conversation: Conversation): Promise<void> {
    if (conversation.turns.length === 0) {
      return this.writing;
    }
    const copy = clone(conversation);
    return this.change(conversation.id, { conversation: copy, entry: { ...summaryOf(copy), size: JSON.stringify(copy).length } });
  }

  delete(id: string): Promise<void> {
    return this.change(id, undefined);
  }

  private change(id: string, item: { conversation: Conversation; entry: IndexEntry } | undefined): Promise<void> {
    const before = JSON.stringify(this.list());
    // Re-inserted so the newest change is the last one a batch considers.
    this.pending.delete(id);
    this.pending.set(id, item);
    // Saving a streaming answer's progress changes no summary: the history lists stay quiet.
    if (JSON.stringify(this.list()) !== before) {
      for (const listener of [...this.listeners]) {
        listener();
      }
    }
    // A failed write is reported to its callers; the writes after it still happen.
    this.next ??= this.writing.catch(() => undefined).then(() => {
      this.next = undefined;
      return this.flush();
    });
    this.writing = this.next;
    return this.next;
  }

  private async flush(): Promise<void> {
    const { keep, drop } = this.pruned();
    const items = [...this.pending];
    this.pending.clear();
    // Issued together, so globalState sends them as one write.
    const writes = [
      ...items.map(([id, item]) => this.storage.update(ITEM_PREFIX + id, item?.conversation)),
      ...drop.map((e) => this.storage.update(ITEM_PREFIX + e.id, undefined)),
      this.storage.update(INDEX_KEY, keep),
    ];
    await Promise.all(writes);
  }

  /** The stored index with the pending changes applied, split into what the limits keep and drop. */
  private pruned(): { keep: IndexEntry[]; drop: IndexEntry[] } {
    const stored = this.storage.get<IndexEntry[]>(INDEX_KEY);
    const byId = new Map((Array.isArray(stored) ? stored : []).map((e) => [e.id, e]));
    let newest: string | undefined;
    for (const [id, item] of this.pending) {
      if (item) {
        byId.set(id, item.entry);
        newest = id;
      } else {
        byId.delete(id);
      }
    }
    const index = [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    const { maxConversations, maxTotalChars } = this.limits();
    const keep: IndexEntry[] = [];
    const drop: IndexEntry[] = [];
    let total = 0;
    for (const e of index) {
      // The newest conversation and the one saved last are kept even when one alone exceeds the size bound.
      const fits = keep.length < Math.max(1, maxConversations) && total + e.size <= maxTotalChars;
      if (e === index[0] || e.id === newest || fits) {
        keep.push(e);
        total += e.size;
      } else {
        drop.push(e);
      }
    }
    return { keep, drop };
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
