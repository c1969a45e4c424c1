import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore } from '../../../src/core/fileStore';

describe('file store (a conversation per file)', () => {
  let root: string;
  let folder: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sidekick-files-'));
    folder = path.join(root, 'globalStorage', 'conversations');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a value into a folder it creates, reads it back in a new store, and deletes it', async () => {
    await new FileStore(folder).update('sidekick.chat.conversation.1b2c', { turns: ['你好'] });
    assert.deepEqual(readdirSync(folder), ['sidekick.chat.conversation.1b2c.json'], 'one file, no temporary left');
    const reopened = new FileStore(folder);
    assert.deepEqual(reopened.get('sidekick.chat.conversation.1b2c'), { turns: ['你好'] });
    await reopened.update('sidekick.chat.conversation.1b2c', undefined);
    assert.equal(reopened.get('sidekick.chat.conversation.1b2c'), undefined);
    assert.deepEqual(readdirSync(folder), []);
  });

  it('keeps a key inside its folder, and reads a damaged file as missing', async () => {
    const store = new FileStore(folder);
    await store.update('../../escape', 1);
    assert.deepEqual(readdirSync(root), ['globalStorage']);
    assert.equal(store.get('../../escape'), 1);
    writeFileSync(path.join(folder, 'cut.json'), '{"turns": [');
    assert.equal(store.get('cut'), undefined);
  });
});
