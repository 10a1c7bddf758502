import { PluginError } from '../plugin-api/index.js';
import type { EgressHttpClient, PluginPermission } from '../plugin-api/index.js';
import { missingPermission } from './tenant-data-access.js';
import type { EgressClientFactory } from './ports.js';

/** A client whose every request fails: what a plugin without `egress:http` gets. */
export const deniedEgressClient: EgressHttpClient = {
  request: async () => {
    throw missingPermission('egress:http');
  },
};

/** The egress client of an installation, only when its manifest declares `egress:http`. */
export function createPluginHttp(
  factory: EgressClientFactory | undefined,
  scope: {
    readonly pluginId: string;
    readonly tenantId: string;
    readonly permissions: readonly PluginPermission[];
  },
): EgressHttpClient {
  if (!scope.permissions.includes('egress:http')) return deniedEgressClient;
  if (factory === undefined)
    return {
      request: async () => {
        throw new PluginError('system', 'Outbound HTTP is not wired on this host', {
          code: 'PLUGINS_EGRESS_UNAVAILABLE',
        });
      },
    };
  return factory(scope.pluginId, scope.tenantId);
}
