import { deserialize, serialize } from 'bson';
import { expect } from 'chai';
import { appendFile, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyString } from '../bson-values.js';
import { openDurability } from './durability.js';
import { DESERIALIZE_OPTIONS, encodeFrame } from './framing.js';
import { journalFileName } from './layout.js';
import {
  createRecord,
  documentsOf,
  everyBsonType,
  putRecord,
  recoverState,
  removeDirectory,
  temporaryDirectory,
  writeJournal,
} from './testing.js';
import type { JournalRecord } from './types.js';

const JOURNAL_1 = journalFileName(1);

function journalBytes(records: readonly JournalRecord[]): Buffer {
  return Buffer.concat(records.map((record) => encodeFrame(record as unknown as Record<string, unknown>)));
}

async function expectRefusal(dataDir: string, pattern: RegExp): Promise<Error> {
  const error = await openDurability(dataDir).then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(error, 'openDurability should have refused').to.be.instanceOf(Error);
  expect((error as Error).message).to.match(pattern);
  return error as Error;
}

const FOUR_RECORDS: JournalRecord[] = [
  createRecord('c'),
  putRecord('c', { _id: 1, v: 'one' }),
  putRecord('c', { _id: 2, v: 'two' }),
  putRecord('c', { _id: 3, v: 'three' }),
];

describe('persistence/recovery', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await temporaryDirectory();
  });
  afterEach(async () => removeDirectory(dir));

  it('when the directory does not exist, it is created (recursively) and recovers empty', async () => {
    const nested = join(dir, 'a', 'b');
    const state = await recoverState(nested);
    expect(state.collections.size).to.equal(0);
    expect(await readdir(nested)).to.include(JOURNAL_1);
  });

  it('when a document with every BSON type is journaled, it recovers exactly as the server would decode it', async () => {
    const document = everyBsonType();
    await writeJournal(dir, [createRecord('types'), putRecord('types', document)]);
    const [recovered] = documentsOf(await recoverState(dir), 'app.types') ?? [];
    const expected = deserialize(serialize(document), DESERIALIZE_OPTIONS);
    expect(recovered).to.deep.equal(expected);
    for (const key of Object.keys(expected)) expect(keyString(recovered?.[key]), key).to.equal(keyString(expected[key]));
  });

  it('when collection metadata is journaled, options, uuid and indexes recover', async () => {
    const uuid = deserialize(serialize({ u: everyBsonType()['uuid'] }), DESERIALIZE_OPTIONS)['u'];
    await writeJournal(dir, [
      { op: 'createCollection', db: 'app', coll: 'c', options: { validator: { a: { $gt: 1 } } }, uuid },
      { op: 'createIndex', db: 'app', coll: 'c', spec: { v: 2, key: { a: 1 }, name: 'a_1', unique: true } },
    ]);
    const collection = (await recoverState(dir)).collections.get('app.c');
    expect(collection?.options).to.deep.equal({ validator: { a: { $gt: 1 } } });
    expect(collection?.uuid).to.deep.equal(uuid);
    expect(collection?.indexes).to.deep.equal([{ v: 2, key: { a: 1 }, name: 'a_1', unique: true }]);
  });

  it('when recovery stats are reported, they count journal records and no torn tail', async () => {
    await writeJournal(dir, FOUR_RECORDS);
    const state = await recoverState(dir);
    expect(state.stats.journalRecords).to.equal(4);
    expect(state.stats.snapshotDocuments).to.equal(0);
    expect(state.stats.droppedTornTail).to.equal(false);
  });

  it('when the last record is torn at any byte, it is dropped, the journal truncated, and appends continue', async () => {
    const full = journalBytes(FOUR_RECORDS);
    const lastStart = journalBytes(FOUR_RECORDS.slice(0, 3)).length;
    for (let cut = lastStart + 1; cut < full.length; cut++) {
      await removeDirectory(dir);
      await writeJournal(dir, []);
      await writeFile(join(dir, JOURNAL_1), full.subarray(0, cut));
      const state = await recoverState(dir);
      expect(state.stats.droppedTornTail, `cut at ${cut}`).to.equal(true);
      expect(documentsOf(state, 'app.c')?.map((doc) => doc['_id']), `cut at ${cut}`).to.deep.equal([1, 2]);
      expect((await stat(join(dir, JOURNAL_1))).size, `cut at ${cut}`).to.equal(lastStart);
    }
    await writeJournal(dir, [putRecord('c', { _id: 4 })]);
    expect(documentsOf(await recoverState(dir), 'app.c')?.map((doc) => doc['_id'])).to.deep.equal([1, 2, 4]);
  });

  it('when the last record has a CRC mismatch, it is dropped as a torn tail', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    await writeFile(join(dir, JOURNAL_1), bytes);
    const state = await recoverState(dir);
    expect(state.stats.droppedTornTail).to.equal(true);
    expect(documentsOf(state, 'app.c')).to.have.length(2);
  });

  it('when a crash left zero-filled space after the last record, it is dropped', async () => {
    await writeFile(join(dir, JOURNAL_1), Buffer.concat([journalBytes(FOUR_RECORDS), Buffer.alloc(4096)]));
    const state = await recoverState(dir);
    expect(state.stats.droppedTornTail).to.equal(true);
    expect(documentsOf(state, 'app.c')).to.have.length(3);
    expect((await stat(join(dir, JOURNAL_1))).size).to.equal(journalBytes(FOUR_RECORDS).length);
  });

  it('when a record in the middle is corrupt, startup is refused naming the file and offset, and nothing is truncated', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    const secondStart = journalBytes(FOUR_RECORDS.slice(0, 1)).length;
    bytes[secondStart + 20] = (bytes[secondStart + 20] as number) ^ 0x01;
    await writeFile(join(dir, JOURNAL_1), bytes);
    const error = await expectRefusal(dir, new RegExp(`${JOURNAL_1} is corrupt at offset ${secondStart} \\(checksum mismatch\\)`));
    expect(error.message).to.match(/valid records follow/);
    expect((await stat(join(dir, JOURNAL_1))).size).to.equal(bytes.length);
  });

  it('when a length field in the middle is garbage, startup is refused rather than dropping what follows', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    const secondStart = journalBytes(FOUR_RECORDS.slice(0, 1)).length;
    bytes.writeUInt32LE(0xfffffff0, secondStart);
    await writeFile(join(dir, JOURNAL_1), bytes);
    await expectRefusal(dir, /corrupt at offset \d+ \(invalid record length 4294967280\)/);
  });

  it('when a refused directory is opened again, the lock was released by the failed attempt', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    bytes[30] = (bytes[30] as number) ^ 0x01;
    await writeFile(join(dir, JOURNAL_1), bytes);
    await expectRefusal(dir, /corrupt/);
    expect(await readdir(dir)).to.not.include('mongod.lock');
    await expectRefusal(dir, /corrupt/);
  });

  it('when a record passes its CRC but has an unknown op, startup is refused naming file and offset', async () => {
    const bytes = Buffer.concat([journalBytes(FOUR_RECORDS.slice(0, 2)), encodeFrame({ op: 'teleport' })]);
    await writeFile(join(dir, JOURNAL_1), bytes);
    await expectRefusal(dir, /journal-0000000001\.log: invalid journal record at offset \d+: unknown journal operation "teleport"/);
  });

  it('when an earlier generation has a torn tail and later ones are empty, the tail is dropped', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    await writeFile(join(dir, JOURNAL_1), bytes.subarray(0, bytes.length - 5));
    await writeFile(join(dir, journalFileName(2)), Buffer.alloc(0));
    const state = await recoverState(dir);
    expect(state.stats.droppedTornTail).to.equal(true);
    expect(documentsOf(state, 'app.c')).to.have.length(2);
  });

  it('when an earlier generation has a bad tail but a later generation has records, startup is refused', async () => {
    const bytes = journalBytes(FOUR_RECORDS);
    await writeFile(join(dir, JOURNAL_1), bytes.subarray(0, bytes.length - 5));
    await writeFile(join(dir, journalFileName(2)), journalBytes([putRecord('c', { _id: 9 })]));
    await expectRefusal(dir, /journal-0000000001\.log is corrupt at offset/);
  });

  it('when a journal generation is missing, startup is refused instead of skipping its records', async () => {
    await writeFile(join(dir, JOURNAL_1), journalBytes(FOUR_RECORDS));
    await writeFile(join(dir, journalFileName(3)), journalBytes([putRecord('c', { _id: 9 })]));
    await expectRefusal(dir, /cannot recover data directory .*first journal generations are missing|cannot recover/);
  });

  it('when there is no snapshot and the first journal generation is gone, startup is refused', async () => {
    await writeFile(join(dir, journalFileName(2)), journalBytes(FOUR_RECORDS));
    await expectRefusal(dir, /cannot recover data directory/);
  });

  it('when records were appended after a clean reopen, both sessions recover in order', async () => {
    await writeJournal(dir, FOUR_RECORDS);
    await writeJournal(dir, [{ op: 'delete', db: 'app', coll: 'c', id: 2 }, putRecord('c', { _id: 1, v: 'uno' })]);
    const documents = documentsOf(await recoverState(dir), 'app.c');
    expect(documents).to.deep.equal([
      { _id: 1, v: 'uno' },
      { _id: 3, v: 'three' },
    ]);
  });

  it('when a journal file holds a torn tail, recovery truncates it exactly to the last good record', async () => {
    await writeJournal(dir, FOUR_RECORDS);
    const good = await readFile(join(dir, JOURNAL_1));
    await appendFile(join(dir, JOURNAL_1), encodeFrame({ op: 'put', db: 'app', coll: 'c', doc: { _id: 5 } }).subarray(0, 9));
    await recoverState(dir);
    expect((await readFile(join(dir, JOURNAL_1))).equals(good)).to.equal(true);
    await truncate(join(dir, JOURNAL_1), good.length);
  });
});
