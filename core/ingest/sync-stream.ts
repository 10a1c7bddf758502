import type { JsonObject, SyncBatch } from '../plugin-api/index.js';
import type { PreparedBatch } from './ingest-writer.js';

/** The run's signal fired: the run ends `cancelled`, its checkpoint kept for a resume. */
export class SyncAbortedError extends Error {
  readonly code = 'SYNC_ABORTED';

  constructor(reason: unknown) {
    super(`Sync aborted: ${reason instanceof Error ? reason.message : String(reason ?? 'no reason given')}`);
    this.name = 'SyncAbortedError';
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncAbortedError(signal.reason);
}

/**
 * Pulls a plugin's batches, preparing the next while the previous one is written, and commits
 * strictly in order. On abort or failure, a batch already being written finishes (and
 * checkpoints) first; the batch pulled but not committed is dropped and read again on resume.
 */
export async function drainBatches<TRow>(
  batches: AsyncIterable<SyncBatch<TRow, JsonObject>>,
  signal: AbortSignal,
  prepare: (rows: readonly TRow[]) => PreparedBatch,
  commit: (prepared: PreparedBatch, batch: SyncBatch<TRow, JsonObject>) => Promise<void>,
): Promise<void> {
  let inFlight: Promise<void> | undefined;
  try {
    for await (const batch of batches) {
      throwIfAborted(signal);
      const prepared = prepare(batch.rows);
      if (inFlight !== undefined) await inFlight;
      throwIfAborted(signal);
      inFlight = commit(prepared, batch);
      // Marked handled now: a failure that surfaces while the next batch is pulled is awaited below.
      inFlight.catch(() => undefined);
    }
    if (inFlight !== undefined) await inFlight;
  } catch (error) {
    if (inFlight !== undefined) await inFlight.catch(() => undefined);
    throw error;
  }
}
