/**
 * The app's mongoose connection: one per app (never the global `mongoose.connection`), opened by
 * the composition root and closed on shutdown.
 */
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { UnavailableError } from '../errors/errors.js';
import type { HealthCheckResult } from '../observability/health-registry.js';

/** Used when the URI names no database (`mongodb://127.0.0.1:27017/`, as the embedded server's). */
export const DEFAULT_DATABASE_NAME = 'stratum';

export interface DatabaseConnectionOptions {
  /** How long to look for a server before failing (start-up, and each operation later). */
  readonly serverSelectionTimeoutMs?: number;
  /** Overrides the database named in the URI. */
  readonly dbName?: string;
  /** Shown in the server's logs and `currentOp`. */
  readonly appName?: string;
  readonly maxPoolSize?: number;
  /** How often the driver checks the server; bounds how late readiness notices an outage. */
  readonly heartbeatFrequencyMs?: number;
}

/** `mongodb://user:secret@host:27017/db?x=y` → `mongodb://host:27017/db`, for messages and logs. */
export function describeMongoUri(uri: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/?]*@)?([^/?]*)(\/[^?]*)?/.exec(uri);
  if (match === null) return '<invalid mongodb uri>';
  const path = match[3] === undefined || match[3] === '/' ? '' : match[3];
  return `${match[1]}${match[2]}${path}`;
}

// By hand rather than with URL: a replica-set URI lists several hosts, which URL rejects.
function databaseNameOf(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match?.[1] === undefined ? '' : decodeURIComponent(match[1]);
  return name === '' ? undefined : name;
}

function uriHasOption(uri: string, name: string): boolean {
  const query = uri.split('?')[1] ?? '';
  return query.split('&').some((pair) => pair.split('=')[0]?.toLowerCase() === name.toLowerCase());
}

/**
 * Opens a dedicated connection and waits until it can talk to the server. Indexes are not built
 * behind our back (`autoIndex: false`): the composition root builds them once at start, and
 * readiness waits for that. Throws UnavailableError (without credentials) when unreachable.
 */
export async function openDatabaseConnection(
  uri: string,
  options: DatabaseConnectionOptions = {},
): Promise<Connection> {
  // Options written in the URI win over our defaults: an operator tunes them there.
  const unlessInUri = (name: string, value: number) => (uriHasOption(uri, name) ? {} : { [name]: value });
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    autoCreate: true,
    ...unlessInUri('serverSelectionTimeoutMS', options.serverSelectionTimeoutMs ?? 10_000),
    ...unlessInUri('heartbeatFrequencyMS', options.heartbeatFrequencyMs ?? 5_000),
    dbName: options.dbName ?? databaseNameOf(uri) ?? DEFAULT_DATABASE_NAME,
    appName: options.appName ?? 'stratum',
    ...(options.maxPoolSize === undefined ? {} : { maxPoolSize: options.maxPoolSize }),
  });
  try {
    return await connection.asPromise();
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new UnavailableError(`MongoDB is unreachable at ${describeMongoUri(uri)}`, {
      code: 'DATABASE_UNAVAILABLE',
      cause: error,
    });
  }
}

const CONNECTED = 1;
const PING_TIMEOUT_MS = 1500;

/**
 * Health check for the registry: a `ping` round trip with its latency. Reports `down` (never
 * throws) when the connection is not open or the ping fails; the registry's timeout bounds a
 * ping that hangs while the driver looks for a server.
 */
export function databaseHealthCheck(connection: Connection): () => Promise<HealthCheckResult> {
  return async () => {
    if (connection.readyState !== CONNECTED || connection.db === undefined) {
      return { status: 'down', detail: 'not connected' };
    }
    const started = performance.now();
    try {
      await connection.db.command({ ping: 1 }, { signal: AbortSignal.timeout(PING_TIMEOUT_MS) });
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch {
      return { status: 'down', detail: 'ping failed' };
    }
  };
}

/** Closes the connection, letting operations in flight finish; safe to call twice. */
export async function closeDatabaseConnection(connection: Connection): Promise<void> {
  await connection.close();
}
