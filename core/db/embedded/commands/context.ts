import type { Document } from '../bson-values.js';
import type { CursorManager } from '../cursors.js';
import type { StorageEngine } from '../storage/types.js';

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
}

export interface ServerCounters {
  readonly startedAt: number;
  currentConnections: number;
  totalConnections: number;
  readonly opcounters: Record<'insert' | 'query' | 'update' | 'delete' | 'getmore' | 'command', number>;
}

export interface CommandContext {
  readonly engine: StorageEngine;
  readonly cursors: CursorManager;
  readonly connection: ConnectionInfo;
  readonly counters: ServerCounters;
  readonly address: { readonly host: string; readonly port: number };
  /** Size of the largest single document in the request being served (the 16 MiB rule). */
  readonly largestDocumentBytes: number;
}

/** A reply document, or one already encoded as BSON (cursor replies). */
export type CommandReply = Document | Buffer;

export interface CommandSpec {
  readonly handler: (body: Document, database: string, context: CommandContext) => CommandReply | Promise<CommandReply>;
  /** Write commands are made durable (engine.commit) before the reply is sent. */
  readonly writes?: boolean;
  /** Admin-only commands must be run against the admin database. */
  readonly adminOnly?: boolean;
}
