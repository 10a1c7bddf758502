/**
 * Keeps the database write of an exchange off the answer's path: the reply goes out while the
 * exchange is written behind it. Reads of a conversation on this node (its context, its history)
 * wait for that conversation's pending write, and recent contexts are kept in memory, so a
 * follow-up never sees a stale context on the node that answered the question before it. A
 * conversation answered by another node reads the database (at most one exchange behind).
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ConversationContext } from '../engine/follow-up.js';
import type { ConversationStore } from './conversation.repository.js';

const MAX_CACHED_CONTEXTS = 20_000;
const CONTEXT_TTL_MS = 10 * 60_000;

export interface WriteBehindConversationStore extends ConversationStore {
  /** Resolves when every pending write has finished (shutdown). */
  flush(): Promise<void>;
}

export function createWriteBehindStore(
  store: ConversationStore,
  logger: Logger,
): WriteBehindConversationStore {
  const pending = new Map<string, Promise<void>>();
  const contexts = new LRUCache<string, ConversationContext>({
    max: MAX_CACHED_CONTEXTS,
    ttl: CONTEXT_TTL_MS,
  });
  const idOf = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;
  const settled = async (id: string) => {
    await pending.get(id);
  };
  return {
    async context(tenantId, key) {
      const id = idOf(tenantId, key);
      await settled(id);
      const cached = contexts.get(id);
      if (cached !== undefined) return cached;
      const loaded = await store.context(tenantId, key);
      contexts.set(id, loaded);
      return loaded;
    },
    record(tenantId, key, exchange) {
      const id = idOf(tenantId, key);
      contexts.set(id, exchange.context);
      const write = (pending.get(id) ?? Promise.resolve())
        .then(() => store.record(tenantId, key, exchange))
        .catch((error: unknown) => {
          // The answer was given; only the stored history misses this exchange.
          contexts.delete(id);
          logger.warn({ err: error, tenantId }, 'chat exchange could not be stored');
        })
        .finally(() => {
          if (pending.get(id) === write) pending.delete(id);
        });
      pending.set(id, write);
      return Promise.resolve();
    },
    async history(tenantId, key, limit) {
      await settled(idOf(tenantId, key));
      return store.history(tenantId, key, limit);
    },
    async flush() {
      await Promise.all([...pending.values()]);
    },
  };
}
