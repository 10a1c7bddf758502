/**
 * The embedded database as a child process of `stratum start` (used when MONGODB_URI is unset),
 * so a heavy query never blocks the API's event loop. While it runs, `<dataDir>/db-address.json`
 * tells CLI commands where to connect instead of opening the (locked) data directory themselves.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isProcessAlive } from './embedded/persistence/lock-file.js';

export const EMBEDDED_ADDRESS_FILE = 'db-address.json';
/** Tells `stratum db` to flush and exit when its stdin closes, i.e. when its parent is gone. */
export const STOP_ON_STDIN_CLOSE_FLAG = '--stop-on-stdin-close';

const LISTENING_LINE = /listening on (mongodb:\/\/\S+)/;
const STDERR_LINES_KEPT = 20;
const STRATUM_BIN = fileURLToPath(new URL('../../bin/stratum.js', import.meta.url));

export interface EmbeddedDatabaseProcessOptions {
  /** STRATUM_DATA_DIR (absolute); the database keeps its files in `<dataDir>/db`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Called once if the child dies while it should be running (not after `stop()`). */
  readonly onUnexpectedExit: (message: string) => void;
  /** Replaying a large journal takes a while; default 120 s. */
  readonly startTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this long; default 10 s. */
  readonly stopTimeoutMs?: number;
}

export interface EmbeddedDatabaseProcess {
  readonly uri: string;
  readonly pid: number;
  /** SIGTERM (the child flushes), SIGKILL after the stop timeout; removes the address file. */
  stop(): Promise<void>;
}

const EmbeddedAddress = z.object({
  uri: z.string().startsWith('mongodb://'),
  pid: z.number().int().positive(),
});
export type EmbeddedAddress = z.infer<typeof EmbeddedAddress>;

export function embeddedAddressPath(dataDir: string): string {
  return join(dataDir, EMBEDDED_ADDRESS_FILE);
}

/** The URI of the embedded database a running `stratum start` holds, if any (stale files are ignored). */
export async function readEmbeddedAddress(dataDir: string): Promise<EmbeddedAddress | undefined> {
  let text: string;
  try {
    text = await readFile(embeddedAddressPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = EmbeddedAddress.safeParse(parsed);
  return result.success && isProcessAlive(result.data.pid) ? result.data : undefined;
}

async function writeAddressFile(dataDir: string, address: EmbeddedAddress): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = embeddedAddressPath(dataDir);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(address)}\n`, { mode: 0o600 });
  await rename(temporary, target);
}

async function removeAddressFile(dataDir: string, pid: number): Promise<void> {
  const current = await readFile(embeddedAddressPath(dataDir), 'utf8').catch(() => '');
  if (current.includes(`"pid":${pid}`)) await rm(embeddedAddressPath(dataDir), { force: true });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
}

/**
 * Spawns `stratum db --port 0 --data-dir <dataDir>/db` and resolves once it prints its address.
 * The child runs in its own process group (a terminal's Ctrl-C reaches only the app, which then
 * stops it in order) and exits by itself if this process disappears (its stdin closes).
 */
export async function startEmbeddedDatabaseProcess(
  options: EmbeddedDatabaseProcessOptions,
): Promise<EmbeddedDatabaseProcess> {
  const log = options.logger.child({ component: 'embedded-db' });
  const args = [
    STRATUM_BIN,
    'db',
    '--port',
    '0',
    '--data-dir',
    join(options.dataDir, 'db'),
    STOP_ON_STDIN_CLOSE_FLAG,
  ];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
    log.warn({ stderr: line }, 'embedded database stderr');
  });
  const stdoutLines = createInterface({ input: child.stdout });
  const tail = () => (stderrTail.length > 0 ? `: ${stderrTail.join(' | ')}` : '');
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The embedded database did not start within ${startTimeoutMs / 1000} s${tail()}`));
    }, startTimeoutMs);
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(
        new Error(`The embedded database exited before listening (${describeExit(code, signal)})${tail()}`),
      );
    };
    child.once('exit', onEarlyExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The embedded database could not be spawned: ${error.message}`));
    });
    stdoutLines.on('line', (line) => {
      const match = LISTENING_LINE.exec(line);
      if (match?.[1] === undefined) {
        log.info({ stdout: line }, 'embedded database output');
        return;
      }
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve(match[1]);
    });
  });

  const pid = child.pid ?? 0;
  let stopping: Promise<void> | undefined;
  child.once('exit', (code, signal) => {
    if (stopping !== undefined) return;
    void removeAddressFile(options.dataDir, pid);
    options.onUnexpectedExit(
      `The embedded database stopped unexpectedly (${describeExit(code, signal)})${tail()}`,
    );
  });
  await writeAddressFile(options.dataDir, { uri, pid });
  log.info({ pid, uri }, 'embedded database listening');

  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  return {
    uri,
    pid,
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, stopTimeoutMs))) {
          log.error({ pid }, `embedded database did not stop within ${stopTimeoutMs / 1000} s; killing it`);
          child.kill('SIGKILL');
          await waitForExit(child, stopTimeoutMs);
        }
        child.stdin?.destroy();
        await removeAddressFile(options.dataDir, pid);
      })();
      return stopping;
    },
  };
}
