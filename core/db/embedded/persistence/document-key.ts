/**
 * keyString(_id) for recovery's document maps, with a fast path for ObjectId — by far the most
 * common `_id`. keyString builds `o` + hex through a dozen intermediate strings per call; here the
 * same 25 characters come out of a single String.fromCharCode, so each of a million recovered
 * documents retains one flat string and no garbage. Must stay equal to keyString (tested).
 */
import { ObjectId } from 'bson';
import { keyString } from '../bson-values.js';

const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const OBJECT_ID_TAG = 111; // 'o', keyString's ObjectId prefix
const codes: number[] = new Array<number>(25).fill(OBJECT_ID_TAG);

/** bson 7 keeps an ObjectId as four 24-bit integers (undeclared in its typings). */
interface ObjectIdWords {
  readonly i0?: unknown;
  readonly i1?: unknown;
  readonly i2?: unknown;
  readonly i3?: unknown;
}

function putWord(word: number, at: number): void {
  for (let shift = 20, index = at; shift >= 0; shift -= 4, index++) {
    codes[index] = HEX_CODES[(word >>> shift) & 15] as number;
  }
}

/** Equal to keyString(id) for every value. */
export function documentKey(id: unknown): string {
  if (!(id instanceof ObjectId)) return keyString(id);
  const { i0, i1, i2, i3 } = id as unknown as ObjectIdWords;
  if (typeof i0 !== 'number' || typeof i1 !== 'number' || typeof i2 !== 'number' || typeof i3 !== 'number') {
    return keyString(id);
  }
  putWord(i0, 1);
  putWord(i1, 7);
  putWord(i2, 13);
  putWord(i3, 19);
  return String.fromCharCode.apply(null, codes);
}
