import { z } from 'zod';
import { pluginManifestSchema, satisfiesVersionRange } from '../plugin-api/index.js';
import type { PluginManifest, PluginRegistryEntry } from '../plugin-api/index.js';

/** The host's own version, checked against every manifest's `hostVersionRange`. */
export const STRATUM_HOST_VERSION = '0.1.0';

/** A JSON Schema document (draft 2020-12) as zod produces it. */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/** One installable plugin as the host knows it. */
export interface CatalogEntry {
  readonly id: string;
  readonly manifest: PluginManifest;
  readonly plugin: PluginRegistryEntry;
  /** The config's JSON Schema for the console's form; secret fields are `writeOnly` passwords. */
  readonly configJsonSchema: JsonSchemaDocument;
}

export interface PluginCatalog {
  /** `undefined` for an id the registry does not list. */
  get(pluginId: string): CatalogEntry | undefined;
  /** In registry order. */
  list(): readonly CatalogEntry[];
}

/** The registry cannot be loaded: every problem found, one per line, so one start shows them all. */
export class PluginCatalogError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The plugin registry has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.name = 'PluginCatalogError';
    this.problems = problems;
  }
}

export interface PluginCatalogOptions {
  readonly hostVersion?: string;
}

function configJsonSchemaOf(manifest: PluginManifest): JsonSchemaDocument {
  const schema = z.toJSONSchema(manifest.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const properties = { ...(schema.properties as Record<string, Record<string, unknown>> | undefined) };
  for (const field of manifest.secretFields) {
    properties[field] = { ...properties[field], writeOnly: true, format: 'password' };
  }
  return Object.freeze({ ...schema, properties });
}

function problemsOf(entry: PluginRegistryEntry, hostVersion: string): string[] {
  const id = String((entry as { manifest?: { id?: unknown } }).manifest?.id ?? '(no id)');
  const parsed = pluginManifestSchema.safeParse(entry.manifest);
  if (!parsed.success) {
    return parsed.error.issues.map(
      (issue) => `plugin "${id}": manifest ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  if (typeof entry.setup !== 'function') return [`plugin "${id}": setup is not a function`];
  if (!satisfiesVersionRange(hostVersion, entry.manifest.hostVersionRange)) {
    return [`plugin "${id}": needs host ${entry.manifest.hostVersionRange}, this host is ${hostVersion}`];
  }
  return [];
}

/**
 * Loads the static registry: validates every manifest again (a registry may hold a plugin built
 * without `definePlugin`), refuses duplicate ids and plugins made for another host version, and
 * throws one {@link PluginCatalogError} listing every problem.
 */
export function createPluginCatalog(
  entries: readonly PluginRegistryEntry[],
  options: PluginCatalogOptions = {},
): PluginCatalog {
  const hostVersion = options.hostVersion ?? STRATUM_HOST_VERSION;
  const problems: string[] = [];
  const byId = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    const found = problemsOf(entry, hostVersion);
    if (found.length === 0 && byId.has(entry.manifest.id))
      found.push(`plugin "${entry.manifest.id}": listed more than once`);
    if (found.length === 0) {
      try {
        const configJsonSchema = configJsonSchemaOf(entry.manifest);
        byId.set(entry.manifest.id, {
          id: entry.manifest.id,
          manifest: entry.manifest,
          plugin: entry,
          configJsonSchema,
        });
      } catch (error) {
        found.push(
          `plugin "${entry.manifest.id}": config schema has no JSON Schema (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
    problems.push(...found);
  }
  if (problems.length > 0) throw new PluginCatalogError(problems);
  const list = Object.freeze([...byId.values()]);
  return { get: (pluginId) => byId.get(pluginId), list: () => list };
}
