import { expect } from 'chai';
import mongoose, { Schema, type Connection } from 'mongoose';
import { expectRejection, useDatabase } from './harness.js';

interface UserShape {
  email: string;
  name: string;
  age?: number;
  role: string;
}

interface PostShape {
  title: string;
  author: mongoose.Types.ObjectId;
  tags: string[];
}

interface OrderShape {
  ref: string;
  items: Array<{ sku: string; qty: number }>;
  total: mongoose.Types.Decimal128;
  attrs?: Map<string, string>;
}

describe('mongoose 9 against the server', function () {
  const ctx = useDatabase('mongoose');
  let connection: Connection;

  before(async function () {
    this.timeout(30_000);
    connection = await mongoose.createConnection(ctx.uri, { dbName: `${ctx.dbName}_m`, serverSelectionTimeoutMS: 10_000 }).asPromise();
  });

  after(async function () {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  let modelCounter = 0;
  function userModel(): mongoose.Model<UserShape> {
    modelCounter += 1;
    const schema = new Schema<UserShape>(
      {
        email: { type: String, required: true, unique: true },
        name: { type: String, required: true },
        age: { type: Number, min: 0 },
        role: { type: String, default: 'member' },
      },
      { timestamps: true },
    );
    return connection.model<UserShape>(`User${modelCounter}`, schema);
  }

  function orderModel(): mongoose.Model<OrderShape> {
    modelCounter += 1;
    const schema = new Schema<OrderShape>({
      ref: { type: String, required: true },
      items: [{ sku: String, qty: Number }],
      total: { type: Schema.Types.Decimal128, required: true },
      attrs: { type: Map, of: String },
    });
    return connection.model<OrderShape>(`Order${modelCounter}`, schema);
  }

  it('when a schema declares a unique field, saving a duplicate fails with E11000', async function () {
    const User = userModel();
    await User.init();
    await new User({ email: 'a@x.io', name: 'A' }).save();
    const error = (await expectRejection(new User({ email: 'a@x.io', name: 'B' }).save())) as { code?: unknown; keyValue?: unknown };
    expect(error.code).to.equal(11000);
    expect(error.keyValue).to.deep.equal({ email: 'a@x.io' });
  });

  it('when a schema declares a compound unique index per tenant, the same email may repeat across tenants only', async function () {
    modelCounter += 1;
    const schema = new Schema({ tenantId: { type: String, required: true }, email: { type: String, required: true } });
    schema.index({ tenantId: 1, email: 1 }, { unique: true });
    const Member = connection.model(`Member${modelCounter}`, schema);
    await Member.init();
    await Member.create([
      { tenantId: 't1', email: 'x@x.io' },
      { tenantId: 't2', email: 'x@x.io' },
    ]);
    const error = (await expectRejection(Member.create({ tenantId: 't1', email: 'x@x.io' }))) as { code?: unknown; keyValue?: unknown };
    expect(error.code).to.equal(11000);
    expect(error.keyValue).to.deep.equal({ tenantId: 't1', email: 'x@x.io' });
  });

  it('when a query chains select, sort, skip and limit, the server applies each of them', async function () {
    const User = userModel();
    await User.insertMany(Array.from({ length: 10 }, (_, i) => ({ email: `s${i}@x.io`, name: `S${i}`, age: i })));
    const rows = await User.find({ age: { $gte: 2 } }).select('age -_id').sort({ age: -1 }).skip(1).limit(3).lean();
    expect(rows).to.deep.equal([{ age: 8 }, { age: 7 }, { age: 6 }]);
    expect(await User.exists({ age: 9 })).to.have.property('_id');
    expect(await User.exists({ age: 99 })).to.equal(null);
  });

  it('when an update runs with runValidators and breaks a rule, it is refused and the document is unchanged', async function () {
    const User = userModel();
    const user = await User.create({ email: 'r@x.io', name: 'R', age: 3 });
    const error = await expectRejection(User.findByIdAndUpdate(user._id, { $set: { age: -5 } }, { runValidators: true }));
    expect((error as Error).name).to.equal('ValidationError');
    expect((await User.findById(user._id).lean())?.age).to.equal(3);
  });

  it('when a required field is missing or a min is violated, validation fails and nothing is stored', async function () {
    const User = userModel();
    const error = await expectRejection(User.create({ email: 'v@x.io', name: 'V', age: -1 }));
    expect((error as Error).name).to.equal('ValidationError');
    await expectRejection(User.create({ email: 'w@x.io' }));
    expect(await User.countDocuments()).to.equal(0);
  });

  it('when timestamps are enabled, createdAt/updatedAt are set and updatedAt moves on update', async function () {
    const User = userModel();
    const user = await User.create({ email: 't@x.io', name: 'T' });
    const created = user.get('createdAt') as Date;
    expect(created).to.be.instanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 15));
    await User.updateOne({ _id: user._id }, { $set: { name: 'T2' } });
    const reloaded = await User.findById(user._id).lean();
    expect((reloaded as { updatedAt?: Date } | null)?.updatedAt?.getTime()).to.be.greaterThan(created.getTime());
    expect(reloaded?.role).to.equal('member');
  });

  it('when populate follows a ref, the referenced document replaces the id', async function () {
    const User = userModel();
    const author = await User.create({ email: 'p@x.io', name: 'Poster' });
    modelCounter += 1;
    const Post = connection.model<PostShape>(
      `Post${modelCounter}`,
      new Schema<PostShape>({ title: String, author: { type: Schema.Types.ObjectId, ref: User.modelName }, tags: [String] }),
    );
    await Post.create({ title: 'Hello', author: author._id, tags: ['a'] });
    const post = await Post.findOne({ title: 'Hello' }).populate<{ author: UserShape }>('author').lean();
    expect(post?.author.name).to.equal('Poster');
  });

  it('when a query is lean, plain objects with ObjectId ids come back', async function () {
    const User = userModel();
    await User.create({ email: 'l@x.io', name: 'Lean' });
    const doc = await User.findOne({ email: 'l@x.io' }).lean();
    expect(doc).to.not.be.instanceOf(mongoose.Document);
    expect(doc?._id).to.be.instanceOf(mongoose.Types.ObjectId);
    expect(doc?.name).to.equal('Lean');
  });

  it('when updateOne and findOneAndUpdate upsert, documents are created with schema defaults', async function () {
    const User = userModel();
    const result = await User.updateOne({ email: 'u1@x.io' }, { $set: { name: 'U1' } }, { upsert: true });
    expect(result.upsertedCount).to.equal(1);
    const created = await User.findOneAndUpdate(
      { email: 'u2@x.io' },
      { $set: { name: 'U2' }, $setOnInsert: { age: 30 } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    ).lean();
    expect(created?.email).to.equal('u2@x.io');
    expect(created?.age).to.equal(30);
    expect(created?.role).to.equal('member');
  });

  it('when Model.aggregate groups, it returns the grouped rows', async function () {
    const User = userModel();
    await User.insertMany([
      { email: 'g1@x.io', name: 'G1', role: 'admin', age: 40 },
      { email: 'g2@x.io', name: 'G2', role: 'member', age: 20 },
      { email: 'g3@x.io', name: 'G3', role: 'member', age: 30 },
    ]);
    const rows = await User.aggregate<{ _id: string; n: number; avgAge: number }>([
      { $group: { _id: '$role', n: { $sum: 1 }, avgAge: { $avg: '$age' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(rows).to.deep.equal([
      { _id: 'admin', n: 1, avgAge: 40 },
      { _id: 'member', n: 2, avgAge: 25 },
    ]);
  });

  it('when a query cursor iterates with a small batch size, every document arrives once', async function () {
    const User = userModel();
    await User.insertMany(Array.from({ length: 120 }, (_, i) => ({ email: `c${i}@x.io`, name: `C${i}`, age: i })));
    const ages: number[] = [];
    for await (const user of User.find().sort({ age: 1 }).cursor({ batchSize: 25 })) ages.push(user.age ?? -1);
    expect(ages).to.deep.equal(Array.from({ length: 120 }, (_, i) => i));
  });

  it('when syncIndexes runs after the schema dropped an index, the stale index is removed', async function () {
    const User = userModel();
    await User.init();
    await User.collection.createIndex({ name: 1 });
    const dropped = await User.syncIndexes();
    expect(dropped).to.deep.equal(['name_1']);
    const names = (await User.listIndexes()).map((index) => index.name);
    expect(names).to.have.members(['_id_', 'email_1']);
  });

  it('when subdocument arrays are pushed and updated positionally, the array holds the changes', async function () {
    const Order = orderModel();
    const order = await Order.create({ ref: 'o1', items: [{ sku: 'a', qty: 1 }], total: '10.00' });
    await Order.updateOne({ _id: order._id }, { $push: { items: { sku: 'b', qty: 2 } } });
    await Order.updateOne({ _id: order._id, 'items.sku': 'b' }, { $inc: { 'items.$.qty': 5 } });
    const reloaded = await Order.findById(order._id);
    expect(reloaded?.items.map((item) => [item.sku, item.qty])).to.deep.equal([
      ['a', 1],
      ['b', 7],
    ]);
    expect((reloaded?.items[1] as unknown as { _id?: unknown })._id).to.be.instanceOf(mongoose.Types.ObjectId);
  });

  it('when a Decimal128 field is stored, queried by range and incremented, it stays exact', async function () {
    const Order = orderModel();
    await Order.create([
      { ref: 'd1', total: '0.10' },
      { ref: 'd2', total: '19.99' },
    ]);
    const expensive = await Order.find({ total: { $gt: mongoose.Types.Decimal128.fromString('1') } }).lean();
    expect(expensive.map((order) => order.ref)).to.deep.equal(['d2']);
    await Order.updateOne({ ref: 'd1' }, { $inc: { total: mongoose.Types.Decimal128.fromString('0.20') } });
    const updated = await Order.findOne({ ref: 'd1' }).lean();
    expect(updated?.total).to.be.instanceOf(mongoose.Types.Decimal128);
    expect(updated?.total.toString()).to.equal('0.30');
  });

  it('when a Map field is saved, its keys round-trip', async function () {
    const Order = orderModel();
    await Order.create({ ref: 'm1', total: '1', attrs: new Map([['color', 'red']]) });
    const found = await Order.findOne({ 'attrs.color': 'red' });
    expect(found?.attrs?.get('color')).to.equal('red');
  });

  it('when countDocuments, estimatedDocumentCount and distinct run, they agree with the data', async function () {
    const User = userModel();
    await User.insertMany([
      { email: 'k1@x.io', name: 'K', role: 'admin' },
      { email: 'k2@x.io', name: 'K', role: 'member' },
      { email: 'k3@x.io', name: 'J', role: 'member' },
    ]);
    expect(await User.countDocuments({ role: 'member' })).to.equal(2);
    expect(await User.estimatedDocumentCount()).to.equal(3);
    expect(await User.distinct('name')).to.have.members(['J', 'K']);
  });

  it('when insertMany is unordered and hits a duplicate, the other documents are inserted', async function () {
    const User = userModel();
    await User.init();
    const error = await expectRejection(
      User.insertMany(
        [
          { email: 'i1@x.io', name: 'I' },
          { email: 'i1@x.io', name: 'I' },
          { email: 'i2@x.io', name: 'I' },
        ],
        { ordered: false },
      ),
    );
    expect((error as { code?: unknown }).code).to.equal(11000);
    expect(await User.countDocuments()).to.equal(2);
  });

  it('when optimistic concurrency is on, saving a stale copy fails with a VersionError', async function () {
    modelCounter += 1;
    const Counter = connection.model(
      `Counter${modelCounter}`,
      new Schema({ n: Number, list: [Number] }, { optimisticConcurrency: true }),
    );
    const created = await Counter.create({ n: 1, list: [1] });
    const first = await Counter.findById(created._id);
    const second = await Counter.findById(created._id);
    first?.set('n', 2);
    await first?.save();
    second?.set('n', 3);
    const error = await expectRejection(second?.save() ?? Promise.resolve());
    expect((error as Error).name).to.equal('VersionError');
    expect((await Counter.findById(created._id).lean())?.n).to.equal(2);
  });

  it('when bulkWrite, findOneAndDelete and deleteMany run, the collection reflects each of them', async function () {
    const User = userModel();
    await User.bulkWrite([
      { insertOne: { document: { email: 'b1@x.io', name: 'B1' } } },
      { insertOne: { document: { email: 'b2@x.io', name: 'B2' } } },
      { updateOne: { filter: { email: 'b1@x.io' }, update: { $set: { age: 5 } } } },
    ]);
    const deleted = await User.findOneAndDelete({ email: 'b2@x.io' }).lean();
    expect(deleted?.name).to.equal('B2');
    expect((await User.findOne({ email: 'b1@x.io' }).lean())?.age).to.equal(5);
    expect((await User.deleteMany({})).deletedCount).to.equal(1);
  });
});
