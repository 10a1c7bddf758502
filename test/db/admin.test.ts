import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { expectServerError, useDatabase } from './harness.js';

describe('handshake and admin commands', function () {
  const ctx = useDatabase('admin');

  describe('hello', function () {
    it('when hello is sent, it answers ok with the documented limits of a writable primary', async function () {
      const hello = await ctx.client.db('admin').command({ hello: 1 });
      expect(hello['ok']).to.equal(1);
      expect(hello['isWritablePrimary']).to.equal(true);
      expect(hello['maxBsonObjectSize']).to.equal(16 * 1024 * 1024);
      expect(hello['maxMessageSizeBytes']).to.equal(48_000_000);
      expect(hello['maxWriteBatchSize']).to.equal(100_000);
      expect(hello['localTime']).to.be.instanceOf(Date);
      expect(hello['readOnly']).to.equal(false);
      expect(hello['minWireVersion']).to.equal(0);
    });

    it('when hello is sent, maxWireVersion is 21 (MongoDB 7.0) on the embedded server and at least 21 on a real 7/8', async function () {
      const hello = await ctx.client.db('admin').command({ hello: 1 });
      if (ctx.isEmbedded) expect(hello['maxWireVersion']).to.equal(21);
      else expect(hello['maxWireVersion']).to.be.at.least(21);
    });

    it('when hello is sent, logicalSessionTimeoutMinutes is advertised so drivers use sessions', async function () {
      const hello = await ctx.client.db('admin').command({ hello: 1 });
      expect(hello['logicalSessionTimeoutMinutes']).to.be.a('number').and.to.be.greaterThan(0);
    });

    it('when the server is a standalone, hello has no setName, hosts or isdbgrid msg', async function () {
      if (!ctx.isStandalone) this.skip();
      const hello = await ctx.client.db('admin').command({ hello: 1 });
      expect(hello).to.not.have.property('setName');
      expect(hello).to.not.have.property('hosts');
      expect(hello['msg']).to.not.equal('isdbgrid');
    });

    it('when the legacy isMaster alias is sent, it answers ismaster: true', async function () {
      const reply = await ctx.client.db('admin').command({ isMaster: 1 });
      expect(reply['ok']).to.equal(1);
      expect(reply['ismaster']).to.equal(true);
    });

    it('when hello is sent on a non-admin database, it answers the same way', async function () {
      const reply = await ctx.db.command({ hello: 1 });
      expect(reply['isWritablePrimary']).to.equal(true);
    });

    it('when a client asks for zlib compression, commands still work (uncompressed unless the server agrees)', async function () {
      const compressed = new MongoClient(ctx.uri, { compressors: ['zlib'], serverSelectionTimeoutMS: 5000 });
      try {
        await compressed.connect();
        const reply = await compressed.db('admin').command({ ping: 1 });
        expect(reply['ok']).to.equal(1);
      } finally {
        await compressed.close();
      }
    });
  });

  describe('simple admin commands', function () {
    it('when ping is sent, it answers {ok: 1}', async function () {
      const reply = await ctx.client.db('admin').command({ ping: 1 });
      expect(reply['ok']).to.equal(1);
    });

    it('when buildInfo is sent, it reports a 7.x or later version string and versionArray', async function () {
      const info = await ctx.client.db('admin').command({ buildInfo: 1 });
      expect(info['version']).to.be.a('string').and.to.match(/^\d+\.\d+\.\d+/);
      expect(info['versionArray']).to.be.an('array').with.lengthOf(4);
      const major = (info['versionArray'] as number[])[0] as number;
      expect(major).to.be.at.least(7);
      expect(info['maxBsonObjectSize']).to.equal(16 * 1024 * 1024);
    });

    it('when serverStatus is sent, it reports version, uptime, localTime and current connections', async function () {
      const status = await ctx.client.db('admin').command({ serverStatus: 1 });
      expect(status['ok']).to.equal(1);
      expect(status['version']).to.be.a('string');
      expect(status['uptime']).to.be.a('number');
      expect(status['localTime']).to.be.instanceOf(Date);
      const connections = status['connections'] as { current?: unknown } | undefined;
      expect(connections?.current).to.be.a('number').and.to.be.at.least(1);
    });

    it('when hostInfo is sent, it reports the system hostname', async function () {
      const info = await ctx.client.db('admin').command({ hostInfo: 1 });
      expect(info['ok']).to.equal(1);
      const system = info['system'] as { hostname?: unknown } | undefined;
      expect(system?.hostname).to.be.a('string');
    });

    it('when endSessions is sent with an empty list, it answers ok', async function () {
      const reply = await ctx.client.db('admin').command({ endSessions: [] });
      expect(reply['ok']).to.equal(1);
    });

    it('when an unknown command is run via db.command, it fails with 59 CommandNotFound', async function () {
      const error = await expectServerError(ctx.db.command({ noSuchCommandHere: 1 }), 59);
      expect(error.codeName).to.equal('CommandNotFound');
      expect(error.message).to.contain("no such command: 'noSuchCommandHere'");
    });

    it('when a command name has the wrong case, it is not found (command names are case-sensitive)', async function () {
      await expectServerError(ctx.db.command({ PING: 1 }), 59);
    });
  });

  describe('listDatabases and stats', function () {
    it('when a database holds data, listDatabases lists it with sizeOnDisk and empty: false', async function () {
      await ctx.collection('listdb').insertOne({ a: 1 });
      const reply = await ctx.client.db('admin').command({ listDatabases: 1 });
      const databases = reply['databases'] as Array<{ name: string; sizeOnDisk: unknown; empty: unknown }>;
      const ours = databases.find((entry) => entry.name === ctx.dbName);
      expect(ours, 'our database is listed').to.not.equal(undefined);
      expect(ours?.sizeOnDisk).to.be.a('number');
      expect(ours?.empty).to.equal(false);
      expect(reply['totalSize']).to.be.a('number');
    });

    it('when listDatabases is sent with nameOnly, each entry has only a name', async function () {
      await ctx.collection('listdb').insertOne({ a: 1 });
      const reply = await ctx.client.db('admin').command({ listDatabases: 1, nameOnly: true });
      const databases = reply['databases'] as Array<Record<string, unknown>>;
      const ours = databases.find((entry) => entry['name'] === ctx.dbName);
      expect(ours).to.deep.equal({ name: ctx.dbName });
    });

    it('when listDatabases filters by name, only the matching database comes back', async function () {
      await ctx.collection('listdb').insertOne({ a: 1 });
      const reply = await ctx.client.db('admin').command({ listDatabases: 1, filter: { name: ctx.dbName } });
      const names = (reply['databases'] as Array<{ name: string }>).map((entry) => entry.name);
      expect(names).to.deep.equal([ctx.dbName]);
    });

    it('when dbStats is sent, it counts the collections and objects of the database', async function () {
      const stats0 = await ctx.db.command({ dbStats: 1 });
      const collection = ctx.collection('stats');
      await collection.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
      const stats = await ctx.db.command({ dbStats: 1 });
      expect(stats['db']).to.equal(ctx.dbName);
      expect(stats['collections']).to.equal((stats0['collections'] as number) + 1);
      expect(stats['objects']).to.equal((stats0['objects'] as number) + 3);
    });

    it('when collStats is sent, it reports the namespace and document count', async function () {
      const collection = ctx.collection('stats');
      await collection.insertMany([{ a: 1 }, { a: 2 }]);
      const stats = await ctx.db.command({ collStats: collection.collectionName });
      expect(stats['ns']).to.equal(`${ctx.dbName}.${collection.collectionName}`);
      expect(stats['count']).to.equal(2);
    });
  });

  describe('connections', function () {
    it('when a second client connects and closes, the server keeps serving the first', async function () {
      const second = new MongoClient(ctx.uri, { serverSelectionTimeoutMS: 5000 });
      await second.connect();
      await second.db('admin').command({ ping: 1 });
      await second.close();
      const reply = await ctx.client.db('admin').command({ ping: 1 });
      expect(reply['ok']).to.equal(1);
    });
  });
});
