import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { connectTestRedis, uniqueKeyPrefix } from '../support/redis.js';
import { connectLive, openSse } from './support/live-clients.js';
import type { RecordingSocket, SseStream } from './support/live-clients.js';
import { startRealtimeTestApp } from './support/realtime-test-app.js';
import type { RealtimeTestApp, SeededTenant } from './support/realtime-test-app.js';

/** Gives any duplicate already on its way time to land; the sentinel makes this short wait enough. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('real time across two app instances (real Redis bus + socket.io Redis adapter)', () => {
  let redis: Redis;
  let nodeA: RealtimeTestApp;
  let nodeB: RealtimeTestApp;
  let tenant: SeededTenant;
  let other: SeededTenant;
  let token: string;
  let otherToken: string;
  const sockets: RecordingSocket[] = [];
  const streams: SseStream[] = [];

  before(async function () {
    redis = await connectTestRedis(this);
    const redisPrefix = uniqueKeyPrefix();
    nodeA = await startRealtimeTestApp({ redis, redisPrefix });
    nodeB = await startRealtimeTestApp({ redis, redisPrefix, databaseUri: nodeA.databaseUri });
    [tenant, other] = await Promise.all([nodeA.seedTenant('a'), nodeA.seedTenant('b')]);
    [token, otherToken] = await Promise.all([nodeA.accessToken(tenant), nodeB.accessToken(other)]);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const stream of streams.splice(0)) stream.close();
  });
  after(async () => {
    await nodeB?.close();
    await nodeA?.close();
    redis?.disconnect();
  });

  const connect = async (node: RealtimeTestApp, socketToken: string) => {
    const socket = await connectLive(node.url, { token: socketToken });
    sockets.push(socket);
    return socket;
  };

  it("when an event is published on node A's bus, a socket on node B receives it exactly once", async () => {
    const [onB, onA, otherOnB] = [
      await connect(nodeB, token),
      await connect(nodeA, token),
      await connect(nodeB, otherToken),
    ];
    await nodeA.bus.publish(tenant.id, 'kpis.changed', { dataVersion: 1 });
    await nodeA.bus.publish(tenant.id, 'alert.raised', { severity: 'warning', title: 'sentinel' });
    await onB.waitFor((event) => event.name === 'alert');
    await onA.waitFor((event) => event.name === 'alert');
    await settle();
    for (const socket of [onB, onA]) {
      expect(socket.received.map((event) => event.name)).to.deep.equal(['kpis:changed', 'alert']);
      expect(socket.received[0]?.payload).to.deep.equal({ dataVersion: 1 });
    }
    expect(otherOnB.received).to.deep.equal([]);
  });

  it("when node A calls emitToTenant, the tenant's socket on node B receives it exactly once", async () => {
    const [onB, otherOnB] = [await connect(nodeB, token), await connect(nodeB, otherToken)];
    nodeA.sockets.emitToTenant(tenant.id, 'kpis:changed', { dataVersion: 2 });
    nodeA.sockets.emitToTenant(other.id, 'kpis:changed', { dataVersion: 3 });
    await onB.waitFor((event) => event.name === 'kpis:changed');
    await otherOnB.waitFor((event) => event.name === 'kpis:changed');
    await settle();
    expect(onB.received).to.deep.equal([{ name: 'kpis:changed', payload: { dataVersion: 2 } }]);
    expect(otherOnB.received).to.deep.equal([{ name: 'kpis:changed', payload: { dataVersion: 3 } }]);
  });

  it("when an event is published on node A, an SSE stream on node B gets it once, with A's event id", async () => {
    const stream = await openSse(nodeB.url, { authorization: `Bearer ${token}` });
    streams.push(stream);
    expect(stream.response.status).to.equal(200);
    await stream.waitFor((frame) => frame.retry !== undefined);
    const event = await nodeA.bus.publish(tenant.id, 'kpis.changed', { dataVersion: 4 });
    const sentinel = await nodeA.bus.publish(tenant.id, 'kpis.changed', { dataVersion: 5 });
    await stream.waitFor((frame) => frame.id === sentinel.id);
    expect(stream.events().map((frame) => frame.id)).to.deep.equal([event.id, sentinel.id]);
  });
});
