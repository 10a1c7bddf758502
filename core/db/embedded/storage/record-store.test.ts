import { expect } from 'chai';
import { RecordStore } from './record-store.js';

describe('embedded db: record store', () => {
  it('when records are set with gaps, counts and iterates only the present ones in recordId order', () => {
    const store = new RecordStore<string>();
    store.set(3, 'c');
    store.set(1, 'a');
    store.set(7, 'g');
    expect(store.size).to.equal(3);
    expect([...store.values()]).to.deep.equal(['a', 'c', 'g']);
    expect([...store.valuesReversed()]).to.deep.equal(['g', 'c', 'a']);
    expect(store.has(2)).to.equal(false);
    expect(store.get(7)).to.equal('g');
  });

  it('when a record is replaced, keeps the count and returns the new value', () => {
    const store = new RecordStore<string>();
    store.set(1, 'a');
    store.set(1, 'b');
    expect(store.size).to.equal(1);
    expect(store.get(1)).to.equal('b');
  });

  it('when records are deleted, skips them and reports whether anything was deleted', () => {
    const store = new RecordStore<string>();
    for (let i = 1; i <= 5; i++) store.set(i, String(i));
    expect(store.delete(1)).to.equal(true);
    expect(store.delete(1)).to.equal(false);
    expect(store.delete(4)).to.equal(true);
    expect(store.size).to.equal(3);
    expect([...store.values()]).to.deep.equal(['2', '3', '5']);
    expect([...store.valuesReversed()]).to.deep.equal(['5', '3', '2']);
  });

  it('when records change during iteration, sees later additions and skips removals like a Map', () => {
    const store = new RecordStore<number>();
    for (let i = 1; i <= 4; i++) store.set(i, i);
    const seen: number[] = [];
    for (const value of store.values()) {
      seen.push(value);
      if (value === 1) {
        store.delete(2);
        store.set(5, 5);
      }
    }
    expect(seen).to.deep.equal([1, 3, 4, 5]);
  });

  it('when every record is deleted, is empty and accepts higher recordIds afterwards', () => {
    const store = new RecordStore<number>();
    store.set(1, 1);
    store.set(2, 2);
    store.delete(1);
    store.delete(2);
    expect(store.size).to.equal(0);
    expect([...store.values()]).to.deep.equal([]);
    store.set(3, 3);
    expect([...store.values()]).to.deep.equal([3]);
    expect(store.get(1)).to.equal(undefined);
  });
});
