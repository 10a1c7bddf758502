import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import type { BusEvent, EventBus } from '../../../core/events/event-bus.js';
import { createRedisEventBus } from '../../../core/events/redis-event-bus.js';
import { createLogger } from '../../../core/logging/logger.js';
import { connectTestRedis, uniqueKeyPrefix } from '../support/redis.js';

function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe('Redis event bus (real Redis)', () => {
  let redis: Redis;
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  });
  const buses: EventBus[] = [];

  before(async function () {
    redis = await connectTestRedis(this);
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });
  after(() => {
    redis?.disconnect();
  });

  const newBus = async (channelPrefix: string) => {
    const bus = await createRedisEventBus({ redis, channelPrefix, logger });
    buses.push(bus);
    return bus;
  };
  const record = (bus: EventBus) => {
    const events: BusEvent[] = [];
    bus.subscribeAll((event) => {
      events.push(event);
    });
    return events;
  };

  it('when one bus publishes, the other bus and the publisher each deliver it exactly once per subscription', async () => {
    const prefix = uniqueKeyPrefix();
    const [a, b] = [await newBus(prefix), await newBus(prefix)];
    const [seenByA, seenByB] = [record(a), record(b)];
    const seenByBNamed: BusEvent<'kpis.changed'>[] = [];
    b.subscribe('kpis.changed', (event) => {
      seenByBNamed.push(event);
    });
    const published = await a.publish('t1', 'kpis.changed', { dataVersion: 5 });
    const marker = await a.publish('t1', 'plugin.status', { pluginId: 'p', status: 'ok', message: 'marker' });
    await waitUntil(() => seenByA.length === 2 && seenByB.length === 2);
    // The marker went the same way after the event: a duplicate would have arrived before it.
    expect(seenByB).to.deep.equal([published, marker]);
    expect(seenByA).to.deep.equal([published, marker]);
    expect(seenByBNamed).to.deep.equal([published]);
  });

  it('when buses use different channel prefixes, they never see each other', async () => {
    const [a, other] = [await newBus(uniqueKeyPrefix()), await newBus(uniqueKeyPrefix())];
    const [seenByA, seenByOther] = [record(a), record(other)];
    await a.publish('t1', 'kpis.changed', { dataVersion: 1 });
    const own = await other.publish('t1', 'kpis.changed', { dataVersion: 2 });
    await waitUntil(() => seenByOther.length === 1 && seenByA.length === 1);
    expect(seenByOther).to.deep.equal([own]);
  });

  it('when garbage arrives on the channel, it is logged and dropped and later events still flow', async () => {
    const prefix = uniqueKeyPrefix();
    const bus = await newBus(prefix);
    const seen = record(bus);
    const channel = `${prefix}events`;
    await redis.publish(channel, '{not json');
    await redis.publish(
      channel,
      JSON.stringify({ id: 'x', name: 'kpis.changed', tenantId: 't', payload: {} }),
    );
    await redis.publish(channel, 'x'.repeat(300_000));
    const good = await bus.publish('t1', 'kpis.changed', { dataVersion: 3 });
    await waitUntil(() => seen.length === 1);
    expect(seen).to.deep.equal([good]);
    const dropped = logLines.filter(
      (line) => line.msg === 'malformed bus event dropped' && line.channel === channel,
    );
    expect(dropped.map((line) => line.reason)).to.have.length(3);
  });

  it('when a subscriber throws, other subscribers still get the event', async () => {
    const bus = await newBus(uniqueKeyPrefix());
    bus.subscribeAll(() => {
      throw new Error('boom');
    });
    const seen = record(bus);
    const event = await bus.publish('t1', 'kpis.changed', { dataVersion: 4 });
    await waitUntil(() => seen.length === 1);
    expect(seen).to.deep.equal([event]);
    expect(
      logLines.some((line) => line.msg === 'event subscriber failed' && line.eventId === event.id),
    ).to.equal(true);
  });

  it('when a bus is closed, its subscriber connection leaves the channel and it delivers nothing more', async () => {
    const prefix = uniqueKeyPrefix();
    const channel = `${prefix}events`;
    const [a, b] = [await newBus(prefix), await newBus(prefix)];
    const seenByB = record(b);
    const subscribers = async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1];
    expect(await subscribers()).to.equal(2);
    await b.close();
    expect(await subscribers()).to.equal(1);
    const seenByA = record(a);
    await a.publish('t1', 'kpis.changed', { dataVersion: 6 });
    await waitUntil(() => seenByA.length === 1);
    expect(seenByB).to.deep.equal([]);
  });
});
