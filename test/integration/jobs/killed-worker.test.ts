import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { createJobService } from '../../../core/jobs/job-service.js';
import type { JobService } from '../../../core/jobs/job-service.js';
import { createLogger } from '../../../core/logging/logger.js';
import { sleep, waitFor } from './support/jobs-test-host.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url));
const DB_NAME = 'stratum_jobs_crash_test';
const LOCK_MS = 1500;

interface WorkerEvent {
  readonly event: string;
  readonly jobId?: string;
  readonly attempt?: number;
}

/** The crash worker as a child process, with its stdout events. */
function spawnWorker(uri: string, jobName: string): { child: ChildProcess; events: WorkerEvent[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: {
      ...process.env,
      JOBS_TEST_DB_URI: uri,
      JOBS_TEST_DB_NAME: DB_NAME,
      JOBS_TEST_JOB_NAME: jobName,
      JOBS_TEST_LOCK_MS: String(LOCK_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: WorkerEvent[] = [];
  if (child.stdout !== null)
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        events.push(JSON.parse(line) as WorkerEvent);
      } catch {
        // Not one of ours.
      }
    });
  return { child, events };
}

describe('job pickup after a killed worker', function () {
  this.timeout(30_000);
  let database: EmbeddedServer;
  let connection: Connection;
  let child: ChildProcess | undefined;
  let survivor: JobService | undefined;

  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    connection = await mongoose.createConnection(database.uri, { dbName: DB_NAME }).asPromise();
  });
  after(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await survivor?.stop({ timeoutMs: 200 });
    await connection.close();
    await database.close();
  });

  it('when a worker is SIGKILLed mid-job, another takes the job once its lock expires and completes it on attempt 2', async () => {
    const jobName = `long-${randomBytes(4).toString('hex')}`;
    const tenantId = `tenant-${randomBytes(4).toString('hex')}`;
    const worker = spawnWorker(database.uri, jobName);
    child = worker.child;
    expect(
      await waitFor(() => worker.events.some((e) => e.event === 'ready'), 15_000),
      'child ready',
    ).to.equal(true);

    const runs: { attempt: number; at: number }[] = [];
    survivor = createJobService({
      connection,
      logger: createLogger({ level: 'silent' }),
      processEveryMs: 50,
    });
    survivor.define({
      name: jobName,
      queue: 'default',
      lockLifetimeMs: LOCK_MS,
      timeoutMs: 60_000,
      handler: async (job) => {
        runs.push({ attempt: job.attempt, at: Date.now() });
      },
    });
    const jobId = await survivor.enqueue(jobName, { tenantId });
    expect(
      await waitFor(() => worker.events.some((e) => e.event === 'started'), 5000),
      'child took the job',
    ).to.equal(true);
    expect(worker.events.find((e) => e.event === 'started')).to.deep.include({ jobId, attempt: 1 });

    // While the child lives and touches the job, the survivor's worker must leave it alone,
    // even past one lock lifetime.
    await survivor.start({ queues: ['default'] });
    await sleep(LOCK_MS + 500);
    expect(runs, 'taken while the child still held the lock').to.deep.equal([]);
    expect((await survivor.list({ tenantId, limit: 10 })).data[0]).to.include({
      status: 'running',
      attempt: 1,
    });

    const exited = new Promise((resolve) => worker.child.once('exit', resolve));
    worker.child.kill('SIGKILL');
    const killedAt = Date.now();
    await exited;

    expect(await waitFor(() => runs.length === 1, 8000), 'picked up after the lock expired').to.equal(true);
    // The child touched the lock at most LOCK_MS / 5 before dying: pickup waits out the rest.
    expect((runs[0]?.at ?? 0) - killedAt).to.be.at.least(LOCK_MS - LOCK_MS / 5 - 100);
    expect(runs[0]?.attempt).to.equal(2);
    expect(
      await waitFor(
        async () => (await survivor?.list({ tenantId, limit: 10 }))?.data[0]?.status === 'completed',
      ),
    ).to.equal(true);
    const [summary] = (await survivor.list({ tenantId, status: 'completed', limit: 10 })).data;
    expect(summary).to.include({ id: jobId, attempt: 2, failReason: null });
  });
});
