// What Sidekick is doing right now, for the status bar: which requests stream, how many tokens so far,
// and whether the last one failed. Every request goes through Api.stream, which reports here.

import type { Usage } from './types';

export type ActivityState =
  /** `lastOutputTokens`: the server's exact count for the last answer (estimated if it sent none). */
  | { kind: 'idle'; lastOutputTokens?: number }
  | { kind: 'streaming'; running: RunningActivity[]; tokens: number }
  | { kind: 'error'; message: string };

export interface RunningActivity {
  readonly id: number;
  readonly label: string;
  /** Output tokens so far: estimated from the streamed text until the server reports usage. */
  readonly tokens: number;
}

export type ActivityOutcome = { ok: true; usage?: Usage } | { ok: false; message: string } | { ok: false; canceled: true };

export interface ActivityHandle {
  /** Counts streamed text (answer or reasoning) towards the live token estimate. */
  delta(text: string): void;
  /** Ends the activity once; later calls are ignored. */
  end(outcome: ActivityOutcome): void;
}

/** Roughly four characters per token for English and code; good enough for a live counter. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

interface Entry {
  id: number;
  label: string;
  chars: number;
  abort: () => void;
}

export class Activity {
  private readonly running = new Map<number, Entry>();
  private nextId = 1;
  private lastError: string | undefined;
  private lastOutputTokens: number | undefined;
  private readonly listeners = new Set<(state: ActivityState) => void>();

  /** Starts tracking one request; `abort` is what Stop calls. */
  begin(label: string, abort: () => void): ActivityHandle {
    const entry: Entry = { id: this.nextId++, label, chars: 0, abort };
    this.running.set(entry.id, entry);
    this.lastError = undefined;
    this.fire();
    return {
      delta: (text) => {
        if (this.running.get(entry.id) === entry && text) {
          entry.chars += text.length;
          this.fire();
        }
      },
      end: (outcome) => {
        if (!this.running.delete(entry.id)) {
          return;
        }
        if (outcome.ok) {
          this.lastOutputTokens = outcome.usage?.outputTokens ?? estimateTokens(entry.chars);
        } else if (!('canceled' in outcome)) {
          this.lastError = outcome.message;
        }
        this.fire();
      },
    };
  }

  get state(): ActivityState {
    if (this.running.size > 0) {
      const running = [...this.running.values()].map((e) => ({ id: e.id, label: e.label, tokens: estimateTokens(e.chars) }));
      return { kind: 'streaming', running, tokens: running.reduce((sum, r) => sum + r.tokens, 0) };
    }
    if (this.lastError !== undefined) {
      return { kind: 'error', message: this.lastError };
    }
    return { kind: 'idle', lastOutputTokens: this.lastOutputTokens };
  }

  /** Aborts one running request, or all of them without an id. */
  stop(id?: number): void {
    for (const entry of [...this.running.values()]) {
      if (id === undefined || entry.id === id) {
        entry.abort();
      }
    }
  }

  /** Forgets the last error (the user has seen it), back to idle. */
  clearError(): void {
    if (this.lastError !== undefined) {
      this.lastError = undefined;
      this.fire();
    }
  }

  onDidChange(listener: (state: ActivityState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    const state = this.state;
    for (const listener of this.listeners) {
      listener(state);
    }
  }
}
