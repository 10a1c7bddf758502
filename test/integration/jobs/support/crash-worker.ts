/**
 * A job worker in its own process, for the "killed worker" test: it runs one long job that
 * keeps its lock alive with touch(), and reports on stdout (one JSON object per line) when it is
 * ready and when the job started. The test SIGKILLs it mid-job.
 * Run: node --import tsx crash-worker.ts, configured through the environment below.
 */
import mongoose from 'mongoose';
import { z } from 'zod';
import { createJobService } from '../../../../core/jobs/job-service.js';
import { createLogger } from '../../../../core/logging/logger.js';

const settings = z
  .object({
    JOBS_TEST_DB_URI: z.string().startsWith('mongodb://'),
    JOBS_TEST_DB_NAME: z.string().min(1),
    JOBS_TEST_JOB_NAME: z.string().min(1),
    JOBS_TEST_LOCK_MS: z.coerce.number().int().min(500),
  })
  .parse(process.env);

const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const connection = await mongoose
  .createConnection(settings.JOBS_TEST_DB_URI, { dbName: settings.JOBS_TEST_DB_NAME })
  .asPromise();
const jobs = createJobService({
  connection,
  logger: createLogger({ level: 'silent' }),
  processEveryMs: 50,
  workerName: 'crash-worker',
});
jobs.define({
  name: settings.JOBS_TEST_JOB_NAME,
  queue: 'default',
  lockLifetimeMs: settings.JOBS_TEST_LOCK_MS,
  timeoutMs: 60_000,
  handler: async (job) => {
    report({ event: 'started', jobId: job.jobId, attempt: job.attempt });
    while (!job.signal.aborted) {
      await job.touch();
      await sleep(Math.floor(settings.JOBS_TEST_LOCK_MS / 5));
    }
  },
});
await jobs.start({ queues: ['default'] });
report({ event: 'ready' });
