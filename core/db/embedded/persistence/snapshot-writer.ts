/**
 * Writes a fuzzy snapshot: the catalog is captured in one synchronous step (at the same instant
 * the journal switches generation, so catalog records in the new journal replay exactly over
 * it), while documents are streamed in chunks with the event loop free in between, so writes
 * keep flowing. Documents changed meanwhile are re-applied from the new journal.
 *
 * File format (every item a frame, see framing.ts):
 *   {format: 'stratum-snapshot', version, generation, createdAt}
 *   per collection: {type: 'collection', db, name, options, uuid, indexes}
 *                   then repeated {type: 'batch', count: n} followed by n documents
 *   {type: 'end', collections, documents}
 * The trailer proves completeness; a batch header says how many raw documents follow, so user
 * documents never need a wrapper or a marker field.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Document } from '../bson-values.js';
import type { IndexSpec } from '../storage/types.js';
import { FrameBuffer } from './framing.js';
import type { SnapshotSource } from './types.js';

export const SNAPSHOT_FORMAT = 'stratum-snapshot';
export const SNAPSHOT_VERSION = 1;

/** Documents serialized between two yields: each chunk stalls queries, so it stays ~1 ms. */
const DOCUMENTS_PER_CHUNK = 512;
/**
 * On a busy machine 512 documents can take several milliseconds: the chunk also ends once this
 * much time went by (checked every CLOCK_EVERY documents), which bounds the stall a query sees.
 */
const MILLIS_PER_CHUNK = 1;
const CLOCK_EVERY = 32;
/** Large documents flush sooner, keeping memory and each stall bounded. */
const BYTES_PER_CHUNK = 512 * 1024;

export interface CapturedCollection {
  readonly db: string;
  readonly name: string;
  readonly options: Document;
  readonly uuid: unknown;
  readonly indexes: readonly IndexSpec[];
  readonly documents: Iterable<Document>;
}

/**
 * Copies the catalog (names, options, index lists) synchronously. `documents` iterables are kept
 * as given and iterated later, across event-loop turns: the engine must hand out iterables bound
 * to the collection object (not re-resolved by name) that tolerate mutation between steps.
 */
export function captureCatalog(source: SnapshotSource): CapturedCollection[] {
  const captured: CapturedCollection[] = [];
  for (const entry of source.collections()) {
    captured.push({
      db: entry.db,
      name: entry.name,
      options: entry.options,
      uuid: entry.uuid,
      indexes: [...entry.indexes],
      documents: entry.documents,
    });
  }
  return captured;
}

export interface SnapshotWriteOptions {
  readonly generation: number;
  /** Checked between chunks; true abandons the snapshot (the caller deletes the file). */
  readonly shouldAbort: () => boolean;
}

export interface SnapshotSummary {
  readonly collections: number;
  readonly documents: number;
  readonly bytes: number;
}

class ChunkedFileWriter {
  readonly frames = new FrameBuffer(BYTES_PER_CHUNK + 64 * 1024);
  private readonly batchHeader = new FrameBuffer(256);
  bytes = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Writes `count` buffered documents behind a batch header (or plain frames when count is 0). */
  async flush(count: number): Promise<void> {
    const parts: Buffer[] = [];
    if (count > 0) {
      this.batchHeader.clear();
      this.batchHeader.append({ type: 'batch', count });
      parts.push(this.batchHeader.view());
    }
    if (this.frames.length > 0) parts.push(this.frames.view());
    if (parts.length === 0) return;
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    let written = 0;
    while (written < total) {
      const { bytesWritten } = await this.handle.writev(remainder(parts, written));
      written += bytesWritten;
    }
    this.bytes += total;
    this.frames.clear();
  }
}

function remainder(parts: readonly Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const part of parts) {
    if (skip >= part.length) {
      skip -= part.length;
      continue;
    }
    rest.push(skip > 0 ? part.subarray(skip) : part);
    skip = 0;
  }
  return rest;
}

/**
 * Writes and fsyncs the snapshot at `path`; resolves undefined when aborted. The caller renames
 * the file into place and fsyncs the directory.
 */
export async function writeSnapshotFile(
  path: string,
  catalog: readonly CapturedCollection[],
  options: SnapshotWriteOptions,
): Promise<SnapshotSummary | undefined> {
  const handle = await open(path, 'w');
  try {
    const writer = new ChunkedFileWriter(handle);
    writer.frames.append({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      generation: options.generation,
      createdAt: new Date(),
    });
    let documents = 0;
    for (const collection of catalog) {
      const written = await writeCollection(writer, collection, options);
      if (written === undefined) return undefined;
      documents += written;
    }
    writer.frames.append({ type: 'end', collections: catalog.length, documents });
    await writer.flush(0);
    await handle.sync();
    return { collections: catalog.length, documents, bytes: writer.bytes };
  } finally {
    await handle.close();
  }
}

async function writeCollection(
  writer: ChunkedFileWriter,
  collection: CapturedCollection,
  options: SnapshotWriteOptions,
): Promise<number | undefined> {
  const { db, name, options: collectionOptions, uuid, indexes } = collection;
  writer.frames.append({ type: 'collection', db, name, options: collectionOptions, uuid, indexes });
  await writer.flush(0);
  let total = 0;
  let pending = 0;
  let chunkStarted = performance.now();
  for (const document of collection.documents) {
    writer.frames.append(document);
    pending++;
    if (pending < DOCUMENTS_PER_CHUNK && writer.frames.length < BYTES_PER_CHUNK) {
      if (pending % CLOCK_EVERY !== 0 || performance.now() - chunkStarted < MILLIS_PER_CHUNK) continue;
    }
    await writer.flush(pending);
    total += pending;
    pending = 0;
    // The write already yielded once; this turn lets queued client work (I/O callbacks) run too.
    await yieldToEventLoop();
    if (options.shouldAbort()) return undefined;
    chunkStarted = performance.now();
  }
  await writer.flush(pending);
  return total + pending;
}
