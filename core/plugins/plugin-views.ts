import type { JobSchedule, PluginKind, PluginPermission } from '../plugin-api/index.js';
import type { InstallationStatus } from './installation.model.js';
import type { HistoryEntry, Installation, LastCheck, LastSync } from './installation.repository.js';
import type { CatalogEntry, JsonSchemaDocument } from './plugin-catalog.js';
import type { PluginSecrets, SecretFieldState } from './plugin-secrets.js';

/** An installation as the API shows it: config without secrets, secrets only as "set or not". */
export interface InstallationView {
  readonly id: string;
  readonly pluginId: string;
  readonly version: string;
  readonly enabled: boolean;
  readonly status: InstallationStatus;
  readonly statusMessage: string | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, SecretFieldState>>;
  readonly configVersion: number;
  readonly lastCheck: LastCheck | undefined;
  readonly lastSync: LastSync | undefined;
  readonly consecutiveFailures: number;
  readonly history: readonly HistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A catalog entry with this tenant's installation (or `undefined`). */
export interface PluginSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly kind: PluginKind;
  readonly description: string;
  readonly permissions: readonly PluginPermission[];
  readonly secretFields: readonly string[];
  readonly schedules: Readonly<Record<string, JobSchedule>>;
  readonly installation: InstallationView | undefined;
}

export interface PluginDetail extends PluginSummary {
  readonly configSchema: JsonSchemaDocument;
}

export function toInstallationView(
  entry: CatalogEntry,
  installation: Installation,
  secrets: PluginSecrets,
): InstallationView {
  return {
    id: installation.id,
    pluginId: installation.pluginId,
    version: installation.version,
    enabled: installation.enabled,
    status: installation.status,
    statusMessage: installation.statusMessage,
    config: installation.config,
    secrets: secrets.stateOf(entry.manifest, installation.secretEnvelopes),
    configVersion: installation.configVersion,
    lastCheck: installation.lastCheck,
    lastSync: installation.lastSync,
    consecutiveFailures: installation.failures.consecutive,
    history: installation.history,
    createdAt: installation.createdAt,
    updatedAt: installation.updatedAt,
  };
}

export function toPluginSummary(
  entry: CatalogEntry,
  installation: InstallationView | undefined,
): PluginSummary {
  const { manifest } = entry;
  return {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    kind: manifest.kind,
    description: manifest.description,
    permissions: manifest.permissions,
    secretFields: manifest.secretFields,
    schedules: manifest.schedules,
    installation,
  };
}
