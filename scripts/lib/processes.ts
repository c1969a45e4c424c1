// Child processes in their own process groups, so stopping one stops everything it started, and
// nothing outlives the harness: on exit, Ctrl+C or a crash every live group is killed.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Group {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

const live = new Set<Group>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function spawnGroup(name: string, command: string, args: string[], options: SpawnOptions = {}): Group {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  const group: Group = {
    name,
    process: child,
    exited,
    async stop() {
      if (child.pid === undefined) {
        return;
      }
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // Grandchildren (the extension host, watchers) may survive their parent: end the whole group.
      signalGroup(child.pid, 'SIGKILL');
      live.delete(group);
    },
  };
  live.add(group);
  void exited.then(() => {
    if (child.pid !== undefined) {
      signalGroup(child.pid, 'SIGKILL');
    }
    live.delete(group);
  });
  return group;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((group) => group.stop()));
}

/** Resolves with the first match of `pattern` in the group's output; rejects if it exits or times out first. */
export function waitForOutput(group: Group, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        done();
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${group.name} did not print ${pattern} within ${timeoutMs / 1000} s. Its output:\n${seen}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      group.process.stdout?.off('data', onData);
      group.process.stderr?.off('data', onData);
    };
    group.process.stdout?.on('data', onData);
    group.process.stderr?.on('data', onData);
    void group.exited.then((code) => {
      done();
      reject(new Error(`${group.name} exited (${code}) before printing ${pattern}. Its output:\n${seen}`));
    });
  });
}

let handlersInstalled = false;

/** Kills every live group when this process exits or is interrupted; `onInterrupt` runs first (e.g. a goodbye). */
export function stopAllOnExit(onInterrupt?: () => void): void {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  process.on('exit', () => {
    for (const group of live) {
      if (group.process.pid !== undefined) {
        signalGroup(group.process.pid, 'SIGKILL');
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      onInterrupt?.();
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** Runs a command to completion with inherited output; resolves to its exit code (127: it could not start; 128: killed). */
export function exitCode(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export async function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  const code = await exitCode(command, args, options);
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit code ${code})`);
  }
}
