// Drains a client stream into what a user would see: the text, the reasoning, and how it ended.
import type { ResponseEvent } from '../../src/core/types';

export interface Collected {
  text: string;
  reasoning: string;
  events: ResponseEvent[];
  /** The last event; the client promises it is the only terminal one. */
  terminal: ResponseEvent | undefined;
  terminalCount: number;
}

export async function collect(stream: AsyncIterable<ResponseEvent>, onEvent?: (event: ResponseEvent, soFar: Collected) => void): Promise<Collected> {
  const out: Collected = { text: '', reasoning: '', events: [], terminal: undefined, terminalCount: 0 };
  for await (const event of stream) {
    out.events.push(event);
    if (event.type === 'text') out.text += event.delta;
    else if (event.type === 'reasoning') out.reasoning += event.delta;
    else out.terminalCount++;
    out.terminal = event;
    onEvent?.(event, out);
  }
  return out;
}
