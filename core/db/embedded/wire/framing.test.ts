import { expect } from 'chai';
import { BSONRegExp, Binary, DBRef, Long, ObjectId, deserialize, serialize } from 'bson';
import { ProtocolError, crc32c, decodeMessage, OpCodes, rawDocumentAt, rawSequenceOf } from './framing.js';
import { encodeCursorReply, encodeDocument, takeBatch } from './cursor-reply.js';

function header(length: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(7, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

function opMsg(flags: number, sections: Buffer[]): Buffer {
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags, 0);
  const body = Buffer.concat([flagBytes, ...sections]);
  return Buffer.concat([header(16 + body.length, OpCodes.msg), body]);
}

function kind0(document: object): Buffer {
  return Buffer.concat([Buffer.from([0]), Buffer.from(serialize(document))]);
}

function kind1(identifier: string, documents: object[]): Buffer {
  const docs = Buffer.concat(documents.map((d) => Buffer.from(serialize(d))));
  const name = Buffer.from(`${identifier}\0`);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + name.length + docs.length, 0);
  return Buffer.concat([Buffer.from([1]), size, name, docs]);
}

describe('embedded db: wire framing', () => {
  it('when computing CRC-32C of "123456789", gives the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).to.equal(0xe3069283);
  });

  it('when an OP_MSG carries a kind-1 document sequence, merges it into the body', () => {
    const frame = opMsg(0, [kind0({ insert: 'c', $db: 'd' }), kind1('documents', [{ a: 1 }, { a: 2 }])]);
    const message = decodeMessage(frame);
    expect(message.body).to.deep.equal({ insert: 'c', $db: 'd', documents: [{ a: 1 }, { a: 2 }] });
  });

  it('when the checksum flag is set and the checksum is right, decodes; when wrong, refuses', () => {
    const unsigned = opMsg(1, [kind0({ ping: 1, $db: 'admin' })]);
    const withRoom = Buffer.concat([unsigned, Buffer.alloc(4)]);
    withRoom.writeInt32LE(withRoom.length, 0);
    withRoom.writeUInt32LE(crc32c(withRoom.subarray(0, withRoom.length - 4)), withRoom.length - 4);
    expect(decodeMessage(withRoom).body).to.deep.equal({ ping: 1, $db: 'admin' });
    withRoom.writeUInt32LE(12345, withRoom.length - 4);
    expect(() => decodeMessage(withRoom)).to.throw(ProtocolError, /checksum/);
  });

  it('when an unknown required flag bit is set, refuses the message', () => {
    expect(() => decodeMessage(opMsg(1 << 5, [kind0({ ping: 1, $db: 'a' })]))).to.throw(ProtocolError);
  });

  it('when a section has an unknown kind or a truncated document, refuses the message', () => {
    expect(() => decodeMessage(opMsg(0, [Buffer.from([9, 1, 2, 3])]))).to.throw(ProtocolError);
    const truncated = kind0({ ping: 1, $db: 'a' }).subarray(0, 8);
    expect(() => decodeMessage(opMsg(0, [truncated]))).to.throw(ProtocolError);
  });

  it('when a legacy OP_QUERY handshake arrives, reads the command and its database', () => {
    const ns = Buffer.from('admin.$cmd\0');
    const fields = Buffer.alloc(8);
    const query = Buffer.from(serialize({ ismaster: 1, helloOk: true }));
    const flags = Buffer.alloc(4);
    const body = Buffer.concat([flags, ns, fields, query]);
    const message = decodeMessage(Buffer.concat([header(16 + body.length, OpCodes.query), body]));
    expect(message.kind).to.equal('query');
    expect(message.body).to.deep.equal({ ismaster: 1, helloOk: true, $db: 'admin' });
  });

  it('when encoding a cursor reply by hand, produces the same BSON a serializer would read back', () => {
    const documents = [{ _id: 1, a: 'x' }, { _id: 2, b: [1, 2] }].map(encodeDocument);
    const bytes = encodeCursorReply('firstBatch', documents, 42n, 'db.coll');
    const decoded = deserialize(bytes, { promoteLongs: false });
    expect(decoded['cursor'].firstBatch).to.deep.equal([{ _id: 1, a: 'x' }, { _id: 2, b: [1, 2] }]);
    expect(Long.isLong(decoded['cursor'].id)).to.equal(true);
    expect(decoded['cursor'].id.toString()).to.equal('42');
    expect(decoded['cursor'].ns).to.equal('db.coll');
    expect(decoded['ok']).to.equal(1);
  });

  it('when documents exceed the 16 MiB budget, a batch stops before the one that would not fit', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const source = [{ s: big }, { s: big }, { s: big }, { s: big }][Symbol.iterator]();
    const pending: Buffer[] = [];
    const first = takeBatch(source, 100, pending);
    expect(first.documents).to.have.length(3);
    expect(pending).to.have.length(1);
    const second = takeBatch(source, 100, pending);
    expect(second.documents).to.have.length(1);
  });
  it('when a kind-1 sequence is decoded, rawSequenceOf gives each document its received bytes', () => {
    const documents = [{ _id: 1, a: new Long(5, 0) }, { _id: 2, b: 'x' }];
    const frame = opMsg(0, [kind0({ insert: 'c', $db: 'd' }), kind1('documents', documents)]);
    const decoded = decodeMessage(frame).body['documents'] as unknown[];
    const raw = rawSequenceOf(decoded);
    expect(raw).to.not.equal(undefined);
    expect(rawDocumentAt(raw!, 0).equals(serialize(documents[0] as object))).to.equal(true);
    expect(rawDocumentAt(raw!, 1).equals(serialize(documents[1] as object))).to.equal(true);
    expect(rawSequenceOf([...decoded])).to.equal(undefined);
  });

  it('when sequence documents hold $-operators, regexes, DBRefs and binaries, they decode as bson does', () => {
    const statement = {
      q: { name: new BSONRegExp('^a', 'i'), ref: new DBRef('other', new ObjectId()) },
      u: { $set: { bin: new Binary(Buffer.from([1, 2, 3])) } },
      upsert: true,
    };
    const frame = opMsg(0, [kind0({ update: 'c', $db: 'd' }), kind1('updates', [statement])]);
    const [decoded] = decodeMessage(frame).body['updates'] as Array<Record<string, Record<string, unknown>>>;
    const expected = deserialize(serialize(statement), { promoteValues: true, bsonRegExp: true });
    expect(decoded).to.deep.equal(expected);
    expect(decoded!['q']!['name']).to.be.instanceOf(BSONRegExp);
    expect(decoded!['q']!['ref']).to.be.instanceOf(DBRef);
  });

  it('when a decoded document holds a Binary, its bytes do not alias the received frame', () => {
    const frame = opMsg(0, [kind0({ insert: 'c', $db: 'd', lsid: { id: new Binary(Buffer.from([9, 9]), 4) } }), kind1('documents', [{ b: new Binary(Buffer.from([7, 7, 7])) }])]);
    const body = decodeMessage(frame).body;
    frame.fill(0);
    const [document] = body['documents'] as Array<Record<string, Binary>>;
    expect([...document!['b']!.buffer]).to.deep.equal([7, 7, 7]);
    expect([...(body['lsid'] as Record<string, Binary>)['id']!.buffer]).to.deep.equal([9, 9]);
  });
});
