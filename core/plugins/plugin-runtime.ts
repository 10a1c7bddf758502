import type { Logger } from 'pino';
import { z } from 'zod';
import { PluginError } from '../plugin-api/index.js';
import type {
  AdsSource,
  CallContext,
  CampaignActions,
  Channel,
  HealthResult,
  JobRun,
  PluginCapabilities,
  PluginContext,
  PluginKind,
  PluginManifest,
  SyncBatch,
  TenantInfo,
} from '../plugin-api/index.js';
import type { Installation, InstallationRepository } from './installation.repository.js';
import type { InstallationStateWriter } from './installation-state.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { buildPluginContext } from './plugin-context.js';
import type { PluginContextDeps } from './plugin-context.js';
import { pluginErrors } from './plugin-errors.js';
import { DEFAULT_PLUGIN_TIMEOUTS_MS, guardPluginCall } from './plugin-guard.js';
import type { CallFailure, GuardedCall, PluginTimeouts } from './plugin-guard.js';
import type { PluginSecrets } from './plugin-secrets.js';
import { scrubSecrets } from './plugin-secrets.js';
import type { Predictor } from '../plugin-api/capabilities/predictor.js';
import { guardedActions, guardedChannel, guardedPredictor } from './guarded-capabilities.js';
import type { GuardedRunner } from './guarded-capabilities.js';

export const healthResultSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'auth_error', 'error']),
    message: z.string().max(2000),
    details: z.record(z.string(), z.json()).optional(),
  })
  .strict();

const syncBatchSchema = z.object({
  rows: z.array(z.unknown()).max(10_000),
  state: z.record(z.string(), z.json()),
  apiCalls: z.number().int().nonnegative(),
});

/** An installation whose plugin has been set up, with the capabilities of its kind. */
export interface OpenedInstallation<TKind extends PluginKind = PluginKind> {
  readonly installation: Installation;
  readonly manifest: PluginManifest<TKind>;
  readonly capabilities: PluginCapabilities<TKind>;
  readonly context: PluginContext;
}

/** What a health check came to, whether the plugin answered or failed. */
export interface CheckOutcome {
  readonly installation: Installation;
  readonly result: HealthResult;
  readonly durationMs: number;
  /** Set when the plugin failed (threw, hung, returned garbage, or its setup did). */
  readonly failure: CallFailure | undefined;
}

export interface PluginRuntime {
  /** Sets the installation's plugin up once per config version (through the guard) and returns it. */
  open(tenantId: string, pluginId: string): Promise<OpenedInstallation>;
  /** Runs the health check through the guard; never throws for a plugin's failure (no accounting here). */
  check(
    tenantId: string,
    pluginId: string,
    options?: { readonly signal?: AbortSignal },
  ): Promise<CheckOutcome>;
  /** The ad-platform source with every call guarded (timeouts, failures counted by the breaker). */
  adsSource(tenantId: string, pluginId: string): Promise<AdsSource>;
  /** The channel of a channel plugin with every call guarded (timeouts, failures counted by the breaker). */
  channel(tenantId: string, pluginId: string): Promise<Channel>;
  /** Campaign actions of an ad-platform plugin, guarded; `undefined` when it offers none. */
  actions(tenantId: string, pluginId: string): Promise<CampaignActions | undefined>;
  /**
   * The predictor of a predictor plugin with every call guarded: failures count in the breaker;
   * the plugin's refusals of a request (`ML_*` codes, e.g. not enough data) are rethrown as they
   * are and do not count, since the plugin answered.
   */
  predictor(tenantId: string, pluginId: string): Promise<Predictor>;
  /** Runs one of the plugin's own jobs (a name from its manifest), guarded. */
  runJob(tenantId: string, pluginId: string, run: JobRun, ctx: CallContext): Promise<void>;
  /** Drops the cached instance (config change, disable, uninstall, suspension). */
  invalidate(tenantId: string, pluginId: string): void;
  /** Drops every instance (shutdown). */
  close(): void;
}

export interface PluginRuntimeDeps extends PluginContextDeps {
  readonly catalog: PluginCatalog;
  readonly repository: InstallationRepository;
  readonly secrets: PluginSecrets;
  readonly state: InstallationStateWriter;
  readonly tenants: { get(tenantId: string): Promise<TenantInfo> };
  readonly timeouts?: Partial<PluginTimeouts> & { readonly job?: number };
}

interface Instance {
  readonly installationId: string;
  readonly configVersion: number;
  readonly opened: Promise<OpenedInstallation>;
  readonly secrets: readonly string[];
  /** Whether the last call succeeded; a success after a failure resets the breaker's count. */
  healthy: boolean;
  dispose(): void;
}

const DEFAULT_JOB_TIMEOUT_MS = 15 * 60_000;

function throwFailure(failure: CallFailure): never {
  throw new PluginError(failure.kind, failure.message, {
    code: failure.code,
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  });
}

/** Sets plugins up per installation and guards every call the host makes into them. */
export function createPluginRuntime(deps: PluginRuntimeDeps): PluginRuntime {
  const timeouts = { ...DEFAULT_PLUGIN_TIMEOUTS_MS, job: DEFAULT_JOB_TIMEOUT_MS, ...deps.timeouts };
  const instances = new Map<string, Instance>();
  const keyOf = (tenantId: string, pluginId: string) => `${tenantId}\u0000${pluginId}`;
  const logger: Logger = deps.logger.child({ component: 'plugin-runtime' });

  const drop = (tenantId: string, pluginId: string) => {
    const key = keyOf(tenantId, pluginId);
    instances.get(key)?.dispose();
    instances.delete(key);
  };
  deps.state.onSuspended((installation) => drop(installation.tenantId, installation.pluginId));

  const loadInstallation = async (tenantId: string, pluginId: string) => {
    const entry = deps.catalog.get(pluginId);
    if (entry === undefined) throw pluginErrors.unknownPlugin(pluginId);
    const installation = await deps.repository.find(tenantId, pluginId);
    if (installation === undefined) throw pluginErrors.notInstalled(pluginId);
    if (installation.configVersion === 0) throw pluginErrors.notConfigured(pluginId);
    return { entry, installation };
  };

  const setUp = async (
    installation: Installation,
    record: boolean,
  ): Promise<{ instance: Instance; opened: OpenedInstallation }> => {
    const { tenantId, pluginId } = installation;
    const key = keyOf(tenantId, pluginId);
    const current = instances.get(key);
    if (current?.installationId === installation.id && current.configVersion === installation.configVersion)
      return { instance: current, opened: await current.opened };
    drop(tenantId, pluginId);
    const entry = deps.catalog.get(pluginId);
    if (entry === undefined) throw pluginErrors.unknownPlugin(pluginId);
    const manifest = entry.manifest;
    const plaintext = deps.secrets.plaintextConfig(tenantId, manifest, {
      config: installation.config,
      secrets: installation.secretEnvelopes,
    });
    const secretValues = manifest.secretFields
      .map((field) => plaintext[field])
      .filter((value): value is string => typeof value === 'string');
    let dispose = () => {};
    const opened = (async (): Promise<OpenedInstallation> => {
      const parsed = manifest.configSchema.safeParse(plaintext);
      if (!parsed.success)
        throw new PluginError('config', 'The stored configuration is not valid for this plugin version', {
          code: 'PLUGINS_CONFIG_STALE',
        });
      const tenant = await deps.tenants.get(tenantId);
      const built = buildPluginContext(deps, {
        manifest,
        installationId: installation.id,
        tenant: { id: tenant.id, slug: tenant.slug, currency: tenant.currency, timezone: tenant.timezone },
        config: parsed.data,
        secrets: secretValues,
      });
      dispose = built.dispose;
      const outcome = await guardPluginCall({
        what: 'setup',
        timeoutMs: timeouts.setup,
        run: () => entry.plugin.setup(built.context),
        validate: z.custom<PluginCapabilities<PluginKind>>(
          (value) => value !== null && typeof value === 'object',
        ),
        secrets: secretValues,
        logger,
      });
      if (!outcome.ok) throwFailure(outcome.failure);
      return { installation, manifest, capabilities: outcome.value, context: built.context };
    })();
    const instance: Instance = {
      installationId: installation.id,
      configVersion: installation.configVersion,
      opened,
      secrets: secretValues,
      healthy:
        installation.failures.consecutive === 0 &&
        installation.status !== 'error' &&
        installation.status !== 'auth_error',
      dispose: () => dispose(),
    };
    instances.set(key, instance);
    try {
      return { instance, opened: await opened };
    } catch (error) {
      if (instances.get(key) === instance) drop(tenantId, pluginId);
      if (record && error instanceof PluginError)
        await deps.state.recordFailure(tenantId, pluginId, {
          kind: error.kind,
          code: error.code,
          message: error.message,
        });
      throw error;
    }
  };

  /** Guards one call; failures are counted by the breaker and rethrown as a PluginError. */
  const guarded = async <T>(
    instance: Instance,
    installation: Installation,
    call: Omit<GuardedCall<T>, 'secrets' | 'logger'>,
  ): Promise<T> => {
    const outcome = await guardPluginCall({ ...call, secrets: instance.secrets, logger });
    if (!outcome.ok) {
      instance.healthy = false;
      await deps.state.recordFailure(installation.tenantId, installation.pluginId, outcome.failure);
      throwFailure(outcome.failure);
    }
    if (!instance.healthy) {
      instance.healthy = true;
      const fresh = await deps.repository.find(installation.tenantId, installation.pluginId);
      if (fresh !== undefined) await deps.state.recordSuccess(fresh);
    }
    return outcome.value;
  };

  /** One capability call of `installation` through `guarded`, validated by `schema`. */
  const runnerOf =
    (instance: Instance, installation: Installation): GuardedRunner =>
    <T>(what: string, ctx: CallContext, schema: z.ZodType, fn: (inner: CallContext) => Promise<T>) =>
      guarded<T>(instance, installation, {
        what,
        timeoutMs: timeouts.call,
        signal: ctx.signal,
        run: (inner) => fn({ ...ctx, signal: inner.signal }),
        validate: schema as unknown as z.ZodType<T>,
      });

  const guardedStream = <TRow>(
    instance: Instance,
    installation: Installation,
    what: string,
    ctx: CallContext,
    make: (streamCtx: CallContext) => AsyncIterable<SyncBatch<TRow, Record<string, unknown>>>,
  ): AsyncIterable<SyncBatch<TRow, Record<string, unknown>>> => ({
    [Symbol.asyncIterator]() {
      const stream = new AbortController();
      const onAbort = () => stream.abort(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const streamCtx: CallContext = {
        signal: stream.signal,
        ...(ctx.runId === undefined ? {} : { runId: ctx.runId }),
      };
      let iterator: AsyncIterator<SyncBatch<TRow, Record<string, unknown>>> | undefined;
      const finish = () => ctx.signal.removeEventListener('abort', onAbort);
      return {
        async next() {
          try {
            const result = await guarded(instance, installation, {
              what,
              timeoutMs: timeouts.call,
              signal: ctx.signal,
              ...(ctx.runId === undefined ? {} : { runId: ctx.runId }),
              run: () => {
                iterator ??= make(streamCtx)[Symbol.asyncIterator]();
                return iterator.next();
              },
              validate: z.union([
                z.object({ done: z.literal(true), value: z.unknown() }),
                z.object({ done: z.literal(false).optional(), value: syncBatchSchema }),
              ]) as z.ZodType<IteratorResult<SyncBatch<TRow, Record<string, unknown>>>>,
            });
            if (result.done === true) finish();
            return result.done === true ? { done: true, value: undefined } : result;
          } catch (error) {
            stream.abort('failed');
            finish();
            throw error;
          }
        },
        async return() {
          finish();
          stream.abort('closed');
          if (iterator?.return !== undefined) {
            const close = iterator.return.bind(iterator);
            await guardPluginCall({ what: `${what} close`, timeoutMs: 1_000, run: () => close() });
          }
          return { done: true, value: undefined };
        },
      };
    },
  });

  const openKind = async <TKind extends PluginKind>(
    tenantId: string,
    pluginId: string,
    kind: TKind,
  ): Promise<{ instance: Instance; opened: OpenedInstallation<TKind> }> => {
    const { installation } = await loadInstallation(tenantId, pluginId);
    const { instance, opened } = await setUp(installation, true);
    if (opened.manifest.kind !== kind)
      throw new PluginError('config', `Plugin "${pluginId}" is not of kind ${kind}`, {
        code: 'PLUGINS_KIND_MISMATCH',
      });
    return { instance, opened: opened as unknown as OpenedInstallation<TKind> };
  };

  return {
    async open(tenantId, pluginId) {
      const { installation } = await loadInstallation(tenantId, pluginId);
      return (await setUp(installation, true)).opened;
    },
    async check(tenantId, pluginId, options = {}) {
      const { installation } = await loadInstallation(tenantId, pluginId);
      let setUpResult: Awaited<ReturnType<typeof setUp>>;
      try {
        setUpResult = await setUp(installation, false);
      } catch (error) {
        if (!(error instanceof PluginError)) throw error;
        const failure: CallFailure = {
          kind: error.kind,
          code: error.code,
          message: error.message,
          retryAfterMs: undefined,
        };
        return { installation, result: { status: 'error', message: error.message }, durationMs: 0, failure };
      }
      const { instance, opened } = setUpResult;
      const health = opened.capabilities.health;
      if (health === undefined)
        return {
          installation,
          result: { status: 'ok', message: 'Set up; the plugin has no health check' },
          durationMs: 0,
          failure: undefined,
        };
      const outcome = await guardPluginCall({
        what: 'check',
        timeoutMs: timeouts.check,
        run: (ctx) => health.check(ctx),
        validate: healthResultSchema as z.ZodType<HealthResult>,
        secrets: instance.secrets,
        logger,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      if (!outcome.ok) {
        instance.healthy = false;
        return {
          installation,
          result: { status: 'error', message: outcome.failure.message },
          durationMs: outcome.durationMs,
          failure: outcome.failure,
        };
      }
      instance.healthy = outcome.value.status === 'ok' || outcome.value.status === 'degraded';
      const result: HealthResult = {
        ...outcome.value,
        message: scrubSecrets(outcome.value.message, instance.secrets),
      };
      return { installation, result, durationMs: outcome.durationMs, failure: undefined };
    },
    async adsSource(tenantId, pluginId) {
      const { instance, opened } = await openKind(tenantId, pluginId, 'ad-platform');
      const source = opened.capabilities.ads;
      const installation = opened.installation;
      const call = { timeoutMs: timeouts.call };
      return {
        listAccounts: (ctx) =>
          guarded(instance, installation, {
            ...call,
            what: 'listAccounts',
            signal: ctx.signal,
            run: (inner) => source.listAccounts({ ...ctx, signal: inner.signal }),
            validate: z.array(z.unknown()) as unknown as z.ZodType<
              Awaited<ReturnType<AdsSource['listAccounts']>>
            >,
          }),
        campaigns: (account, state, ctx) =>
          guardedStream(instance, installation, 'campaigns', ctx, (streamCtx) =>
            source.campaigns(account, state, streamCtx),
          ) as ReturnType<AdsSource['campaigns']>,
        dailyMetrics: (account, range, state, ctx) =>
          guardedStream(instance, installation, 'dailyMetrics', ctx, (streamCtx) =>
            source.dailyMetrics(account, range, state, streamCtx),
          ) as ReturnType<AdsSource['dailyMetrics']>,
      };
    },
    async channel(tenantId, pluginId) {
      const { instance, opened } = await openKind(tenantId, pluginId, 'channel');
      return guardedChannel(runnerOf(instance, opened.installation), opened.capabilities.channel);
    },
    async actions(tenantId, pluginId) {
      const { instance, opened } = await openKind(tenantId, pluginId, 'ad-platform');
      const actions = opened.capabilities.actions;
      if (actions === undefined) return undefined;
      return guardedActions(runnerOf(instance, opened.installation), actions);
    },
    async predictor(tenantId, pluginId) {
      const { instance, opened } = await openKind(tenantId, pluginId, 'predictor');
      return guardedPredictor(
        runnerOf(instance, opened.installation),
        opened.capabilities.predictor,
        instance.secrets,
      );
    },
    async runJob(tenantId, pluginId, run, ctx) {
      const { installation } = await loadInstallation(tenantId, pluginId);
      const { instance, opened } = await setUp(installation, true);
      const jobs = (opened.capabilities as { readonly jobs?: Readonly<Record<string, unknown>> }).jobs;
      const handler = jobs?.[run.jobName];
      if (typeof handler !== 'function')
        throw new PluginError('config', `Plugin "${pluginId}" has no handler for job "${run.jobName}"`, {
          code: 'PLUGINS_JOB_UNKNOWN',
        });
      await guarded(instance, opened.installation, {
        what: `job ${run.jobName}`,
        timeoutMs: timeouts.job,
        signal: ctx.signal,
        runId: run.runId,
        run: (inner) =>
          (handler as (jobRun: JobRun, callCtx: CallContext) => Promise<void>)(run, {
            ...ctx,
            signal: inner.signal,
          }),
      });
    },
    invalidate: drop,
    close() {
      for (const instance of instances.values()) instance.dispose();
      instances.clear();
    },
  };
}
