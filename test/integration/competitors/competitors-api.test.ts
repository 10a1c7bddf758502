import { expect } from 'chai';
import { startCompetitorsHost } from './support/competitors-host.js';
import type { CompetitorsHost } from './support/competitors-host.js';

type Tokens = Awaited<ReturnType<CompetitorsHost['tenant']>>['tokens'];

describe('competitors API (integration)', function () {
  this.timeout(60_000);
  let host: CompetitorsHost;
  let shop: Tokens;
  let other: Tokens;

  before(async () => {
    host = await startCompetitorsHost('competitors-api');
    shop = (await host.tenant('comp-shop')).tokens;
    other = (await host.tenant('comp-other')).tokens;
  });
  after(async () => {
    await host?.close();
  });

  const create = async (token: string, body: unknown) => host.call('POST', '/competitors', token, body);

  it('when a manager adds a competitor, it is created with normalised fields and every role can read it', async () => {
    const created = await create(shop.manager, {
      name: 'Rival GmbH',
      domains: ['Rival.example', 'rival.example'],
      metaPageIds: ['1234567890'],
      countries: ['DE', 'AT'],
      tags: ['direct'],
    });
    expect(created.status).to.equal(201);
    const competitor = created.body as { id: string; domains: string[]; searchTerms: string[] };
    expect(competitor.domains).to.deep.equal(['rival.example']);
    expect(competitor.searchTerms).to.deep.equal([]);
    for (const role of ['viewer', 'analyst', 'manager', 'admin'] as const) {
      const read = await host.call('GET', `/competitors/${competitor.id}`, shop[role]);
      expect(read.status, role).to.equal(200);
    }
  });

  it('when a viewer or an analyst tries to change competitors, the answer is 403', async () => {
    const created = await create(shop.manager, { name: 'Only managers', countries: ['DE'] });
    const id = (created.body as { id: string }).id;
    expect((await create(shop.viewer, { name: 'Nope' })).status).to.equal(403);
    expect((await host.call('PATCH', `/competitors/${id}`, shop.analyst, { name: 'Nope' })).status).to.equal(
      403,
    );
    expect((await host.call('DELETE', `/competitors/${id}`, shop.viewer)).status).to.equal(403);
  });

  it('when the body is invalid, the answer is 400 naming each bad field', async () => {
    const answer = await create(shop.manager, {
      name: '',
      countries: ['de'],
      metaPageIds: ['page-1'],
      extra: 1,
    });
    expect(answer.status).to.equal(400);
    const details = (answer.body as { error: { code: string; details: { path: string }[] } }).error;
    expect(details.code).to.equal('INPUT_VALIDATION_FAILED');
    const paths = details.details.map((issue) => issue.path);
    expect(paths).to.include.members(['name', 'countries.0', 'metaPageIds.0']);
  });

  it('when a competitor is changed and then deleted, later reads answer 404 and the list leaves it out', async () => {
    const id = ((await create(shop.manager, { name: 'Short lived', tags: ['temp'] })).body as { id: string })
      .id;
    const patched = await host.call('PATCH', `/competitors/${id}`, shop.manager, {
      name: 'Renamed',
      tags: ['x'],
    });
    expect((patched.body as { name: string; tags: string[] }).name).to.equal('Renamed');
    expect((await host.call('DELETE', `/competitors/${id}`, shop.manager)).status).to.equal(204);
    expect((await host.call('GET', `/competitors/${id}`, shop.viewer)).status).to.equal(404);
    expect((await host.call('DELETE', `/competitors/${id}`, shop.manager)).status).to.equal(404);
    const list = (await host.call('GET', '/competitors?limit=200', shop.viewer)).body as {
      data: { id: string }[];
    };
    expect(list.data.map((row) => row.id)).not.to.include(id);
  });

  it('when the list is paged, every competitor comes once and the tag filter applies', async () => {
    for (const name of ['Paged A', 'Paged B', 'Paged C'])
      await create(shop.manager, { name, tags: ['paged'] });
    const first = (await host.call('GET', '/competitors?limit=2&tag=paged', shop.viewer)).body as {
      data: { name: string }[];
      nextCursor: string | null;
    };
    expect(first.data.map((row) => row.name)).to.deep.equal(['Paged C', 'Paged B']);
    const second = (
      await host.call('GET', `/competitors?limit=2&tag=paged&cursor=${first.nextCursor}`, shop.viewer)
    ).body as { data: { name: string }[]; nextCursor: string | null };
    expect(second.data.map((row) => row.name)).to.deep.equal(['Paged A']);
    expect(second.nextCursor).to.equal(null);
  });

  it("when another tenant names a competitor's id, it is not found, and its list stays empty", async () => {
    const id = ((await create(shop.manager, { name: 'Private' })).body as { id: string }).id;
    expect((await host.call('GET', `/competitors/${id}`, other.admin)).status).to.equal(404);
    expect((await host.call('GET', `/competitors/${id}/ads`, other.admin)).status).to.equal(404);
    expect((await host.call('PATCH', `/competitors/${id}`, other.admin, { name: 'Taken' })).status).to.equal(
      404,
    );
    expect((await host.call('DELETE', `/competitors/${id}`, other.admin)).status).to.equal(404);
    const list = (await host.call('GET', '/competitors', other.viewer)).body as { data: unknown[] };
    expect(list.data).to.deep.equal([]);
    expect((await host.call('GET', `/competitors/${id}`, shop.viewer)).status).to.equal(200);
  });
});
