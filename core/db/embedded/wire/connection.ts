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

/** Frames at least this large that span several TCP chunks are assembled in a reused buffer. */
const REUSE_ASSEMBLY_FROM = 64 * 1024;
/** How long an idle connection keeps its assembly buffer. */
const ASSEMBLY_IDLE_MS = 1000;

export function serveConnection(socket: Socket, context: CommandContext, hooks: ConnectionHooks = {}): void {
  const chunks: Buffer[] = [];
  let buffered = 0;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  // Fresh multi-megabyte buffers cost far more in page faults than the copy itself, so large
  // frames reuse one buffer. Decoded values never alias a frame (see wire/framing.ts), so it is
  // free again as soon as its command's handler has started.
  let assembly: Buffer | undefined;
  let assemblyBusy = false;
  // An idle connection gives its assembly buffer back: a pool of connections each keeping a
  // message-sized buffer from one bulk load would otherwise hold tens of megabytes apiece.
  let releaseTimer: NodeJS.Timeout | undefined;
  const scheduleRelease = (): void => {
    if (releaseTimer !== undefined) clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => {
      releaseTimer = undefined;
      if (!assemblyBusy) assembly = undefined;
    }, ASSEMBLY_IDLE_MS);
    releaseTimer.unref();
  };

  const fail = (error: Error): void => {
    if (closed) return;
    closed = true;
    hooks.onProtocolError?.(error);
    socket.destroy();
  };

  /** Moves the first `length` buffered bytes into `target`; later bytes stay in their chunks. */
  const moveInto = (target: Buffer, length: number): void => {
    let copied = 0;
    while (copied < length) {
      const chunk = chunks[0] as Buffer;
      const take = Math.min(chunk.length, length - copied);
      chunk.copy(target, copied, 0, take);
      copied += take;
      if (take === chunk.length) chunks.shift();
      else chunks[0] = chunk.subarray(take);
    }
    buffered -= length;
  };

  const takeFrames = (): Array<{ frame: Buffer; shared: boolean }> => {
    const frames: Array<{ frame: Buffer; shared: boolean }> = [];
    while (buffered >= 4) {
      const head = chunks[0] as Buffer;
      const prefix = head.length >= 4 ? head : Buffer.concat(chunks, Math.min(buffered, 16));
      const length = prefix.readInt32LE(0);
      if (length < 21 || length > MAX_MESSAGE_BYTES) {
        throw new ProtocolError(`message length ${length} is out of bounds`);
      }
      if (buffered < length) break;
      if (head.length >= length) {
        frames.push({ frame: head.subarray(0, length), shared: false });
        buffered -= length;
        if (head.length === length) chunks.shift();
        else chunks[0] = head.subarray(length);
        continue;
      }
      const shared = !assemblyBusy && length >= REUSE_ASSEMBLY_FROM;
      let target: Buffer;
      if (shared) {
        if (assembly === undefined || assembly.length < length) assembly = Buffer.allocUnsafe(length);
        assemblyBusy = true;
        target = assembly;
      } else {
        target = Buffer.allocUnsafe(length);
      }
      moveInto(target, length);
      frames.push({ frame: target.subarray(0, length), shared });
    }
    return frames;
  };

  socket.on('data', (data: Buffer) => {
    if (closed) return;
    chunks.push(data);
    buffered += data.length;
    let frames: Array<{ frame: Buffer; shared: boolean }>;
    try {
      frames = takeFrames();
    } catch (error) {
      fail(error as Error);
      return;
    }
    for (const { frame, shared } of frames) {
      queue = queue.then(() => handleFrame(frame, shared)).catch((error: unknown) => fail(error as Error));
    }
  });
  socket.on('error', () => {
    closed = true;
  });
  socket.on('close', () => {
    closed = true;
    assembly = undefined;
    if (releaseTimer !== undefined) clearTimeout(releaseTimer);
  });

  async function handleFrame(frame: Buffer, shared: boolean): Promise<void> {
    let message: DecodedCommand;
    let pending: Promise<CommandReply>;
    try {
      if (closed) return;
      const opCode = readHeader(frame, 0).opCode;
      if (opCode !== OpCodes.msg && opCode !== OpCodes.query) {
        throw new ProtocolError(`unsupported opCode ${opCode}`);
      }
      message = decodeMessage(frame);
      // The handler runs synchronously up to its first await: whatever reads the frame's raw
      // bytes (the insert journaling them) has done so when this returns.
      pending = dispatchCommand(message.body, { ...context, largestDocumentBytes: message.largestDocumentBytes });
    } finally {
      if (shared) {
        assemblyBusy = false;
        scheduleRelease();
      }
    }
    const reply = await pending;
    if (closed || message.flags & MsgFlags.moreToCome) return;
    writeParts(socket, encodeReply(message, reply));
  }
}

/** Above this, a reply goes out as one gathered write of its parts rather than joined first. */
const GATHER_FROM_BYTES = 64 * 1024;

function writeParts(socket: Socket, parts: readonly Buffer[]): void {
  let length = 0;
  for (const part of parts) length += part.length;
  if (length < GATHER_FROM_BYTES) {
    socket.write(Buffer.concat(parts as Buffer[], length));
    return;
  }
  // Corked writes leave in one writev: a large cursor batch is not copied a second time.
  socket.cork();
  for (const part of parts) socket.write(part);
  socket.uncork();
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
