/**
 * The tenant (and actor) of the work in progress, carried through async calls by
 * AsyncLocalStorage from the auth middleware (or a job, or the CLI) down to the data layer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type TenantId = string;
export type UserId = string;

export interface TenantScope {
  readonly tenantId: TenantId;
  readonly userId?: UserId;
  readonly role?: string;
  readonly requestId?: string;
}

/** One per app instance (two apps in one process keep separate contexts). */
export class TenantContext {
  private readonly storage = new AsyncLocalStorage<TenantScope | null>();

  /** Runs `work` with `scope` as the current tenant. */
  run<T>(scope: TenantScope, work: () => T): T {
    return this.storage.run(scope, work);
  }

  /**
   * Runs `work` with no tenant on purpose (migrations, cross-tenant admin jobs): tenant-scoped
   * models then require an explicit `tenantId` in every filter.
   */
  runUnscoped<T>(work: () => T): T {
    return this.storage.run(null, work);
  }

  current(): TenantScope | undefined {
    return this.storage.getStore() ?? undefined;
  }
}
