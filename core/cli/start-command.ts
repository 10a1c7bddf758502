/** `stratum start`: the host in the foreground until SIGTERM/SIGINT (what `npm start` runs). */
import { z } from 'zod';
import { handleShutdownSignals } from '../app/lifecycle.js';
import { startStratum } from '../main.js';
import type { RunningStratum } from '../main.js';
import { EXIT, parseFlags, reportCommandError } from './cli-flags.js';

export const START_USAGE = `Usage: stratum start [--no-worker]

Runs the API, the job workers of every queue (unless --no-worker: an API-only node) and,
without MONGODB_URI, the embedded database as a child process, until SIGTERM/SIGINT.
Configuration comes from the environment (see README: PORT, HOST, MONGODB_URI…).
`;

const StartFlags = z.object({ 'no-worker': z.boolean().optional() }).strict();

// After an orderly shutdown, a handle someone forgot (a timer in a library) must not keep a
// stopped server alive; give the event loop a moment to empty by itself first.
const EXIT_WATCHDOG_MS = 2_000;

function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), EXIT_WATCHDOG_MS).unref();
}

export async function runStartCommand(argv: readonly string[]): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  let flags: z.output<typeof StartFlags>;
  try {
    flags = parseFlags(argv, { 'no-worker': { type: 'boolean' } }, StartFlags);
  } catch (error) {
    return reportCommandError('start', START_USAGE, error, stderr);
  }
  let settle: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    settle = resolve;
  });
  let running: RunningStratum | undefined;
  const onFatal = (message: string) => {
    stderr(`stratum start: ${message}\n`);
    void (running?.lifecycle.shutdown('fatal') ?? Promise.resolve(0)).then(() => settle(EXIT.failure));
  };
  try {
    running = await startStratum({
      announce: (line) => process.stdout.write(`${line}\n`),
      onFatal,
      worker: flags['no-worker'] !== true,
    });
  } catch (error) {
    return reportCommandError('start', START_USAGE, error, stderr);
  }
  const stopHandling = handleShutdownSignals(running.lifecycle, running.context.logger, { exit: settle });
  const code = await finished;
  stopHandling();
  exitSoon(code);
  return code;
}
