// The decoder alone, fed one byte at a time (faster than the network tests, so every fixture fits).
import * as assert from 'node:assert/strict';
import { REASONING_PART_SEPARATOR, ResponsesStreamDecoder } from '../../../../src/core/api/sse';
import type { ResponseEvent } from '../../../../src/core/types';
import { FIXTURES, expectedFromStream, readFixture, synthesizeStream } from '../../../support/sseStreams';

function decodeBytes(body: string): ResponseEvent[] {
  const bytes = Buffer.from(body, 'utf8');
  const decoder = new ResponsesStreamDecoder();
  const events: ResponseEvent[] = [];
  for (let i = 0; i < bytes.length; i++) events.push(...decoder.push(bytes.subarray(i, i + 1)));
  if (!decoder.done) events.push(...decoder.end());
  return events;
}

function textOf(events: ResponseEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}

describe('SSE decoder', () => {
  for (const name of Object.values(FIXTURES)) {
    it(`${name}, one byte at a time: the recorded text and reasoning, one terminal event`, () => {
      const body = readFixture(name);
      const expected = expectedFromStream(body);
      const events = decodeBytes(body);
      assert.equal(textOf(events), expected.text);
      assert.equal(events.map((e) => (e.type === 'reasoning' ? e.delta : '')).join(''), expected.reasoning.join(REASONING_PART_SEPARATOR));
      assert.equal(events.filter((e) => e.type !== 'text' && e.type !== 'reasoning').length, 1);
    });
  }

  it('[DONE] in any spacing and anything after the terminal event are ignored', () => {
    for (const done of ['data: [DONE]\n\n', 'data:[DONE]\n\n', 'data:   [DONE]  \r\n\r\n']) {
      const events = decodeBytes(synthesizeStream({ text: 'a' }) + done + 'data: {"type":"response.output_text.delta","delta":"late"}\n\n');
      assert.deepEqual(events.map((e) => e.type), ['text', 'completed']);
    }
  });

  it('[DONE] before any terminal event is a truncation', () => {
    const events = decodeBytes(synthesizeStream({ text: 'a', terminal: 'none' }) + 'data: [DONE]\n\n');
    assert.deepEqual(events.at(-1), { type: 'failed', error: { kind: 'truncated', message: 'The stream ended before the answer was complete.' } });
  });

  it('dispatches on the event: name when data has no type', () => {
    const events = decodeBytes('event: response.output_text.delta\ndata: {"delta":"from event name"}\n\nevent: response.completed\ndata: {"response":{"id":"r1"}}\n\n');
    assert.deepEqual(events, [{ type: 'text', delta: 'from event name' }, { type: 'completed', responseId: 'r1', model: undefined, usage: undefined }]);
  });

  it('data.type wins over a different event: name', () => {
    const events = decodeBytes('event: message\ndata: {"type":"response.output_text.delta","delta":"x"}\n\n');
    assert.equal(textOf(events), 'x');
  });

  it('an error event alone, then the end of the stream, is that error', () => {
    const events = decodeBytes('data: {"type":"error","error":{"code":"server_error","message":"Internal"}}\n\n');
    assert.deepEqual(events, [{ type: 'failed', error: { kind: 'server', code: 'server_error', message: 'Internal' } }]);
  });

  it('a generic response.failed does not hide the specific error event before it', () => {
    const events = decodeBytes('data: {"type":"error","code":"context_length_exceeded","message":"Your input exceeds the context window of this model."}\n\ndata: {"type":"response.failed","response":{"error":null}}\n\n');
    assert.deepEqual(events, [{ type: 'failed', error: { kind: 'badRequest', code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' } }]);
  });

  it('a split UTF-8 character across chunks is not garbled', () => {
    const events = decodeBytes(synthesizeStream({ text: '😀 汉字 ’', deltaSize: 1 }));
    assert.equal(textOf(events), '😀 汉字 ’');
  });
});
