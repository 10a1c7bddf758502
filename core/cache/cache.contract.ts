import { expect } from 'chai';
import { CACHE_TTLS_MS } from './cache.js';
import type { Cache } from './cache.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every {@link Cache} backend must show; run by the memory unit tests and by the
 * Redis integration tests. `makeCache` gets a unique namespace per test.
 */
export function cacheContract(makeCache: () => Cache): void {
  let cache: Cache;
  let tenant: string;
  let counter = 0;
  beforeEach(() => {
    cache = makeCache();
    counter += 1;
    tenant = `tenant${counter}x${Math.random().toString(36).slice(2, 8)}`;
  });

  it('when a value is set, get returns an equal copy', async () => {
    const value = { spendCents: 1200, rows: [1, 2], label: 'é', nothing: null };
    await cache.set({ tenantId: tenant, key: 'k' }, value, 10_000);
    const got = await cache.get<typeof value>({ tenantId: tenant, key: 'k' });
    expect(got).to.deep.equal(value);
    expect(got).not.to.equal(value);
  });

  it('when a key was never set, get returns undefined', async () => {
    expect(await cache.get({ tenantId: tenant, key: 'missing' })).to.equal(undefined);
  });

  it('when the same key is used by two tenants, their values stay apart', async () => {
    await cache.set({ tenantId: `${tenant}a`, key: 'k' }, 'A', 10_000);
    await cache.set({ tenantId: `${tenant}b`, key: 'k' }, 'B', 10_000);
    expect(await cache.get({ tenantId: `${tenant}a`, key: 'k' })).to.equal('A');
    expect(await cache.get({ tenantId: `${tenant}b`, key: 'k' })).to.equal('B');
  });

  it('when the TTL passes, the entry is gone', async () => {
    await cache.set({ tenantId: tenant, key: 'short' }, 1, 40);
    expect(await cache.get({ tenantId: tenant, key: 'short' })).to.equal(1);
    await sleep(80);
    expect(await cache.get({ tenantId: tenant, key: 'short' })).to.equal(undefined);
  });

  it('when an entry is deleted, get returns undefined', async () => {
    await cache.set({ tenantId: tenant, key: 'k' }, 1, 10_000);
    await cache.delete({ tenantId: tenant, key: 'k' });
    expect(await cache.get({ tenantId: tenant, key: 'k' })).to.equal(undefined);
  });

  it('when the tenant data version is bumped, versioned entries are invalidated and unversioned ones kept', async () => {
    await cache.set({ tenantId: tenant, key: 'kpis' }, 'old', 10_000);
    await cache.set({ tenantId: tenant, key: 'session', versioned: false }, 's', 10_000);
    const before = await cache.dataVersion(tenant);
    expect(await cache.bumpDataVersion(tenant)).to.equal(before + 1);
    expect(await cache.get({ tenantId: tenant, key: 'kpis' })).to.equal(undefined);
    expect(await cache.get({ tenantId: tenant, key: 'session', versioned: false })).to.equal('s');
  });

  it('when one tenant bumps its version, another tenant keeps its entries', async () => {
    await cache.set({ tenantId: `${tenant}b`, key: 'kpis' }, 'kept', 10_000);
    await cache.bumpDataVersion(`${tenant}a`);
    expect(await cache.get({ tenantId: `${tenant}b`, key: 'kpis' })).to.equal('kept');
  });

  it('when wrap misses, it loads once, stores, and serves the stored value next time', async () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.wrap({ tenantId: tenant, key: 'w' }, 10_000, load)).to.deep.equal({ n: 1 });
    expect(await cache.wrap({ tenantId: tenant, key: 'w' }, 10_000, load)).to.deep.equal({ n: 1 });
    expect(loads).to.equal(1);
  });

  it('when wrap is called concurrently for one key, the load runs once', async () => {
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(20);
      return 'v';
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => cache.wrap({ tenantId: tenant, key: 'c' }, 10_000, load)),
    );
    expect(results).to.deep.equal(['v', 'v', 'v', 'v', 'v']);
    expect(loads).to.equal(1);
  });

  it('when the version is bumped while a load runs, the loaded value is not served afterwards', async () => {
    const slow = cache.wrap({ tenantId: tenant, key: 'race' }, 10_000, async () => {
      await sleep(30);
      return 'computed-before-sync';
    });
    await sleep(5);
    await cache.bumpDataVersion(tenant);
    expect(await slow).to.equal('computed-before-sync');
    expect(await cache.wrap({ tenantId: tenant, key: 'race' }, 10_000, async () => 'fresh')).to.equal(
      'fresh',
    );
  });

  it('when the loader throws, wrap rejects and nothing is stored', async () => {
    const failing = cache.wrap({ tenantId: tenant, key: 'f' }, 10_000, async () => {
      throw new Error('db down');
    });
    await failing.then(
      () => expect.fail('should reject'),
      (error: unknown) => expect((error as Error).message).to.equal('db down'),
    );
    expect(await cache.wrap({ tenantId: tenant, key: 'f' }, 10_000, async () => 'ok')).to.equal('ok');
  });

  it('when the loader returns undefined, nothing is stored', async () => {
    let loads = 0;
    await cache.wrap({ tenantId: tenant, key: 'u' }, 10_000, async () => void (loads += 1));
    await cache.wrap({ tenantId: tenant, key: 'u' }, 10_000, async () => void (loads += 1));
    expect(loads).to.equal(2);
  });

  it('when a Date is cached, it comes back as an ISO string in every backend', async () => {
    await cache.set({ tenantId: tenant, key: 'd' }, { at: new Date('2026-11-24T10:00:00.000Z') }, 10_000);
    expect(await cache.get({ tenantId: tenant, key: 'd' })).to.deep.equal({ at: '2026-11-24T10:00:00.000Z' });
  });

  it('when the tenant id, key or TTL is malformed, the call rejects with a TypeError', async () => {
    const attempts: Promise<unknown>[] = [
      cache.get({ tenantId: 'a:b', key: 'k' }),
      cache.get({ tenantId: '{t}', key: 'k' }),
      cache.wrap({ tenantId: '', key: 'k' }, 1000, async () => 1),
      cache.wrap({ tenantId: tenant, key: '' }, 1000, async () => 1),
      cache.wrap({ tenantId: tenant, key: 'k' }, 0, async () => 1),
      cache.set({ tenantId: tenant, key: 'k' }, 1, 1.5),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).to.be.instanceOf(TypeError);
    }
  });

  it('when the spec TTLs are read, they match 5 min, 15 min, 30 min and 24 h', () => {
    expect(CACHE_TTLS_MS).to.deep.equal({
      campaignList: 300_000,
      kpis: 900_000,
      predictions: 1_800_000,
      sessions: 86_400_000,
    });
  });
}
