/** `stratum plugins …` and `stratum sync` as a user types them, against a database server of the test's own. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { childEnvironment, runStratum } from '../app/support/stratum-process.js';

describe('stratum plugins and sync commands (integration)', function () {
  this.timeout(120_000);
  let server: EmbeddedServer;
  let dataDir: string;
  let uri: string;
  before(async () => {
    server = await startEmbeddedServer({ port: 0 });
    uri = `${server.uri}cli_platform`;
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-cli-platform-'));
  });
  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const run = (args: readonly string[]) =>
    runStratum(
      args,
      childEnvironment({ STRATUM_DATA_DIR: dataDir, MONGODB_URI: uri, DEMO_PASSWORD: 'cli-platform-pass' }),
    );

  it('when a new tenant installs ads-demo from a config file and syncs a range, the summary counts what was stored', async () => {
    const tenant = await run([
      'tenant',
      'create',
      '--name',
      'Blue Shoes',
      '--slug',
      'blue-shoes',
      '--currency',
      'EUR',
      '--timezone',
      'Europe/Madrid',
    ]);
    expect(tenant.code).to.equal(0);

    const catalog = await run(['plugins', 'list', '--json']);
    expect(catalog.code).to.equal(0);
    expect(JSON.parse(catalog.stdout.join('\n'))).to.deep.include({
      id: 'ads-demo',
      name: 'Demo ad platforms (simulated)',
      version: '1.0.0',
      kind: 'ad-platform',
    });

    const bad = await run([
      'plugins',
      'install',
      '--tenant',
      'blue-shoes',
      'ads-demo',
      '--config',
      '{"apiKey":"short"}',
    ]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr.join('\n')).to.match(/apiKey/);
    expect(bad.stderr.join('\n')).to.not.include('short');

    const configFile = join(dataDir, 'ads-demo.json');
    writeFileSync(configFile, JSON.stringify({ size: 'small', apiKey: 'blue-shoes-key-123' }));
    const installed = await run([
      'plugins',
      'install',
      '--tenant',
      'blue-shoes',
      'ads-demo',
      '--config',
      `@${configFile}`,
      '--enable',
    ]);
    expect(installed.stderr).to.deep.equal([]);
    expect(installed.stdout).to.deep.equal([
      'installed ads-demo 1.0.0 for blue-shoes — status enabled (secrets apiKey: set)',
    ]);

    const listed = await run(['plugins', 'list', '--tenant', 'blue-shoes']);
    expect(listed.stdout.join('\n')).to.match(/ads-demo\s+ad-platform\s+1\.0\.0\s+.*\[enabled\]/);

    const synced = await run([
      'sync',
      '--tenant',
      'blue-shoes',
      '--plugin',
      'ads-demo',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
    ]);
    expect(synced.code, synced.stderr.join('\n')).to.equal(0);
    const summary = synced.stdout.join('\n');
    expect(summary).to.match(/^sync succeeded: run [0-9a-f]{24}, 2026-10-01 → 2026-10-31/);
    const metrics = /rows\s+(\d+) accounts, (\d+) campaigns, (\d+) daily metrics/.exec(summary);
    expect(metrics).to.not.equal(null);
    expect(summary).to.match(/API calls\s+\d+/);
    expect(summary).to.match(/errors\s+none/);

    const client = new MongoClient(uri);
    try {
      const db = client.db('cli_platform');
      const tenantDoc = await db.collection('tenants').findOne({ slug: 'blue-shoes' });
      const tenantId = String(tenantDoc?._id);
      const stored = await db.collection('metricsDaily').countDocuments({ tenantId });
      expect(stored).to.equal(Number(metrics?.[3]));
      const days = await db.collection('metricsDaily').distinct('date', { tenantId });
      expect(
        days.every((day) => typeof day === 'string' && day >= '2026-10-01' && day <= '2026-10-31'),
      ).to.equal(true);
      // The secret is stored encrypted, never in clear.
      const installation = await db.collection('pluginInstallations').findOne({ tenantId });
      expect(JSON.stringify(installation)).to.not.include('blue-shoes-key-123');
    } finally {
      await client.close();
    }
  });

  it('when flags are wrong, it names the problem and exits 2; an unknown plugin or tenant exits 1', async () => {
    const reversed = await run([
      'sync',
      '--tenant',
      'blue-shoes',
      '--plugin',
      'ads-demo',
      '--from',
      '2026-10-31',
      '--to',
      '2026-10-01',
    ]);
    expect(reversed.code).to.equal(2);
    expect(reversed.stderr[0]).to.match(/--from: must not be after --to/);
    const lonely = await run([
      'sync',
      '--tenant',
      'blue-shoes',
      '--plugin',
      'ads-demo',
      '--from',
      '2026-10-01',
    ]);
    expect(lonely.code).to.equal(2);
    const unknownPlugin = await run(['sync', '--tenant', 'blue-shoes', '--plugin', 'nope']);
    expect(unknownPlugin.code).to.equal(1);
    expect(unknownPlugin.stderr[0]).to.match(/nope/);
    const unknownTenant = await run(['plugins', 'list', '--tenant', 'no-such-tenant']);
    expect(unknownTenant.code).to.equal(2);
    const noId = await run(['plugins', 'install', '--tenant', 'blue-shoes', '--config', '{}']);
    expect(noId.code).to.equal(2);
    expect(noId.stderr[0]).to.match(/missing plugin ID/);
  });
});
