import type { SyncProgressPayload } from '../events/event-bus.js';
import type { DayRange } from '../plugin-api/index.js';
import { daysBetween } from './sync-range.js';

export type SyncProgress = SyncProgressPayload;

/** Share of an account's work that its campaigns take, the rest being its metrics. */
const CAMPAIGNS_SHARE = 0.05;

/** 0..1 of the whole run: finished accounts plus the position inside the current one. */
export function runFraction(input: {
  readonly accountsTotal: number;
  readonly accountsDone: number;
  readonly stream: 'campaigns' | 'metrics';
  readonly range: DayRange;
  /** The last day the metrics stream reached, if any. */
  readonly lastDay?: string | undefined;
}): number | null {
  if (input.accountsTotal === 0) return null;
  let inAccount = 0;
  if (input.stream === 'metrics') {
    const span = daysBetween(input.range.from, input.range.to) + 1;
    const reached = input.lastDay === undefined ? 0 : daysBetween(input.range.from, input.lastDay) + 1;
    inAccount = CAMPAIGNS_SHARE + (1 - CAMPAIGNS_SHARE) * Math.min(1, Math.max(0, reached / span));
  }
  const fraction = (input.accountsDone + inAccount) / input.accountsTotal;
  return Math.round(Math.min(1, fraction) * 1000) / 1000;
}

/** Lets an event through at most once per `intervalMs` of the injected clock. */
export function createThrottle(intervalMs: number, now: () => Date): () => boolean {
  let last = -Infinity;
  return () => {
    const at = now().getTime();
    if (at - last < intervalMs) return false;
    last = at;
    return true;
  };
}
