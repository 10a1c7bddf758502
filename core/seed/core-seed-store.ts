/** The demo seed's store, backed by the real tenant and user services (so it is validated and audited). */
import type { Connection } from 'mongoose';
import type { ActionContext } from '../audit/audit-event.js';
import { ConflictError } from '../errors/errors.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { TenantService } from '../tenants/tenant.service.js';
import type { UserService } from '../users/user.service.js';
import type { DemoSeedStore } from './demo-seed.js';

/** How seeded changes appear in the audit log. */
export const SEED_ACTION_CONTEXT: ActionContext = Object.freeze({
  actor: Object.freeze({ type: 'system', id: 'demo-seed' }),
  origin: Object.freeze({}),
});

export interface CoreSeedStoreDeps {
  readonly services: { readonly tenants: TenantService; readonly users: UserService };
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
}

export function createCoreSeedStore(deps: CoreSeedStoreDeps): DemoSeedStore {
  const { tenants, users } = deps.services;
  return {
    async hasAnyTenant() {
      // Counts soft-deleted tenants too, which the service hides: deleting the demo must not
      // bring it back at the next start.
      const db = deps.connection.db;
      if (db === undefined) throw new Error('The database connection is not open');
      return (await db.collection('tenants').countDocuments({}, { limit: 1 })) > 0;
    },
    async findTenantIdBySlug(slug) {
      return (await tenants.findBySlug(slug))?.id;
    },
    async createTenant(tenant) {
      return (await tenants.create(tenant, SEED_ACTION_CONTEXT)).id;
    },
    async createUserUnlessExists({ tenantId, ...user }) {
      try {
        await deps.tenantContext.run({ tenantId }, () => users.create(tenantId, user, SEED_ACTION_CONTEXT));
        return true;
      } catch (error) {
        if (error instanceof ConflictError && error.code === 'USERS_EMAIL_TAKEN') return false;
        throw error;
      }
    },
  };
}
