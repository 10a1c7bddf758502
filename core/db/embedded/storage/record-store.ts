/**
 * A collection's records by recordId. RecordIds are handed out in increasing order and never
 * reused, so a plain array indexed by recordId is the whole structure: one pointer per record,
 * where a Map costs several words per entry plus its hash table. Iteration is in recordId order
 * (natural order) and, like a Map's, sees records added meanwhile and skips removed ones.
 */
export class RecordStore<T> {
  private readonly slots: (T | undefined)[] = [];
  private count = 0;
  /** Every slot below this index is empty (removals from the front, e.g. TTL, are common). */
  private firstUsed = 0;

  get size(): number {
    return this.count;
  }

  get(recordId: number): T | undefined {
    return this.slots[recordId];
  }

  has(recordId: number): boolean {
    return this.slots[recordId] !== undefined;
  }

  set(recordId: number, record: T): void {
    const slots = this.slots;
    if (recordId >= slots.length) {
      // Holes are filled explicitly: an array with holes would go to slow (dictionary) elements.
      for (let i = slots.length; i < recordId; i++) slots.push(undefined);
      slots.push(record);
      this.count++;
      return;
    }
    if (slots[recordId] === undefined) this.count++;
    slots[recordId] = record;
    if (recordId < this.firstUsed) this.firstUsed = recordId;
  }

  delete(recordId: number): boolean {
    if (this.slots[recordId] === undefined) return false;
    this.slots[recordId] = undefined;
    this.count--;
    if (this.count === 0) {
      this.slots.length = 0;
      this.firstUsed = 0;
    } else {
      while (this.slots[this.firstUsed] === undefined) this.firstUsed++;
    }
    return true;
  }

  *values(): Generator<T> {
    const slots = this.slots;
    for (let i = this.firstUsed; i < slots.length; i++) {
      const record = slots[i];
      if (record !== undefined) yield record;
    }
  }

  /** Newest first (for `$natural: -1`). */
  *valuesReversed(): Generator<T> {
    const slots = this.slots;
    for (let i = slots.length - 1; i >= this.firstUsed; i--) {
      const record = slots[i];
      if (record !== undefined) yield record;
    }
  }
}
