/**
 * The journal's write path: appends only frame records into memory; a single serial "pump" turns
 * everything buffered into one write (group commit), fsyncs when a committer asked for it or the
 * sync timer fired, and switches files on rotation. Because the pump is the only writer, writes,
 * fsyncs and rotations never overlap, and a file is always fsynced before the next generation
 * receives a byte — so a torn record can only ever sit at the very end of the journal.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Document } from '../bson-values.js';
import { FrameBuffer } from './framing.js';

export interface JournalWriterStats {
  /** write() calls that carried records (one per group commit). */
  readonly writes: number;
  readonly syncs: number;
  readonly records: number;
}

interface Waiter {
  readonly target: number;
  readonly fsync: boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Rotation {
  readonly handle: FileHandle;
  /** Records appended before the switch point that were not written yet. */
  readonly leftover: FrameBuffer;
  readonly sequence: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** How long the journal must be idle before its grown buffers are released. */
const BUFFER_IDLE_MS = 1000;

export class JournalWriter {
  private active = new FrameBuffer();
  private spare = new FrameBuffer();
  /** Sequence numbers count records: appended ≥ written ≥ synced. */
  private appendedSeq = 0;
  private writtenSeq = 0;
  private syncedSeq = 0;
  private waiters: Waiter[] = [];
  private rotation: Rotation | undefined;
  private pumping = false;
  private pumpIdle: Promise<void> = Promise.resolve();
  private syncTimer: NodeJS.Timeout | undefined;
  private releaseTimer: NodeJS.Timeout | undefined;
  private timerSyncDue = false;
  private failure: Error | undefined;
  private closed = false;
  private writeCount = 0;
  private syncCount = 0;

  constructor(
    private handle: FileHandle,
    private fileBytes: number,
    private readonly syncIntervalMs: number,
  ) {}

  append(record: Document): void {
    if (this.closed) throw new Error('the journal is closed');
    if (this.failure !== undefined) throw this.failure;
    this.active.append(record);
    this.appendedSeq++;
  }

  /** Appends the record `{op: 'put', db, coll, doc}` whose `doc` is the BSON document `raw`. */
  appendPut(db: string, coll: string, raw: Uint8Array): void {
    if (this.closed) throw new Error('the journal is closed');
    if (this.failure !== undefined) throw this.failure;
    this.active.appendPut(db, coll, raw);
    this.appendedSeq++;
  }

  /** Bytes of the current journal file, including records not yet written. */
  bytes(): number {
    return this.fileBytes + this.active.length;
  }

  stats(): JournalWriterStats {
    return { writes: this.writeCount, syncs: this.syncCount, records: this.appendedSeq };
  }

  commit(fsync: boolean): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const target = this.appendedSeq;
    if (this.writtenSeq >= target && (!fsync || this.syncedSeq >= target)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ target, fsync, resolve, reject });
      this.pump();
    });
  }

  /**
   * Makes `handle` the journal for every record appended from this call on (the switch point is
   * synchronous, so a caller can capture a consistent catalog in the same tick). Records appended
   * before it still go to the old file, which is fsynced and closed before the new one gets a
   * byte. Resolves once the switch happened on disk.
   */
  rotate(handle: FileHandle): Promise<void> {
    const refusal =
      this.failure ?? (this.rotation !== undefined ? new Error('a journal rotation is already pending') : undefined);
    if (refusal !== undefined) {
      // The writer owns `handle` from this call on, so it is closed even when refused.
      void handle.close().catch(() => undefined);
      return Promise.reject(refusal);
    }
    return new Promise<void>((resolve, reject) => {
      this.rotation = { handle, leftover: this.active, sequence: this.appendedSeq, resolve, reject };
      this.active = new FrameBuffer();
      this.pump();
    });
  }

  /** Writes and fsyncs everything, then closes the file; appends are refused from now on. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    try {
      await this.commit(true);
    } finally {
      await this.pumpIdle;
      await this.handle.close();
    }
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.pumpIdle = this.runPump();
  }

  private async runPump(): Promise<void> {
    try {
      while (this.waiters.length > 0 || this.rotation !== undefined || this.timerSyncDue) {
        const before = this.writeCount + this.syncCount;
        if (this.rotation !== undefined) await this.switchFile(this.rotation);
        if (this.active.length > 0 && this.waiters.length > 0) await this.writeBuffered();
        if (this.syncWanted()) await this.sync();
        this.timerSyncDue = false;
        const waiting = this.waiters.length;
        this.settleWaiters();
        // Every waiter is satisfiable by one write and one fsync; spinning would hang the server.
        if (waiting > 0 && this.waiters.length === waiting && before === this.writeCount + this.syncCount) {
          throw new Error('journal writer made no progress (internal error)');
        }
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.pumping = false;
      this.scheduleRelease();
    }
  }

  /** Once the journal has been idle for a while, its grown buffers are given back. */
  private scheduleRelease(): void {
    if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      if (this.pumping) return;
      this.active.release();
      this.spare.release();
    }, BUFFER_IDLE_MS);
    this.releaseTimer.unref();
  }

  private async writeBuffered(): Promise<void> {
    const buffer = this.active;
    this.active = this.spare;
    this.spare = buffer;
    const sequence = this.appendedSeq;
    await this.writeAll(buffer.views());
    this.writtenSeq = sequence;
    buffer.clear();
    if (this.syncedSeq < this.writtenSeq) this.armTimer();
  }

  private syncWanted(): boolean {
    if (this.syncedSeq >= this.writtenSeq) return false;
    if (this.timerSyncDue) return true;
    for (const waiter of this.waiters) {
      if (waiter.fsync && waiter.target > this.syncedSeq && waiter.target <= this.writtenSeq) return true;
    }
    return false;
  }

  private async sync(): Promise<void> {
    const sequence = this.writtenSeq;
    // fdatasync: flushes the data and the grown file size, skipping mtime-only metadata.
    await this.handle.datasync();
    this.syncCount++;
    this.syncedSeq = sequence;
    if (this.syncedSeq >= this.writtenSeq) this.clearTimer();
  }

  private async switchFile(rotation: Rotation): Promise<void> {
    if (rotation.leftover.length > 0) {
      await this.writeAll(rotation.leftover.views());
      this.writtenSeq = rotation.sequence;
    }
    if (this.syncedSeq < this.writtenSeq) await this.sync();
    await this.handle.close();
    this.handle = rotation.handle;
    this.fileBytes = 0;
    this.rotation = undefined;
    rotation.resolve();
  }

  private async writeAll(pieces: readonly Buffer[]): Promise<void> {
    for (const bytes of pieces) {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
      this.fileBytes += bytes.length;
    }
    this.writeCount++;
  }

  private settleWaiters(): void {
    const remaining: Waiter[] = [];
    for (const waiter of this.waiters) {
      const done = waiter.target <= this.writtenSeq && (!waiter.fsync || waiter.target <= this.syncedSeq);
      if (done) waiter.resolve();
      else remaining.push(waiter);
    }
    this.waiters = remaining;
  }

  /**
   * After a failed write or fsync the file's tail is unknown (and a failed fsync may have dropped
   * dirty pages), so retrying could acknowledge lost data: every later commit fails too.
   */
  private fail(error: Error): void {
    this.failure = error;
    this.clearTimer();
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters = [];
    if (this.rotation !== undefined) {
      this.rotation.reject(error);
      void this.rotation.handle.close().catch(() => undefined);
      this.rotation = undefined;
    }
  }

  private armTimer(): void {
    if (this.syncTimer !== undefined || this.closed) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.timerSyncDue = true;
      this.pump();
    }, this.syncIntervalMs);
    this.syncTimer.unref();
  }

  private clearTimer(): void {
    if (this.syncTimer === undefined) return;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
  }
}
