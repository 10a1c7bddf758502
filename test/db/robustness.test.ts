import { expect } from 'chai';
import type { Socket } from 'node:net';
import { BSON } from 'mongodb';
import { embeddedOnly, useDatabase } from './harness.js';
import {
  bodySection,
  documentSequence,
  header,
  MsgFlags,
  OpCodes,
  opMsg,
  opMsgSections,
  opQuery,
  rawConnect,
  WireReader,
  type ReadOutcome,
} from './wire-client.js';

/**
 * Malformed input over raw TCP: the server answers with an error or closes that connection, and
 * keeps serving everyone else. Embedded only (the brief's scope; a real mongod behaves alike).
 */
describe('robustness over raw TCP', function () {
  this.timeout(30_000);
  const ctx = useDatabase('robustness');
  embeddedOnly('malformed-input behaviour is specified for the embedded server');
  const sockets: Socket[] = [];

  afterEach(function () {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  async function open(): Promise<{ socket: Socket; reader: WireReader }> {
    const url = new URL(ctx.uri);
    const socket = await rawConnect(url.hostname, Number(url.port || 27017));
    sockets.push(socket);
    return { socket, reader: new WireReader(socket) };
  }

  /** Closed, or an error reply (ok: 0), is acceptable; silence or success is not. */
  function expectRejected(outcome: ReadOutcome): void {
    if (outcome.kind === 'closed') return;
    expect(outcome.kind, 'the server answered or closed within the time limit').to.equal('reply');
    if (outcome.kind === 'reply') expect(outcome.reply.body['ok']).to.equal(0);
  }

  async function expectHealthy(): Promise<void> {
    const collection = ctx.collection('health');
    await collection.insertOne({ ok: true });
    expect(await collection.countDocuments({ ok: true })).to.equal(1);
  }

  it('when a well-formed OP_MSG ping is sent, an OP_MSG reply with ok: 1 answers its request id', async function () {
    const { socket, reader } = await open();
    socket.write(opMsg(41, { ping: 1, $db: 'admin' }));
    const outcome = await reader.next(5000);
    expect(outcome.kind).to.equal('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.reply.opCode).to.equal(OpCodes.msg);
    expect(outcome.reply.responseTo).to.equal(41);
    expect(outcome.reply.body['ok']).to.equal(1);
  });

  it('when a legacy OP_QUERY isMaster is sent, it is answered with an OP_REPLY', async function () {
    const { socket, reader } = await open();
    socket.write(opQuery(7, 'admin.$cmd', { isMaster: 1 }));
    const outcome = await reader.next(5000);
    expect(outcome.kind).to.equal('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.reply.opCode).to.equal(OpCodes.reply);
    expect(outcome.reply.responseTo).to.equal(7);
    expect(outcome.reply.body['ismaster']).to.equal(true);
  });

  it('when a message sets moreToCome, no reply is sent for it', async function () {
    const { socket, reader } = await open();
    socket.write(opMsg(1, { ping: 1, $db: 'admin' }, MsgFlags.moreToCome));
    socket.write(opMsg(2, { ping: 1, $db: 'admin' }));
    const outcome = await reader.next(5000);
    expect(outcome.kind).to.equal('reply');
    if (outcome.kind === 'reply') expect(outcome.reply.responseTo).to.equal(2);
    expect((await reader.next(300)).kind).to.equal('timeout');
  });

  it('when an unknown command arrives as raw OP_MSG, the reply is ok: 0 with code 59', async function () {
    const { socket, reader } = await open();
    socket.write(opMsg(3, { notACommand: 1, $db: 'admin' }));
    const outcome = await reader.next(5000);
    expect(outcome.kind).to.equal('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.reply.body['ok']).to.equal(0);
    expect(outcome.reply.body['code']).to.equal(59);
    expect(outcome.reply.body['codeName']).to.equal('CommandNotFound');
  });

  it('when an insert sends its documents as a kind-1 sequence, the server merges them into the command', async function () {
    const { socket, reader } = await open();
    const collection = ctx.collection('sequence');
    const sections = [
      bodySection({ insert: collection.collectionName, $db: ctx.dbName }),
      documentSequence('documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]),
    ];
    socket.write(opMsgSections(5, sections));
    const outcome = await reader.next(5000);
    expect(outcome.kind).to.equal('reply');
    if (outcome.kind === 'reply') expect(outcome.reply.body['n']).to.equal(3);
    expect(await collection.countDocuments()).to.equal(3);
  });

  it('when checksumPresent is set with a wrong CRC-32C, the message is rejected', async function () {
    const { socket, reader } = await open();
    const badChecksum = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
    socket.write(opMsgSections(6, [bodySection({ ping: 1, $db: 'admin' })], MsgFlags.checksumPresent, badChecksum));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when a section has an unknown kind byte, the message is rejected', async function () {
    const { socket, reader } = await open();
    const strange = Buffer.concat([Buffer.from([7]), Buffer.from(BSON.serialize({ ping: 1 }))]);
    socket.write(opMsgSections(8, [bodySection({ ping: 1, $db: 'admin' }), strange]));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when garbage bytes are sent, the connection is closed or refused and the server keeps serving', async function () {
    const { socket, reader } = await open();
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when a frame declares a length shorter than the header, the connection is closed', async function () {
    const { socket, reader } = await open();
    socket.write(Buffer.concat([header(5, 1, OpCodes.msg), Buffer.alloc(8)]));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when a frame declares a negative length, the connection is closed', async function () {
    const { socket, reader } = await open();
    socket.write(header(-1, 1, OpCodes.msg));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when a frame declares more than 48 MB, the server refuses it without waiting for the body', async function () {
    const { socket, reader } = await open();
    socket.write(header(50_000_000, 1, OpCodes.msg));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when an unknown opcode or OP_COMPRESSED arrives, the connection is closed or gets an error reply', async function () {
    for (const opCode of [9999, OpCodes.compressed]) {
      const { socket, reader } = await open();
      const body = Buffer.alloc(16);
      socket.write(Buffer.concat([header(16 + body.length, 1, opCode), body]));
      expectRejected(await reader.next(5000));
    }
    await expectHealthy();
  });

  it('when an OP_MSG carries malformed BSON, the server answers with an error or closes', async function () {
    const { socket, reader } = await open();
    const flags = Buffer.alloc(4);
    const badDocument = Buffer.alloc(12);
    badDocument.writeInt32LE(200, 0); // claims 200 bytes, has 12
    const payload = Buffer.concat([flags, Buffer.from([0]), badDocument]);
    socket.write(Buffer.concat([header(16 + payload.length, 9, OpCodes.msg), payload]));
    expectRejected(await reader.next(5000));
    await expectHealthy();
  });

  it('when 200 connections each run a find concurrently, all of them get their documents', async function () {
    const collection = ctx.collection('concurrent');
    await collection.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const connections = await Promise.all(Array.from({ length: 200 }, () => open()));
    const outcomes = await Promise.all(
      connections.map(async ({ socket, reader }, index) => {
        socket.write(opMsg(index + 1, { find: collection.collectionName, filter: {}, $db: ctx.dbName }));
        return reader.next(20_000);
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.kind).to.equal('reply');
      if (outcome.kind !== 'reply') continue;
      expect(outcome.reply.body['ok']).to.equal(1);
      const cursor = outcome.reply.body['cursor'] as { firstBatch: unknown[] };
      expect(cursor.firstBatch).to.have.lengthOf(10);
    }
    await expectHealthy();
  });
});
