import { serialize } from 'bson';
import { expect } from 'chai';
import { crc32 } from 'node:zlib';
import {
  checkFrame,
  decodePayload,
  encodeFrame,
  FRAME_CORRUPT,
  FRAME_HEADER_BYTES,
  FRAME_SHORT,
  FrameBuffer,
} from './framing.js';

describe('persistence/framing', () => {
  it('when a document is framed, the header holds its length and the crc32 of its BSON', () => {
    const frame = encodeFrame({ a: 1 });
    const payload = Buffer.from(serialize({ a: 1 }));
    expect(frame.readUInt32LE(0)).to.equal(payload.length);
    expect(frame.readUInt32LE(4)).to.equal(crc32(payload));
    expect(frame.subarray(FRAME_HEADER_BYTES).equals(payload)).to.equal(true);
  });

  it('when FrameBuffer frames documents, the bytes equal encodeFrame output back to back', () => {
    const buffer = new FrameBuffer(16);
    const sizes = [buffer.append({ a: 1 }), buffer.append({ b: 'x'.repeat(100) }), buffer.append({ c: [1, 2] })];
    const expected = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: 'x'.repeat(100) }), encodeFrame({ c: [1, 2] })]);
    expect(buffer.view().equals(expected)).to.equal(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).to.equal(expected.length);
  });

  it('when a document is larger than the buffer capacity, the buffer grows and keeps earlier frames', () => {
    const buffer = new FrameBuffer(64);
    buffer.append({ first: true });
    buffer.append({ big: Buffer.alloc(5 * 1024 * 1024, 1).toString('hex').slice(0, 3_000_000) });
    const first = encodeFrame({ first: true });
    expect(buffer.view().subarray(0, first.length).equals(first)).to.equal(true);
    expect(checkFrame(buffer.view(), first.length, buffer.length)).to.be.greaterThan(3_000_000);
  });

  it('when frames overflow several chunks, views() holds every frame whole and in order, as view() does', () => {
    const buffer = new FrameBuffer(64);
    const raw = serialize({ doc: 'y'.repeat(40) });
    const frames: Buffer[] = [];
    for (let i = 0; i < 50; i++) {
      buffer.append({ i });
      buffer.appendPut('db', 'coll', raw);
      frames.push(encodeFrame({ i }), encodeFrame({ op: 'put', db: 'db', coll: 'coll', doc: { doc: 'y'.repeat(40) } }));
    }
    const expected = Buffer.concat(frames);
    const pieces = buffer.views();
    expect(pieces.length).to.be.greaterThan(1);
    expect(buffer.length).to.equal(expected.length);
    expect(Buffer.concat(pieces).equals(expected)).to.equal(true);
    let offset = 0;
    for (const piece of pieces) offset += checkFrame(piece, 0, piece.length) > 0 ? piece.length : 0;
    expect(offset).to.equal(expected.length);
    expect(buffer.view().equals(expected)).to.equal(true);
    buffer.append({ after: 1 });
    expect(buffer.view().equals(Buffer.concat([expected, encodeFrame({ after: 1 })]))).to.equal(true);
  });

  it('when cleared, a FrameBuffer starts over at zero length', () => {
    const buffer = new FrameBuffer(64);
    buffer.append({ a: 1 });
    buffer.clear();
    expect(buffer.length).to.equal(0);
    buffer.append({ b: 2 });
    expect(buffer.view().equals(encodeFrame({ b: 2 }))).to.equal(true);
  });

  it('when a frame is intact, checkFrame returns its payload length and it decodes', () => {
    const frame = encodeFrame({ hello: 'world' });
    const length = checkFrame(frame, 0, frame.length);
    expect(length).to.equal(frame.length - FRAME_HEADER_BYTES);
    expect(decodePayload(frame, FRAME_HEADER_BYTES)).to.deep.equal({ hello: 'world' });
  });

  it('when a frame is cut anywhere, checkFrame reports it short', () => {
    const frame = encodeFrame({ hello: 'world', n: 12345 });
    for (let end = 0; end < frame.length; end++) expect(checkFrame(frame, 0, end), `cut at ${end}`).to.equal(FRAME_SHORT);
  });

  it('when any payload byte flips, checkFrame reports the frame corrupt', () => {
    const frame = encodeFrame({ hello: 'world', n: 12345 });
    for (let index = FRAME_HEADER_BYTES; index < frame.length; index++) {
      const damaged = Buffer.from(frame);
      damaged[index] = (damaged[index] as number) ^ 0x40;
      expect(checkFrame(damaged, 0, damaged.length), `byte ${index}`).to.equal(FRAME_CORRUPT);
    }
  });

  it('when the length field disagrees with the BSON length, checkFrame reports corrupt even before the end', () => {
    const frame = encodeFrame({ a: 'x'.repeat(50) });
    frame.writeUInt32LE(1000, 0);
    expect(checkFrame(frame, 0, frame.length)).to.equal(FRAME_CORRUPT);
    frame.writeUInt32LE(2, 0);
    expect(checkFrame(frame, 0, frame.length)).to.equal(FRAME_CORRUPT);
  });
  it('when a put record is framed from raw bytes, the frame equals the serialized record', () => {
    const doc = { _id: 3, name: 'é', n: 1.5, nested: { a: [1, 2] } };
    const viaRaw = new FrameBuffer(8);
    const size = viaRaw.appendPut('db', 'coll€', serialize(doc));
    const viaDocument = new FrameBuffer(8);
    viaDocument.append({ op: 'put', db: 'db', coll: 'coll€', doc });
    expect(size).to.equal(viaDocument.length);
    expect(viaRaw.view().equals(viaDocument.view())).to.equal(true);
    expect(decodePayload(viaRaw.view(), FRAME_HEADER_BYTES)).to.deep.equal({ op: 'put', db: 'db', coll: 'coll€', doc });
  });
});
