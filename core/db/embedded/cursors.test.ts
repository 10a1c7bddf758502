import { expect } from 'chai';
import { deserialize, ObjectId, serialize } from 'bson';
import { CursorManager, encodeCursorReply, takeBatch } from './cursors.js';
import { encodeCursorReply as referenceReply } from './wire/cursor-reply.js';

function docs(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(serialize({ _id: new ObjectId(), i, s: 'é'.repeat(i % 3) })));
}

describe('embedded db: cursor batches', () => {
  it('when encoding a batch reply, produces exactly the bytes of the generic encoder', () => {
    for (const count of [0, 1, 10, 101, 1234]) {
      const batch = docs(count);
      const mine = encodeCursorReply('nextBatch', batch, 123456789012345n, 'db.cöll');
      expect(mine.equals(referenceReply('nextBatch', batch, 123456789012345n, 'db.cöll'))).to.equal(true);
    }
  });

  it('when decoding an encoded reply, gives back the documents, the cursor id and ok', () => {
    const batch = docs(3);
    const reply = deserialize(encodeCursorReply('firstBatch', batch, 7n, 'a.b'), { useBigInt64: true });
    expect(reply['ok']).to.equal(1);
    expect(reply['cursor'].id).to.equal(7n);
    expect(reply['cursor'].ns).to.equal('a.b');
    expect(reply['cursor'].firstBatch.map((d: { i: number }) => d.i)).to.deep.equal([0, 1, 2]);
  });

  it('when taking a batch, uses pending documents first and stops at maxCount', () => {
    const pending = docs(2);
    const first = pending[0];
    const source = [{ x: 1 }, { x: 2 }, { x: 3 }][Symbol.iterator]();
    const taken = takeBatch(source, 3, pending);
    expect(taken).to.have.length(3);
    expect(taken[0]).to.equal(first);
    expect(deserialize(taken[2] as Buffer)).to.deep.equal({ x: 1 });
    expect(source.next().value).to.deep.equal({ x: 2 });
  });

  it('when a document has undefined fields, leaves them out', () => {
    const [encoded] = takeBatch([{ a: 1, b: undefined }][Symbol.iterator](), 1, []);
    expect(deserialize(encoded as Buffer)).to.deep.equal({ a: 1 });
  });

  it('when more documents remain than the first batch holds, keeps the cursor for getMore', () => {
    const manager = new CursorManager();
    try {
      const all = Array.from({ length: 150 }, (_, i) => ({ i }));
      const first = deserialize(manager.open('a.b', all), { useBigInt64: true });
      expect(first['cursor'].firstBatch).to.have.length(101);
      const rest = deserialize(manager.getMore(first['cursor'].id as bigint, 'a.b', undefined), { useBigInt64: true });
      expect(rest['cursor'].nextBatch.map((d: { i: number }) => d.i)).to.deep.equal(all.slice(101).map((d) => d.i));
      expect(rest['cursor'].id).to.equal(0n);
      expect(manager.size).to.equal(0);
    } finally {
      manager.close();
    }
  });
  it('when batches span several encoding arenas and a peeked document waits between batches, every document arrives intact and in order', () => {
    const manager = new CursorManager();
    const total = 6000;
    // About 600 bytes each: the first getMore alone fills several 1 MiB arenas.
    const source = Array.from({ length: total }, (_, i) => ({ _id: i, text: `${i}:`.padEnd(600, 'x'), when: new Date(i) }));
    const first = deserialize(manager.open('a.b', source, { batchSize: 10 }), { useBigInt64: true });
    const seen: number[] = first['cursor'].firstBatch.map((d: { _id: number }) => d._id);
    const id = first['cursor'].id as bigint;
    // Another cursor's batches reuse the arena in between: the peeked document must not change.
    manager.open('a.c', [{ _id: 'other', text: 'y'.repeat(600) }, { _id: 'other2' }], { batchSize: 1 });
    for (;;) {
      const next = deserialize(manager.getMore(id, 'a.b', 2500), { useBigInt64: true });
      for (const document of next['cursor'].nextBatch as Array<{ _id: number; text: string; when: Date }>) {
        expect(document.text.startsWith(`${document._id}:`)).to.equal(true);
        expect(document.when.getTime()).to.equal(document._id);
        seen.push(document._id);
      }
      if (next['cursor'].id === 0n) break;
    }
    expect(seen).to.deep.equal(source.map((d) => d._id));
    manager.close();
  });
});
