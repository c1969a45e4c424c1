// A key-value store with one JSON file per key, in a folder of the extension's own (its globalStorageUri).
// It holds what is too big for VS Code's globalState: globalState keeps all of an extension's keys as one
// value, so every update there sends and stores everything the extension ever kept.
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { KeyValueStore } from './conversationStore';

let writes = 0;

export class FileStore implements KeyValueStore {
  constructor(private readonly folder: string) {}

  get<T>(key: string): T | undefined {
    try {
      return JSON.parse(readFileSync(this.file(key), 'utf8')) as T;
    } catch {
      // Never written, deleted, or cut short by a crash before the rename (then the old file is still whole).
      return undefined;
    }
  }

  /** Writes to a temporary file and renames it over the old one, so a reader never sees half a value. */
  async update(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    if (value === undefined) {
      await rm(file, { force: true });
      return;
    }
    await mkdir(this.folder, { recursive: true });
    const temporary = `${file}.${process.pid}-${++writes}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private file(key: string): string {
    return path.join(this.folder, `${key.replace(/[^\w.-]/g, '_')}.json`);
  }
}
