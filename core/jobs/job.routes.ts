import type { z } from 'zod';
import { requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { JobService, JobSummary } from './job-service.js';
import {
  jobIdParamsSchema,
  jobListResponseSchema,
  jobSummaryResponseSchema,
  listJobsQuerySchema,
} from './job.schemas.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toJobResponse(job: JobSummary): z.input<typeof jobSummaryResponseSchema> {
  return {
    id: job.id,
    name: job.name,
    queue: job.queue,
    status: job.status,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    lastRunAt: iso(job.lastRunAt),
    nextRunAt: iso(job.nextRunAt),
    failedAt: iso(job.failedAt),
    failReason: job.failReason,
    createdAt: job.createdAt.toISOString(),
  };
}

const JOBS_READ: Permission = 'jobs:read';
// Re-running work is an admin's act on the tenant's plugins, not a read.
const JOBS_RETRY: Permission = 'plugins:manage';

export function createJobRoutes(jobs: JobService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/jobs',
      summary: "List the tenant's background jobs, e.g. the failed ones (`status=failed`)",
      tags: ['jobs'],
      auth: 'required',
      permission: JOBS_READ,
      request: { query: listJobsQuerySchema },
      responses: { 200: jobListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await jobs.list({ tenantId: requirePrincipal(res).tenantId, ...query });
        return { status: 200, body: { data: page.data.map(toJobResponse), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/jobs/:id/retry',
      summary: 'Re-queue a failed job',
      tags: ['jobs'],
      auth: 'required',
      permission: JOBS_RETRY,
      request: { params: jobIdParamsSchema },
      responses: { 200: jobSummaryResponseSchema },
      handler: async ({ params, res }) => {
        const job = await jobs.retry(requirePrincipal(res).tenantId, params.id);
        return { status: 200, body: toJobResponse(job) };
      },
    }),
  ];
}
