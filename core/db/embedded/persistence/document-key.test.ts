import { Decimal128, Long, ObjectId } from 'bson';
import { expect } from 'chai';
import { idKey } from '../storage/key-values.js';
import { documentKey } from './document-key.js';

describe('persistence/document-key', () => {
  it('when the id is an ObjectId, the key is the collection _id map key and distinct ids stay distinct', () => {
    const ids = [
      new ObjectId('000000000000000000000000'),
      new ObjectId('ffffffffffffffffffffffff'),
      new ObjectId('0123456789abcdef01234567'),
      new ObjectId('800000008000000080000000'),
    ];
    for (let index = 0; index < 200; index++) ids.push(new ObjectId());
    for (const id of ids) expect(documentKey(id), id.toHexString()).to.equal(idKey(id));
    expect(new Set(ids.map(documentKey)).size).to.equal(ids.length);
  });

  it('when numeric ids are equal across types, they share one key', () => {
    const key = documentKey(1);
    expect(documentKey(1.0)).to.equal(key);
    expect(documentKey(Long.fromNumber(1))).to.equal(key);
    expect(documentKey(Decimal128.fromString('1'))).to.equal(key);
    expect(documentKey(-0)).to.equal(documentKey(0));
  });

  it('when ids differ in type or value, the keys differ', () => {
    const ids = [1, 1.5, '1', 'text', null, { a: 1 }, new Date(3), Long.fromString('9007199254740993')];
    expect(new Set(ids.map(documentKey)).size).to.equal(ids.length);
  });
});
