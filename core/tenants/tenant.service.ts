import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { summarizeChanges } from '../audit/change-summary.js';
import { NotFoundError } from '../errors/errors.js';
import { parseInput } from './parse-input.js';
import type { Tenant, TenantRepository } from './tenant.repository.js';
import { createTenantInputSchema, updateTenantInputSchema } from './tenant.schemas.js';
import type { CreateTenantInput, UpdateTenantInput } from './tenant.schemas.js';

const AUDITED_FIELDS = ['name', 'slug', 'currency', 'timezone', 'locale', 'settings'] as const;

export interface TenantService {
  create(input: CreateTenantInput, context?: ActionContext): Promise<Tenant>;
  /** Throws NotFoundError (`TENANTS_NOT_FOUND`) when absent or deleted. */
  get(tenantId: string): Promise<Tenant>;
  findBySlug(slug: string): Promise<Tenant | undefined>;
  update(tenantId: string, input: UpdateTenantInput, context?: ActionContext): Promise<Tenant>;
}

export interface TenantServiceDeps {
  readonly repository: TenantRepository;
  readonly audit: AuditService;
}

const notFound = () => new NotFoundError('Tenant not found', { code: 'TENANTS_NOT_FOUND' });

export function createTenantService(deps: TenantServiceDeps): TenantService {
  const { repository, audit } = deps;
  const get = async (tenantId: string): Promise<Tenant> => {
    const tenant = await repository.findById(tenantId);
    if (tenant === undefined) throw notFound();
    return tenant;
  };
  return {
    async create(input, context = SYSTEM_ACTION_CONTEXT) {
      const tenant = await repository.insert(parseInput(createTenantInputSchema, input));
      await audit.record({
        tenantId: tenant.id,
        action: 'tenant.create',
        target: { type: 'tenant', id: tenant.id },
        outcome: 'success',
        context,
        changes: summarizeChanges(undefined, tenant, AUDITED_FIELDS),
      });
      return tenant;
    },
    get,
    findBySlug: (slug) => repository.findBySlug(slug),
    async update(tenantId, input, context = SYSTEM_ACTION_CONTEXT) {
      const changes = parseInput(updateTenantInputSchema, input);
      const before = await get(tenantId);
      const after = await repository.update(tenantId, changes);
      if (after === undefined) throw notFound();
      await audit.record({
        tenantId,
        action: 'tenant.update',
        target: { type: 'tenant', id: tenantId },
        outcome: 'success',
        context,
        changes: summarizeChanges(before, after, AUDITED_FIELDS),
      });
      return after;
    },
  };
}
