/**
 * `$sort` (stable, like mongod's in-memory sort), its fusion with following `$skip`/`$limit`
 * into a bounded top-k, and `$sortByCount`.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { groupDocuments, parseGroupSpec } from './group.js';
import { parseSortSpec } from './sort-spec.js';
import type { SortSpec } from './sort-spec.js';
import type { StageRunner } from './types.js';
import { fail } from './util.js';

/** The `$skip`/`$limit` window that follows a `$sort` (limit undefined = unbounded). */
export interface SortWindow {
  readonly skip: number;
  readonly limit: number | undefined;
}

interface Keyed {
  readonly key: unknown;
  readonly seq: number;
  readonly document: Document;
}

type KeyedCompare = (a: Keyed, b: Keyed) => number;

/** Key order, then arrival order: a stable sort like mongod's in-memory sort. */
function keyedCompare(sort: SortSpec): KeyedCompare {
  return (a, b) => sort.compareKeys(a.key, b.key) || a.seq - b.seq;
}

function siftDown(heap: Keyed[], compare: KeyedCompare, from: number): void {
  let index = from;
  for (;;) {
    const left = 2 * index + 1;
    const right = left + 1;
    let largest = index;
    if (left < heap.length && compare(heap[left] as Keyed, heap[largest] as Keyed) > 0) largest = left;
    if (right < heap.length && compare(heap[right] as Keyed, heap[largest] as Keyed) > 0) largest = right;
    if (largest === index) return;
    const swap = heap[index] as Keyed;
    heap[index] = heap[largest] as Keyed;
    heap[largest] = swap;
    index = largest;
  }
}

function siftUp(heap: Keyed[], compare: KeyedCompare, from: number): void {
  let index = from;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (compare(heap[index] as Keyed, heap[parent] as Keyed) <= 0) return;
    const swap = heap[index] as Keyed;
    heap[index] = heap[parent] as Keyed;
    heap[parent] = swap;
    index = parent;
  }
}

/** The k first documents in sort order, via a max-heap of k entries (one comparison per input). */
export function topK(input: Iterable<Document>, sort: SortSpec, k: number): Document[] {
  const compare = keyedCompare(sort);
  const heap: Keyed[] = [];
  let seq = 0;
  for (const document of input) {
    if (heap.length < k) {
      heap.push({ key: sort.keyOf(document), seq: seq++, document });
      siftUp(heap, compare, heap.length - 1);
    } else if (sort.compare(document, (heap[0] as Keyed).document) < 0) {
      // Strictly before the current worst (a tie loses: it arrived later). No key is built otherwise.
      heap[0] = { key: sort.keyOf(document), seq: seq++, document };
      siftDown(heap, compare, 0);
    }
  }
  return heap.sort(compare).map((entry) => entry.document);
}

/** Sorts the whole input, computing each document's key once. */
export function sortAll(input: Iterable<Document>, sort: SortSpec): Document[] {
  const entries: Keyed[] = [];
  let seq = 0;
  for (const document of input) entries.push({ key: sort.keyOf(document), seq: seq++, document });
  return entries.sort(keyedCompare(sort)).map((entry) => entry.document);
}

/** Compiles `$sort`, optionally restricted to a window (the coalesced `$skip`/`$limit`). */
export function compileSort(spec: unknown, window: SortWindow = { skip: 0, limit: undefined }): StageRunner {
  const sort = parseSortSpec(spec);
  const { skip, limit } = window;
  return function* sortDocuments(input) {
    let sorted: Document[];
    if (limit === undefined) sorted = sortAll(input, sort);
    else sorted = limit === 0 ? [] : topK(input, sort, skip + limit);
    for (let i = skip; i < sorted.length; i++) yield sorted[i] as Document;
  };
}

function checkSortByCountSpec(spec: unknown): void {
  const message = 'the sortByCount field must be defined as a $-prefixed path or an expression inside an object';
  if (typeof spec === 'string') {
    if (!spec.startsWith('$')) throw fail(40148, message);
    return;
  }
  if (isPlainObject(spec)) {
    if (Object.keys(spec)[0]?.startsWith('$') !== true) throw fail(40147, message);
    return;
  }
  throw fail(40149, 'the sortByCount field must be specified as a string or as an object');
}

/** `$sortByCount: <expression>` = `$group {_id: <expr>, count: {$sum: 1}}` + `$sort {count: -1}`. */
export function compileSortByCount(spec: unknown): StageRunner {
  checkSortByCountSpec(spec);
  const group = parseGroupSpec({ _id: spec, count: { $sum: 1 } });
  return (input, context) => {
    const groups = groupDocuments(group, input, context);
    return groups.sort((a, b) => (b.count as number) - (a.count as number));
  };
}
