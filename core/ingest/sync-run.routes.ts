import type { z } from 'zod';
import { requirePrincipal } from '../auth/principal.js';
import { NotFoundError } from '../errors/errors.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import {
  listSyncRunsQuerySchema,
  syncRunIdParamsSchema,
  syncRunListResponseSchema,
  syncRunResponseSchema,
} from './sync-run.schemas.js';
import type { SyncRun, SyncRuns } from './sync-runs.js';

/** The API view of a run: ISO instants, no checkpoint (plugin cursors are internal). */
export function toSyncRunResponse(run: SyncRun): z.input<typeof syncRunResponseSchema> {
  return {
    id: run.id,
    installationId: run.installationId,
    pluginId: run.pluginId,
    trigger: run.trigger,
    range: run.range,
    status: run.status,
    attempt: run.attempt,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    apiCalls: run.apiCalls,
    rows: { ...run.rows },
    invalidRows: run.invalidRows,
    errors: run.errors.map((error) => ({ ...error, at: new Date(error.at).toISOString() })),
    progress: { ...run.progress },
    requestedBy: run.requestedBy,
  };
}

const SYNC_RUNS_READ: Permission = 'sync-runs:read';

export function createSyncRunRoutes(syncRuns: Pick<SyncRuns, 'get' | 'list'>): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/sync-runs',
      summary: "List the tenant's sync runs, newest first",
      tags: ['sync-runs'],
      auth: 'required',
      permission: SYNC_RUNS_READ,
      request: { query: listSyncRunsQuerySchema },
      responses: { 200: syncRunListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await syncRuns.list(requirePrincipal(res).tenantId, query);
        return { status: 200, body: { data: page.data.map(toSyncRunResponse), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sync-runs/:id',
      summary: 'One sync run: status, counters, errors and progress',
      tags: ['sync-runs'],
      auth: 'required',
      permission: SYNC_RUNS_READ,
      request: { params: syncRunIdParamsSchema },
      responses: { 200: syncRunResponseSchema },
      handler: async ({ params, res }) => {
        const run = await syncRuns.get(requirePrincipal(res).tenantId, params.id);
        if (run === undefined) throw new NotFoundError('Sync run not found', { code: 'SYNC_RUN_NOT_FOUND' });
        return { status: 200, body: toSyncRunResponse(run) };
      },
    }),
  ];
}
