import { expect } from 'chai';
import { DEMO_TENANTS, demoCredentialsHint, seedDemo, seedDemoOnFirstStart } from './demo-seed.js';
import type { DemoSeedStore } from './demo-seed.js';

interface MemoryStore extends DemoSeedStore {
  readonly tenants: Map<string, string>;
  readonly users: Map<string, { tenantId: string; role: string; password: string }>;
}

function memoryStore(): MemoryStore {
  const tenants = new Map<string, string>();
  const users = new Map<string, { tenantId: string; role: string; password: string }>();
  return {
    tenants,
    users,
    hasAnyTenant: async () => tenants.size > 0,
    findTenantIdBySlug: async (slug) => tenants.get(slug),
    async createTenant(tenant) {
      const id = `t-${tenant.slug}`;
      tenants.set(tenant.slug, id);
      return id;
    },
    async createUserUnlessExists(user) {
      if (users.has(user.email)) return false;
      users.set(user.email, { tenantId: user.tenantId, role: user.role, password: user.password });
      return true;
    },
  };
}

describe('demo seed', () => {
  it('when the database is empty, creates demo (four roles) and acme (an admin) with DEMO_PASSWORD', async () => {
    const store = memoryStore();
    const result = await seedDemoOnFirstStart(store, 'demo-password-1');
    expect(result?.createdTenants).to.deep.equal(['demo', 'acme']);
    expect(result?.generatedPassword).to.equal(undefined);
    expect(
      [...store.users.entries()].map(([email, user]) => `${email}:${user.role}:${user.tenantId}`),
    ).to.deep.equal([
      'admin@demo.stratum.dev:admin:t-demo',
      'manager@demo.stratum.dev:manager:t-demo',
      'analyst@demo.stratum.dev:analyst:t-demo',
      'viewer@demo.stratum.dev:viewer:t-demo',
      'admin@acme.stratum.dev:admin:t-acme',
    ]);
    expect(new Set([...store.users.values()].map((user) => user.password))).to.deep.equal(
      new Set(['demo-password-1']),
    );
    expect(
      DEMO_TENANTS.map((tenant) => `${tenant.slug}:${tenant.currency}:${tenant.timezone}`),
    ).to.deep.equal(['demo:USD:America/New_York', 'acme:EUR:Europe/Berlin']);
  });

  it('when DEMO_PASSWORD is unset, one generated password is returned for every user created', async () => {
    const store = memoryStore();
    const result = await seedDemo(store, undefined);
    expect(result.generatedPassword).to.match(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set([...store.users.values()].map((user) => user.password))).to.deep.equal(
      new Set([result.generatedPassword]),
    );
    expect(demoCredentialsHint(result, false)).to.include(result.generatedPassword ?? 'missing');
  });

  it('when run again, creates nothing and shows no password', async () => {
    const store = memoryStore();
    await seedDemo(store, undefined);
    const again = await seedDemo(store, undefined);
    expect(again).to.deep.equal({ createdTenants: [], createdUsers: [] });
    expect(demoCredentialsHint(again, false)).not.to.match(/password [A-Za-z0-9_-]{24}/);
  });

  it('when only some demo users are missing, creates just those', async () => {
    const store = memoryStore();
    await seedDemo(store, 'first-password');
    store.users.delete('viewer@demo.stratum.dev');
    const result = await seedDemo(store, 'second-password');
    expect(result.createdUsers).to.deep.equal(['viewer@demo.stratum.dev']);
    expect(store.users.get('admin@demo.stratum.dev')?.password).to.equal('first-password');
  });

  it('when any tenant exists, the first-start seed does nothing', async () => {
    const store = memoryStore();
    store.tenants.set('customer', 't-customer');
    expect(await seedDemoOnFirstStart(store, undefined)).to.equal(undefined);
    expect(store.users.size).to.equal(0);
  });
});
