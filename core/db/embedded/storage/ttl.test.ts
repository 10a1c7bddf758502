import { expect } from 'chai';
import { createStorageEngine, openStorageEngine } from './engine.js';
import { FakeDurability, fakeOpener } from './testing.js';
import type { StoredCollection } from './types.js';

const MINUTE = 60_000;

function ids(target: StoredCollection): unknown[] {
  return [...target.query({ filter: {} }).records].map((record) => record.document['_id']);
}

describe('storage TTL', () => {
  it('when a document date is older than expireAfterSeconds, the pass removes it and keeps fresh ones', async () => {
    const engine = await openStorageEngine({});
    const sessions = engine.ensureCollection('app', 'sessions');
    sessions.createIndexes([{ key: { seenAt: 1 }, expireAfterSeconds: 60 }]);
    const now = Date.now();
    sessions.insert({ _id: 'old', seenAt: new Date(now - 5 * MINUTE) });
    sessions.insert({ _id: 'fresh', seenAt: new Date(now) });
    expect(engine.runTtlPass()).to.equal(1);
    expect(ids(sessions)).to.deep.equal(['fresh']);
    await engine.close();
  });

  it('when the indexed field is not a date or is missing, the document never expires', async () => {
    const engine = await openStorageEngine({});
    const sessions = engine.ensureCollection('app', 'sessions');
    sessions.createIndexes([{ key: { seenAt: 1 }, expireAfterSeconds: 0 }]);
    sessions.insert({ _id: 1, seenAt: 'yesterday' });
    sessions.insert({ _id: 2, seenAt: 12 });
    sessions.insert({ _id: 3 });
    expect(engine.runTtlPass()).to.equal(0);
    expect(sessions.count()).to.equal(3);
    await engine.close();
  });

  it('when the field is an array, expires by its earliest date', async () => {
    const engine = await openStorageEngine({});
    const events = engine.ensureCollection('app', 'events');
    events.createIndexes([{ key: { at: -1 }, expireAfterSeconds: 60 }]);
    const now = Date.now();
    events.insert({ _id: 'mixed', at: [new Date(now + MINUTE), 'x', new Date(now - 10 * MINUTE)] });
    events.insert({ _id: 'future', at: [new Date(now + MINUTE), new Date(now)] });
    expect(engine.runTtlPass()).to.equal(1);
    expect(ids(events)).to.deep.equal(['future']);
    await engine.close();
  });

  it('when the TTL index is partial, only documents in the index expire', async () => {
    const engine = await openStorageEngine({});
    const tokens = engine.ensureCollection('app', 'tokens');
    tokens.createIndexes([{ key: { at: 1 }, expireAfterSeconds: 1, partialFilterExpression: { kind: 'temp' } }]);
    const old = new Date(Date.now() - MINUTE);
    tokens.insert({ _id: 1, at: old, kind: 'temp' });
    tokens.insert({ _id: 2, at: old, kind: 'keep' });
    expect(engine.runTtlPass()).to.equal(1);
    expect(ids(tokens)).to.deep.equal([2]);
    await engine.close();
  });

  it('when TTL removes documents, each removal is journaled as a delete by _id and committed', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/unused', ttlIntervalMs: 20 }, fakeOpener(durability));
    const sessions = engine.ensureCollection('app', 'sessions');
    sessions.createIndexes([{ key: { seenAt: 1 }, expireAfterSeconds: 0 }]);
    sessions.insert({ _id: 'gone', seenAt: new Date(Date.now() - MINUTE) });
    const commitsBefore = durability.commits.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sessions.count()).to.equal(0);
    expect(durability.records.at(-1)).to.deep.equal({ op: 'delete', db: 'app', coll: 'sessions', id: 'gone' });
    expect(durability.commits.length).to.be.greaterThan(commitsBefore);
    await engine.close();
  });

  it('when the engine is closed, the monitor stops and passes remove nothing', async () => {
    const engine = await openStorageEngine({ ttlIntervalMs: 10 });
    const sessions = engine.ensureCollection('app', 'sessions');
    sessions.createIndexes([{ key: { seenAt: 1 }, expireAfterSeconds: 0 }]);
    sessions.insert({ _id: 1, seenAt: new Date(0) });
    await engine.close();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sessions.count()).to.equal(1);
    expect(engine.runTtlPass()).to.equal(0);
  });
});
