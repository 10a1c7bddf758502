import { Binary, DBRef, deserialize, Long, ObjectId, serialize, UUID } from 'bson';
import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { keyString } from '../bson-values.js';
import { decodeDocument } from './fast-decoder.js';
import { DESERIALIZE_OPTIONS } from './framing.js';
import { everyBsonType } from './testing.js';

function viaBson(bytes: Uint8Array): Document {
  return deserialize(bytes, DESERIALIZE_OPTIONS);
}

describe('persistence/fast-decoder', () => {
  it('when a field holds any BSON type, decodes exactly what bson deserialize returns', () => {
    for (const [name, value] of Object.entries(everyBsonType())) {
      const bytes = Buffer.from(serialize({ _id: 1, [name]: value }));
      const decoded = decodeDocument(bytes, 0);
      expect(decoded, name).to.deep.equal(viaBson(bytes));
      expect(keyString(decoded[name]), name).to.equal(keyString(viaBson(bytes)[name]));
    }
  });

  it('when a document holds every BSON type at once, decodes exactly what bson deserialize returns', () => {
    const bytes = Buffer.from(serialize(everyBsonType()));
    const decoded = decodeDocument(bytes, 0);
    expect(decoded).to.deep.equal(viaBson(bytes));
    expect(Object.keys(decoded)).to.deep.equal(Object.keys(viaBson(bytes)));
  });

  it('when values use the fast path, their keyString matches the bson-decoded ones', () => {
    const source = { _id: new ObjectId(), n: 5, l: Long.fromString('9007199254740993'), s: 'é', d: new Date(5) };
    const bytes = Buffer.from(serialize(source));
    const fast = decodeDocument(bytes, 0);
    const reference = viaBson(bytes);
    for (const key of Object.keys(reference)) expect(keyString(fast[key])).to.equal(keyString(reference[key]));
  });

  it('when int64 values sit at the safe-integer boundary, promotes within ±2^53 and keeps Long beyond', () => {
    const bytes = Buffer.from(
      serialize({
        max: Long.fromNumber(2 ** 53),
        min: Long.fromNumber(-(2 ** 53)),
        over: Long.fromString('9007199254740993'),
        under: Long.fromString('-9007199254740993'),
      }),
    );
    const decoded = decodeDocument(bytes, 0);
    expect(decoded['max']).to.equal(2 ** 53);
    expect(decoded['min']).to.equal(-(2 ** 53));
    expect(decoded['over']).to.be.instanceOf(Long);
    expect((decoded['under'] as Long).toString()).to.equal('-9007199254740993');
  });

  it('when a decoded Binary exists, it does not share memory with the source buffer', () => {
    const bytes = Buffer.from(serialize({ bin: new Binary(Buffer.from([7, 7, 7]), 0), id: new UUID() }));
    const decoded = decodeDocument(bytes, 0);
    bytes.fill(0);
    expect([...(decoded['bin'] as Binary).buffer]).to.deep.equal([7, 7, 7]);
    expect((decoded['id'] as Binary).buffer.some((byte) => byte !== 0)).to.equal(true);
  });

  it('when a document falls back to bson (DBRef), its Binary values are detached too', () => {
    const bytes = Buffer.from(serialize({ ref: new DBRef('c', new ObjectId()), bin: new Binary(Buffer.from([5]), 0) }));
    const decoded = decodeDocument(bytes, 0);
    bytes.fill(0);
    expect(decoded['ref']).to.be.instanceOf(DBRef);
    expect([...(decoded['bin'] as Binary).buffer]).to.deep.equal([5]);
  });

  it('when the same shape repeats past the factory threshold, documents keep values and key order', () => {
    const results: Document[] = [];
    for (let index = 0; index < 40; index++) {
      const bytes = Buffer.from(serialize({ z: index, a: `v${index}`, m: { k: index % 3 } }));
      results.push(decodeDocument(bytes, 0));
    }
    expect(results[39]).to.deep.equal({ z: 39, a: 'v39', m: { k: 0 } });
    expect(Object.keys(results[39] as Document)).to.deep.equal(['z', 'a', 'm']);
    expect(Object.getPrototypeOf(results[39])).to.equal(Object.prototype);
  });

  it('when documents have too many fields for a factory or ever-new shapes, decoding stays exact', () => {
    const wide: Document = {};
    for (let index = 0; index < 100; index++) wide[`f${index}`] = index;
    for (let round = 0; round < 20; round++) {
      expect(decodeDocument(Buffer.from(serialize(wide)), 0)).to.deep.equal(wide);
      const unique = { [`k${round}-${Math.random()}`]: round, tail: { [`n${round}`]: [round] } };
      expect(decodeDocument(Buffer.from(serialize(unique)), 0)).to.deep.equal(unique);
    }
  });

  it('when Dates or ObjectIds repeat or collide in the intern tables, every decoded value is right', () => {
    const dates = [new Date(1_000_000), new Date(1_000_000 + 4096), new Date(-4096), new Date(1_000_000)];
    const ids = ['00000000000000000000abcd', '01000000000000000000abcd', '00000000000000000000abcd'].map((hex) => new ObjectId(hex));
    for (let round = 0; round < 3; round++) {
      for (const date of dates) expect(decodeDocument(Buffer.from(serialize({ d: date })), 0)['d']).to.deep.equal(date);
      for (const id of ids) {
        expect((decodeDocument(Buffer.from(serialize({ i: id })), 0)['i'] as ObjectId).toHexString()).to.equal(id.toHexString());
      }
    }
    const first = decodeDocument(Buffer.from(serialize({ d: new Date(5) })), 0)['d'];
    const second = decodeDocument(Buffer.from(serialize({ d: new Date(5) })), 0)['d'];
    expect(second, 'equal dates are shared').to.equal(first);
  });

  it('when a key is __proto__, it becomes an own property and never the prototype', () => {
    const bytes = Buffer.from(serialize(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Document));
    for (let index = 0; index < 20; index++) {
      const decoded = decodeDocument(bytes, 0);
      expect(Object.getPrototypeOf(decoded)).to.equal(Object.prototype);
      expect(Object.keys(decoded)).to.deep.equal(['__proto__', 'a']);
    }
    expect(({} as Document)['polluted']).to.equal(undefined);
  });

  it('when keys contain quotes or line separators, the generated factory still builds them literally', () => {
    const tricky = { 'a"b': 1, "c'd\\": 2, 'e\u2028f': 3, '0': 4, 'x`${y}`': 5 };
    let decoded: Document = {};
    for (let index = 0; index < 20; index++) decoded = decodeDocument(Buffer.from(serialize(tricky)), 0);
    expect(decoded).to.deep.equal(tricky);
  });

  it('when a string is not valid UTF-8, throws like bson does', () => {
    const bytes = Buffer.from(serialize({ s: 'abcdefghijklmnopqrstuvwxyz0123456789-é' }));
    const at = bytes.indexOf(Buffer.from('é'));
    bytes[at] = 0xff;
    expect(() => decodeDocument(bytes, 0)).to.throw(/UTF-8|utf-8|Invalid/);
  });

  it('when the envelope is inconsistent, throws instead of returning a partial document', () => {
    const bytes = Buffer.from(serialize({ a: 'text', b: 1 }));
    bytes.writeInt32LE(bytes.length + 10, 0);
    expect(() => decodeDocument(bytes, 0)).to.throw();
  });

  it('when decoding at an offset inside a larger buffer, reads only that document', () => {
    const first = Buffer.from(serialize({ a: 1 }));
    const second = Buffer.from(serialize({ b: 'two' }));
    const combined = Buffer.concat([first, second]);
    expect(decodeDocument(combined, first.length)).to.deep.equal({ b: 'two' });
  });
  it('when documents of one shape are followed by names that extend, shorten or change the predicted one, decodes each as bson does', () => {
    const shapes: Document[] = [];
    for (let i = 0; i < 40; i++) shapes.push({ _id: i, tenantId: 't', campaignId: 'c', date: 'd' });
    shapes.push({ _id: 1, tenantIdX: 't', campaignId: 'c' });
    shapes.push({ _id: 2, tenant: 't', campaignId: 'c' });
    shapes.push({ _id: 3, tenantIc: 't', campaignId: 'c' });
    shapes.push({ _id: 4, 'tenantId\u00e9': 't', campaignId: 'c' });
    shapes.push({ _id: 5, tenantId: 't', campaignId: 'c', date: 'd', extra: 1 });
    shapes.push({ _id: 6 });
    for (const source of shapes) {
      const bytes = Buffer.from(serialize(source));
      const decoded = decodeDocument(bytes, 0);
      expect(decoded).to.deep.equal(viaBson(bytes));
      expect(Object.keys(decoded)).to.deep.equal(Object.keys(source));
    }
  });
});
