/**
 * The cursor a sync run persists after each committed batch (`syncRuns.state`): which accounts
 * are finished and, for each started one, which stream it is in and the plugin's own opaque
 * state. Plugin state is kept as a JSON string: its keys are the plugin's, and a stored document
 * must not depend on them being valid field names.
 */
import { z } from 'zod';
import type { AdAccount, JsonObject } from '../plugin-api/index.js';

export const SYNC_STREAMS = ['campaigns', 'metrics'] as const;
export type SyncStream = (typeof SYNC_STREAMS)[number];

const accountCursorSchema = z.object({
  account: z.string(),
  stream: z.enum(SYNC_STREAMS),
  pluginState: z.string().nullable(),
});

export const syncCheckpointStateSchema = z.object({
  version: z.literal(1),
  accountsDone: z.array(z.string()),
  cursors: z.array(accountCursorSchema),
});

export type SyncCheckpointState = z.infer<typeof syncCheckpointStateSchema>;
export type AccountCursor = z.infer<typeof accountCursorSchema>;

export function emptyCheckpoint(): SyncCheckpointState {
  return { version: 1, accountsDone: [], cursors: [] };
}

/** The stored state of a run, or a fresh one when there is none (or it is unreadable). */
export function readCheckpoint(stored: unknown): { state: SyncCheckpointState; readable: boolean } {
  if (stored === null || stored === undefined) return { state: emptyCheckpoint(), readable: true };
  const parsed = syncCheckpointStateSchema.safeParse(stored);
  return parsed.success
    ? { state: parsed.data, readable: true }
    : { state: emptyCheckpoint(), readable: false };
}

export function accountKey(account: AdAccount): string {
  return `${account.platform}|${account.externalId}`;
}

export function cursorOf(state: SyncCheckpointState, key: string): AccountCursor | undefined {
  return state.cursors.find((cursor) => cursor.account === key);
}

/** The plugin state of a cursor, parsed back to JSON. */
export function pluginStateOf(cursor: AccountCursor | undefined, stream: SyncStream): JsonObject | undefined {
  if (cursor === undefined || cursor.stream !== stream || cursor.pluginState === null) return undefined;
  return JSON.parse(cursor.pluginState) as JsonObject;
}

export function withCursor(state: SyncCheckpointState, cursor: AccountCursor): SyncCheckpointState {
  return {
    ...state,
    cursors: [...state.cursors.filter((other) => other.account !== cursor.account), cursor],
  };
}

export function withAccountDone(state: SyncCheckpointState, key: string): SyncCheckpointState {
  return {
    version: 1,
    accountsDone: [...state.accountsDone, key],
    cursors: state.cursors.filter((cursor) => cursor.account !== key),
  };
}
