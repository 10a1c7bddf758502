import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

const orders: Document[] = [
  { _id: 1, item: 'almonds', price: 12, quantity: 2 },
  { _id: 2, item: 'pecans', price: 20, quantity: 1 },
  { _id: 3 },
];
const inventory: Document[] = [
  { _id: 1, sku: 'almonds', instock: 120 },
  { _id: 2, sku: 'bread', instock: 80 },
  { _id: 3, sku: 'cashews', instock: 60 },
  { _id: 4, sku: 'pecans', instock: 70 },
  { _id: 5, sku: null },
  { _id: 6 },
];

describe('aggregate $lookup (equality)', () => {
  it('when joining on a field, attaches the matches; a missing local field matches null and missing (manual)', () => {
    const result = run([{ $lookup: { from: 'inventory', localField: 'item', foreignField: 'sku', as: 'inventory_docs' } }], orders, { inventory });
    expect(result.map((doc) => (doc.inventory_docs as Document[]).map((match) => match._id))).to.deep.equal([[1], [4], [5, 6]]);
    expect(result[0]).to.deep.include({ item: 'almonds', price: 12 });
  });

  it('when the local field is an array, matches any element, in foreign collection order (manual)', () => {
    const classes = [
      { _id: 1, enrollmentlist: ['giraffe2', 'pandabear', 'artie'] },
      { _id: 2, enrollmentlist: ['giraffe1', 'artie'] },
    ];
    const members = ['artie', 'giraffe', 'giraffe1', 'panda', 'pandabear', 'giraffe2'].map((name, i) => ({ _id: i + 1, name }));
    const result = run([{ $lookup: { from: 'members', localField: 'enrollmentlist', foreignField: 'name', as: 'enrollee_info' } }], classes, { members });
    expect(result.map((doc) => (doc.enrollee_info as Document[]).map((match) => match._id))).to.deep.equal([[1, 5, 6], [1, 3]]);
  });

  it('when the foreign field is an array, matches documents containing the value', () => {
    const items = [{ _id: 'x', tags: ['a', 'b'] }, { _id: 'y', tags: ['c'] }];
    const result = run([{ $lookup: { from: 'items', localField: 'tag', foreignField: 'tags', as: 'hits' } }], [{ tag: 'b' }], { items });
    expect((result[0]?.hits as Document[]).map((hit) => hit._id)).to.deep.equal(['x']);
  });

  it('when as is a dotted path, nests the result and the collection is missing, yields []', () => {
    const result = run([{ $lookup: { from: 'nothing', localField: 'a', foreignField: 'b', as: 'x.y' } }], [{ a: 1 }]);
    expect(result).to.deep.equal([{ a: 1, x: { y: [] } }]);
  });
});

describe('aggregate $lookup (pipeline)', () => {
  const warehouses = [
    { _id: 1, stock_item: 'almonds', warehouse: 'A', instock: 120 },
    { _id: 2, stock_item: 'pecans', warehouse: 'A', instock: 80 },
    { _id: 3, stock_item: 'almonds', warehouse: 'B', instock: 60 },
    { _id: 4, stock_item: 'cookies', warehouse: 'B', instock: 40 },
    { _id: 5, stock_item: 'cookies', warehouse: 'A', instock: 80 },
  ];
  const orderList = [
    { _id: 1, item: 'almonds', ordered: 2 },
    { _id: 2, item: 'pecans', ordered: 1 },
    { _id: 3, item: 'cookies', ordered: 60 },
  ];

  it('when using let variables in the sub-pipeline, correlates per document (manual example)', () => {
    const result = run(
      [
        {
          $lookup: {
            from: 'warehouses',
            let: { order_item: '$item', order_qty: '$ordered' },
            pipeline: [
              { $match: { $expr: { $and: [{ $eq: ['$stock_item', '$$order_item'] }, { $gte: ['$instock', '$$order_qty'] }] } } },
              { $project: { stock_item: 0, _id: 0 } },
            ],
            as: 'stockdata',
          },
        },
      ],
      orderList,
      { warehouses },
    );
    expect(result.map((doc) => doc.stockdata)).to.deep.equal([
      [{ warehouse: 'A', instock: 120 }, { warehouse: 'B', instock: 60 }],
      [{ warehouse: 'A', instock: 80 }],
      [{ warehouse: 'A', instock: 80 }],
    ]);
  });

  it('when combining localField/foreignField with a pipeline, filters by equality first (manual example)', () => {
    const restaurants = [
      { _id: 1, name: 'American Steak House', beverages: ['beer', 'wine'] },
      { _id: 2, name: 'Honest John Pizza', beverages: ['soda'] },
    ];
    const pizzaOrders = [
      { _id: 1, item: 'filet', restaurant_name: 'American Steak House' },
      { _id: 2, item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'lemonade' },
      { _id: 3, item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'soda' },
    ];
    const result = run(
      [
        {
          $lookup: {
            from: 'restaurants',
            localField: 'restaurant_name',
            foreignField: 'name',
            let: { orders_drink: '$drink' },
            pipeline: [{ $match: { $expr: { $in: ['$$orders_drink', '$beverages'] } } }],
            as: 'matches',
          },
        },
      ],
      pizzaOrders,
      { restaurants },
    );
    expect(result.map((doc) => (doc.matches as Document[]).map((match) => match._id))).to.deep.equal([[], [], [2]]);
  });

  it('when the sub-pipeline is uncorrelated, gives every document the same result', () => {
    const result = run([{ $lookup: { from: 'warehouses', pipeline: [{ $count: 'n' }], as: 'total' } }], orderList, { warehouses });
    expect(result.map((doc) => doc.total)).to.deep.equal([[{ n: 5 }], [{ n: 5 }], [{ n: 5 }]]);
  });

  it('when from is omitted and the pipeline starts with $documents, joins those documents', () => {
    const result = run([{ $lookup: { pipeline: [{ $documents: [{ x: 1 }] }], as: 'docs' } }], [{ _id: 1 }]);
    expect(result).to.deep.equal([{ _id: 1, docs: [{ x: 1 }] }]);
  });

  it('when the specification is invalid, fails with FailedToParse (9) and mongod messages', () => {
    expectPipelineError([{ $lookup: 1 }], 9, 'the $lookup stage specification must be an object, but found int');
    expectPipelineError([{ $lookup: { from: 'a', localField: 'x', foreignField: 'y' } }], 9, "must specify 'as' field for a $lookup");
    expectPipelineError([{ $lookup: { from: 'a', foreignField: 'y', as: 'z' } }], 9, /requires either 'pipeline' or both/);
    expectPipelineError([{ $lookup: { localField: 'x', foreignField: 'y', as: 'z' } }], 9, "must specify 'pipeline' when 'from' is empty");
    expectPipelineError([{ $lookup: { from: 'a', localField: 'x', foreignField: 'y', as: 'z', extra: 1 } }], 9, 'unknown argument to $lookup: extra');
    expectPipelineError([{ $lookup: { from: 'a', localField: 1, foreignField: 'y', as: 'z' } }], 9, /'localField' must be a string/);
    expectPipelineError([{ $lookup: { from: 'a', localField: 'x', foreignField: 'y', let: {}, as: 'z' } }], 9, /'let' argument must also specify 'pipeline'/);
  });

  it('when a let variable name is invalid, fails with 16867', () => {
    expectPipelineError([{ $lookup: { from: 'a', let: { Bad: 1 }, pipeline: [], as: 'z' } }], 16867);
  });

  it('when the sub-pipeline holds $out, fails with 51047', () => {
    expectPipelineError([{ $lookup: { from: 'a', pipeline: [{ $out: 'x' }], as: 'z' } }], 51047, "$out is not allowed within a $lookup's sub-pipeline");
  });
});

describe('aggregate $graphLookup', () => {
  const employees = [
    { _id: 1, name: 'Dev' },
    { _id: 2, name: 'Eliot', reportsTo: 'Dev' },
    { _id: 3, name: 'Ron', reportsTo: 'Eliot' },
    { _id: 4, name: 'Andrew', reportsTo: 'Eliot' },
    { _id: 5, name: 'Asya', reportsTo: 'Ron' },
    { _id: 6, name: 'Dan', reportsTo: 'Andrew' },
  ];
  const graph = { from: 'employees', startWith: '$reportsTo', connectFromField: 'reportsTo', connectToField: 'name', as: 'hierarchy' };

  it('when walking a reporting chain, collects every ancestor (manual example)', () => {
    const result = run([{ $graphLookup: { ...graph, depthField: 'depth' } }], employees.slice(4, 5), { employees });
    expect(result[0]?.hierarchy).to.deep.equal([
      { _id: 3, name: 'Ron', reportsTo: 'Eliot', depth: 0 },
      { _id: 2, name: 'Eliot', reportsTo: 'Dev', depth: 1 },
      { _id: 1, name: 'Dev', depth: 2 },
    ]);
  });

  it('when maxDepth and restrictSearchWithMatch are set, stops and filters accordingly', () => {
    const limited = run([{ $graphLookup: { ...graph, maxDepth: 1 } }], employees.slice(4, 5), { employees });
    expect((limited[0]?.hierarchy as Document[]).map((doc) => doc.name)).to.deep.equal(['Ron', 'Eliot']);
    const restricted = run([{ $graphLookup: { ...graph, restrictSearchWithMatch: { name: { $ne: 'Eliot' } } } }], employees.slice(4, 5), { employees });
    expect((restricted[0]?.hierarchy as Document[]).map((doc) => doc.name)).to.deep.equal(['Ron']);
  });

  it('when the specification is invalid, fails with the $graphLookup codes', () => {
    expectPipelineError([{ $graphLookup: { ...graph, maxDepth: -1 } }], 40101, 'maxDepth requires a nonnegative argument, found: -1');
    expectPipelineError([{ $graphLookup: { ...graph, zz: 1 } }], 40104, 'Unknown argument to $graphLookup: zz');
    expectPipelineError([{ $graphLookup: { from: 'employees', startWith: '$a' } }], 40105);
    expectPipelineError([{ $graphLookup: { ...graph, as: 1 } }], 40103);
    expectPipelineError([{ $graphLookup: 5 }], 9, /must be an object, but found int/);
  });
});

describe('aggregate $unionWith', () => {
  const sales2017 = [{ store: 'A', item: 'Chocolates', quantity: 150 }, { store: 'B', item: 'Chocolates', quantity: 50 }];
  const sales2018 = [{ store: 'A', item: 'Chocolates', quantity: 10 }];

  it('when unioning a collection name, appends its documents after the input', () => {
    const result = run([{ $unionWith: 'sales_2018' }], sales2017, { sales_2018: sales2018 });
    expect(result.map((doc) => doc.quantity)).to.deep.equal([150, 50, 10]);
  });

  it('when unioning with a pipeline, then grouping, aggregates across both (manual example)', () => {
    const result = run(
      [
        { $set: { _id: '2017' } },
        { $unionWith: { coll: 'sales_2018', pipeline: [{ $set: { _id: '2018' } }] } },
        { $group: { _id: '$item', total: { $sum: '$quantity' } } },
      ],
      sales2017,
      { sales_2018: sales2018 },
    );
    expect(result).to.deep.equal([{ _id: 'Chocolates', total: 210 }]);
  });

  it('when the specification is invalid, fails with 9 / 40415 / 14', () => {
    expectPipelineError([{ $unionWith: 1 }], 9, 'the $unionWith stage specification must be an object or string, but found int');
    expectPipelineError([{ $unionWith: { coll: 'a', x: 1 } }], 40415, "BSON field '$unionWith.x' is an unknown field.");
    expectPipelineError([{ $unionWith: { coll: 1 } }], 14);
  });
});

describe('aggregate $facet', () => {
  const items = [{ price: 10, tag: 'a' }, { price: 20, tag: 'b' }, { price: 30, tag: 'a' }];

  it('when running several sub-pipelines, outputs one document with each result', () => {
    const result = run(
      [
        {
          $facet: {
            byTag: [{ $sortByCount: '$tag' }],
            expensive: [{ $match: { price: { $gte: 20 } } }, { $count: 'n' }],
            none: [{ $match: { price: 0 } }],
          },
        },
      ],
      items,
    );
    expect(result).to.deep.equal([{ byTag: [{ _id: 'a', count: 2 }, { _id: 'b', count: 1 }], expensive: [{ n: 2 }], none: [] }]);
  });

  it('when the specification is invalid, fails with 40169 / 40170 / 40171 / 40600', () => {
    expectPipelineError([{ $facet: {} }], 40169);
    expectPipelineError([{ $facet: { a: 1 } }], 40170, 'arguments to $facet must be arrays, a is type int');
    expectPipelineError([{ $facet: { a: [1] } }], 40171);
    expectPipelineError([{ $facet: { a: [{ $facet: { b: [] } }] } }], 40600, '$facet is not allowed to be used within a $facet stage');
    expectPipelineError([{ $facet: { a: [{ $out: 'x' }] } }], 40600);
  });
});
