import { ObjectId } from 'bson';
import { expect } from 'chai';
import { documentKey } from './document-key.js';
import type { IndexSpec } from '../storage/types.js';
import { InvalidRecordError, StateBuilder } from './state-builder.js';
import { createRecord, putRecord } from './testing.js';
import type { JournalRecord } from './types.js';

function build(records: readonly JournalRecord[]): StateBuilder {
  const builder = new StateBuilder();
  for (const record of records) builder.applyRecord(record);
  return builder;
}

function ids(builder: StateBuilder, namespace: string): unknown[] | undefined {
  const collection = builder.collections.get(namespace);
  return collection === undefined ? undefined : [...collection.documents.values()].map((doc) => doc['_id']);
}

const spec = (name: string, key: Record<string, number>, extra: Partial<IndexSpec> = {}): IndexSpec => ({
  v: 2,
  key,
  name,
  ...extra,
});

describe('persistence/state-builder', () => {
  it('when a document is put twice, the later image replaces the earlier one under documentKey(_id)', () => {
    const id = new ObjectId();
    const builder = build([createRecord('c'), putRecord('c', { _id: id, v: 1 }), putRecord('c', { _id: id, v: 2 })]);
    const collection = builder.collections.get('app.c');
    expect(collection?.documents.size).to.equal(1);
    expect(collection?.documents.get(documentKey(id))).to.deep.equal({ _id: id, v: 2 });
  });

  it('when _id values are numerically equal across types, they address the same document', () => {
    const builder = build([
      createRecord('c'),
      putRecord('c', { _id: 1, v: 'int' }),
      putRecord('c', { _id: 1.0, v: 'double' }),
      { op: 'delete', db: 'app', coll: 'c', id: 1 },
    ]);
    expect(ids(builder, 'app.c')).to.deep.equal([]);
  });

  it('when a delete targets a missing document or collection, nothing happens', () => {
    const builder = build([
      createRecord('c'),
      putRecord('c', { _id: 1 }),
      { op: 'delete', db: 'app', coll: 'c', id: 2 },
      { op: 'delete', db: 'app', coll: 'nope', id: 1 },
    ]);
    expect(ids(builder, 'app.c')).to.deep.equal([1]);
    expect(builder.collections.has('app.nope')).to.equal(false);
  });

  it('when createCollection repeats for an existing collection, the existing one and its data are kept', () => {
    const builder = build([
      { op: 'createCollection', db: 'app', coll: 'c', options: { capped: true }, uuid: 'first' },
      putRecord('c', { _id: 1 }),
      { op: 'createCollection', db: 'app', coll: 'c', options: {}, uuid: 'second' },
    ]);
    const collection = builder.collections.get('app.c');
    expect(collection?.uuid).to.equal('first');
    expect(collection?.options).to.deep.equal({ capped: true });
    expect(ids(builder, 'app.c')).to.deep.equal([1]);
  });

  it('when a put targets a collection that does not exist, it is skipped rather than resurrecting it', () => {
    const builder = build([putRecord('ghost', { _id: 1 })]);
    expect(builder.collections.has('app.ghost')).to.equal(false);
  });

  it('when a collection is dropped and recreated, only documents written after the recreation remain', () => {
    const builder = build([
      createRecord('c'),
      putRecord('c', { _id: 1 }),
      { op: 'dropCollection', db: 'app', coll: 'c' },
      createRecord('c'),
      putRecord('c', { _id: 2 }),
    ]);
    expect(ids(builder, 'app.c')).to.deep.equal([2]);
  });

  it('when a database is dropped, all its collections go and other databases stay', () => {
    const builder = build([
      createRecord('a'),
      createRecord('b'),
      createRecord('a', 'other'),
      { op: 'dropDatabase', db: 'app' },
    ]);
    expect([...builder.collections.keys()]).to.deep.equal(['other.a']);
  });

  it('when a collection is renamed over an existing target, the target is replaced with the source data', () => {
    const builder = build([
      createRecord('src'),
      putRecord('src', { _id: 'moved' }),
      createRecord('dst', 'db2'),
      putRecord('dst', { _id: 'old' }, 'db2'),
      { op: 'renameCollection', db: 'app', coll: 'src', toDb: 'db2', toColl: 'dst' },
      putRecord('dst', { _id: 'later' }, 'db2'),
    ]);
    expect(builder.collections.has('app.src')).to.equal(false);
    expect(ids(builder, 'db2.dst')).to.deep.equal(['moved', 'later']);
    expect(builder.collections.get('db2.dst')?.db).to.equal('db2');
  });

  it('when a rename names a missing source (already applied), the target is left alone', () => {
    const builder = build([
      createRecord('dst'),
      putRecord('dst', { _id: 1 }),
      { op: 'renameCollection', db: 'app', coll: 'src', toDb: 'app', toColl: 'dst' },
    ]);
    expect(ids(builder, 'app.dst')).to.deep.equal([1]);
  });

  it('when indexes are created, replaced by name and dropped, the spec list follows; _id_ is never listed', () => {
    const builder = build([
      createRecord('c'),
      { op: 'createIndex', db: 'app', coll: 'c', spec: spec('_id_', { _id: 1 }) },
      { op: 'createIndex', db: 'app', coll: 'c', spec: spec('a_1', { a: 1 }) },
      { op: 'createIndex', db: 'app', coll: 'c', spec: spec('b_1', { b: 1 }) },
      { op: 'createIndex', db: 'app', coll: 'c', spec: spec('a_1', { a: 1 }, { unique: true }) },
      { op: 'dropIndex', db: 'app', coll: 'c', name: 'b_1' },
      { op: 'dropIndex', db: 'app', coll: 'c', name: 'missing' },
    ]);
    expect(builder.collections.get('app.c')?.indexes).to.deep.equal([spec('a_1', { a: 1 }, { unique: true })]);
  });

  it('when a record has an unknown op or malformed fields, throws InvalidRecordError', () => {
    const builder = new StateBuilder();
    expect(() => builder.apply({ op: 'explode' })).to.throw(InvalidRecordError, /unknown journal operation "explode"/);
    expect(() => builder.apply({ op: 'createCollection', db: 1, coll: 'c', options: {} })).to.throw(InvalidRecordError);
    builder.applyRecord(createRecord('c'));
    expect(() => builder.apply({ op: 'put', db: 'app', coll: 'c', doc: 'not a document' })).to.throw(InvalidRecordError);
  });

  it('when consecutive records alternate between collections, each lands in its own collection', () => {
    const builder = build([
      createRecord('x'),
      createRecord('y'),
      putRecord('x', { _id: 1 }),
      putRecord('y', { _id: 2 }),
      putRecord('x', { _id: 3 }),
      { op: 'dropCollection', db: 'app', coll: 'x' },
      putRecord('x', { _id: 4 }),
    ]);
    expect(ids(builder, 'app.x')).to.equal(undefined);
    expect(ids(builder, 'app.y')).to.deep.equal([2]);
  });
});
