import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EventBus } from '../events/event-bus.js';
import type { HealthResult } from '../plugin-api/index.js';
import { parseInput } from '../tenants/parse-input.js';
import type { InstallationStatus } from './installation.model.js';
import type { Installation, InstallationRepository, LastCheck } from './installation.repository.js';
import type { InstallationStateWriter } from './installation-state.js';
import type { CatalogEntry, PluginCatalog } from './plugin-catalog.js';
import { pluginErrors } from './plugin-errors.js';
import type { PluginRuntime } from './plugin-runtime.js';
import type { PluginSecrets } from './plugin-secrets.js';
import type { PluginStateRepository } from './plugin-state-store.js';
import { toInstallationView, toPluginSummary } from './plugin-views.js';
import type { InstallationView, PluginDetail, PluginSummary } from './plugin-views.js';
import { installPluginInputSchema, pluginConfigInputSchema, syncInputSchema } from './plugin.schemas.js';
import type { InstallPluginInput, PluginConfigInput, SyncInput } from './plugin.schemas.js';
import type { PluginDataPurger, PluginJobsPort, SyncRequester, SyncStarter, SyncTrigger } from './ports.js';

export interface CheckReport {
  readonly result: HealthResult;
  readonly installation: InstallationView;
}

export interface SyncRequest {
  readonly trigger: SyncTrigger;
  readonly requestedBy: SyncRequester | null;
}

export interface PluginService {
  /** The catalog with this tenant's installation state. */
  list(tenantId: string): Promise<PluginSummary[]>;
  get(tenantId: string, pluginId: string): Promise<PluginDetail>;
  /** 409 `PLUGINS_ALREADY_INSTALLED`; with `config`, configures right away. */
  install(
    tenantId: string,
    pluginId: string,
    input?: InstallPluginInput,
    context?: ActionContext,
  ): Promise<InstallationView>;
  /** 400 `PLUGINS_CONFIG_INVALID` listing `{path, message}` per bad field. */
  configure(
    tenantId: string,
    pluginId: string,
    input: PluginConfigInput,
    context?: ActionContext,
  ): Promise<InstallationView>;
  check(tenantId: string, pluginId: string, context?: ActionContext): Promise<CheckReport>;
  /** Checks first: `auth_error` → 422 `PLUGINS_AUTH_ERROR`, other failures → 422 `PLUGINS_CHECK_FAILED`. */
  enable(tenantId: string, pluginId: string, context?: ActionContext): Promise<InstallationView>;
  disable(tenantId: string, pluginId: string, context?: ActionContext): Promise<InstallationView>;
  /** Keeps synced data unless `purge`. */
  uninstall(
    tenantId: string,
    pluginId: string,
    options: { readonly purge: boolean },
    context?: ActionContext,
  ): Promise<{ readonly purged: number }>;
  /** Queues a sync (also when not enabled); 409 when unconfigured or suspended. */
  sync(
    tenantId: string,
    pluginId: string,
    input: SyncInput,
    request: SyncRequest,
    context?: ActionContext,
  ): Promise<{ readonly runId: string }>;
  /** Ingest reports how a run ended, for `lastSync`. */
  recordSyncResult(
    tenantId: string,
    pluginId: string,
    result: { readonly runId: string; readonly status: string; readonly finishedAt: Date },
  ): Promise<void>;
}

export interface PluginServiceDeps {
  readonly catalog: PluginCatalog;
  readonly repository: InstallationRepository;
  readonly stateRepository: PluginStateRepository;
  readonly secrets: PluginSecrets;
  readonly runtime: PluginRuntime;
  readonly state: InstallationStateWriter;
  readonly jobs: PluginJobsPort;
  readonly syncs: SyncStarter;
  readonly purger: PluginDataPurger;
  readonly audit: AuditService;
  readonly events: EventBus;
  readonly now: () => Date;
}

const CHECK_PASSED = new Set<HealthResult['status']>(['ok', 'degraded']);

export function createPluginService(deps: PluginServiceDeps): PluginService {
  const { catalog, repository, secrets, runtime, state, jobs, now } = deps;

  const entryOf = (pluginId: string): CatalogEntry => {
    const entry = catalog.get(pluginId);
    if (entry === undefined) throw pluginErrors.unknownPlugin(pluginId);
    return entry;
  };
  const installed = async (tenantId: string, pluginId: string) => {
    const entry = entryOf(pluginId);
    const installation = await repository.find(tenantId, pluginId);
    if (installation === undefined) throw pluginErrors.notInstalled(pluginId);
    return { entry, installation };
  };
  const view = (entry: CatalogEntry, installation: Installation) =>
    toInstallationView(entry, installation, secrets, now());
  const refOf = (installation: Installation) => ({
    tenantId: installation.tenantId,
    pluginId: installation.pluginId,
    installationId: installation.id,
  });

  /** Runs the health check and books it: lastCheck, failures and breaker, or the way to `ready`. */
  const runCheck = async (installation: Installation, context: ActionContext) => {
    const outcome = await runtime.check(installation.tenantId, installation.pluginId);
    const lastCheck: LastCheck = {
      status: outcome.result.status,
      message: outcome.result.message,
      details: outcome.result.details,
      at: now(),
      durationMs: outcome.durationMs,
      configVersion: installation.configVersion,
    };
    if (outcome.failure !== undefined || !CHECK_PASSED.has(outcome.result.status)) {
      const code = outcome.failure?.code ?? `PLUGINS_CHECK_${outcome.result.status.toUpperCase()}`;
      const after = await state.recordFailure(installation.tenantId, installation.pluginId, {
        ...(outcome.result.status === 'auth_error' ? { kind: 'auth' as const } : {}),
        code,
        message: outcome.result.message,
        set: { lastCheck },
      });
      return { result: outcome.result, installation: after ?? installation, passed: false };
    }
    const current = (await repository.find(installation.tenantId, installation.pluginId)) ?? installation;
    if (current.status === 'configured' || current.status === 'ready') {
      const after = await state.apply({
        action: 'check',
        from: current,
        to: 'ready',
        context,
        set: { lastCheck, resetFailures: true, statusMessage: null },
        quietUnlessChanged: true,
      });
      return { result: outcome.result, installation: after, passed: true };
    }
    return {
      result: outcome.result,
      installation: await state.recordSuccess(current, { lastCheck }),
      passed: true,
    };
  };

  const configure = async (
    tenantId: string,
    pluginId: string,
    input: PluginConfigInput,
    context: ActionContext,
  ): Promise<InstallationView> => {
    const config = parseInput(pluginConfigInputSchema, input);
    const { entry, installation } = await installed(tenantId, pluginId);
    const prepared = secrets.prepareWrite({
      tenantId,
      manifest: entry.manifest,
      input: config,
      storedSecrets: installation.secretEnvelopes,
    });
    const keepsStatus: readonly InstallationStatus[] = ['enabled', 'disabled', 'suspended'];
    const to: InstallationStatus = keepsStatus.includes(installation.status)
      ? installation.status
      : installation.enabled
        ? 'enabled'
        : 'configured';
    const after = await state.apply({
      action: 'configure',
      from: installation,
      to,
      context,
      set: {
        config: prepared.config,
        secrets: prepared.secrets,
        configVersion: installation.configVersion + 1,
        version: entry.manifest.version,
        ...(installation.status === 'error' || installation.status === 'auth_error'
          ? { statusMessage: null, resetFailures: true }
          : {}),
      },
      condition: { configVersion: installation.configVersion },
      changes: {
        configVersion: { from: installation.configVersion, to: installation.configVersion + 1 },
        secretFields: { to: Object.keys(prepared.secrets).sort().join(',') },
      },
    });
    runtime.invalidate(tenantId, pluginId);
    return view(entry, after);
  };

  return {
    async list(tenantId) {
      const installations = new Map(
        (await repository.listByTenant(tenantId)).map((item) => [item.pluginId, item]),
      );
      return catalog.list().map((entry) => {
        const installation = installations.get(entry.id);
        return toPluginSummary(
          entry,
          installation === undefined ? undefined : view(entry, installation),
          now(),
        );
      });
    },
    async get(tenantId, pluginId) {
      const entry = entryOf(pluginId);
      const installation = await repository.find(tenantId, pluginId);
      return {
        ...toPluginSummary(entry, installation === undefined ? undefined : view(entry, installation), now()),
        configSchema: entry.configJsonSchema,
      };
    },
    async install(tenantId, pluginId, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(installPluginInputSchema, input);
      const entry = entryOf(pluginId);
      // A config given with the install is validated first: a refused config installs nothing.
      if (parsed?.config !== undefined) {
        secrets.prepareWrite({
          tenantId,
          manifest: entry.manifest,
          input: parseInput(pluginConfigInputSchema, parsed.config),
          storedSecrets: {},
        });
      }
      const actor =
        context.actor.type === 'system' ? null : { type: context.actor.type, id: context.actor.id };
      const created = await repository.insert({
        tenantId,
        pluginId,
        version: entry.manifest.version,
        at: now(),
        actor,
      });
      if (created === undefined) throw pluginErrors.alreadyInstalled(pluginId);
      await deps.audit.record({
        tenantId,
        action: 'plugin.install',
        target: { type: 'pluginInstallation', id: created.id },
        outcome: 'success',
        context,
        changes: {
          pluginId: { to: pluginId },
          version: { to: entry.manifest.version },
          status: { to: 'installed' },
        },
      });
      await deps.events
        .publish(tenantId, 'plugin.status', { pluginId, status: 'installed', message: '' })
        .catch(() => undefined);
      if (parsed?.config !== undefined) return configure(tenantId, pluginId, parsed.config, context);
      return view(entry, created);
    },
    configure: (tenantId, pluginId, input, context = SYSTEM_ACTION_CONTEXT) =>
      configure(tenantId, pluginId, input, context),
    async check(tenantId, pluginId, context = SYSTEM_ACTION_CONTEXT) {
      const { entry, installation } = await installed(tenantId, pluginId);
      if (installation.configVersion === 0) throw pluginErrors.notConfigured(pluginId);
      const checked = await runCheck(installation, context);
      return { result: checked.result, installation: view(entry, checked.installation) };
    },
    async enable(tenantId, pluginId, context = SYSTEM_ACTION_CONTEXT) {
      const { entry, installation } = await installed(tenantId, pluginId);
      if (installation.configVersion === 0) throw pluginErrors.notConfigured(pluginId);
      if (installation.status === 'enabled') return view(entry, installation);
      const checked = await runCheck(installation, context);
      if (!checked.passed)
        throw pluginErrors.checkRefused(pluginId, checked.result.status, checked.result.message);
      const current = checked.installation;
      await jobs.scheduleInstallation({ ...refOf(current), schedules: entry.manifest.schedules });
      try {
        const after = await state.apply({
          action: 'enable',
          from: current,
          to: 'enabled',
          context,
          set: { enabled: true, statusMessage: null, resetFailures: true },
        });
        return view(entry, after);
      } catch (error) {
        await jobs.unscheduleInstallation(refOf(current));
        throw error;
      }
    },
    async disable(tenantId, pluginId, context = SYSTEM_ACTION_CONTEXT) {
      const { entry, installation } = await installed(tenantId, pluginId);
      if (installation.status === 'disabled') return view(entry, installation);
      const disableable = installation.enabled || installation.status === 'suspended';
      if (!disableable) throw pluginErrors.invalidTransition(pluginId, 'disable', installation.status);
      await jobs.unscheduleInstallation(refOf(installation));
      const after = await state.apply({
        action: 'disable',
        from: installation,
        to: 'disabled',
        context,
        set: { enabled: false },
      });
      runtime.invalidate(tenantId, pluginId);
      return view(entry, after);
    },
    async uninstall(tenantId, pluginId, options, context = SYSTEM_ACTION_CONTEXT) {
      const { installation } = await installed(tenantId, pluginId);
      await jobs.unscheduleInstallation(refOf(installation));
      runtime.invalidate(tenantId, pluginId);
      let purged = 0;
      if (options.purge) {
        purged += (await deps.purger.purge(refOf(installation))).deleted;
        purged += await deps.stateRepository.deleteAll(tenantId, pluginId);
      }
      await repository.remove(tenantId, pluginId);
      await deps.audit.record({
        tenantId,
        action: 'plugin.uninstall',
        target: { type: 'pluginInstallation', id: installation.id },
        outcome: 'success',
        context,
        changes: {
          pluginId: { to: pluginId },
          status: { from: installation.status, to: null },
          purge: { to: options.purge },
          purgedDocuments: { to: purged },
        },
      });
      await deps.events
        .publish(tenantId, 'plugin.status', { pluginId, status: 'uninstalled', message: '' })
        .catch(() => undefined);
      return { purged };
    },
    async sync(tenantId, pluginId, input, request, context = SYSTEM_ACTION_CONTEXT) {
      const range = parseInput(syncInputSchema, input);
      const { installation } = await installed(tenantId, pluginId);
      if (installation.configVersion === 0) throw pluginErrors.notConfigured(pluginId);
      if (installation.status === 'suspended') throw pluginErrors.suspended(pluginId);
      const { runId } = await deps.syncs.start({
        ...refOf(installation),
        ...(range.from === undefined || range.to === undefined
          ? {}
          : { range: { from: range.from, to: range.to } }),
        trigger: request.trigger,
        requestedBy: request.requestedBy,
      });
      const at = now();
      await repository.update(tenantId, pluginId, {
        at,
        set: { lastSync: { runId, status: 'queued', at, finishedAt: undefined } },
      });
      await deps.audit.record({
        tenantId,
        action: 'plugin.sync',
        target: { type: 'pluginInstallation', id: installation.id },
        outcome: 'success',
        context,
        changes: {
          pluginId: { to: pluginId },
          runId: { to: runId },
          from: { to: range.from ?? null },
          to: { to: range.to ?? null },
        },
      });
      return { runId };
    },
    async recordSyncResult(tenantId, pluginId, result) {
      const installation = await repository.find(tenantId, pluginId);
      if (installation === undefined) return;
      const at = installation.lastSync?.runId === result.runId ? installation.lastSync.at : result.finishedAt;
      await repository.update(tenantId, pluginId, {
        at: now(),
        set: { lastSync: { runId: result.runId, status: result.status, at, finishedAt: result.finishedAt } },
      });
    },
  };
}
