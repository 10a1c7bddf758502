import type { Logger } from 'pino';
import { z } from 'zod';
import type { EventBus, HostEventMap } from '../events/event-bus.js';
import { PluginError } from '../plugin-api/index.js';
import type {
  PluginEventBus,
  PluginEventMap,
  PluginEventName,
  PluginPermission,
} from '../plugin-api/index.js';

const PLUGIN_EVENT_SCHEMAS: { readonly [K in PluginEventName]: z.ZodType } = {
  'sync.completed': z
    .object({
      pluginId: z.string(),
      runId: z.string(),
      rows: z.number().int().nonnegative(),
      from: z.string(),
      to: z.string(),
    })
    .strict(),
  'kpis.changed': z
    .object({
      dataVersion: z.number().int(),
      from: z.string().optional(),
      to: z.string().optional(),
      platforms: z.array(z.string()).optional(),
    })
    .strict(),
  'rule.fired': z.object({ ruleId: z.string(), campaignExternalId: z.string(), action: z.string() }).strict(),
  'alert.raised': z
    .object({
      severity: z.enum(['info', 'warning', 'critical']),
      title: z.string().min(1).max(500),
      details: z.record(z.string(), z.json()).optional(),
    })
    .strict(),
  'plugin.status': z.object({ pluginId: z.string(), status: z.string(), message: z.string() }).strict(),
};

export interface PluginEventBusHandle {
  readonly events: PluginEventBus;
  /** Unsubscribes everything the installation subscribed (on invalidation). */
  dispose(): void;
}

/**
 * The installation's view of the host bus: it publishes under its own tenant (with the
 * `events:publish` permission) and its handlers only ever see that tenant's events.
 */
export function createPluginEventBus(
  bus: EventBus,
  scope: {
    readonly tenantId: string;
    readonly permissions: readonly PluginPermission[];
    readonly logger: Logger;
  },
): PluginEventBusHandle {
  const unsubscribers = new Set<() => void>();
  const events: PluginEventBus = {
    async publish(name, payload) {
      if (!scope.permissions.includes('events:publish'))
        throw new PluginError('config', 'permission events:publish not declared', {
          code: 'PLUGINS_PERMISSION_MISSING',
          details: { permission: 'events:publish' },
        });
      const schema = PLUGIN_EVENT_SCHEMAS[name];
      const parsed = schema === undefined ? undefined : schema.safeParse(payload);
      if (parsed === undefined || !parsed.success)
        throw new PluginError('system', `Invalid payload for event "${String(name)}"`, {
          code: 'PLUGINS_EVENT_INVALID',
        });
      await bus.publish(scope.tenantId, name, parsed.data as HostEventMap[typeof name]);
    },
    subscribe(name, handler) {
      const unsubscribe = bus.subscribe(name, async (event) => {
        if (event.tenantId !== scope.tenantId) return;
        try {
          await handler(event.payload as PluginEventMap[typeof name]);
        } catch (error) {
          scope.logger.warn(
            { event: name, errorName: error instanceof Error ? error.name : typeof error },
            'plugin event handler failed',
          );
        }
      });
      const remove = () => {
        unsubscribers.delete(remove);
        unsubscribe();
      };
      unsubscribers.add(remove);
      return remove;
    },
  };
  return {
    events,
    dispose() {
      for (const unsubscribe of [...unsubscribers]) unsubscribe();
    },
  };
}
