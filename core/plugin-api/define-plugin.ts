import type { z } from 'zod';
import type { CallContext } from './call-context.js';
import type { AdsSource } from './capabilities/ads-source.js';
import type { CampaignActions } from './capabilities/campaign-actions.js';
import type { Channel } from './capabilities/channel.js';
import type { CompetitorSource } from './capabilities/competitor-source.js';
import type { ConversionsSink } from './capabilities/conversions-sink.js';
import type { HealthCheck } from './capabilities/health-check.js';
import type { Predictor } from './capabilities/predictor.js';
import type { RulesEngine } from './capabilities/rules-engine.js';
import type { PluginContext } from './context.js';
import type { JsonObject } from './json.js';
import { pluginManifestSchema } from './manifest.js';
import type { ConfigSchema, PluginKind, PluginManifest } from './manifest.js';

/** One run of a scheduled job (a name from the manifest's `schedules`). */
export interface JobRun {
  readonly jobName: string;
  readonly runId: string;
  readonly data: JsonObject;
}

/** Handlers of the plugin's own jobs, by job name. */
export type JobHandlers = Readonly<Record<string, (run: JobRun, ctx: CallContext) => Promise<void>>>;

/** What `setup` returns, by plugin kind. `jobs` handles the manifest's schedules (sync jobs of ad platforms are the host's). */
export interface PluginCapabilitiesByKind {
  'ad-platform': {
    readonly health: HealthCheck;
    readonly ads: AdsSource;
    readonly actions?: CampaignActions;
    readonly jobs?: JobHandlers;
  };
  rules: { readonly health?: HealthCheck; readonly jobs: JobHandlers; readonly engine?: RulesEngine };
  predictor: { readonly health?: HealthCheck; readonly predictor: Predictor; readonly jobs?: JobHandlers };
  'competitor-source': {
    readonly health: HealthCheck;
    readonly competitors: CompetitorSource;
    readonly jobs?: JobHandlers;
  };
  channel: { readonly health: HealthCheck; readonly channel: Channel; readonly jobs?: JobHandlers };
  conversions: {
    readonly health: HealthCheck;
    readonly conversions: ConversionsSink;
    readonly jobs?: JobHandlers;
  };
}

/** The capabilities a plugin of kind `TKind` provides. */
export type PluginCapabilities<TKind extends PluginKind> = PluginCapabilitiesByKind[TKind];

/**
 * A plugin: its manifest and a `setup` the host calls once per installation (tenant) with that
 * installation's context; `setup` must not do I/O beyond what the context offers.
 */
export interface PluginDefinition<
  TKind extends PluginKind = PluginKind,
  TConfig extends ConfigSchema = ConfigSchema,
> {
  readonly manifest: PluginManifest<TKind, TConfig>;
  /** Builds the installation's capabilities. Declared as a method so registries can hold plugins of any config. */
  setup(
    ctx: PluginContext<z.output<TConfig>>,
  ): PluginCapabilities<TKind> | Promise<PluginCapabilities<TKind>>;
}

/**
 * A plugin of kind `TKind` with its configuration type erased, as the host holds it: the host
 * parses the config with `manifest.configSchema` before calling `setup`, which is what makes
 * the erased type safe.
 */
export interface RegisteredPlugin<TKind extends PluginKind = PluginKind> {
  readonly manifest: PluginManifest<TKind, ConfigSchema>;
  setup(ctx: PluginContext): PluginCapabilities<TKind> | Promise<PluginCapabilities<TKind>>;
}

/** An entry of the static registry `plugins/index.ts`: a plugin of any kind, narrowed by `manifest.kind`. */
export type PluginRegistryEntry = { [TKind in PluginKind]: RegisteredPlugin<TKind> }[PluginKind];

/** Thrown by {@link definePlugin} when a manifest is invalid: a programming error of the plugin. */
export class PluginManifestError extends Error {
  /** One line per problem, `path: message`. */
  readonly problems: readonly string[];

  constructor(pluginId: string, problems: readonly string[]) {
    super(`Invalid manifest of plugin "${pluginId}": ${problems.join('; ')}`);
    this.name = 'PluginManifestError';
    this.problems = problems;
  }
}

/**
 * Declares a plugin, checking its manifest at once so a broken plugin fails its own tests rather
 * than the host's start. Returns the definition unchanged (frozen), with its types inferred.
 */
export function definePlugin<TKind extends PluginKind, TConfig extends ConfigSchema>(
  definition: PluginDefinition<TKind, TConfig>,
): PluginDefinition<TKind, TConfig> {
  const result = pluginManifestSchema.safeParse(definition.manifest);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(manifest)'}: ${issue.message}`,
    );
    throw new PluginManifestError(String(definition.manifest.id), problems);
  }
  return Object.freeze(definition);
}
