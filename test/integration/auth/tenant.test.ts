import { expect } from 'chai';
import { startCoreTestApp } from './support/core-test-app.js';
import type { CoreTestApp } from './support/core-test-app.js';

describe('tenant (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  it('when any role reads /tenant, answers its own tenant', async () => {
    const tenant = await app.seedTenant();
    for (const user of Object.values(tenant.users)) {
      const { accessToken } = await app.login(user.email);
      const response = await app.request('/tenant', { token: accessToken });
      expect(response.status, user.role).to.equal(200);
      expect(await response.json()).to.include({
        id: tenant.id,
        slug: tenant.slug,
        currency: 'USD',
        timezone: 'America/New_York',
        locale: 'en-US',
      });
    }
  });

  it('when an admin changes name, currency, time zone, locale and settings, answers the changed tenant', async () => {
    const tenant = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.admin.email);
    const body = {
      name: 'Renamed',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      locale: 'de-DE',
      settings: { weekStartsOn: 1, brandColor: '#123456' },
    };
    const response = await app.request('/tenant', { method: 'PATCH', token: accessToken, body });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.include(body);
  });

  it('when a manager changes the tenant, answers 403', async () => {
    const tenant = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.manager.email);
    const response = await app.request('/tenant', {
      method: 'PATCH',
      token: accessToken,
      body: { name: 'Nope' },
    });
    expect(response.status).to.equal(403);
    expect((await app.modules.services.tenants.get(tenant.id)).name).to.equal(`Tenant ${tenant.slug}`);
  });

  for (const [field, value] of [
    ['currency', 'XYZ'],
    ['currency', 'usd'],
    ['timezone', 'Mars/Olympus_Mons'],
    ['locale', 'not a locale!'],
    ['slug', 'new-slug'],
    ['name', ''],
  ] as const) {
    it(`when ${field} is ${JSON.stringify(value)}, answers 400 and changes nothing`, async () => {
      const tenant = await app.seedTenant();
      const { accessToken } = await app.login(tenant.users.admin.email);
      const response = await app.request('/tenant', {
        method: 'PATCH',
        token: accessToken,
        body: { [field]: value },
      });
      expect(response.status).to.equal(400);
      expect(await app.modules.services.tenants.get(tenant.id)).to.include({
        currency: 'USD',
        slug: tenant.slug,
      });
    });
  }

  it('when a tenant is created with a taken slug, the service refuses with TENANTS_SLUG_TAKEN', async () => {
    const tenant = await app.seedTenant();
    const error = await app.modules.services.tenants
      .create({ name: 'Again', slug: tenant.slug, currency: 'USD', timezone: 'UTC' })
      .catch((caught: unknown) => caught);
    expect(error).to.have.property('code', 'TENANTS_SLUG_TAKEN');
  });
});
