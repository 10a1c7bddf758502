import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { JobTimeoutError, JobInterruptedError } from '../../../core/jobs/job-failure.js';
import { createJobService } from '../../../core/jobs/job-service.js';
import type { JobService, JobServiceDeps } from '../../../core/jobs/job-service.js';
import type { JobRunContext } from '../../../core/jobs/job-runner.js';
import { PluginError } from '../../../core/plugin-api/index.js';
import { sleep, startJobsTestHost, waitFor } from './support/jobs-test-host.js';
import type { JobsTestHost } from './support/jobs-test-host.js';

describe('job service on agenda (embedded database)', function () {
  this.timeout(20_000);
  let host: JobsTestHost;
  const services: JobService[] = [];

  before(async () => {
    host = await startJobsTestHost({ processEveryMs: 50 });
  });
  after(async () => {
    await host.close();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop({ timeoutMs: 200 })));
  });

  /** A fresh service on the shared database; stopped after the test. */
  function newService(options: Omit<JobServiceDeps, 'connection' | 'logger'> = {}): JobService {
    const service = createJobService({
      connection: host.connection,
      logger: host.logger,
      processEveryMs: 50,
      ...options,
    });
    services.push(service);
    return service;
  }
  const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
  const tenant = () => unique('tenant');

  async function statusOf(service: JobService, tenantId: string, jobId: string) {
    const page = await service.list({ tenantId, limit: 200 });
    return page.data.find((job) => job.id === jobId);
  }

  it('when ml and default jobs pile up, ml runs one at a time while default runs several at once', async () => {
    const service = newService();
    const running = { ml: 0, default: 0 };
    const peak = { ml: 0, default: 0 };
    let finished = 0;
    const probe = (queue: 'ml' | 'default') => async () => {
      running[queue] += 1;
      peak[queue] = Math.max(peak[queue], running[queue]);
      await sleep(250);
      running[queue] -= 1;
      finished += 1;
    };
    const mlName = unique('ml-probe');
    const defaultName = unique('default-probe');
    service.define({ name: mlName, queue: 'ml', handler: probe('ml') });
    service.define({ name: defaultName, queue: 'default', handler: probe('default') });
    const tenantId = tenant();
    for (let i = 0; i < 3; i++) {
      await service.enqueue(mlName, { tenantId, i });
      await service.enqueue(defaultName, { tenantId, i });
    }
    await service.start({ queues: ['ml', 'default'] });
    expect(await waitFor(() => finished === 6, 8000), `finished ${finished}`).to.equal(true);
    expect(peak.ml).to.equal(1);
    expect(peak.default).to.be.at.least(2);
  });

  it('when a handler fails transiently, it is retried after the back-off and succeeds on attempt 2', async () => {
    // random → 0.999: full jitter lands at the ceiling, base × 2^0 = 300 ms.
    const service = newService({
      random: () => 0.999,
      queuePolicies: { default: { backoff: { baseDelayMs: 300, maxDelayMs: 300 } } },
    });
    const attempts: { attempt: number; at: number }[] = [];
    const name = unique('flaky');
    service.define({
      name,
      queue: 'default',
      handler: async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt === 1) throw new PluginError('transient', 'rate limited');
      },
    });
    const tenantId = tenant();
    const jobId = await service.enqueue(name, { tenantId });
    await service.start({ queues: ['default'] });
    expect(
      await waitFor(async () => (await statusOf(service, tenantId, jobId))?.status === 'completed'),
    ).to.equal(true);
    expect(attempts.map((entry) => entry.attempt)).to.deep.equal([1, 2]);
    const [first, second] = attempts;
    expect((second?.at ?? 0) - (first?.at ?? 0)).to.be.at.least(280);
    const summary = await statusOf(service, tenantId, jobId);
    expect(summary).to.include({ attempt: 2, maxAttempts: 3, status: 'completed' });
    expect(summary?.failReason).to.equal('PLUGIN_TRANSIENT_ERROR: rate limited');
  });

  it('when a transient error asks for retryAfterMs, the retry waits at least that long', async () => {
    const service = newService({
      random: () => 0,
      queuePolicies: { default: { backoff: { baseDelayMs: 10, maxDelayMs: 10 } } },
    });
    const attempts: number[] = [];
    const name = unique('throttled');
    service.define({
      name,
      queue: 'default',
      handler: async () => {
        attempts.push(Date.now());
        if (attempts.length === 1) throw new PluginError('transient', 'slow down', { retryAfterMs: 700 });
      },
    });
    const tenantId = tenant();
    await service.enqueue(name, { tenantId });
    await service.start({ queues: ['default'] });
    expect(await waitFor(() => attempts.length === 2, 5000)).to.equal(true);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).to.be.at.least(680);
  });

  it('when a handler fails permanently, the job fails at once and is listed as failed, without a stack', async () => {
    const service = host.jobs;
    let calls = 0;
    const name = unique('broken');
    service.define({
      name,
      queue: 'default',
      maxAttempts: 5,
      handler: async () => {
        calls += 1;
        throw new PluginError('config', 'The account id is missing');
      },
    });
    const owner = await host.seedTenant();
    const jobId = await service.enqueue(name, { tenantId: owner.id });
    await service.start({ queues: ['default'] });
    try {
      expect(
        await waitFor(async () => (await statusOf(service, owner.id, jobId))?.status === 'failed'),
      ).to.equal(true);
      await sleep(300);
      expect(calls).to.equal(1);
      const page = await service.list({ tenantId: owner.id, status: 'failed', limit: 10 });
      expect(page.data.map((job) => job.id)).to.deep.equal([jobId]);
      const [failed] = page.data;
      expect(failed).to.include({ name, queue: 'default', attempt: 1, maxAttempts: 5 });
      expect(failed?.failReason).to.equal('PLUGIN_CONFIG_ERROR: The account id is missing');
      expect(failed?.failedAt).to.be.instanceOf(Date);
      expect(failed?.nextRunAt).to.equal(null);

      const response = await host.request('/jobs?status=failed', { token: owner.tokens.admin });
      expect(response.status).to.equal(200);
      const body = (await response.json()) as { data: Record<string, unknown>[]; nextCursor: string | null };
      expect(body.nextCursor).to.equal(null);
      expect(body.data).to.have.lengthOf(1);
      expect(body.data[0]).to.include({
        id: jobId,
        status: 'failed',
        attempt: 1,
        failReason: failed?.failReason,
      });
      expect(JSON.stringify(body)).not.to.match(/\n\s+at |\.ts:\d+/);
      expect((await host.request('/jobs', { token: owner.tokens.manager })).status).to.equal(403);
      expect((await host.request('/jobs?limit=0', { token: owner.tokens.admin })).status).to.equal(400);
    } finally {
      await service.stop({ timeoutMs: 200 });
    }
  });

  it("when a tenant lists or retries jobs, it never sees or touches another tenant's", async () => {
    const service = host.jobs;
    const name = unique('fails-once');
    const failedOnce = new Set<string>();
    const runs: { tenantId: string; attempt: number }[] = [];
    service.define({
      name,
      queue: 'default',
      handler: async (job: JobRunContext) => {
        runs.push({ tenantId: job.data.tenantId, attempt: job.attempt });
        if (!failedOnce.has(job.jobId)) {
          failedOnce.add(job.jobId);
          throw new PluginError('system', 'unexpected answer');
        }
      },
    });
    const [alpha, beta] = [await host.seedTenant(), await host.seedTenant()];
    const alphaJob = await service.enqueue(name, { tenantId: alpha.id });
    const betaJob = await service.enqueue(name, { tenantId: beta.id });
    await service.start({ queues: ['default'] });
    try {
      expect(
        await waitFor(async () => (await statusOf(service, beta.id, betaJob))?.status === 'failed'),
      ).to.equal(true);
      expect(
        await waitFor(async () => (await statusOf(service, alpha.id, alphaJob))?.status === 'failed'),
      ).to.equal(true);
      const alphaFailed = await service.list({ tenantId: alpha.id, status: 'failed', limit: 50 });
      expect(alphaFailed.data.map((job) => job.id)).to.deep.equal([alphaJob]);

      let refusal: unknown;
      await service.retry(alpha.id, betaJob).catch((error: unknown) => (refusal = error));
      expect(refusal).to.have.property('code', 'JOBS_NOT_FOUND');
      const otherTenants = await host.request(`/jobs/${betaJob}/retry`, {
        method: 'POST',
        token: alpha.tokens.admin,
      });
      expect(otherTenants.status).to.equal(404);
      expect(await otherTenants.json()).to.deep.equal({
        error: { code: 'JOBS_NOT_FOUND', message: 'Job not found' },
      });
      const byManager = await host.request(`/jobs/${betaJob}/retry`, {
        method: 'POST',
        token: beta.tokens.manager,
      });
      expect(byManager.status).to.equal(403);
      expect((await statusOf(service, beta.id, betaJob))?.status).to.equal('failed');

      const retried = await host.request(`/jobs/${betaJob}/retry`, {
        method: 'POST',
        token: beta.tokens.admin,
      });
      expect(retried.status).to.equal(200);
      expect(await retried.json()).to.include({ id: betaJob, status: 'queued', attempt: 0 });
      expect(
        await waitFor(async () => (await statusOf(service, beta.id, betaJob))?.status === 'completed'),
      ).to.equal(true);
      expect((await statusOf(service, alpha.id, alphaJob))?.status).to.equal('failed');
      expect(runs.filter((run) => run.tenantId === beta.id).map((run) => run.attempt)).to.deep.equal([1, 1]);
      const again = await host.request(`/jobs/${betaJob}/retry`, {
        method: 'POST',
        token: beta.tokens.admin,
      });
      expect(again.status).to.equal(409);
    } finally {
      await service.stop({ timeoutMs: 200 });
    }
  });

  it('when a repeating job is scheduled again under the same key, its schedule is replaced, not duplicated', async () => {
    const service = newService();
    const name = unique('nightly');
    service.define({ name, queue: 'sync', handler: async () => undefined });
    const [alpha, beta] = [tenant(), tenant()];
    const first = await service.schedule(
      name,
      { cron: '0 3 * * *' },
      { tenantId: alpha },
      { uniqueKey: 'ads' },
    );
    const second = await service.schedule(
      name,
      { cron: '30 4 * * *' },
      { tenantId: alpha, v: 2 },
      { uniqueKey: 'ads' },
    );
    const otherTenant = await service.schedule(
      name,
      { everyMs: 3_600_000 },
      { tenantId: beta },
      { uniqueKey: 'ads' },
    );
    expect(second).to.equal(first);
    expect(otherTenant).not.to.equal(first);
    const stored = await host.connection.db?.collection('agendaJobs').find({ name }).toArray();
    expect(stored).to.have.lengthOf(2);
    const [scheduled] = (await service.list({ tenantId: alpha, limit: 10 })).data;
    expect(scheduled).to.include({ id: first, status: 'scheduled', queue: 'sync' });
    expect(scheduled?.nextRunAt?.getUTCHours()).to.equal(4);
    expect(scheduled?.nextRunAt?.getUTCMinutes()).to.equal(30);
    expect(scheduled?.nextRunAt?.getTime()).to.be.greaterThan(Date.now());
    expect(await service.cancel({ name, tenantId: alpha })).to.equal(1);
    expect((await service.list({ tenantId: beta, limit: 10 })).data).to.have.lengthOf(1);
  });

  it('when a repeating job fails for good, it stays scheduled and runs again', async () => {
    const service = newService();
    const name = unique('every-second');
    const runs: number[] = [];
    service.define({
      name,
      queue: 'rules',
      handler: async (job) => {
        runs.push(job.attempt);
        throw new PluginError('config', 'rule is invalid');
      },
    });
    const tenantId = tenant();
    const jobId = await service.schedule(
      name,
      { cron: '* * * * * *' },
      { tenantId },
      { uniqueKey: 'rule-1' },
    );
    await service.start({ queues: ['rules'] });
    expect(await waitFor(() => runs.length >= 2, 6000), `runs ${runs.length}`).to.equal(true);
    expect(runs.slice(0, 2)).to.deep.equal([1, 1]);
    const summary = await statusOf(service, tenantId, jobId);
    expect(summary?.failReason).to.equal('PLUGIN_CONFIG_ERROR: rule is invalid');
    expect(summary?.nextRunAt).to.be.instanceOf(Date);
  });

  it('when a handler outlives timeoutMs, its signal is aborted and the job fails with the timeout', async () => {
    const service = newService();
    const name = unique('slow');
    let reason: unknown;
    service.define({
      name,
      queue: 'default',
      timeoutMs: 200,
      maxAttempts: 1,
      handler: (job) =>
        new Promise<void>((resolve) => {
          job.signal.addEventListener('abort', () => {
            reason = job.signal.reason;
            resolve();
          });
        }),
    });
    const tenantId = tenant();
    const jobId = await service.enqueue(name, { tenantId });
    await service.start({ queues: ['default'] });
    expect(
      await waitFor(async () => (await statusOf(service, tenantId, jobId))?.status === 'failed'),
    ).to.equal(true);
    expect(reason).to.be.instanceOf(JobTimeoutError);
    expect((await statusOf(service, tenantId, jobId))?.failReason).to.equal(
      'JOBS_TIMEOUT: Job timed out after 200 ms',
    );
  });

  it('when stopped, a worker takes no new jobs and waits for the running one to finish', async () => {
    const service = newService();
    const name = unique('drained');
    const started: string[] = [];
    const finished: string[] = [];
    service.define({
      name,
      queue: 'default',
      handler: async (job) => {
        started.push(job.jobId);
        await sleep(400);
        finished.push(job.jobId);
      },
    });
    const tenantId = tenant();
    const first = await service.enqueue(name, { tenantId });
    await service.start({ queues: ['default'] });
    expect(await waitFor(() => started.length === 1)).to.equal(true);
    const stopping = service.stop({ timeoutMs: 5000 });
    expect((await service.health()).status).to.equal('degraded');
    await stopping;
    expect(finished).to.deep.equal([first]);
    expect((await statusOf(service, tenantId, first))?.status).to.equal('completed');
    expect(await service.health()).to.deep.equal({ status: 'down', detail: 'job workers stopped' });
    const second = await service.enqueue(name, { tenantId });
    await sleep(300);
    expect(started).to.deep.equal([first]);
    expect((await statusOf(service, tenantId, second))?.status).to.equal('queued');
  });

  it('when a running job outlasts the stop timeout, its signal is aborted and another worker takes it at once', async () => {
    const name = unique('stubborn');
    const seen: { worker: string; attempt: number; reason?: unknown }[] = [];
    const define = (service: JobService, worker: string) =>
      service.define({
        name,
        queue: 'default',
        handler: async (job) => {
          const entry: { worker: string; attempt: number; reason?: unknown } = {
            worker,
            attempt: job.attempt,
          };
          seen.push(entry);
          if (worker === 'second') return;
          await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
          entry.reason = job.signal.reason;
        },
      });
    const firstWorker = newService();
    define(firstWorker, 'first');
    const tenantId = tenant();
    const jobId = await firstWorker.enqueue(name, { tenantId });
    await firstWorker.start({ queues: ['default'] });
    expect(await waitFor(() => seen.length === 1)).to.equal(true);
    const stopStarted = Date.now();
    await firstWorker.stop({ timeoutMs: 200 });
    expect(Date.now() - stopStarted).to.be.below(2000);
    expect(seen[0]?.reason).to.be.instanceOf(JobInterruptedError);
    const handedBack = await statusOf(firstWorker, tenantId, jobId);
    expect(handedBack).to.include({ status: 'queued', attempt: 0 });

    // The lock is released: a second worker runs it now, not after the 5-minute lock lifetime.
    const secondWorker = newService();
    define(secondWorker, 'second');
    await secondWorker.start({ queues: ['default'] });
    expect(
      await waitFor(async () => (await statusOf(secondWorker, tenantId, jobId))?.status === 'completed'),
    ).to.equal(true);
    expect(seen.map(({ worker, attempt }) => ({ worker, attempt }))).to.deep.equal([
      { worker: 'first', attempt: 1 },
      { worker: 'second', attempt: 1 },
    ]);
  });

  it('when workers died on a job as often as it may be attempted, the next worker fails it without running it', async () => {
    const service = newService();
    const name = unique('poison');
    let calls = 0;
    service.define({
      name,
      queue: 'default',
      lockLifetimeMs: 1000,
      handler: async () => {
        calls += 1;
      },
    });
    const tenantId = tenant();
    const jobId = await service.enqueue(name, { tenantId });
    // What three dead workers leave behind: three attempts counted, a stale lock, no end recorded.
    await host.connection.db
      ?.collection('agendaJobs')
      .updateOne(
        { name },
        { $set: { attempt: 3, state: 'running', nextRunAt: null, lockedAt: new Date(Date.now() - 60_000) } },
      );
    await service.start({ queues: ['default'] });
    expect(
      await waitFor(async () => (await statusOf(service, tenantId, jobId))?.status === 'failed'),
    ).to.equal(true);
    expect(calls).to.equal(0);
    expect((await statusOf(service, tenantId, jobId))?.failReason).to.match(/^JOBS_ATTEMPTS_EXHAUSTED: /);
  });

  it('when enqueued twice with one uniqueKey while queued, one job holds the latest data', async () => {
    const service = newService();
    const name = unique('coalesced');
    service.define({ name, queue: 'intel', handler: async () => undefined });
    const tenantId = tenant();
    const first = await service.enqueue(name, { tenantId, v: 1 }, { uniqueKey: 'competitor-9' });
    const second = await service.enqueue(name, { tenantId, v: 2 }, { uniqueKey: 'competitor-9' });
    const otherTenant = await service.enqueue(
      name,
      { tenantId: tenant(), v: 1 },
      { uniqueKey: 'competitor-9' },
    );
    expect(second).to.equal(first);
    expect(otherTenant).not.to.equal(first);
    const stored = await host.connection.db
      ?.collection('agendaJobs')
      .findOne({ name, 'data.tenantId': tenantId });
    expect(stored?.['data']).to.deep.equal({ tenantId, v: 2 });
  });

  it('when listed by status and by page, each job appears once, under its own status', async () => {
    const service = newService();
    const name = unique('paged');
    service.define({ name, queue: 'default', handler: async () => undefined });
    const tenantId = tenant();
    const queued = await service.enqueue(name, { tenantId });
    const later = await service.enqueue(name, { tenantId }, { runAt: new Date(Date.now() + 3_600_000) });
    const repeating = await service.schedule(
      name,
      { cron: '0 5 * * *' },
      { tenantId },
      { uniqueKey: 'daily' },
    );
    const ids = async (status: 'queued' | 'scheduled' | 'running' | 'failed' | 'completed') =>
      (await service.list({ tenantId, status, limit: 50 })).data.map((job) => job.id);
    expect(await ids('queued')).to.deep.equal([queued]);
    expect(await ids('scheduled')).to.deep.equal([repeating, later]);
    for (const status of ['running', 'failed', 'completed'] as const)
      expect(await ids(status), status).to.deep.equal([]);

    const first = await service.list({ tenantId, limit: 2 });
    expect(first.data.map((job) => job.id)).to.deep.equal([repeating, later]);
    expect(first.nextCursor).to.equal(later);
    const second = await service.list({ tenantId, limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).to.deep.include({ nextCursor: null });
    expect(second.data.map((job) => job.id)).to.deep.equal([queued]);
  });

  it('when failures in the last hour pass the threshold, health is degraded; before start it is up', async () => {
    const idle = newService({ failedJobsDegradedThreshold: 1_000_000 });
    expect(await idle.health()).to.deep.equal({ status: 'up', detail: 'no workers in this process' });
    const service = newService({ failedJobsDegradedThreshold: 0 });
    const name = unique('doomed');
    service.define({ name, queue: 'default', handler: async () => Promise.reject(new Error('no')) });
    const tenantId = tenant();
    const jobId = await service.enqueue(name, { tenantId });
    await service.start({ queues: ['default'] });
    expect(
      await waitFor(async () => (await statusOf(service, tenantId, jobId))?.status === 'failed'),
    ).to.equal(true);
    const health = await service.health();
    expect(health.status).to.equal('degraded');
    expect(health.detail).to.match(/jobs failed in the last hour; workers: default$/);
  });
});
