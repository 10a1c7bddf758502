import { expect } from 'chai';
import { MongoClient, type Db, type Document } from 'mongodb';
import {
  asUpdate,
  embeddedOnly,
  expectServerError,
  externalUri,
  makeTempDataDir,
  removeDir,
  runCliExpectingExit,
  startCliServer,
  type AnyDoc,
  type CliServer,
} from './harness.js';

/** A `stratum db` child process with a connected client. */
interface Session {
  readonly server: CliServer;
  readonly client: MongoClient;
  readonly db: Db;
}

async function openSession(dataDir: string): Promise<Session> {
  const server = await startCliServer(dataDir);
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  return { server, client, db: client.db('durable') };
}

async function closeSession(session: Session | undefined, signal: NodeJS.Signals): Promise<number | null> {
  if (!session) return null;
  await session.client.close(true).catch(() => undefined);
  return session.server.stop(signal);
}

function sortById(docs: Document[]): Document[] {
  return [...docs].sort((a, b) => JSON.stringify(a['_id']).localeCompare(JSON.stringify(b['_id'])));
}

/** The writes of the crash scenario; returns the state `mixed` must have afterwards. */
async function writeWorkload(db: Db): Promise<Document[]> {
  for (let i = 0; i < 20; i++) await db.collection<AnyDoc>('journaled').insertOne({ _id: i, v: `j${i}` }, { writeConcern: { w: 1, j: true } });
  await db.collection<AnyDoc>('w1').insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, v: i })));
  await db.collection<AnyDoc>('w1').updateOne({ _id: 7 }, { $set: { touched: true } });

  const mixed = db.collection<AnyDoc>('mixed');
  const expected = new Map<string, Document>();
  const docs = Array.from({ length: 300 }, (_, i) => ({ _id: i, v: i, tag: i % 3 }));
  await mixed.insertMany(docs);
  for (const doc of docs) expected.set(JSON.stringify(doc._id), { ...doc });
  await mixed.updateMany({ tag: 0 }, asUpdate({ $inc: { v: 1000 } }));
  for (const doc of expected.values()) if (doc['tag'] === 0) doc['v'] = (doc['v'] as number) + 1000;
  await mixed.deleteMany({ tag: 1 });
  for (const [key, doc] of [...expected]) if (doc['tag'] === 1) expected.delete(key);
  for (let i = 0; i < 50; i++) {
    await mixed.updateOne({ _id: i * 3 + 2 }, { $set: { s: `x${i}` } });
    (expected.get(JSON.stringify(i * 3 + 2)) as Document)['s'] = `x${i}`;
  }
  await mixed.replaceOne({ _id: 0 }, { r: true });
  expected.set('0', { _id: 0, r: true });
  await mixed.insertOne({ _id: 'late' });
  expected.set('"late"', { _id: 'late' });

  await db.collection('idx').createIndex({ email: 1 }, { unique: true });
  await db.collection('idx').createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
  await db.collection('idx').insertOne({ email: 'a@x.io' });

  await db.collection('gone').insertOne({ a: 1 });
  await db.collection('old_name').insertOne({ a: 2 });
  await db.collection('gone').drop();
  await db.collection('old_name').rename('new_name');
  return sortById([...expected.values()]);
}

/**
 * Durability of `stratum db --data-dir`. One crash scenario (the expensive part: each process
 * start costs seconds) is set up once: a server takes a mixed workload and is killed with
 * SIGKILL right after its last acknowledgement; each case then checks one aspect on the restarted
 * server. Embedded only: it drives the CLI child process.
 */
describe('durability of the embedded server (CLI, --data-dir)', function () {
  this.timeout(120_000);
  embeddedOnly('drives the stratum db child process');

  let dataDir: string | undefined;
  let expectedMixed: Document[] = [];
  let restarted: Session | undefined;

  before(async function () {
    if (externalUri !== undefined) return;
    dataDir = await makeTempDataDir();
    const crashed = await openSession(dataDir);
    try {
      expectedMixed = await writeWorkload(crashed.db);
    } finally {
      await closeSession(crashed, 'SIGKILL');
    }
    restarted = await openSession(dataDir);
  });

  after(async function () {
    await closeSession(restarted, 'SIGKILL');
    if (dataDir) await removeDir(dataDir);
  });

  function dir(): string {
    if (!dataDir) throw new Error('no data dir');
    return dataDir;
  }

  function db(): Db {
    if (!restarted) throw new Error('the restarted server is not running');
    return restarted.db;
  }

  it('when writes used j:true before a SIGKILL, they are all present after restart', async function () {
    expect(await db().collection('journaled').countDocuments()).to.equal(20);
  });

  it('when w:1 writes were acknowledged right before a SIGKILL, they survive', async function () {
    expect(await db().collection('w1').countDocuments()).to.equal(500);
    expect(await db().collection<AnyDoc>('w1').findOne({ _id: 7 })).to.deep.equal({ _id: 7, v: 7, touched: true });
  });

  it('when many inserts, updates and deletes preceded a SIGKILL, the restarted state equals the expected state', async function () {
    const stored = await db().collection('mixed').find().toArray();
    expect(sortById(stored)).to.deep.equal(expectedMixed);
  });

  it('when indexes were created before a crash, they exist and unique ones are enforced', async function () {
    const names = (await db().collection('idx').listIndexes().toArray()).map((index) => index['name']);
    expect(names).to.have.members(['_id_', 'email_1', 'at_1']);
    await expectServerError(db().collection('idx').insertOne({ email: 'a@x.io' }), 11000);
  });

  it('when collections were dropped or renamed before a crash, the catalog stays that way', async function () {
    const names = (await db().listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
    expect(names).to.include('new_name');
    expect(names).to.not.include('old_name');
    expect(names).to.not.include('gone');
    expect(await db().collection('new_name').countDocuments({ a: 2 })).to.equal(1);
  });

  it('when a second server starts on a data dir in use, it exits non-zero saying "in use"', async function () {
    const second = await runCliExpectingExit(dir());
    expect(second.code, second.output).to.be.a('number').and.to.not.equal(0);
    expect(second.output).to.match(/in use/i);
    expect(await db().collection('journaled').countDocuments(), 'the first server is unaffected').to.equal(20);
  });

  it('when the server gets SIGTERM after more writes, it exits 0 and the next start sees every generation', async function () {
    await db().collection('generations').insertMany(Array.from({ length: 50 }, (_, i) => ({ gen: 2, i })));
    await db().collection('generations').deleteMany({ i: { $lt: 10 } });
    const session = restarted;
    restarted = undefined;
    expect(await closeSession(session, 'SIGTERM')).to.equal(0);
    restarted = await openSession(dir());
    expect(await db().collection('generations').countDocuments({ gen: 2 })).to.equal(40);
    expect(await db().collection('journaled').countDocuments()).to.equal(20);
    expect(sortById(await db().collection('mixed').find().toArray())).to.deep.equal(expectedMixed);
  });
});
