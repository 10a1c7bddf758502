/**
 * Server-side cursors: what `find`/`aggregate`/`listCollections` could not fit in the first batch,
 * served by `getMore` in byte-capped batches, closed by `killCursors` or after an idle timeout
 * (mongod's cursorTimeoutMillis, 10 minutes by default).
 */
import type { Document } from './bson-values.js';
import { serverError } from './errors.js';
import { encodeCursorReply, takeBatch } from './wire/cursor-reply.js';

const DEFAULT_FIRST_BATCH = 101;

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
    return encodeCursorReply('firstBatch', batch.documents, id, namespace);
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
    return encodeCursorReply('nextBatch', batch.documents, more ? id : 0n, namespace);
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
    const encodedPeek = takeBatch([next.value][Symbol.iterator](), 1, []);
    pending.push(...encodedPeek.documents);
    return true;
  }
}
