import { expect } from 'chai';
import { cacheContract } from './cache.contract.js';
import { createCache } from './create-cache.js';
import { createMemoryCache } from './memory-cache.js';

describe('MemoryCache', () => {
  cacheContract(() => createMemoryCache());

  it('when the size bound is exceeded, the least recently used entries are evicted', async () => {
    const cache = createMemoryCache({ maxSizeChars: 200 });
    for (let index = 0; index < 10; index += 1)
      await cache.set({ tenantId: 't', key: `k${index}` }, 'x'.repeat(30), 10_000);
    expect(await cache.get({ tenantId: 't', key: 'k0' })).to.equal(undefined);
    expect(await cache.get({ tenantId: 't', key: 'k9' })).to.equal('x'.repeat(30));
  });

  it('when createCache gets no Redis, it returns an in-process cache', async () => {
    const cache = createCache();
    await cache.set({ tenantId: 't', key: 'k' }, 1, 1000);
    expect(await cache.get({ tenantId: 't', key: 'k' })).to.equal(1);
  });
});
