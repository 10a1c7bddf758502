/**
 * Ordering of index keys: `compareValues` semantics with fast paths for the common key types,
 * plus type-edge sentinels that sit just before or after every value of one BSON type. Edges
 * never occur in stored keys; they let the planner express type-bracketed bounds (`$gt: "a"` scans
 * up to the first object) and open-ended search keys for the B+tree.
 */
import { canonicalTypeOrder, compareValues, keyString, TypeOrder } from '../bson-values.js';

/** A sentinel just before (`after` false) or just after (`after` true) all values of a type. */
export class TypeEdge {
  constructor(
    readonly order: number,
    readonly after: boolean,
  ) {}
}

/** Below every BSON value, MinKey included. */
export const LOWEST = new TypeEdge(TypeOrder.minKey, false);
/** Above every BSON value, MaxKey included. */
export const HIGHEST = new TypeEdge(TypeOrder.maxKey, true);

function compareWithEdge(a: unknown, b: unknown): number {
  const aEdge = a instanceof TypeEdge;
  const bEdge = b instanceof TypeEdge;
  if (aEdge && bEdge) {
    if (a.order !== b.order) return a.order < b.order ? -1 : 1;
    return a.after === b.after ? 0 : a.after ? 1 : -1;
  }
  if (aEdge) return edgeVersusValue(a, b);
  return -edgeVersusValue(b as TypeEdge, a);
}

function edgeVersusValue(edge: TypeEdge, value: unknown): number {
  const order = canonicalTypeOrder(value);
  if (edge.order !== order) return edge.order < order ? -1 : 1;
  return edge.after ? 1 : -1;
}

interface PackedObjectId {
  readonly i0?: unknown;
  readonly i1?: unknown;
  readonly i2?: unknown;
  readonly i3?: unknown;
}

/**
 * bson 7 packs an ObjectId into four 24-bit integers; comparing them avoids two hex conversions
 * per comparison (the byte order equals the hex order). Undefined when the layout is unknown.
 */
function compareObjectIds(a: PackedObjectId, b: PackedObjectId): number | undefined {
  if (typeof a.i0 !== 'number' || typeof b.i0 !== 'number') return undefined;
  if (a.i0 !== b.i0) return a.i0 < b.i0 ? -1 : 1;
  const a1 = a.i1 as number;
  const b1 = b.i1 as number;
  if (a1 !== b1) return a1 < b1 ? -1 : 1;
  const a2 = a.i2 as number;
  const b2 = b.i2 as number;
  if (a2 !== b2) return a2 < b2 ? -1 : 1;
  const a3 = a.i3 as number;
  const b3 = b.i3 as number;
  return a3 === b3 ? 0 : a3 < b3 ? -1 : 1;
}

function tagOf(value: object): unknown {
  return (value as { _bsontype?: unknown })._bsontype;
}

/** `compareValues` for key components, aware of TypeEdge sentinels. Returns -1, 0 or 1. */
export function compareKeyValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return compareValues(a, b);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (a instanceof TypeEdge || b instanceof TypeEdge) return compareWithEdge(a, b);
    if (a instanceof Date && b instanceof Date) {
      const difference = a.getTime() - b.getTime();
      return difference < 0 ? -1 : difference > 0 ? 1 : 0;
    }
    if (tagOf(a) === 'ObjectId' && tagOf(b) === 'ObjectId') {
      const result = compareObjectIds(a, b);
      if (result !== undefined) return result;
    }
  } else if (a instanceof TypeEdge || b instanceof TypeEdge) {
    return compareWithEdge(a, b);
  }
  return compareValues(a, b);
}

/** An index entry: the key components followed by the recordId (always last). */
export type KeyEntry = unknown[];

/**
 * Orders entries by their components (each in its index direction), then by recordId, so that
 * equal keys of different documents stay distinct entries.
 */
export function entryComparator(directions: readonly number[]): (a: KeyEntry, b: KeyEntry) => number {
  const width = directions.length;
  if (width === 1) {
    const direction = directions[0] as number;
    return (a, b) => {
      const c = compareKeyValues(a[0], b[0]);
      if (c !== 0) return direction === 1 ? c : -c;
      return compareRecordIds(a[1] as number, b[1] as number);
    };
  }
  if (width === 2) {
    const first = directions[0] as number;
    const second = directions[1] as number;
    return (a, b) => {
      const c = compareKeyValues(a[0], b[0]);
      if (c !== 0) return first === 1 ? c : -c;
      const d = compareKeyValues(a[1], b[1]);
      if (d !== 0) return second === 1 ? d : -d;
      return compareRecordIds(a[2] as number, b[2] as number);
    };
  }
  return (a, b) => {
    for (let i = 0; i < width; i++) {
      const c = compareKeyValues(a[i], b[i]);
      if (c !== 0) return directions[i] === 1 ? c : -c;
    }
    return compareRecordIds(a[width] as number, b[width] as number);
  };
}

function compareRecordIds(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `_id` hash-map key: the number itself for safe integers (the most common non-ObjectId ids),
 * a compact 13-character one-byte string for ObjectIds, and `keyString` otherwise. Two ids get the same key
 * exactly when `valuesEqual` holds.
 */
export function idKey(id: unknown): string | number {
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id === 0 ? 0 : id;
  if (typeof id === 'object' && id !== null && tagOf(id) === 'ObjectId') {
    const packed = id as PackedObjectId;
    if (typeof packed.i0 === 'number') {
      const { i0 } = packed;
      const i1 = packed.i1 as number;
      const i2 = packed.i2 as number;
      const i3 = packed.i3 as number;
      // Byte-sized codes make a one-byte string: 13 characters take less room than 9 two-byte ones.
      return String.fromCharCode(
        1,
        i0 >>> 16,
        (i0 >>> 8) & 0xff,
        i0 & 0xff,
        i1 >>> 16,
        (i1 >>> 8) & 0xff,
        i1 & 0xff,
        i2 >>> 16,
        (i2 >>> 8) & 0xff,
        i2 & 0xff,
        i3 >>> 16,
        (i3 >>> 8) & 0xff,
        i3 & 0xff,
      );
    }
  }
  const key = keyString(id);
  // Long and Decimal128 ids equal to a safe integer must map to that integer's key.
  if (key.charCodeAt(0) === 110 /* n */) {
    const asNumber = Number(key.slice(1));
    if (Number.isSafeInteger(asNumber) && `n${asNumber}` === key) return asNumber === 0 ? 0 : asNumber;
  }
  return key;
}
