import type {
  ApiVersionDeclaration,
  JobSchedule,
  JsonObject,
  PluginKind,
  PluginPermission,
} from '../plugin-api/index.js';
import type { InstallationStatus } from './installation.model.js';
import type { HistoryEntry, Installation, LastCheck, LastSync } from './installation.repository.js';
import type { CatalogEntry, JsonSchemaDocument } from './plugin-catalog.js';
import type { PluginSecrets, SecretFieldState } from './plugin-secrets.js';

/** The external API version a plugin speaks and the whole days (UTC) until its vendor retires it. */
export interface ApiVersionView {
  readonly version: string;
  /** `null` when the vendor publishes no sunset date. */
  readonly sunsetDate: string | null;
  /** Negative once past; `null` without a sunset date. */
  readonly daysLeft: number | null;
}

const DAY_MS = 86_400_000;

function wholeDaysBetween(from: Date, day: string): number {
  const today = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((Date.parse(`${day}T00:00:00Z`) - today) / DAY_MS);
}

function toApiVersionView(
  declared: Pick<ApiVersionDeclaration, 'version' | 'sunsetDate'> | undefined,
  now: Date,
): ApiVersionView | undefined {
  if (declared === undefined) return undefined;
  const { version, sunsetDate } = declared;
  return { version, sunsetDate, daysLeft: sunsetDate === null ? null : wholeDaysBetween(now, sunsetDate) };
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The version an installation really speaks: a plugin whose config may pin another version (Meta)
 * reports `apiVersion` and `apiSunsetDate` in its health details; those count while the check
 * ran on the current config. Otherwise the manifest's declaration.
 */
function installationApiVersion(
  entry: CatalogEntry,
  installation: Installation,
  now: Date,
): ApiVersionView | undefined {
  const check = installation.lastCheck;
  const details: JsonObject | undefined =
    check?.configVersion === installation.configVersion ? check.details : undefined;
  const version = details?.['apiVersion'];
  const sunsetDate = details?.['apiSunsetDate'];
  if (
    typeof version === 'string' &&
    (sunsetDate === null || (typeof sunsetDate === 'string' && DAY_PATTERN.test(sunsetDate)))
  )
    return toApiVersionView({ version, sunsetDate }, now);
  return toApiVersionView(entry.manifest.apiVersion, now);
}

/**
 * Days until the installation's access token expires, from the last check's
 * `tokenExpiresInDays` less the whole days since that check; `null` when not reported (tokens
 * that never expire or are refreshed on their own).
 */
function tokenExpiresInDays(installation: Installation, now: Date): number | null {
  const check = installation.lastCheck;
  const reported = check?.details?.['tokenExpiresInDays'];
  if (check === undefined || typeof reported !== 'number') return null;
  return reported - Math.floor((now.getTime() - check.at.getTime()) / DAY_MS);
}

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
  /** The external API version this installation speaks, with the days left before its sunset. */
  readonly apiVersion: ApiVersionView | undefined;
  /** Days left on the access token as of now (see the last check's details for the source). */
  readonly tokenExpiresInDays: number | null;
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
  /** The external API version the plugin declares (installations may pin another; see theirs). */
  readonly apiVersion: ApiVersionView | undefined;
  readonly installation: InstallationView | undefined;
}

export interface PluginDetail extends PluginSummary {
  readonly configSchema: JsonSchemaDocument;
}

export function toInstallationView(
  entry: CatalogEntry,
  installation: Installation,
  secrets: PluginSecrets,
  now: Date,
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
    apiVersion: installationApiVersion(entry, installation, now),
    tokenExpiresInDays: tokenExpiresInDays(installation, now),
    history: installation.history,
    createdAt: installation.createdAt,
    updatedAt: installation.updatedAt,
  };
}

export function toPluginSummary(
  entry: CatalogEntry,
  installation: InstallationView | undefined,
  now: Date,
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
    apiVersion: toApiVersionView(manifest.apiVersion, now),
    installation,
  };
}
