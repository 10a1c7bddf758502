/** Privacy wired from the composition root: routes, and the daily retention job on `default`. */
import type { Connection } from 'mongoose';
import type { AuditService } from '../audit/audit.service.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { JobService } from '../jobs/job-service.js';
import { keyringFor } from '../security/keyring-store.js';
import { createPhoneProtector } from '../users/phone-protection.js';
import { createPrivacyRepository } from './privacy.repository.js';
import { createPrivacyRoutes } from './privacy.routes.js';
import { createPrivacyService } from './privacy.service.js';
import type { PrivacyService } from './privacy.service.js';

export const RETENTION_JOB = 'privacy.retention';
/** Retention runs for the whole installation; jobs name a tenant, so it runs under this one. */
export const SYSTEM_TENANT = 'system';

export interface PrivacyModule {
  readonly routes: readonly RouteDefinition[];
  readonly service: PrivacyService;
  /** Schedules the daily retention job (call once at start, from a process that runs jobs or enqueues). */
  scheduleRetention(): Promise<void>;
}

export function createPrivacyModule(deps: {
  readonly connection: Connection;
  readonly encryptionKey: string;
  readonly audit: AuditService;
  readonly jobs: JobService;
  readonly now?: () => Date;
}): PrivacyModule {
  const service = createPrivacyService({
    repository: createPrivacyRepository(deps.connection),
    audit: deps.audit,
    phones: createPhoneProtector(
      deps.encryptionKey,
      keyringFor(deps.connection, { encryptionKey: deps.encryptionKey }),
    ),
    now: deps.now ?? (() => new Date()),
  });
  deps.jobs.define({
    name: RETENTION_JOB,
    queue: 'default',
    handler: async () => {
      await service.enforceRetention();
    },
  });
  return {
    routes: createPrivacyRoutes(service),
    service,
    scheduleRetention: async () => {
      await deps.jobs.schedule(
        RETENTION_JOB,
        { cron: '17 3 * * *' },
        { tenantId: SYSTEM_TENANT },
        { uniqueKey: 'retention' },
      );
    },
  };
}
