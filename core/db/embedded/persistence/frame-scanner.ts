/**
 * Reads a file of frames in large chunks (one read syscall per 8 MiB, not per record) and hands
 * every decoded document to a callback. A bad record is a recoverable torn tail only when no
 * valid record follows it; otherwise the file is corrupt in the middle and data would be lost by
 * dropping it, so the scan throws.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Document } from '../bson-values.js';
import {
  checkFrame,
  decodePayload,
  FRAME_CORRUPT,
  FRAME_HEADER_BYTES,
  FRAME_SHORT,
  MAX_FRAME_PAYLOAD,
} from './framing.js';

const READ_CHUNK = 8 * 1024 * 1024;
const MIN_BUFFER = 64 * 1024;

export interface BadRecord {
  /** File offset of the first byte of the bad record. */
  readonly offset: number;
  readonly reason: string;
}

export interface ScanResult {
  readonly fileSize: number;
  /** Offset just past the last intact record. */
  readonly validEnd: number;
  readonly records: number;
  /** Set when the bytes from validEnd on are not a valid record and nothing valid follows. */
  readonly badTail?: BadRecord;
}

/** A bad record followed by valid ones: dropping the tail would silently lose data. */
export class CorruptFileError extends Error {
  constructor(
    readonly path: string,
    readonly offset: number,
    reason: string,
  ) {
    super(
      `${path} is corrupt at offset ${offset} (${reason}) and valid records follow it; refusing to ` +
        'start so that no data is silently lost. Restore the data directory from a backup, or ' +
        `truncate the file to ${offset} bytes to accept losing every record after that offset.`,
    );
    this.name = 'CorruptFileError';
  }
}

export type DocumentSink = (document: Document, offset: number) => void;

interface ChunkState {
  buffer: Buffer;
  /** File offset of buffer[0]. */
  base: number;
  start: number;
  end: number;
  filePosition: number;
  records: number;
}

export async function scanFile(path: string, onDocument: DocumentSink): Promise<ScanResult> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const state: ChunkState = {
      buffer: Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(MIN_BUFFER, fileSize))),
      base: 0,
      start: 0,
      end: 0,
      filePosition: 0,
      records: 0,
    };
    for (;;) {
      const bad = consumeFrames(state, onDocument);
      const atEof = state.filePosition >= fileSize;
      if (bad === undefined && !atEof) {
        await refill(handle, state);
        continue;
      }
      const validEnd = state.base + state.start;
      if (bad === undefined && state.start === state.end) return { fileSize, validEnd, records: state.records };
      const badTail = bad ?? { offset: validEnd, reason: 'record truncated at end of file' };
      await assertNothingValidAfter(handle, path, badTail, nextCandidate(state, fileSize), fileSize);
      return { fileSize, validEnd, records: state.records, badTail };
    }
  } finally {
    await handle.close();
  }
}

/** Decodes every complete frame in the buffer; returns the bad record that stopped it, if any. */
function consumeFrames(state: ChunkState, onDocument: DocumentSink): BadRecord | undefined {
  const { buffer, end } = state;
  for (;;) {
    const start = state.start;
    const length = checkFrame(buffer, start, end);
    if (length === FRAME_SHORT) return undefined;
    if (length === FRAME_CORRUPT) return { offset: state.base + start, reason: describeCorruption(buffer, start, end) };
    let document: Document;
    try {
      document = decodePayload(buffer, start + FRAME_HEADER_BYTES);
    } catch (error) {
      return { offset: state.base + start, reason: `invalid BSON: ${(error as Error).message}` };
    }
    onDocument(document, state.base + start);
    state.records++;
    state.start = start + FRAME_HEADER_BYTES + length;
  }
}

async function refill(handle: FileHandle, state: ChunkState): Promise<void> {
  const pending = state.end - state.start;
  const needed =
    pending >= FRAME_HEADER_BYTES
      ? FRAME_HEADER_BYTES + state.buffer.readUInt32LE(state.start)
      : FRAME_HEADER_BYTES;
  if (needed > state.buffer.length) {
    const grown = Buffer.allocUnsafe(Math.max(needed, READ_CHUNK));
    state.buffer.copy(grown, 0, state.start, state.end);
    state.buffer = grown;
  } else {
    state.buffer.copyWithin(0, state.start, state.end);
  }
  state.base += state.start;
  state.start = 0;
  state.end = pending;
  const { bytesRead } = await handle.read(state.buffer, pending, state.buffer.length - pending, state.filePosition);
  // A file that shrank under us ends here; the caller treats the rest as missing.
  state.filePosition = bytesRead === 0 ? Number.POSITIVE_INFINITY : state.filePosition + bytesRead;
  state.end += bytesRead;
}

function describeCorruption(buffer: Buffer, offset: number, end: number): string {
  const length = buffer.readUInt32LE(offset);
  if (length < 5 || length > MAX_FRAME_PAYLOAD) return `invalid record length ${length}`;
  const payloadStart = offset + FRAME_HEADER_BYTES;
  if (end - payloadStart >= 4 && buffer.readInt32LE(payloadStart) !== length) {
    return 'record length does not match its BSON length';
  }
  return 'checksum mismatch';
}

/**
 * Where to look for valid records after a bad one. When the bad record's length agrees with its
 * BSON length prefix, its extent is trustworthy and the search starts after it, so bytes inside
 * a torn payload (which may legitimately contain anything, even framed data) never count.
 */
function nextCandidate(state: ChunkState, fileSize: number): number {
  const { buffer, start, end } = state;
  const offset = state.base + start;
  if (end - start < FRAME_HEADER_BYTES + 4) return offset + 1;
  const length = buffer.readUInt32LE(start);
  const consistent = length >= 5 && length <= MAX_FRAME_PAYLOAD && buffer.readInt32LE(start + FRAME_HEADER_BYTES) === length;
  return consistent ? Math.min(offset + FRAME_HEADER_BYTES + length, fileSize) : offset + 1;
}

async function assertNothingValidAfter(
  handle: FileHandle,
  path: string,
  bad: BadRecord,
  from: number,
  fileSize: number,
): Promise<void> {
  if (from >= fileSize) return;
  const found = await findValidFrame(handle, from, fileSize);
  if (found >= 0) throw new CorruptFileError(path, bad.offset, bad.reason);
}

/** File offset of the first intact, decodable frame at or after `from`, or -1. */
export async function findValidFrame(handle: FileHandle, from: number, fileSize: number): Promise<number> {
  // Windows overlap by a maximal frame so that a frame starting near a window's end is whole.
  const windowBytes = Math.min(fileSize - from, READ_CHUNK + FRAME_HEADER_BYTES + MAX_FRAME_PAYLOAD);
  const window = Buffer.allocUnsafe(windowBytes);
  for (let position = from; position < fileSize; position += READ_CHUNK) {
    const length = await readFully(handle, window, position, Math.min(windowBytes, fileSize - position));
    const lastStart = Math.min(length, READ_CHUNK);
    for (let index = 0; index < lastStart; index++) {
      if (checkFrame(window, index, length) < 0) continue;
      try {
        decodePayload(window, index + FRAME_HEADER_BYTES);
        return position + index;
      } catch {
        // Not a real record: keep looking.
      }
    }
  }
  return -1;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number, length: number): Promise<number> {
  let total = 0;
  while (total < length) {
    const { bytesRead } = await handle.read(buffer, total, length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}
