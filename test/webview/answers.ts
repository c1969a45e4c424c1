// Answers to render in the tests: the model output of the recorded Responses streams and synthetic
// markdown that covers every block type and the block boundaries that are easy to get wrong.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../support/sseStreams';

export interface RecordedAnswer {
  name: string;
  text: string;
  reasoning: string;
}

/** The concatenated output-text and reasoning-summary deltas of each recorded stream that has text. */
export function recordedAnswers(): RecordedAnswer[] {
  const answers: RecordedAnswer[] = [];
  for (const name of ['01-normal-text.sse', '02-reasoning-with-summary.sse', '03-gpt5-reasoning-no-summary.sse']) {
    let text = '';
    let reasoning = '';
    for (const line of readFileSync(path.join(fixturesDir(), name), 'utf8').split('\n')) {
      if (!line.startsWith('data: ')) {
        continue;
      }
      const event = JSON.parse(line.slice('data: '.length)) as { type: string; delta?: string };
      if (event.type === 'response.output_text.delta') {
        text += event.delta;
      } else if (event.type === 'response.reasoning_summary_text.delta') {
        reasoning += event.delta;
      } else if (event.type === 'response.reasoning_summary_part.added' && reasoning) {
        reasoning += '\n\n';
      }
    }
    answers.push({ name, text, reasoning });
  }
  return answers;
}

export function syntheticAnswer(file: 'long-answer.md' | 'edge-cases.md'): string {
  return readFileSync(path.join(__dirname, 'fixtures', file), 'utf8');
}

/** A small seeded PRNG (mulberry32), so a failing split can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `text` into deltas of random sizes (1 to a random maximum), at any code unit. */
export function randomSplit(text: string, next: () => number): string[] {
  const maxSize = [1, 2, 4, 8, 16, 40, 120][Math.floor(next() * 7)];
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(next() * maxSize);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}
