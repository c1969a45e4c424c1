// The fake Responses server in a process of its own, so the benchmark's process measures only the
// client: no server work on its event loop or in its CPU time. Driven over the server's control API.
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { FakeServer, type Scenario } from '../../test/support/fakeServer';

export interface ServerProcess {
  url: string;
  /** The answer to every request until the next call. */
  setDefault(scenario: Scenario): Promise<void>;
  stop(): Promise<void>;
}

export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', __filename], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (http:\S+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the fake server exited (${code}) before listening`)));
  });
  return {
    url,
    setDefault: (scenario) => control(url, '/__control/default', scenario),
    stop: () => stop(child),
  };
}

function control(base: string, path: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 || response.statusCode === 204 ? resolve() : reject(new Error(`${path}: HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill();
  });
}

if (require.main === module) {
  void FakeServer.start().then((server) => console.log(`listening ${server.url}`));
}
