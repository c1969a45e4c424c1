// What Chromium keeps on disk, readable: the key-leak check searches bytes, and IndexedDB (where the
// workbench keeps global and workspace state) does not always store text as it was written. A LevelDB log
// splits a record into 32 KB blocks, a LevelDB table may compress its blocks with Snappy, and Blink
// compresses a large value with Snappy before storing it (as a separate blob file once it is big). A key
// inside any of these would be missed by a plain byte search, so the search reads them decoded too.
import { readFileSync } from 'node:fs';

/** Blink's header of a Snappy-compressed IndexedDB value: a version tag and the compression tag. */
const BLINK_SNAPPY = Buffer.from([0xff, 0x11, 0x02]);
const LOG_BLOCK = 32 * 1024;
const LOG_HEADER = 7;
const TABLE_FOOTER = 48;
/** Nothing the workbench stores comes near this: a larger "length" means the bytes are not a value. */
const MAX_VALUE = 256 * 1024 * 1024;

/** The bytes of `file` as stored, followed by every decoded form of them. */
export function storedBytes(file: string): Buffer[] {
  const raw = readFileSync(file);
  const containers = file.endsWith('.log') && file.includes('.leveldb') ? [raw, ...logRecords(raw)] : file.endsWith('.ldb') ? [raw, ...tableBlocks(raw)] : [raw];
  return [...containers, ...containers.flatMap(blinkValues)];
}

/** The records of a LevelDB log, each one whole again (a record's fragments sit in consecutive blocks). */
function logRecords(log: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let fragments: Buffer[] = [];
  for (let block = 0; block < log.length; block += LOG_BLOCK) {
    let at = block;
    const end = Math.min(block + LOG_BLOCK, log.length);
    while (at + LOG_HEADER <= end) {
      const length = log.readUInt16LE(at + 4);
      const type = log[at + 6];
      const data = log.subarray(at + LOG_HEADER, Math.min(at + LOG_HEADER + length, end));
      at += LOG_HEADER + length;
      if (type === 0) break; // the zero padding at a block's end
      if (type === 1 || type === 2) fragments = [];
      fragments.push(data);
      if (type === 1 || type === 4) records.push(Buffer.concat(fragments));
    }
  }
  return records;
}

/** The data blocks of a LevelDB table, uncompressed; a table that does not parse yields none. */
function tableBlocks(table: Buffer): Buffer[] {
  try {
    const footer = table.subarray(table.length - TABLE_FOOTER);
    let at = 0;
    const next = () => {
      const [value, after] = varint(footer, at);
      at = after;
      return value;
    };
    next();
    next(); // the metaindex block's handle
    const index = block(table, next(), next());
    return entries(index).map((handle) => {
      const [offset, after] = varint(handle, 0);
      return block(table, offset, varint(handle, after)[0]);
    });
  } catch {
    return [];
  }
}

/** A table block's contents; its trailer's first byte tells whether Snappy compressed it. */
function block(table: Buffer, offset: number, size: number): Buffer {
  const contents = table.subarray(offset, offset + size);
  return table[offset + size] === 1 ? unsnappy(contents, 0) : contents;
}

/** The values of a table block's entries (shared key length, own key length, value length, key, value). */
function entries(contents: Buffer): Buffer[] {
  const restarts = contents.readUInt32LE(contents.length - 4);
  const end = contents.length - 4 * (restarts + 1);
  const values: Buffer[] = [];
  for (let at = 0; at < end; ) {
    const [, a] = varint(contents, at);
    const [keyLength, b] = varint(contents, a);
    const [valueLength, c] = varint(contents, b);
    values.push(contents.subarray(c + keyLength, c + keyLength + valueLength));
    at = c + keyLength + valueLength;
  }
  return values;
}

/** Every Blink-compressed value inside `bytes`, uncompressed. */
function blinkValues(bytes: Buffer): Buffer[] {
  const values: Buffer[] = [];
  for (let at = bytes.indexOf(BLINK_SNAPPY); at >= 0; at = bytes.indexOf(BLINK_SNAPPY, at + 1)) {
    try {
      values.push(unsnappy(bytes, at + BLINK_SNAPPY.length));
    } catch {
      // The three bytes happened to occur inside other data.
    }
  }
  return values;
}

function varint(bytes: Buffer, start: number): [number, number] {
  let value = 0;
  for (let at = start, shift = 0; at < bytes.length && shift < 35; at++, shift += 7) {
    value += (bytes[at] & 0x7f) * 2 ** shift;
    if (bytes[at] < 0x80) return [value, at + 1];
  }
  throw new Error('not a varint');
}

/** Decodes raw Snappy (a length, then literals and back-references) from `start` until the output is full. */
function unsnappy(input: Buffer, start: number): Buffer {
  const [length, first] = varint(input, start);
  if (length > MAX_VALUE) throw new Error('not a Snappy value');
  const out = Buffer.alloc(length);
  let at = first;
  let written = 0;
  const need = (count: number) => {
    if (at + count > input.length) throw new Error('truncated Snappy value');
  };
  while (written < length) {
    need(1);
    const tag = input[at++];
    if ((tag & 3) === 0) {
      let count = tag >> 2;
      if (count >= 60) {
        need(count - 59);
        const bytes = count - 59;
        count = input.readUIntLE(at, bytes);
        at += bytes;
      }
      count += 1;
      need(count);
      if (written + count > length) throw new Error('Snappy literal past the end');
      input.copy(out, written, at, at + count);
      at += count;
      written += count;
      continue;
    }
    let count: number;
    let offset: number;
    if ((tag & 3) === 1) {
      need(1);
      count = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[at++];
    } else {
      const bytes = (tag & 3) === 2 ? 2 : 4;
      need(bytes);
      count = (tag >> 2) + 1;
      offset = input.readUIntLE(at, bytes);
      at += bytes;
    }
    if (offset === 0 || offset > written || written + count > length) throw new Error('bad Snappy copy');
    for (let i = 0; i < count; i++, written++) out[written] = out[written - offset];
  }
  return out;
}
