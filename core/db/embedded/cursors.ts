/**
 * Server-side cursors: what `find`/`aggregate`/`listCollections` could not fit in the first batch,
 * served by `getMore` in byte-capped batches, closed by `killCursors` or after an idle timeout
 * (mongod's cursorTimeoutMillis, 10 minutes by default).
 */
import { serialize } from 'bson';
import type { Document } from './bson-values.js';
import { serverError } from './errors.js';
import { ENCODE_NO_ROOM, encodeInto } from './persistence/fast-encoder.js';
import { MAX_BSON_OBJECT_BYTES } from './wire/framing.js';

const DEFAULT_FIRST_BATCH = 101;
const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;
/** Room left in a 16 MiB reply for the envelope around the batch. */
const BATCH_BYTE_BUDGET = MAX_BSON_OBJECT_BYTES - 16 * 1024;
/** Per-document overhead in the batch array: type byte, index key, its terminator (generous). */
const ELEMENT_OVERHEAD = 16;

function encodeDocument(document: Document): Buffer {
  const bytes = serialize(document, SERIALIZE_OPTIONS);
  // bson hands out a Buffer on Node already; wrapping (not copying) covers a plain Uint8Array.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const ARENA_BYTES = 1024 * 1024;
/**
 * Where a batch's documents are encoded, one after the other: the reply copies them out before
 * the next batch starts, so the space is reused from batch to batch instead of allocating a
 * buffer per document. A document that must outlive its batch (a peeked one) is copied out.
 */
let arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
let arenaUsed = 0;

function encodeForBatch(document: Document): Buffer {
  for (;;) {
    const end = encodeInto(document, arena, arenaUsed, true);
    if (end >= 0) {
      const view = arena.subarray(arenaUsed, end);
      arenaUsed = end;
      return view;
    }
    // Exotic values, or a document larger than an arena: bson, into a buffer of its own.
    if (end !== ENCODE_NO_ROOM || arenaUsed === 0) return encodeDocument(document);
    // Views into the full arena stay valid: a fresh one takes the rest of the batch.
    arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
    arenaUsed = 0;
  }
}

/** A copy of an encoded document that may live past its batch (a view into the arena would not). */
function detach(encoded: Buffer): Buffer {
  return encoded.buffer === arena.buffer ? Buffer.from(encoded) : encoded;
}

/**
 * Takes encoded documents (pending ones first) until `maxCount` are taken or the next one would
 * push the batch past the byte budget; at least one document is taken when there is one. The
 * batch is only valid until the next call: the caller encodes the reply from it at once.
 */
export function takeBatch(source: Iterator<Document>, maxCount: number, pending: Buffer[]): Buffer[] {
  arenaUsed = 0;
  const documents: Buffer[] = [];
  let bytes = 0;
  while (documents.length < maxCount) {
    let encoded = pending.shift();
    if (encoded === undefined) {
      const next = source.next();
      if (next.done === true) break;
      encoded = encodeForBatch(next.value);
    }
    if (documents.length > 0 && bytes + encoded.length + ELEMENT_OVERHEAD > BATCH_BYTE_BUDGET) {
      pending.unshift(detach(encoded));
      break;
    }
    documents.push(encoded);
    bytes += encoded.length + ELEMENT_OVERHEAD;
  }
  return documents;
}

function decimalDigits(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/**
 * `{cursor: {firstBatch|nextBatch: [...], id: Long, ns}, ok: 1}` as BSON, written into one
 * buffer sized up front: each document is copied once (assembling it from nested concatenations
 * copied every document four times and allocated several small buffers per document).
 */
export function encodeCursorReply(batchField: 'firstBatch' | 'nextBatch', batch: readonly Buffer[], cursorId: bigint, namespace: string): Buffer {
  let arrayLength = 4 + 1;
  for (let i = 0; i < batch.length; i++) arrayLength += 1 + decimalDigits(i) + 1 + (batch[i] as Buffer).length;
  const nsBytes = Buffer.byteLength(namespace, 'utf8');
  const cursorLength = 4 + (1 + batchField.length + 1 + arrayLength) + (1 + 3 + 8) + (1 + 3 + 4 + nsBytes + 1) + 1;
  const total = 4 + (1 + 7 + cursorLength) + (1 + 3 + 8) + 1;
  const out = Buffer.allocUnsafe(total);
  let at = out.writeInt32LE(total, 0);
  out[at++] = 0x03;
  at += out.write('cursor\0', at, 'latin1');
  at = out.writeInt32LE(cursorLength, at);
  out[at++] = 0x04;
  at += out.write(batchField, at, 'latin1');
  out[at++] = 0;
  at = out.writeInt32LE(arrayLength, at);
  for (let i = 0; i < batch.length; i++) {
    out[at++] = 0x03;
    at += out.write(String(i), at, 'latin1');
    out[at++] = 0;
    at += (batch[i] as Buffer).copy(out, at);
  }
  out[at++] = 0;
  out[at++] = 0x12;
  at += out.write('id\0', at, 'latin1');
  at = out.writeBigInt64LE(cursorId, at);
  out[at++] = 0x02;
  at += out.write('ns\0', at, 'latin1');
  at = out.writeInt32LE(nsBytes + 1, at);
  at += out.write(namespace, at, 'utf8');
  out[at++] = 0;
  out[at++] = 0;
  out[at++] = 0x01;
  at += out.write('ok\0', at, 'latin1');
  at = out.writeDoubleLE(1, at);
  out[at] = 0;
  return out;
}

interface OpenCursor {
  readonly id: bigint;
  readonly namespace: string;
  readonly source: Iterator<Document>;
  readonly pending: Buffer[];
  readonly noTimeout: boolean;
  lastUsed: number;
}

export interface CursorOptions {
  readonly batchSize?: number;
  readonly singleBatch?: boolean;
  readonly noCursorTimeout?: boolean;
}

export class CursorManager {
  private readonly cursors = new Map<bigint, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly idleTimeoutMs = 600_000) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, idleTimeoutMs)).unref();
  }

  get size(): number {
    return this.cursors.size;
  }

  /** Encodes the first batch and keeps a cursor open when more documents remain. */
  open(namespace: string, documents: Iterable<Document>, options: CursorOptions = {}): Buffer {
    const source = documents[Symbol.iterator]();
    const pending: Buffer[] = [];
    const limit = options.batchSize === undefined || options.batchSize === 0 ? DEFAULT_FIRST_BATCH : options.batchSize;
    const batch = takeBatch(source, limit, pending);
    let id = 0n;
    if (!options.singleBatch && this.hasMore(source, pending)) {
      id = this.nextId++;
      this.cursors.set(id, {
        id,
        namespace,
        source,
        pending,
        noTimeout: options.noCursorTimeout === true,
        lastUsed: Date.now(),
      });
    }
    return encodeCursorReply('firstBatch', batch, id, namespace);
  }

  getMore(id: bigint, namespace: string, batchSize: number | undefined): Buffer {
    const cursor = this.cursors.get(id);
    if (!cursor) throw serverError('CursorNotFound', `cursor id ${id} not found`);
    if (cursor.namespace !== namespace) {
      throw serverError('Unauthorized', `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`);
    }
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor.source, batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY, cursor.pending);
    const more = this.hasMore(cursor.source, cursor.pending);
    if (!more) this.cursors.delete(id);
    return encodeCursorReply('nextBatch', batch, more ? id : 0n, namespace);
  }

  kill(ids: readonly bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) {
      if (this.cursors.delete(id)) killed.push(id);
      else notFound.push(id);
    }
    return { killed, notFound };
  }

  /** Closes cursors over a collection that is dropped or renamed. */
  killNamespace(namespace: string): void {
    for (const cursor of this.cursors.values()) {
      if (cursor.namespace === namespace) this.cursors.delete(cursor.id);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }

  sweep(now = Date.now()): number {
    let removed = 0;
    for (const cursor of this.cursors.values()) {
      if (!cursor.noTimeout && now - cursor.lastUsed > this.idleTimeoutMs) {
        this.cursors.delete(cursor.id);
        removed++;
      }
    }
    return removed;
  }

  private hasMore(source: Iterator<Document>, pending: Buffer[]): boolean {
    if (pending.length > 0) return true;
    const next = source.next();
    if (next.done) return false;
    // Keep the peeked document for the next batch.
    pending.push(detach(encodeForBatch(next.value)));
    return true;
  }
}
