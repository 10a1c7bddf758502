/**
 * One client connection: reassembles frames from the TCP stream, runs their commands strictly in
 * order, and answers on the same socket. Anything malformed closes the connection; nothing a
 * client sends can throw out of here.
 */
import type { Socket } from 'node:net';
import { deserialize } from 'bson';
import type { Document } from '../bson-values.js';
import type { CommandContext, CommandReply } from '../commands/context.js';
import { dispatchCommand, errorReply } from '../commands/dispatch.js';
import { encodeDocument } from './cursor-reply.js';
import {
  MAX_MESSAGE_BYTES,
  MsgFlags,
  OpCodes,
  ProtocolError,
  decodeMessage,
  encodeOpMsg,
  encodeOpReply,
  readHeader,
  type DecodedCommand,
} from './framing.js';

export interface ConnectionHooks {
  readonly onProtocolError?: (error: Error) => void;
}

export function serveConnection(socket: Socket, context: CommandContext, hooks: ConnectionHooks = {}): void {
  const chunks: Buffer[] = [];
  let buffered = 0;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const fail = (error: Error): void => {
    if (closed) return;
    closed = true;
    hooks.onProtocolError?.(error);
    socket.destroy();
  };

  const takeFrames = (): Buffer[] => {
    const frames: Buffer[] = [];
    while (buffered >= 4) {
      const head = chunks[0] as Buffer;
      const prefix = head.length >= 4 ? head : Buffer.concat(chunks, Math.min(buffered, 16));
      const length = prefix.readInt32LE(0);
      if (length < 21 || length > MAX_MESSAGE_BYTES) {
        throw new ProtocolError(`message length ${length} is out of bounds`);
      }
      if (buffered < length) break;
      const all = chunks.length === 1 ? head : Buffer.concat(chunks, buffered);
      frames.push(all.subarray(0, length));
      const rest = all.subarray(length);
      chunks.length = 0;
      buffered = rest.length;
      if (rest.length > 0) chunks.push(rest);
    }
    return frames;
  };

  socket.on('data', (data: Buffer) => {
    if (closed) return;
    chunks.push(data);
    buffered += data.length;
    let frames: Buffer[];
    try {
      frames = takeFrames();
    } catch (error) {
      fail(error as Error);
      return;
    }
    for (const frame of frames) {
      queue = queue.then(() => handleFrame(frame)).catch((error: unknown) => fail(error as Error));
    }
  });
  socket.on('error', () => {
    closed = true;
  });
  socket.on('close', () => {
    closed = true;
  });

  async function handleFrame(frame: Buffer): Promise<void> {
    if (closed) return;
    const opCode = readHeader(frame, 0).opCode;
    if (opCode !== OpCodes.msg && opCode !== OpCodes.query) {
      throw new ProtocolError(`unsupported opCode ${opCode}`);
    }
    const message = decodeMessage(frame);
    const reply = await dispatchCommand(message.body, { ...context, largestDocumentBytes: message.largestDocumentBytes });
    if (closed || message.flags & MsgFlags.moreToCome) return;
    socket.write(Buffer.concat(encodeReply(message, reply)));
  }
}

function encodeReply(message: DecodedCommand, reply: CommandReply): Buffer[] {
  const requestId = message.header.requestId;
  if (message.kind === 'query') {
    const document = Buffer.isBuffer(reply) ? (deserialize(reply) as Document) : reply;
    return encodeOpReply(requestId, document);
  }
  try {
    return encodeOpMsg(requestId, Buffer.isBuffer(reply) ? reply : encodeDocument(reply));
  } catch (error) {
    // A reply that cannot be encoded (e.g. over the BSON size limit) becomes an error reply.
    return encodeOpMsg(requestId, encodeDocument(errorReply(error)));
  }
}
