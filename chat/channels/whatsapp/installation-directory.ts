/**
 * Finds the WhatsApp Cloud installations a webhook delivery concerns. One webhook URL serves
 * every tenant, and a delivery names a phone number id, not a tenant: this is the one
 * cross-tenant read of `pluginInstallations`, a projection of `tenantId` only (the tenancy
 * plugin would refuse it through the model, as users' phone lookups are refused). Everything
 * after — decrypted config, the guarded channel — comes from the plugin runtime, per tenant.
 */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { PluginRuntime } from '../../../core/plugins/plugin-runtime.js';

export const WHATSAPP_CLOUD_PLUGIN_ID = 'channel-whatsapp-cloud';

/** The parts of the installation's (decrypted) config the webhook needs. */
const webhookConfigSchema = z.looseObject({
  phoneNumberId: z.string().min(1),
  appSecret: z.string().min(1),
  verifyToken: z.string().min(1),
});

export interface WhatsappInstallation {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
}

export interface WhatsappInstallationDirectory {
  /** Enabled installations configured with this phone number id (normally one). */
  byPhoneNumberId(phoneNumberId: string): Promise<WhatsappInstallation[]>;
  /** Configured installations, for the subscription handshake (it names no number). */
  configured(): Promise<WhatsappInstallation[]>;
}

const MAX_CANDIDATES = 20;

/**
 * Tenants with an enabled installation of `pluginId` (the breaker's suspension disables), for
 * loops that serve every tenant; same cross-tenant `tenantId` projection as below.
 */
export async function enabledInstallationTenants(
  connection: Connection,
  pluginId: string,
  limit = 1_000,
): Promise<string[]> {
  const rows = await connection
    .collection('pluginInstallations')
    .find({ pluginId, enabled: true, configVersion: { $gt: 0 } }, { projection: { _id: 0, tenantId: 1 } })
    .limit(limit)
    .toArray();
  return rows.map((row) => row['tenantId']).filter((id): id is string => typeof id === 'string');
}

export function createWhatsappInstallationDirectory(deps: {
  readonly connection: Connection;
  readonly runtime: Pick<PluginRuntime, 'open'>;
  readonly onOpenFailure?: (tenantId: string, error: unknown) => void;
}): WhatsappInstallationDirectory {
  const collection = () => deps.connection.collection('pluginInstallations');

  const open = async (tenantIds: readonly string[]): Promise<WhatsappInstallation[]> => {
    const opened: WhatsappInstallation[] = [];
    for (const tenantId of tenantIds) {
      try {
        const installation = await deps.runtime.open(tenantId, WHATSAPP_CLOUD_PLUGIN_ID);
        const config = webhookConfigSchema.safeParse(installation.context.config);
        if (!config.success) continue;
        opened.push({ tenantId, ...config.data });
      } catch (error) {
        deps.onOpenFailure?.(tenantId, error);
      }
    }
    return opened;
  };

  const tenantIdsOf = async (filter: Record<string, unknown>): Promise<string[]> => {
    const rows = await collection()
      .find({ pluginId: WHATSAPP_CLOUD_PLUGIN_ID, ...filter }, { projection: { _id: 0, tenantId: 1 } })
      .limit(MAX_CANDIDATES)
      .toArray();
    return rows.map((row) => row['tenantId']).filter((id): id is string => typeof id === 'string');
  };

  return {
    async byPhoneNumberId(phoneNumberId) {
      const tenantIds = await tenantIdsOf({ enabled: true, 'config.phoneNumberId': phoneNumberId });
      // The stored config is what the runtime decrypts: re-check the id after opening.
      return (await open(tenantIds)).filter((installation) => installation.phoneNumberId === phoneNumberId);
    },
    async configured() {
      return open(await tenantIdsOf({ configVersion: { $gt: 0 } }));
    },
  };
}
