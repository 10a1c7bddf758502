/**
 * `stratum worker [--queues sync,rules]`: job workers only, no HTTP — the scaled-out shape's
 * worker processes. Runs until SIGTERM/SIGINT, then drains (running jobs get a grace period,
 * then are aborted and unlocked for another worker).
 */
import { z } from 'zod';
import { JOB_QUEUES } from '../plugin-api/index.js';
import { EXIT, parseFlags, reportCommandError } from './cli-flags.js';

export const WORKER_USAGE = `Usage: stratum worker [--queues ${JOB_QUEUES.join(',')}]

Runs job workers for the given queues (all by default) against the database the API uses
(MONGODB_URI, or a running \`stratum start\`'s embedded database), until SIGTERM/SIGINT.
`;

const WorkerFlags = z.strictObject({
  queues: z
    .string()
    .transform((raw) => raw.split(',').map((queue) => queue.trim()))
    .pipe(z.array(z.enum(JOB_QUEUES, { message: `each must be one of ${JOB_QUEUES.join(', ')}` })).min(1))
    .optional(),
});

const WORKER_GRACE_MS = 25_000;

export async function runWorkerCommand(argv: readonly string[]): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const flags = parseFlags(argv, { queues: { type: 'string' } }, WorkerFlags);
    const { openCliHost } = await import('./cli-host.js');
    const { pluginRegistry } = await import('../../plugins/index.js');
    const host = await openCliHost({ platform: { registry: pluginRegistry } });
    try {
      const platform = host.platform;
      if (platform === undefined) throw new Error('the plugin platform is not wired');
      const queues = flags.queues ?? [...JOB_QUEUES];
      await platform.jobs.start({ queues });
      process.stdout.write(`stratum worker: running queues ${queues.join(', ')} (${host.databaseSource})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stdout.write('stratum worker: draining\n');
      await platform.jobs.stop({ timeoutMs: WORKER_GRACE_MS });
      return EXIT.ok;
    } finally {
      await host.close();
    }
  } catch (error) {
    return reportCommandError('worker', WORKER_USAGE, error, stderr);
  }
}
