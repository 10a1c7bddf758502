/**
 * Handshake, diagnostics and session commands. The server presents itself as a standalone
 * mongod 7.0 (wire version 21) with sessions but without `setName`, `topologyVersion` or
 * compressors, which is what keeps drivers on the simple polling, uncompressed, no-transaction path.
 */
import os from 'node:os';
import { UUID } from 'bson';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from '../wire/framing.js';
import type { CommandContext, CommandSpec } from './context.js';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

function helloReply(command: 'hello' | 'isMaster', context: CommandContext): Document {
  return {
    helloOk: true,
    ...(command === 'hello' ? { isWritablePrimary: true } : { ismaster: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'stratum-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    storageEngines: ['stratum-memory-journal'],
    javascriptEngine: 'none',
    modules: [],
    allocator: 'system',
    sysInfo: 'deprecated',
    buildEnvironment: { target_os: process.platform, target_arch: process.arch },
    openssl: { running: 'none' },
    ok: 1,
  };
}

function serverStatus(context: CommandContext): Document {
  const memory = process.memoryUsage();
  const uptimeMillis = Date.now() - context.counters.startedAt;
  return {
    host: `${os.hostname()}:${context.address.port}`,
    version: SERVER_VERSION,
    process: 'stratum-db',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    localTime: new Date(),
    connections: {
      current: context.counters.currentConnections,
      available: 100_000 - context.counters.currentConnections,
      totalCreated: context.counters.totalConnections,
    },
    mem: { bits: 64, resident: Math.round(memory.rss / 1048576), virtual: Math.round(memory.rss / 1048576) },
    opcounters: { ...context.counters.opcounters },
    // Like mongod's storage-engine sections: what the server is doing in the background.
    storageEngine: { name: 'stratum-memory-journal', backgroundCompaction: context.engine.isCompacting() },
    ok: 1,
  };
}

function hostInfo(): Document {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 1048576),
      numCores: os.cpus().length,
      cpuArch: process.arch,
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  };
}

function getParameter(body: Document): Document {
  const known: Document = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    cursorTimeoutMillis: 600_000,
    ttlMonitorSleepSecs: 60,
  };
  if (body['getParameter'] === '*') return { ...known, ok: 1 };
  const reply: Document = {};
  for (const key of Object.keys(body)) {
    if (key in known) reply[key] = known[key];
  }
  if (Object.keys(reply).length === 0) throw serverError('InvalidOptions', 'no option found to get');
  return { ...reply, ok: 1 };
}

const ok = (): Document => ({ ok: 1 });

export const adminCommands: Readonly<Record<string, CommandSpec>> = {
  hello: { handler: (_body, _db, context) => helloReply('hello', context) },
  isMaster: { handler: (_body, _db, context) => helloReply('isMaster', context) },
  ismaster: { handler: (_body, _db, context) => helloReply('isMaster', context) },
  ping: { handler: ok },
  buildInfo: { handler: buildInfo },
  buildinfo: { handler: buildInfo },
  serverStatus: { handler: (_body, _db, context) => serverStatus(context) },
  hostInfo: { handler: hostInfo },
  getParameter: { handler: (body) => getParameter(body), adminOnly: true },
  whatsmyuri: { handler: (_body, _db, context) => ({ you: context.connection.remoteAddress, ok: 1 }) },
  connectionStatus: {
    handler: (_ctx) => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  },
  getCmdLineOpts: { handler: (_ctx) => ({ argv: process.argv.slice(1), parsed: {}, ok: 1 }), adminOnly: true },
  getLog: { handler: (_ctx) => ({ totalLinesWritten: 0, log: [], ok: 1 }), adminOnly: true },
  startSession: { handler: (_ctx) => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 }) },
  endSessions: { handler: ok },
  killSessions: { handler: ok },
  killAllSessions: { handler: ok },
  refreshSessions: { handler: ok },
  // A standalone mongod answers transaction commands this way; we do the same.
  commitTransaction: { handler: transactionsUnsupported },
  abortTransaction: { handler: transactionsUnsupported },
  fsync: {
    handler: async (_body, _db, context) => {
      await context.engine.commit(true);
      return { numFiles: 1, ok: 1 };
    },
    adminOnly: true,
  },
  compact: {
    handler: async (_body, _db, context) => {
      await context.engine.compact();
      return { bytesFreed: 0, ok: 1 };
    },
  },
  listCommands: { handler: (_ctx) => ({ commands: {}, ok: 1 }) },
};

export function transactionsUnsupported(): never {
  throw serverError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
}
