import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BusEvent, EventBus } from './event-bus.js';
import { createEventIdGenerator } from './event-ids.js';
import { assertPublishable, parseBusEvent } from './event-schemas.js';
import { createSubscriberRegistry } from './subscriber-registry.js';

export interface RedisEventBusOptions {
  /** Publishes through this client; a `duplicate()` of it subscribes. The caller owns it. */
  readonly redis: Redis;
  /** Namespaces the channel (`<prefix>events`), so deployments and test runs stay apart. */
  readonly channelPrefix: string;
  readonly logger: Logger;
  /** Part of every event id; random when omitted. */
  readonly nodeId?: string;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
}

// Events are small (ids and counters); anything far larger is not one of ours.
const MAX_MESSAGE_CHARS = 256 * 1024;

/**
 * The scaled-out bus on Redis pub/sub: every process, the publisher included, receives each
 * event once per subscription from the channel, so delivery is the same on every node. What
 * arrives is parsed with zod; malformed messages are logged and dropped. Resolves once the
 * subscriber connection listens, so nothing published afterwards is missed.
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const { redis, logger } = options;
  const channel = `${options.channelPrefix}events`;
  const now = options.now ?? Date.now;
  const nextId = createEventIdGenerator({ nodeId: options.nodeId, now });
  const subscribers = createSubscriberRegistry(logger);
  const subscriber = redis.duplicate();
  let closed = false;

  const onError = (error: unknown) => logger.warn({ err: error, channel }, 'event bus subscriber error');
  const onMessage = (from: string, message: string) => {
    if (from !== channel || closed) return;
    const parsed =
      message.length > MAX_MESSAGE_CHARS
        ? { ok: false as const, reason: 'too large' }
        : parseBusEvent(message);
    if (!parsed.ok) {
      logger.warn({ channel, reason: parsed.reason }, 'malformed bus event dropped');
      return;
    }
    subscribers.deliver(parsed.event);
  };
  subscriber.on('error', onError);
  subscriber.on('message', onMessage);
  try {
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }

  return {
    async publish(tenantId, name, payload) {
      const event = assertPublishable({
        id: nextId(),
        name,
        tenantId,
        at: new Date(now()).toISOString(),
        payload,
      });
      if (closed) {
        logger.warn({ eventName: name, tenantId }, 'event published after the bus closed; dropped');
        return event;
      }
      await redis.publish(channel, JSON.stringify(event satisfies BusEvent<typeof name>));
      return event;
    },
    subscribe: (name, handler) => subscribers.subscribe(name, handler),
    subscribeAll: (handler) => subscribers.subscribeAll(handler),
    async close() {
      if (closed) return;
      closed = true;
      subscribers.clear();
      subscriber.off('message', onMessage);
      // The error listener stays: a late socket error must be logged, not thrown.
      try {
        await subscriber.unsubscribe(channel);
        await subscriber.quit();
      } catch {
        subscriber.disconnect();
      }
    },
  };
}
