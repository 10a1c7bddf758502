import { z } from 'zod';
import { calendarDaySchema } from './records.js';
import { SEMVER_PATTERN, isValidVersionRange } from './semver.js';

/** The kinds of plugin the host knows; each kind has its own capability set (see `PluginCapabilitiesByKind`). */
export const PLUGIN_KINDS = [
  'ad-platform',
  'rules',
  'predictor',
  'competitor-source',
  'channel',
  'conversions',
] as const;

/** One of {@link PLUGIN_KINDS}. */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/**
 * What a plugin may ask the host for; an admin sees the list before installing. The host only
 * wires the parts of the context a plugin declared (e.g. no egress client without `egress:http`).
 */
export const PLUGIN_PERMISSIONS = [
  'accounts:write',
  'campaigns:write',
  'metrics:write',
  'metrics:read',
  'campaigns:act',
  'kpis:read',
  'events:publish',
  'messages:send',
  'egress:http',
] as const;

/** One of {@link PLUGIN_PERMISSIONS}. */
export type PluginPermission = (typeof PLUGIN_PERMISSIONS)[number];

/** The host's job queues; a schedule runs on `default` unless it names another. */
export const JOB_QUEUES = ['sync', 'rules', 'ml', 'intel', 'default'] as const;

/** One of {@link JOB_QUEUES}. */
export type JobQueue = (typeof JOB_QUEUES)[number];

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CRON_FIELD =
  /^(?:\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/\d+)?(?:,(?:\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/\d+)?)*$/;

/** Whether `expression` looks like a 5-field (or 6-field, with seconds) cron expression. */
export function isCronExpression(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((field) => CRON_FIELD.test(field));
}

const queueSchema = z.enum(JOB_QUEUES).optional();

/** A default schedule of one job: a cron expression (host time zone: UTC) or a fixed interval. */
export const jobScheduleSchema = z.union([
  z
    .object({ cron: z.string().refine(isCronExpression, 'Expected a cron expression'), queue: queueSchema })
    .strict(),
  z
    .object({
      everyMs: z
        .number()
        .int()
        .min(60_000)
        .max(31 * 24 * 3_600_000),
      queue: queueSchema,
    })
    .strict(),
]);

/** A job's default schedule. */
export type JobSchedule = z.infer<typeof jobScheduleSchema>;

/**
 * The external API version a plugin speaks and the day its vendor retires it (`null` when none is
 * published); the host shows the days left so admins can plan the plugin update.
 */
export const apiVersionDeclarationSchema = z
  .object({
    version: z.string().min(1).max(40),
    sunsetDate: calendarDaySchema.nullable(),
    source: z.string().max(500).optional(),
  })
  .strict();

/** See {@link apiVersionDeclarationSchema}. */
export type ApiVersionDeclaration = z.infer<typeof apiVersionDeclarationSchema>;

/** Any zod object schema: the shape every plugin configuration has. */
export type ConfigSchema = z.ZodObject;

/**
 * Zod schema of a manifest, checked by `definePlugin` and again by the host when loading the
 * registry. `configSchema` must be a zod object and every `secretFields` entry one of its keys.
 */
export const pluginManifestSchema = z
  .object({
    id: z.string().min(2).max(64).regex(KEBAB_CASE, 'Expected a kebab-case id'),
    name: z.string().trim().min(1).max(100),
    version: z.string().regex(SEMVER_PATTERN, 'Expected a semantic version'),
    kind: z.enum(PLUGIN_KINDS),
    description: z.string().trim().min(1).max(2000),
    configSchema: z.custom<ConfigSchema>(
      (value) => value instanceof z.ZodObject,
      'Expected a zod object schema',
    ),
    secretFields: z.array(z.string().min(1)).readonly(),
    permissions: z.array(z.enum(PLUGIN_PERMISSIONS)).readonly(),
    schedules: z.record(z.string().regex(KEBAB_CASE, 'Expected a kebab-case job name'), jobScheduleSchema),
    hostVersionRange: z.string().refine(isValidVersionRange, 'Expected a version range such as ^0.1.0'),
    apiVersion: apiVersionDeclarationSchema.optional(),
  })
  .strict()
  .superRefine((manifest, issues) => {
    const keys = new Set(Object.keys(manifest.configSchema.shape));
    manifest.secretFields.forEach((field, index) => {
      if (!keys.has(field))
        issues.addIssue({
          code: 'custom',
          path: ['secretFields', index],
          message: `"${field}" is not a config field`,
        });
    });
    if (new Set(manifest.secretFields).size !== manifest.secretFields.length)
      issues.addIssue({ code: 'custom', path: ['secretFields'], message: 'Secret fields must be unique' });
    if (new Set(manifest.permissions).size !== manifest.permissions.length)
      issues.addIssue({ code: 'custom', path: ['permissions'], message: 'Permissions must be unique' });
  });

type ManifestData = z.infer<typeof pluginManifestSchema>;

/** The config keys of a schema that may be declared secret. */
export type ConfigKey<TConfig extends ConfigSchema> = Extract<keyof TConfig['shape'], string>;

/**
 * What a plugin declares about itself: pure data, readable without running any plugin code.
 * Secret fields are encrypted at rest and never returned by the API (write-only; the API only
 * says whether each is set).
 */
export type PluginManifest<
  TKind extends PluginKind = PluginKind,
  TConfig extends ConfigSchema = ConfigSchema,
> = Readonly<Omit<ManifestData, 'kind' | 'configSchema' | 'secretFields' | 'permissions' | 'schedules'>> & {
  /** Which capability set the plugin provides. */
  readonly kind: TKind;
  /** The installation's configuration, validated on every write (the console renders its JSON Schema). */
  readonly configSchema: TConfig;
  /** Keys of `configSchema` holding credentials. */
  readonly secretFields: readonly ConfigKey<TConfig>[];
  /** What the plugin needs from the host. */
  readonly permissions: readonly PluginPermission[];
  /** Default schedule per job name (kebab-case); admins may override per installation. */
  readonly schedules: Readonly<Record<string, JobSchedule>>;
};
