import { expect } from 'chai';
import { UnavailableError } from '../errors/errors.js';
import { createVersionedCache } from './versioned-cache.js';
import type { CacheStore } from './versioned-cache.js';

const broken: CacheStore = {
  read: () => Promise.reject(new Error('ECONNREFUSED')),
  write: () => Promise.reject(new Error('ECONNREFUSED')),
  remove: () => Promise.reject(new Error('ECONNREFUSED')),
  version: () => Promise.reject(new Error('ECONNREFUSED')),
  incrementVersion: () => Promise.reject(new Error('ECONNREFUSED')),
};
const keyspace = {
  entryKey: (key: { tenantId: string; key: string }) => `${key.tenantId}:${key.key}`,
  versionKey: (tenantId: string) => tenantId,
};

describe('versioned cache over a failing store', () => {
  const failures: string[] = [];
  const cache = createVersionedCache(broken, keyspace, (_error, operation) => failures.push(operation));
  beforeEach(() => {
    failures.length = 0;
  });

  it('when the store cannot be read, get is a miss and the failure is reported', async () => {
    expect(await cache.get({ tenantId: 't', key: 'k' })).to.equal(undefined);
    expect(failures).to.deep.equal(['get']);
  });

  it('when the store cannot be written, set resolves and the failure is reported', async () => {
    await cache.set({ tenantId: 't', key: 'k' }, 1, 1000);
    expect(failures).to.deep.equal(['set']);
  });

  it('when the store is down, wrap still answers from the loader', async () => {
    expect(await cache.wrap({ tenantId: 't', key: 'k' }, 1000, async () => 'loaded')).to.equal('loaded');
    expect(failures).to.deep.equal(['get']);
  });

  it('when an invalidation fails, delete and bumpDataVersion reject with CACHE_UNAVAILABLE', async () => {
    for (const attempt of [
      cache.delete({ tenantId: 't', key: 'k' }),
      cache.bumpDataVersion('t'),
      cache.dataVersion('t'),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).to.be.instanceOf(UnavailableError).with.property('code', 'CACHE_UNAVAILABLE');
    }
  });

  it('when a stored entry is garbage, it is treated as a miss', async () => {
    const store: CacheStore = { ...broken, read: async () => ({ entry: 'no-separator', version: 0 }) };
    const lenient = createVersionedCache(store, keyspace);
    expect(await lenient.get({ tenantId: 't', key: 'k' })).to.equal(undefined);
  });
});
