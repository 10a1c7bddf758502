import { expect } from 'chai';
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Document } from '../bson-values.js';
import { checkFrame, decodePayload, encodeFrame, FRAME_HEADER_BYTES } from './framing.js';
import { JournalWriter } from './journal-writer.js';
import { removeDirectory, temporaryDirectory } from './testing.js';

interface Spied {
  readonly handle: FileHandle;
  readonly calls: { writes: number; syncs: number };
}

/** Counts the real write and fsync calls made on the handle. */
async function spiedHandle(path: string): Promise<Spied> {
  const handle = await open(path, 'a');
  const calls = { writes: 0, syncs: 0 };
  const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
  const datasync = handle.datasync.bind(handle);
  Object.assign(handle, {
    write: (...args: unknown[]) => {
      calls.writes++;
      return write(...args);
    },
    datasync: () => {
      calls.syncs++;
      return datasync();
    },
  });
  return { handle, calls };
}

function framesOf(bytes: Buffer): Document[] {
  const documents: Document[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = checkFrame(bytes, offset, bytes.length);
    expect(length, `frame at ${offset}`).to.be.greaterThan(0);
    documents.push(decodePayload(bytes, offset + FRAME_HEADER_BYTES));
    offset += FRAME_HEADER_BYTES + length;
  }
  return documents;
}

describe('persistence/journal-writer', () => {
  let dir = '';
  let path = '';
  beforeEach(async () => {
    dir = await temporaryDirectory();
    path = join(dir, 'journal.log');
  });
  afterEach(async () => removeDirectory(dir));

  it('when commit(false) resolves, every appended record is in the file', async () => {
    const { handle } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 1000);
    writer.append({ op: 'put', n: 1 });
    writer.append({ op: 'put', n: 2 });
    await writer.commit(false);
    expect(framesOf(await readFile(path))).to.deep.equal([
      { op: 'put', n: 1 },
      { op: 'put', n: 2 },
    ]);
    await writer.close();
  });

  it('when commits arrive while a write is in flight, they share the next single write', async () => {
    const { handle, calls } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 1000);
    writer.append({ n: 0 });
    const commits = [writer.commit(false)];
    for (let index = 1; index <= 20; index++) {
      writer.append({ n: index });
      commits.push(writer.commit(false));
    }
    await Promise.all(commits);
    expect(calls.writes).to.equal(2);
    expect(writer.stats().writes).to.equal(2);
    expect(framesOf(await readFile(path)).map((record) => record['n'])).to.deep.equal([...Array(21).keys()]);
    await writer.close();
  });

  it('when commit(true) resolves, the file has been fsynced once for the whole group', async () => {
    const { handle, calls } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 60_000);
    writer.append({ n: 1 });
    await Promise.all([writer.commit(true), writer.commit(true), writer.commit(false)]);
    expect(calls.syncs).to.equal(1);
    await writer.close();
  });

  it('when commit(false) resolves, no fsync has happened yet, and the timer fsyncs within the interval', async () => {
    const { handle, calls } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 40);
    writer.append({ n: 1 });
    await writer.commit(false);
    expect(calls.syncs).to.equal(0);
    await delay(200);
    expect(calls.syncs).to.equal(1);
    await delay(120);
    expect(calls.syncs, 'no fsync without new writes').to.equal(1);
    await writer.close();
  });

  it('when nothing new was appended, commit resolves without writing or fsyncing', async () => {
    const { handle, calls } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 60_000);
    writer.append({ n: 1 });
    await writer.commit(true);
    await writer.commit(true);
    await writer.commit(false);
    expect(calls).to.deep.equal({ writes: 1, syncs: 1 });
    await writer.close();
  });

  it('when records are only appended, nothing is written until a commit', async () => {
    const { handle } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 10);
    writer.append({ n: 1 });
    await delay(50);
    expect((await stat(path)).size).to.equal(0);
    expect(writer.bytes()).to.equal(encodeFrame({ n: 1 }).length);
    await writer.close();
    expect((await stat(path)).size).to.equal(encodeFrame({ n: 1 }).length);
  });

  it('when rotated, earlier records go to the old file (fsynced) and later ones to the new file', async () => {
    const old = await spiedHandle(path);
    const writer = new JournalWriter(old.handle, 0, 60_000);
    writer.append({ n: 'before' });
    const next = await open(join(dir, 'next.log'), 'a');
    const switched = writer.rotate(next);
    writer.append({ n: 'after' });
    await Promise.all([switched, writer.commit(false)]);
    expect(old.calls.syncs).to.equal(1);
    expect(framesOf(await readFile(path))).to.deep.equal([{ n: 'before' }]);
    expect(framesOf(await readFile(join(dir, 'next.log')))).to.deep.equal([{ n: 'after' }]);
    expect(writer.bytes()).to.equal(encodeFrame({ n: 'after' }).length);
    await writer.close();
  });

  it('when a write fails, that commit and every later one reject and appends throw', async () => {
    const { handle } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 60_000);
    Object.assign(handle, { write: () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) });
    writer.append({ n: 1 });
    const failed = await writer.commit(false).catch((error: unknown) => error);
    expect((failed as Error).message).to.equal('disk full');
    const later = await writer.commit(true).catch((error: unknown) => error);
    expect(later).to.equal(failed);
    expect(() => writer.append({ n: 2 })).to.throw('disk full');
    await writer.close().catch(() => undefined);
  });

  it('when closed, pending records are written and fsynced and appends are refused', async () => {
    const { handle, calls } = await spiedHandle(path);
    const writer = new JournalWriter(handle, 0, 60_000);
    writer.append({ n: 1 });
    await writer.close();
    expect(calls.syncs).to.equal(1);
    expect(framesOf(await readFile(path))).to.deep.equal([{ n: 1 }]);
    expect(() => writer.append({ n: 2 })).to.throw('closed');
  });
});
