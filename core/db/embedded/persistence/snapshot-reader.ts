/**
 * Loads a snapshot file (format in snapshot-writer.ts) into a StateBuilder. A snapshot is usable
 * only when complete: every frame intact and the trailer's counts matching what was read.
 */
import type { Document } from '../bson-values.js';
import { documentKey } from './document-key.js';
import { scanFile } from './frame-scanner.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot-writer.js';
import type { StateBuilder } from './state-builder.js';
import type { RecoveredCollection } from './types.js';

export class SnapshotError extends Error {
  constructor(path: string, detail: string) {
    super(`snapshot ${path} is unusable: ${detail}`);
    this.name = 'SnapshotError';
  }
}

class SnapshotParser {
  private phase: 'header' | 'body' | 'ended' = 'header';
  private current: RecoveredCollection | undefined;
  private batchRemaining = 0;
  private collections = 0;
  documents = 0;

  constructor(
    private readonly builder: StateBuilder,
    private readonly generation: number,
  ) {}

  get complete(): boolean {
    return this.phase === 'ended' && this.batchRemaining === 0;
  }

  /** Documents are by far the most frequent frame, so they are checked first. */
  accept(frame: Document): void {
    if (this.batchRemaining > 0) {
      this.builder.interner.internDocument(frame);
      (this.current as RecoveredCollection).documents.set(documentKey(frame['_id']), frame);
      this.batchRemaining--;
      this.documents++;
      return;
    }
    if (this.phase === 'header') return this.acceptHeader(frame);
    if (this.phase === 'ended') throw new Error('data after the end marker');
    switch (frame['type']) {
      case 'collection':
        this.current = this.builder.addCollection(frame);
        this.collections++;
        return;
      case 'batch':
        return this.acceptBatch(frame);
      case 'end':
        return this.acceptEnd(frame);
      default:
        throw new Error(`unexpected frame type ${JSON.stringify(frame['type'])}`);
    }
  }

  private acceptHeader(frame: Document): void {
    if (frame['format'] !== SNAPSHOT_FORMAT) throw new Error('not a Stratum snapshot');
    if (frame['version'] !== SNAPSHOT_VERSION) {
      throw new Error(`unsupported snapshot version ${String(frame['version'])} (expected ${SNAPSHOT_VERSION})`);
    }
    if (frame['generation'] !== this.generation) {
      throw new Error(`header says generation ${String(frame['generation'])}, file name says ${this.generation}`);
    }
    this.phase = 'body';
  }

  private acceptBatch(frame: Document): void {
    const count = frame['count'];
    if (this.current === undefined) throw new Error('document batch before any collection');
    if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) {
      throw new Error(`invalid batch count ${String(count)}`);
    }
    this.batchRemaining = count;
  }

  private acceptEnd(frame: Document): void {
    if (frame['collections'] !== this.collections || frame['documents'] !== this.documents) {
      throw new Error(
        `end marker counts (${String(frame['collections'])} collections, ${String(frame['documents'])} documents) ` +
          `differ from the content (${this.collections}, ${this.documents})`,
      );
    }
    this.phase = 'ended';
  }
}

/** Loads the snapshot into `builder`; returns the number of documents. Throws SnapshotError. */
export async function loadSnapshot(path: string, generation: number, builder: StateBuilder): Promise<number> {
  const parser = new SnapshotParser(builder, generation);
  let result;
  try {
    result = await scanFile(path, (frame) => parser.accept(frame));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
    throw new SnapshotError(path, (error as Error).message);
  }
  if (result.badTail !== undefined) {
    throw new SnapshotError(path, `${result.badTail.reason} at offset ${result.badTail.offset}`);
  }
  if (!parser.complete) throw new SnapshotError(path, 'the file ends before its end marker');
  return parser.documents;
}
