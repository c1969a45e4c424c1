// Drives the fake Responses server that the harness started, over its HTTP control API.
import type { ModelsAnswer, RecordedRequest, Scenario } from '../../support/fakeServer';

/** The fake server's base URL, handed in by the harness through the extension host's environment. */
export function fakeServerUrl(): string {
  const url = process.env.SIDEKICK_FAKE_SERVER;
  if (!url) {
    throw new Error('SIDEKICK_FAKE_SERVER is not set: run the integration tests through `npm run test:integration`.');
  }
  return url;
}

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${fakeServerUrl()}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`fake server control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

export const fakeServer = {
  /** Queues answers for the next requests to POST /v1/responses, in order. */
  async enqueue(...scenarios: Scenario[]): Promise<void> {
    await control('POST', 'scenario', scenarios);
  },
  /** Forgets queued answers and recorded requests. */
  async reset(): Promise<void> {
    await control('POST', 'reset');
  },
  /** What GET /v1/models answers until the next reset. */
  async setModels(answer: ModelsAnswer): Promise<void> {
    await control('POST', 'models', answer);
  },
  async requests(): Promise<RecordedRequest[]> {
    return (await control('GET', 'requests')) as RecordedRequest[];
  },
};
