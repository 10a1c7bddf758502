import { expect } from 'chai';
import mongoose from 'mongoose';
import { AppError } from '../errors/app-error.js';
import { createLogger } from '../logging/logger.js';
import { createJobService } from './job-service.js';
import type { JobService } from './job-service.js';
import { MAX_JOB_DATA_BYTES, jobDataSchema } from './job.schemas.js';

/** Runs `work` and returns the AppError it threw (fails the test when it threw nothing else). */
async function appErrorOf(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('job input validation', () => {
  // Never opened: every case here must be refused before any database access.
  const connection = mongoose.createConnection();
  let jobs: JobService;

  beforeEach(() => {
    jobs = createJobService({ connection, logger: createLogger({ level: 'silent' }) });
    jobs.define({ name: 'report.build', queue: 'default', handler: async () => undefined });
  });
  after(async () => {
    await connection.close();
  });

  it('when data is a JSON object with a tenantId, it is accepted as is', () => {
    const data = { tenantId: 't1', range: { from: '2026-01-01' }, ids: [1, 'two', null, true] };
    expect(jobDataSchema.parse(data)).to.deep.equal(data);
  });

  it('when data lacks a tenantId, enqueue is refused with the field named', async () => {
    const error = await appErrorOf(() => jobs.enqueue('report.build', { other: 1 } as never));
    expect(error.code).to.equal('INPUT_VALIDATION_FAILED');
    expect(error.details).to.deep.include({
      path: 'tenantId',
      message: 'Invalid input: expected string, received undefined',
    });
  });

  it('when data holds non-JSON values or unsafe keys, or is too large, it is refused', () => {
    const refused = [
      { tenantId: 't', at: new Date() },
      { tenantId: 't', fn: () => 1 },
      { tenantId: 't', nested: { $where: 'x' } },
      { tenantId: 't', 'a.b': 1 },
      { tenantId: '' },
      { tenantId: 't', blob: 'x'.repeat(MAX_JOB_DATA_BYTES) },
    ];
    for (const data of refused)
      expect(jobDataSchema.safeParse(data).success, JSON.stringify(Object.keys(data))).to.equal(false);
  });

  it('when the job name is unknown, enqueue and schedule are refused with JOBS_UNKNOWN_JOB', async () => {
    expect((await appErrorOf(() => jobs.enqueue('nope', { tenantId: 't' }))).code).to.equal(
      'JOBS_UNKNOWN_JOB',
    );
    const scheduled = await appErrorOf(() =>
      jobs.schedule('nope', { cron: '0 3 * * *' }, { tenantId: 't' }, { uniqueKey: 'k' }),
    );
    expect(scheduled.code).to.equal('JOBS_UNKNOWN_JOB');
  });

  it('when enqueue options are malformed, they are refused', async () => {
    const bad = [{ runAt: new Date(Number.NaN) }, { uniqueKey: '' }, { delay: 5 }];
    for (const options of bad) {
      const error = await appErrorOf(() => jobs.enqueue('report.build', { tenantId: 't' }, options as never));
      expect(error.code, JSON.stringify(options)).to.equal('INPUT_VALIDATION_FAILED');
    }
  });

  it('when a schedule is not a cron or is shorter than a minute, or names another queue, it is refused', async () => {
    const schedules = [{ cron: 'every day' }, { everyMs: 1000 }, { cron: '0 3 * * *', queue: 'ml' }];
    const codes: string[] = [];
    for (const schedule of schedules)
      codes.push(
        (
          await appErrorOf(() =>
            jobs.schedule('report.build', schedule as never, { tenantId: 't' }, { uniqueKey: 'k' }),
          )
        ).code,
      );
    expect(codes).to.deep.equal([
      'INPUT_VALIDATION_FAILED',
      'INPUT_VALIDATION_FAILED',
      'JOBS_QUEUE_MISMATCH',
    ]);
  });

  it('when cancel names no criterion, or list asks for an unknown status or limit, they are refused', async () => {
    expect((await appErrorOf(() => jobs.cancel({}))).code).to.equal('INPUT_VALIDATION_FAILED');
    expect((await appErrorOf(() => jobs.list({ tenantId: 't', status: 'lost' as never }))).code).to.equal(
      'INPUT_VALIDATION_FAILED',
    );
    expect((await appErrorOf(() => jobs.list({ tenantId: 't', limit: 201 }))).code).to.equal(
      'INPUT_VALIDATION_FAILED',
    );
  });

  it('when a definition is malformed or moves a name to another queue, define refuses it', async () => {
    const badQueue = await appErrorOf(() =>
      jobs.define({ name: 'x', queue: 'urgent' as never, handler: async () => undefined }),
    );
    expect(badQueue.code).to.equal('INPUT_VALIDATION_FAILED');
    const badAttempts = await appErrorOf(() =>
      jobs.define({ name: 'x', queue: 'ml', maxAttempts: 0, handler: async () => undefined }),
    );
    expect(badAttempts.code).to.equal('INPUT_VALIDATION_FAILED');
    const moved = await appErrorOf(() =>
      jobs.define({ name: 'report.build', queue: 'ml', handler: async () => undefined }),
    );
    expect(moved.code).to.equal('JOBS_ALREADY_DEFINED');
  });
});
