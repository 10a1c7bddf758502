import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import { childEnvironment, runStratum } from './support/stratum-process.js';

interface StoredUser {
  email: string;
  role: string;
  tenantId: string;
  passwordHash: string;
}

/** Reads what the CLI wrote, from a database server of the test's own. */
async function readDatabase<T>(uri: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

describe('stratum CLI (integration)', function () {
  this.timeout(90_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) =>
    childEnvironment({ STRATUM_DATA_DIR: dataDir, ...extra });
  const run = (args: readonly string[], extra: Record<string, string> = {}) => runStratum(args, env(extra));

  it('when no server runs, tenant and user create write to the data directory, a generated password is printed once, and duplicates exit 1', async () => {
    const tenant = await run([
      'tenant',
      'create',
      '--name',
      'Blue Shoes',
      '--slug',
      'blue-shoes',
      '--currency',
      'eur',
      '--timezone',
      'Europe/Madrid',
      '--locale',
      'es',
    ]);
    expect(tenant.stderr).to.deep.equal([]);
    expect(tenant.code).to.equal(0);
    expect(tenant.stdout[0]).to.match(
      /^created tenant "Blue Shoes" \(slug blue-shoes, id [0-9a-f]{24}, EUR, Europe\/Madrid, es\)$/,
    );

    const user = await run([
      'user',
      'create',
      '--tenant',
      'blue-shoes',
      '--email',
      'Ana@Blue.example',
      '--role',
      'manager',
    ]);
    expect(user.code).to.equal(0);
    expect(user.stdout[0]).to.match(
      /^created user ana@blue\.example \(manager\) in tenant blue-shoes, id [0-9a-f]{24}$/,
    );
    expect(user.stdout[1]).to.match(/^password: [A-Za-z0-9_-]{24} {2}\(shown only this once\)$/);

    const chosen = await run([
      'user',
      'create',
      '--tenant',
      'blue-shoes',
      '--email',
      'luis@blue.example',
      '--role',
      'viewer',
      '--name',
      'Luis',
      '--password',
      'chosen-password-1',
    ]);
    expect(chosen.code).to.equal(0);
    expect(chosen.stdout).to.have.length(1);

    const duplicateTenant = await run([
      'tenant',
      'create',
      '--name',
      'Again',
      '--slug',
      'blue-shoes',
      '--currency',
      'EUR',
      '--timezone',
      'Europe/Madrid',
    ]);
    expect(duplicateTenant.code).to.equal(1);
    expect(duplicateTenant.stderr).to.deep.equal(['stratum tenant: A tenant with slug "blue-shoes" exists']);
    const duplicateUser = await run([
      'user',
      'create',
      '--tenant',
      'blue-shoes',
      '--email',
      'ana@blue.example',
      '--role',
      'viewer',
    ]);
    expect(duplicateUser.code).to.equal(1);
    expect(duplicateUser.stderr).to.deep.equal(['stratum user: A user with this email exists']);
    const unknownTenant = await run([
      'user',
      'create',
      '--tenant',
      'nobody',
      '--email',
      'x@y.example',
      '--role',
      'viewer',
    ]);
    expect(unknownTenant.code).to.equal(1);
    expect(unknownTenant.stderr).to.deep.equal(['stratum user: No tenant with slug "nobody"']);

    const server = await startEmbeddedServer({ dataDir: join(dataDir, 'db') });
    try {
      const users = await readDatabase(server.uri, (client) =>
        client
          .db('stratum')
          .collection<StoredUser>('users')
          .find({}, { sort: { email: 1 } })
          .toArray(),
      );
      expect(users.map((stored) => `${stored.email}:${stored.role}`)).to.deep.equal([
        'ana@blue.example:manager',
        'luis@blue.example:viewer',
      ]);
      expect(users[0]?.passwordHash).to.match(/^\$argon2id\$/);
      expect(JSON.stringify(users)).not.to.include('chosen-password-1');
    } finally {
      await server.close();
    }
  });

  it('when flags are missing, unknown or invalid, it names them, prints the usage and exits 2', async () => {
    const missing = await run(['tenant', 'create', '--name', 'X']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr[0]).to.match(/^stratum tenant: --slug: .*; --currency: .*; --timezone: /);
    expect(missing.stderr.join('\n')).to.include('Usage: stratum tenant create');

    const unknown = await run([
      'user',
      'create',
      '--tenant',
      'a',
      '--email',
      'a@b.example',
      '--role',
      'viewer',
      '--admin',
    ]);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr[0]).to.match(/^stratum user: Unknown option '--admin'/);

    const badRole = await run([
      'user',
      'create',
      '--tenant',
      'a',
      '--email',
      'not-an-email',
      '--role',
      'owner',
      '--password',
      'short',
    ]);
    expect(badRole.code).to.equal(2);
    expect(badRole.stderr[0]).to.match(
      /--email: must be an email address; --role: must be one of admin, manager, analyst, viewer; --password: /,
    );

    const noDemo = await run(['seed']);
    expect(noDemo.code).to.equal(2);
    expect(noDemo.stderr[0]).to.equal('stratum seed: --demo: is required (the only seed there is)');

    const noAction = await run(['tenant', 'delete']);
    expect(noAction.code).to.equal(2);
    expect(noAction.stderr[0]).to.equal("stratum tenant: unknown action 'delete'");
    expect((await run(['frobnicate'])).code).to.equal(2);
  });

  it('when seed --demo runs twice against MONGODB_URI, the first creates the demo with DEMO_PASSWORD and the second nothing', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const uri = `${server.uri}cli_seed`;
      const first = await run(['seed', '--demo'], { MONGODB_URI: uri, DEMO_PASSWORD: 'seed-demo-password' });
      expect(first.code).to.equal(0);
      expect(first.stdout).to.deep.equal([
        'created tenants [demo, acme] and users [admin@demo.stratum.dev, manager@demo.stratum.dev, analyst@demo.stratum.dev, viewer@demo.stratum.dev, admin@acme.stratum.dev]',
        'installed the demo ad platforms for [demo, acme]; their first sync runs on the next worker (stratum start or stratum worker)',
      ]);
      const second = await run(['seed', '--demo'], { MONGODB_URI: uri });
      expect(second.code).to.equal(0);
      expect(second.stdout).to.deep.equal([
        'demo data already present (tenants demo, acme); nothing created',
      ]);
      const tenants = await readDatabase(server.uri, (client) =>
        client
          .db('cli_seed')
          .collection('tenants')
          .find({}, { projection: { _id: 0, slug: 1, currency: 1, timezone: 1 } })
          .toArray(),
      );
      expect(tenants).to.deep.equal([
        { slug: 'demo', currency: 'USD', timezone: 'America/New_York' },
        { slug: 'acme', currency: 'EUR', timezone: 'Europe/Berlin' },
      ]);
      expect(
        await readDatabase(server.uri, (client) =>
          client.db('stratum').collection('tenants').countDocuments(),
        ),
      ).to.equal(0);
    } finally {
      await server.close();
    }
  });

  it('when another process holds the data directory without publishing an address, it explains and exits 1', async () => {
    const holder = await startEmbeddedServer({ dataDir: join(dataDir, 'db') });
    try {
      const result = await run(['seed', '--demo']);
      expect(result.code).to.equal(1);
      expect(result.stderr[0]).to.match(
        /^stratum seed: Cannot open the database in .*: data directory .* is in use by another Stratum database server \(pid \d+\)\. Stop that process, or point MONGODB_URI at a database server\.$/,
      );
    } finally {
      await holder.close();
    }
  });
});
