import { randomBytes } from 'node:crypto';

/** `<ms since epoch, 13 digits>-<counter, 6 digits>-<node id>`: sorts by time, then publication order. */
export const EVENT_ID_PATTERN = /^\d{13}-\d{6}-[a-z0-9]{1,32}$/;
const NODE_ID_PATTERN = /^[a-z0-9]{1,32}$/;
const MAX_COUNTER = 999_999;

export interface EventIdGeneratorOptions {
  /** Lower-case letters and digits, unique per process; random when omitted. */
  readonly nodeId?: string;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
}

/** A random node id: 48 bits, enough that two processes never draw the same one. */
export function randomNodeId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Returns a generator of event ids unique across processes (the node id) and strictly
 * increasing within this one, also when the wall clock steps back: the time part never goes
 * below the last one handed out, and a full counter borrows the next millisecond.
 */
export function createEventIdGenerator(options: EventIdGeneratorOptions = {}): () => string {
  const nodeId = options.nodeId ?? randomNodeId();
  if (!NODE_ID_PATTERN.test(nodeId)) throw new TypeError('nodeId must be 1–32 lower-case letters or digits');
  const now = options.now ?? Date.now;
  let lastMs = 0;
  let counter = 0;
  return () => {
    const clockMs = Math.floor(now());
    if (clockMs > lastMs) {
      lastMs = clockMs;
      counter = 0;
    } else if (counter < MAX_COUNTER) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = 0;
    }
    return `${String(lastMs).padStart(13, '0')}-${String(counter).padStart(6, '0')}-${nodeId}`;
  };
}
