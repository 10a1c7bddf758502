import { Long, ObjectId } from 'bson';
import { expect } from 'chai';
import { keyString } from '../bson-values.js';
import { documentKey } from './document-key.js';

describe('persistence/document-key', () => {
  it('when the id is an ObjectId, the key equals keyString for random and edge byte patterns', () => {
    const ids = [
      new ObjectId('000000000000000000000000'),
      new ObjectId('ffffffffffffffffffffffff'),
      new ObjectId('0123456789abcdef01234567'),
      new ObjectId('800000008000000080000000'),
    ];
    for (let index = 0; index < 200; index++) ids.push(new ObjectId());
    for (const id of ids) expect(documentKey(id), id.toHexString()).to.equal(keyString(id));
  });

  it('when the id is not an ObjectId, the key is keyString itself', () => {
    for (const id of [1, 1.5, 'text', null, undefined, { a: 1 }, [1, 2], new Date(3), Long.fromString('9007199254740993')]) {
      expect(documentKey(id)).to.equal(keyString(id));
    }
  });
});
