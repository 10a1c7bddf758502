/**
 * Hash table from group keys to groups, in first-seen order. Strings and numbers are keyed by
 * their raw value (no string building per document); every other value by `keyString`, with
 * Long/Decimal128 keys folded onto the number map so that 1, 1.0, Long(1) and
 * Decimal128("1") form one group as in MongoDB.
 */
import { isNumeric, keyString, toDouble } from '../../bson-values.js';

export class GroupTable<G> {
  /** Groups in the order their key was first seen. */
  readonly groups: G[] = [];
  private readonly numbers = new Map<number, G>();
  private readonly strings = new Map<string, G>();
  private readonly others = new Map<string, G>();

  get(key: unknown): G | undefined {
    if (typeof key === 'string') return this.strings.get(key);
    if (typeof key === 'number') return this.numbers.get(key);
    const numeric = numericKey(key);
    return numeric === undefined ? this.others.get(keyString(key)) : this.numbers.get(numeric);
  }

  add(key: unknown, group: G): void {
    this.groups.push(group);
    if (typeof key === 'string') this.strings.set(key, group);
    else if (typeof key === 'number') this.numbers.set(key, group);
    else {
      const numeric = numericKey(key);
      if (numeric === undefined) this.others.set(keyString(key), group);
      else this.numbers.set(numeric, group);
    }
  }

  get size(): number {
    return this.groups.length;
  }
}

/** A Long/Decimal128 key as the double it equals exactly, or undefined when it has none. */
function numericKey(key: unknown): number | undefined {
  if (typeof key !== 'object' || key === null || !isNumeric(key)) return undefined;
  const asDouble = toDouble(key);
  return keyString(key) === `n${Object.is(asDouble, -0) ? 0 : asDouble}` ? asDouble : undefined;
}
