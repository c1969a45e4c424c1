// The key-leak audit's reader of Chromium's storage (test/integration/helpers/storedBytes.ts): a key that
// Chromium stored split or compressed must still be found. Each file below is laid out as LevelDB and Blink
// lay them out, with the key never contiguous in the raw bytes.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { storedBytes } from '../integration/helpers/storedBytes';

const KEY = Buffer.from('sk-integration-stored-0123456789', 'utf16le');

const varint = (value: number): Buffer => {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value & 0x7f) | 0x80);
  return Buffer.from([...bytes, value]);
};
const literal = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([(bytes.length - 1) << 2]), bytes]);
/** Snappy of `prefix + KEY + KEY`: the key in two literals (a tag between its halves), then once as a copy. */
function compressed(prefix: Buffer): Buffer {
  const half = KEY.length / 2;
  const copy = Buffer.from([((KEY.length - 1) << 2) | 2, KEY.length & 0xff, KEY.length >> 8]);
  return Buffer.concat([varint(prefix.length + 2 * KEY.length), literal(Buffer.concat([prefix, KEY.subarray(0, half)])), literal(KEY.subarray(half)), copy]);
}
const blockTrailer = (type: number) => Buffer.from([type, 0, 0, 0, 0]);
const found = (file: string) => storedBytes(file).some((bytes) => bytes.includes(KEY));

describe('stored bytes, as the key-leak audit reads them', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sidekick-stored-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a key in a Blink value compressed with Snappy (a blob file)', () => {
    const file = path.join(dir, '1f');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0x11, 0x02]), compressed(Buffer.from('{"a":"', 'utf16le'))]));
    assert.equal(storedBytes(file)[0].includes(KEY), false, 'the raw bytes do not hold the key');
    assert.ok(found(file));
  });

  it('finds a key in a LevelDB log record split across two 32 KB blocks', () => {
    const file = path.join(dir, 'x.indexeddb.leveldb', '000003.log');
    const first = Buffer.concat([Buffer.alloc(32 * 1024 - 7 - KEY.length / 2, 'a'), KEY.subarray(0, KEY.length / 2)]);
    const header = (length: number, type: number) => Buffer.from([0, 0, 0, 0, length & 0xff, length >> 8, type]);
    const second = KEY.subarray(KEY.length / 2);
    mkdirSync(path.dirname(file));
    writeFileSync(file, Buffer.concat([header(first.length, 2), first, header(second.length, 4), second]));
    assert.equal(storedBytes(file)[0].includes(KEY), false, 'the raw bytes do not hold the key');
    assert.ok(found(file));
  });

  it('finds a key in a LevelDB table whose block Snappy compressed, inside a Blink-compressed value', () => {
    const file = path.join(dir, '000005.ldb');
    const value = Buffer.concat([Buffer.from([0xff, 0x11, 0x02]), compressed(Buffer.from('v'))]);
    const key = Buffer.from('key');
    const entries = Buffer.concat([varint(0), varint(key.length), varint(value.length), key, value, Buffer.from([0, 0, 0, 0, 1, 0, 0, 0])]);
    const data = Buffer.concat([varint(entries.length), literal(entries.subarray(0, 50)), literal(entries.subarray(50))]);
    const handle = Buffer.concat([varint(0), varint(data.length)]);
    const index = Buffer.concat([varint(0), varint(1), varint(handle.length), Buffer.from('k'), handle, Buffer.from([0, 0, 0, 0, 1, 0, 0, 0])]);
    const indexAt = data.length + 5;
    const handles = Buffer.concat([varint(0), varint(0), varint(indexAt), varint(index.length)]);
    const footer = Buffer.concat([handles, Buffer.alloc(40 - handles.length), Buffer.from('57fb808b247547db', 'hex')]);
    writeFileSync(file, Buffer.concat([data, blockTrailer(1), index, blockTrailer(0), footer]));
    assert.equal(storedBytes(file)[0].includes(KEY), false, 'the raw bytes do not hold the key');
    assert.ok(found(file));
  });
});
