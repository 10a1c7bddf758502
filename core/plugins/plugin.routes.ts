import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { InstallationView, PluginSummary } from './plugin-views.js';
import {
  checkResponseSchema,
  installationResponseSchema,
  installPluginInputSchema,
  pluginConfigInputSchema,
  pluginDetailResponseSchema,
  pluginIdParamsSchema,
  pluginListResponseSchema,
  syncInputSchema,
  syncStartedResponseSchema,
  uninstallQuerySchema,
} from './plugin.schemas.js';
import type { pluginSummaryResponseSchema } from './plugin.schemas.js';
import type { PluginService } from './plugin.service.js';

const READ: Permission = 'plugins:read';
const MANAGE: Permission = 'plugins:manage';
const SYNC: Permission = 'plugins:sync';
const TAGS = ['plugins'] as const;

export function toInstallationResponse(
  installation: InstallationView,
): z.input<typeof installationResponseSchema> {
  return {
    id: installation.id,
    pluginId: installation.pluginId,
    version: installation.version,
    enabled: installation.enabled,
    status: installation.status,
    statusMessage: installation.statusMessage ?? null,
    config: { ...installation.config },
    secrets: { ...installation.secrets },
    configVersion: installation.configVersion,
    lastCheck:
      installation.lastCheck === undefined
        ? null
        : {
            status: installation.lastCheck.status,
            message: installation.lastCheck.message,
            ...(installation.lastCheck.details === undefined
              ? {}
              : { details: installation.lastCheck.details }),
            at: installation.lastCheck.at.toISOString(),
            durationMs: installation.lastCheck.durationMs,
            configVersion: installation.lastCheck.configVersion,
          },
    lastSync:
      installation.lastSync === undefined
        ? null
        : {
            runId: installation.lastSync.runId,
            status: installation.lastSync.status,
            at: installation.lastSync.at.toISOString(),
            finishedAt: installation.lastSync.finishedAt?.toISOString() ?? null,
          },
    consecutiveFailures: installation.consecutiveFailures,
    apiVersion: installation.apiVersion ?? null,
    tokenExpiresInDays: installation.tokenExpiresInDays,
    history: installation.history.map((entry) => ({
      at: entry.at.toISOString(),
      action: entry.action,
      from: entry.from,
      to: entry.to,
      actor: entry.actor,
      message: entry.message ?? null,
    })),
    createdAt: installation.createdAt.toISOString(),
    updatedAt: installation.updatedAt.toISOString(),
  };
}

export function toPluginSummaryResponse(summary: PluginSummary): z.input<typeof pluginSummaryResponseSchema> {
  return {
    id: summary.id,
    name: summary.name,
    version: summary.version,
    kind: summary.kind,
    description: summary.description,
    permissions: [...summary.permissions],
    secretFields: [...summary.secretFields],
    schedules: { ...summary.schedules },
    apiVersion: summary.apiVersion ?? null,
    installation: summary.installation === undefined ? null : toInstallationResponse(summary.installation),
  };
}

/** `/plugins…`: always the principal's tenant; another tenant's installation is simply not there (404). */
export function createPluginRoutes(plugins: PluginService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/plugins',
      summary: "The plugin catalog with this tenant's installation state",
      tags: TAGS,
      auth: 'required',
      permission: READ,
      responses: { 200: pluginListResponseSchema },
      handler: async ({ res }) => {
        const list = await plugins.list(requirePrincipal(res).tenantId);
        return { status: 200, body: { data: list.map(toPluginSummaryResponse), nextCursor: null } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/plugins/:id',
      summary: 'One plugin: manifest, config JSON Schema, installation, history, last check and sync',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: pluginIdParamsSchema },
      responses: { 200: pluginDetailResponseSchema },
      handler: async ({ params, res }) => {
        const detail = await plugins.get(requirePrincipal(res).tenantId, params.id);
        return {
          status: 200,
          body: { ...toPluginSummaryResponse(detail), configSchema: { ...detail.configSchema } },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/plugins/:id/install',
      summary: 'Install a plugin for this tenant (optionally with its config)',
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema, body: installPluginInputSchema },
      responses: { 201: installationResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const installation = await plugins.install(principal.tenantId, route.params.id, route.body, context);
        return { status: 201, body: toInstallationResponse(installation) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/plugins/:id/config',
      summary: 'Replace the config; secret fields: omit to keep, a string to replace, null to clear',
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema, body: pluginConfigInputSchema },
      responses: { 200: installationResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const installation = await plugins.configure(
          principal.tenantId,
          route.params.id,
          route.body,
          context,
        );
        return { status: 200, body: toInstallationResponse(installation) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/plugins/:id/check',
      summary: "Run the plugin's health check",
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema },
      responses: { 200: checkResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const report = await plugins.check(principal.tenantId, route.params.id, context);
        return {
          status: 200,
          body: { ...report.result, installation: toInstallationResponse(report.installation) },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/plugins/:id/enable',
      summary: 'Check, then enable the plugin and schedule its jobs',
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema },
      responses: { 200: installationResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const installation = await plugins.enable(principal.tenantId, route.params.id, context);
        return { status: 200, body: toInstallationResponse(installation) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/plugins/:id/disable',
      summary: 'Disable the plugin and unschedule its jobs',
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema },
      responses: { 200: installationResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const installation = await plugins.disable(principal.tenantId, route.params.id, context);
        return { status: 200, body: toInstallationResponse(installation) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/plugins/:id',
      summary: 'Uninstall; synced data is kept unless purge=true',
      tags: TAGS,
      auth: 'required',
      permission: MANAGE,
      request: { params: pluginIdParamsSchema, query: uninstallQuerySchema },
      responses: { 204: null },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        await plugins.uninstall(principal.tenantId, route.params.id, { purge: route.query.purge }, context);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/plugins/:id/sync',
      summary: 'Queue a sync of the installation (inclusive days, at most 800)',
      tags: TAGS,
      auth: 'required',
      permission: SYNC,
      request: { params: pluginIdParamsSchema, body: syncInputSchema.optional() },
      responses: { 202: syncStartedResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const started = await plugins.sync(
          principal.tenantId,
          route.params.id,
          route.body ?? {},
          { trigger: 'manual', requestedBy: { type: context.actor.type, id: context.actor.id } },
          context,
        );
        return { status: 202, body: { runId: started.runId } };
      },
    }),
  ];
}
