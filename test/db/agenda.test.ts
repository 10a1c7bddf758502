import { expect } from 'chai';
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { useDatabase, sleep, waitFor } from './harness.js';

/** agenda 6 + @agendajs/mongo-backend 4, polling every 200 ms against the server under test. */
describe('agenda job scheduling', function () {
  this.timeout(30_000);
  const ctx = useDatabase('agenda');
  const started: Agenda[] = [];
  let collectionCounter = 0;

  function jobsCollectionName(): string {
    collectionCounter += 1;
    return `agendaJobs_${collectionCounter}`;
  }

  async function newAgenda(collection: string, name: string): Promise<Agenda> {
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: ctx.db, collection }),
      name,
      processEvery: 200,
      defaultLockLifetime: 10_000,
    });
    await agenda.ready;
    started.push(agenda);
    return agenda;
  }

  afterEach(async function () {
    await Promise.all(started.splice(0).map((agenda) => agenda.stop().catch(() => undefined)));
  });

  /** Counts runs per job id. */
  function runCounter(): { record: (job: Job<unknown>) => void; total: () => number; perJob: () => number[] } {
    const runs = new Map<string, number>();
    return {
      record: (job) => runs.set(String(job.attrs._id), (runs.get(String(job.attrs._id)) ?? 0) + 1),
      total: () => [...runs.values()].reduce((sum, count) => sum + count, 0),
      perJob: () => [...runs.values()],
    };
  }

  it('when a job is scheduled with now(), it runs exactly once', async function () {
    const agenda = await newAgenda(jobsCollectionName(), 'solo');
    const counter = runCounter();
    agenda.define('once-now', async (job) => counter.record(job));
    await agenda.start();
    await agenda.now('once-now', { k: 1 });
    expect(await waitFor(async () => counter.total() >= 1, 10_000)).to.equal(true);
    await sleep(1000);
    expect(counter.total()).to.equal(1);
  });

  it('when a job is scheduled for a later time, it runs once, not before that time', async function () {
    const agenda = await newAgenda(jobsCollectionName(), 'solo');
    const runTimes: number[] = [];
    agenda.define('later', async () => {
      runTimes.push(Date.now());
    });
    await agenda.start();
    const due = new Date(Date.now() + 1200);
    await agenda.schedule(due, 'later');
    expect(await waitFor(async () => runTimes.length >= 1, 10_000)).to.equal(true);
    await sleep(800);
    expect(runTimes).to.have.lengthOf(1);
    expect(runTimes[0]).to.be.at.least(due.getTime());
  });

  it('when a job is defined with every(), it runs repeatedly and stays a single stored job', async function () {
    const collection = jobsCollectionName();
    const agenda = await newAgenda(collection, 'solo');
    let runs = 0;
    agenda.define('repeat', async () => {
      runs += 1;
    });
    await agenda.start();
    await agenda.every('1 second', 'repeat');
    expect(await waitFor(async () => runs >= 3, 15_000), `runs: ${runs}`).to.equal(true);
    expect(await ctx.db.collection(collection).countDocuments({ name: 'repeat' })).to.equal(1);
  });

  it('when two Agenda instances share a collection, every job runs exactly once', async function () {
    const collection = jobsCollectionName();
    const counter = runCounter();
    const workers = [await newAgenda(collection, 'worker-a'), await newAgenda(collection, 'worker-b')];
    for (const worker of workers) {
      worker.define('shared', async (job) => {
        counter.record(job);
        await sleep(20);
      });
    }
    await Promise.all(workers.map((worker) => worker.start()));
    const producer = workers[0] as Agenda;
    for (let i = 0; i < 20; i++) await producer.now('shared', { i });
    expect(await waitFor(async () => counter.total() >= 20, 20_000), `ran ${counter.total()}`).to.equal(true);
    await sleep(1000);
    expect(counter.total()).to.equal(20);
    expect(counter.perJob().every((count) => count === 1)).to.equal(true);
  });

  it('when a job throws, its document records failCount, failReason and failedAt', async function () {
    const collection = jobsCollectionName();
    const agenda = await newAgenda(collection, 'solo');
    agenda.define('explodes', async () => {
      throw new Error('boom from the job');
    });
    await agenda.start();
    await agenda.now('explodes');
    const failed = await waitFor(async () => {
      const stored = await ctx.db.collection(collection).findOne({ name: 'explodes' });
      return stored?.['failCount'] === 1;
    }, 10_000);
    expect(failed).to.equal(true);
    const stored = await ctx.db.collection(collection).findOne({ name: 'explodes' });
    expect(stored?.['failReason']).to.equal('boom from the job');
    expect(stored?.['failedAt']).to.be.instanceOf(Date);
  });

  it('when jobs are cancelled by name, their documents are removed and they never run', async function () {
    const collection = jobsCollectionName();
    const agenda = await newAgenda(collection, 'solo');
    let runs = 0;
    agenda.define('doomed', async () => {
      runs += 1;
    });
    await agenda.schedule(new Date(Date.now() + 1000), 'doomed');
    await agenda.schedule(new Date(Date.now() + 1000), 'doomed');
    expect(await agenda.cancel({ name: 'doomed' })).to.equal(2);
    await agenda.start();
    await sleep(1500);
    expect(runs).to.equal(0);
    expect(await ctx.db.collection(collection).countDocuments({ name: 'doomed' })).to.equal(0);
  });

  it('when a job is locked by a live worker, another worker leaves it until the lock outlives lockLifetime', async function () {
    const collection = jobsCollectionName();
    const agenda = await newAgenda(collection, 'rescuer');
    let runs = 0;
    agenda.define(
      'orphan',
      async () => {
        runs += 1;
      },
      { lockLifetime: 2000 },
    );
    const job = agenda.create('orphan', { from: 'dead-worker' });
    job.schedule(new Date(Date.now() - 1000));
    await job.save();
    // Simulate the worker that locked it a moment ago (still within lockLifetime).
    await ctx.db.collection(collection).updateOne({ name: 'orphan' }, { $set: { lockedAt: new Date(), lastModifiedBy: 'dead-worker' } });
    await agenda.start();
    await sleep(1000);
    expect(runs, 'not taken while the lock is fresh').to.equal(0);
    expect(await waitFor(async () => runs >= 1, 10_000), 'taken once the lock expired').to.equal(true);
  });

  it('when a job was locked long ago by a dead worker, it is picked up and completed', async function () {
    const collection = jobsCollectionName();
    const agenda = await newAgenda(collection, 'rescuer');
    let runs = 0;
    agenda.define(
      'stale',
      async () => {
        runs += 1;
      },
      { lockLifetime: 2000 },
    );
    const job = agenda.create('stale', {});
    job.schedule(new Date(Date.now() - 60_000));
    await job.save();
    await ctx.db.collection(collection).updateOne({ name: 'stale' }, { $set: { lockedAt: new Date(Date.now() - 60_000) } });
    await agenda.start();
    expect(await waitFor(async () => runs >= 1, 10_000)).to.equal(true);
    const finished = await waitFor(async () => {
      const stored = await ctx.db.collection(collection).findOne({ name: 'stale' });
      return stored?.['lastFinishedAt'] instanceof Date;
    }, 5000);
    expect(finished, 'lastFinishedAt recorded').to.equal(true);
    await sleep(600);
    expect(runs).to.equal(1);
  });
});
