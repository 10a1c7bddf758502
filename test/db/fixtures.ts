import type { AnyDoc } from './harness.js';

/** The inventory documents of the MongoDB manual's query tutorials, plus two odd ones. */
export const inventory: AnyDoc[] = [
  {
    _id: 1, item: 'journal', qty: 25, tags: ['blank', 'red'], size: { h: 14, w: 21, uom: 'cm' }, status: 'A',
    instock: [{ warehouse: 'A', qty: 5 }, { warehouse: 'C', qty: 15 }],
  },
  {
    _id: 2, item: 'notebook', qty: 50, tags: ['red', 'blank'], size: { h: 8.5, w: 11, uom: 'in' }, status: 'A',
    instock: [{ warehouse: 'C', qty: 5 }],
  },
  {
    _id: 3, item: 'paper', qty: 100, tags: ['red', 'blank', 'plain'], size: { h: 8.5, w: 11, uom: 'in' }, status: 'D',
    instock: [{ warehouse: 'A', qty: 60 }, { warehouse: 'B', qty: 15 }],
  },
  {
    _id: 4, item: 'planner', qty: 75, tags: ['blank', 'red'], size: { h: 22.85, w: 30, uom: 'cm' }, status: 'D',
    instock: [{ warehouse: 'A', qty: 40 }, { warehouse: 'B', qty: 5 }],
  },
  {
    _id: 5, item: 'postcard', qty: 45, tags: ['blue'], size: { h: 10, w: 15.25, uom: 'cm' }, status: 'A',
    instock: [{ warehouse: 'B', qty: 15 }, { warehouse: 'C', qty: 35 }],
  },
  { _id: 6, item: 'sketchbook', qty: null, tags: [], status: 'B' },
  { _id: 7, item: 'Sketch pad', qty: '30', tags: 'single', status: 'B' },
];

/** A fresh copy of the inventory documents (inserts add nothing to them, but tests stay independent). */
export function inventoryCopy(): AnyDoc[] {
  return inventory.map((doc) => structuredClone(doc));
}

/** Sales rows in the shape of the MongoDB manual's aggregation examples. */
export function salesRows(): AnyDoc[] {
  return [
    { _id: 1, item: 'abc', price: 10, quantity: 2, date: new Date('2024-03-01T08:00:00Z'), tags: ['x', 'y'], store: 's1' },
    { _id: 2, item: 'jkl', price: 20, quantity: 1, date: new Date('2024-03-01T09:00:00Z'), tags: ['y'], store: 's1' },
    { _id: 3, item: 'xyz', price: 5, quantity: 10, date: new Date('2024-03-15T09:00:00Z'), tags: [], store: 's2' },
    { _id: 4, item: 'xyz', price: 5, quantity: 20, date: new Date('2024-04-04T11:21:39Z'), store: 's2' },
    { _id: 5, item: 'abc', price: 10, quantity: 10, date: new Date('2024-04-04T21:23:13Z'), tags: 'z', store: 's3' },
  ];
}
