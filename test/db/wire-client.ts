/**
 * A minimal raw MongoDB wire-protocol client for robustness tests: it frames OP_MSG and OP_QUERY
 * by hand so tests can also send what no driver would.
 */
import { connect, type Socket } from 'node:net';
import { BSON, type Document } from 'mongodb';

export const OpCodes = { reply: 1, query: 2004, compressed: 2012, msg: 2013 } as const;

export const MsgFlags = { checksumPresent: 1, moreToCome: 2 } as const;

/** A reply read off the socket. */
export interface WireReply {
  readonly opCode: number;
  readonly responseTo: number;
  readonly body: Document;
}

export type ReadOutcome = { kind: 'reply'; reply: WireReply } | { kind: 'closed' } | { kind: 'timeout' };

export function header(messageLength: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(messageLength, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG with one kind-0 section. */
export function opMsg(requestId: number, body: Document, flags = 0): Buffer {
  const bson = Buffer.from(BSON.serialize(body));
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags, 0);
  const payload = Buffer.concat([flagBytes, Buffer.from([0]), bson]);
  return Buffer.concat([header(16 + payload.length, requestId, OpCodes.msg), payload]);
}

/** A kind-1 section: a named sequence of documents (how drivers send bulk `documents`). */
export function documentSequence(identifier: string, documents: Document[]): Buffer {
  const body = Buffer.concat([Buffer.from(`${identifier}\0`, 'utf8'), ...documents.map((doc) => Buffer.from(BSON.serialize(doc)))]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + body.length, 0);
  return Buffer.concat([Buffer.from([1]), size, body]);
}

/** An OP_MSG from raw sections (each starting with its kind byte) and optional trailing bytes. */
export function opMsgSections(requestId: number, sections: Buffer[], flags = 0, trailer = Buffer.alloc(0)): Buffer {
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags, 0);
  const payload = Buffer.concat([flagBytes, ...sections, trailer]);
  return Buffer.concat([header(16 + payload.length, requestId, OpCodes.msg), payload]);
}

/** A kind-0 section holding `body`. */
export function bodySection(body: Document): Buffer {
  return Buffer.concat([Buffer.from([0]), Buffer.from(BSON.serialize(body))]);
}

/** A legacy OP_QUERY against `<db>.$cmd`, as drivers send for the first handshake. */
export function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const ns = Buffer.from(`${namespace}\0`, 'utf8');
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(0, 0);
  skipAndReturn.writeInt32LE(-1, 4);
  const payload = Buffer.concat([flags, ns, skipAndReturn, Buffer.from(BSON.serialize(query))]);
  return Buffer.concat([header(16 + payload.length, requestId, OpCodes.query), payload]);
}

export function rawConnect(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function decodeReply(frame: Buffer): WireReply {
  const responseTo = frame.readInt32LE(8);
  const opCode = frame.readInt32LE(12);
  // OP_REPLY: flags(4) cursorId(8) startingFrom(4) numberReturned(4), then documents.
  const bodyStart = opCode === OpCodes.reply ? 36 : 21;
  return { opCode, responseTo, body: BSON.deserialize(frame.subarray(bodyStart)) };
}

/**
 * Reads from `socket` until one whole message arrived, the peer closed, or `timeoutMs` passed.
 * Bytes past the first message stay in `pending` for the next call.
 */
export class WireReader {
  private pending = Buffer.alloc(0);
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      this.wake?.();
    });
    const onEnd = (): void => {
      this.closed = true;
      this.wake?.();
    };
    socket.on('close', onEnd);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
  }

  async next(timeoutMs: number): Promise<ReadOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.pending.length >= 4) {
        const length = this.pending.readInt32LE(0);
        if (this.pending.length >= length) {
          const frame = this.pending.subarray(0, length);
          this.pending = this.pending.subarray(length);
          return { kind: 'reply', reply: decodeReply(frame) };
        }
      }
      if (this.closed) return { kind: 'closed' };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
