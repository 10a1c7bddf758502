import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A `node bin/stratum.js …` child with its output collected line by line. */
export interface StratumProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the first stdout line matching (already printed or still to come). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null after a signal) once the process ended. */
  exited(timeoutMs?: number): Promise<number | null>;
}

/** The environment of a test child: none of the developer's database or cache settings leak in. */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' };
  return { ...env, ...overrides };
}

export function spawnStratum(args: readonly string[], env: NodeJS.ProcessEnv): StratumProcess {
  const child = spawn(process.execPath, ['bin/stratum.js', ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (text) => {
    stdout.push(text);
    for (const wake of waiters) wake();
  });
  createInterface({ input: child.stderr }).on('line', (text) => stderr.push(text));
  const ended = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr,
    line(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const text of stdout) {
            const match = pattern.exec(text);
            if (match !== null) {
              cleanup();
              resolve(match);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${stderr.join(' | ')}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void ended.then(() => {
          check();
          if (waiters.has(check)) {
            cleanup();
            reject(new Error(`exited before printing ${pattern}; stderr: ${stderr.join(' | ')}`));
          }
        });
        check();
      });
    },
    exited(timeoutMs = 30_000) {
      return Promise.race([
        ended,
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]);
    },
  };
}

/** Runs a short command to completion. */
export async function runStratum(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  const running = spawnStratum(args, env);
  running.child.stdin.end();
  const code = await running.exited(60_000);
  return { code, stdout: running.stdout, stderr: running.stderr };
}
