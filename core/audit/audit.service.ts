import { InputError } from '../errors/errors.js';
import { AUDIT_ACTION_PATTERN } from './audit-event.js';
import type { AuditEntry, AuditEventInput, AuditFilter } from './audit-event.js';
import type { AuditLogRepository } from './audit-log.repository.js';
import { sanitizeChanges } from './change-summary.js';
import { toPage } from './paging.js';
import type { Page, PageRequest } from './paging.js';

export interface AuditService {
  /** Appends one entry. Secret-looking change fields are stored as `{redacted: true}`. */
  record(event: AuditEventInput): Promise<AuditEntry>;
  list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

export interface AuditServiceDeps {
  readonly repository: AuditLogRepository;
  readonly now: () => Date;
}

export function createAuditService(deps: AuditServiceDeps): AuditService {
  return {
    async record(event) {
      if (!AUDIT_ACTION_PATTERN.test(event.action)) {
        throw new TypeError(`Audit action "${event.action}" is not area.verb`);
      }
      const { actor, origin } = event.context;
      return deps.repository.insert({
        tenantId: event.tenantId,
        actor: { type: actor.type, id: actor.id, email: actor.email ?? null },
        action: event.action,
        target: { type: event.target.type, id: event.target.id },
        changes: sanitizeChanges(event.changes),
        reason: event.reason ?? null,
        outcome: event.outcome,
        ip: origin.ip ?? null,
        userAgent: origin.userAgent ?? null,
        requestId: origin.requestId ?? null,
        at: deps.now(),
      });
    },
    async list(tenantId, filter, page) {
      if (
        filter.from !== undefined &&
        filter.to !== undefined &&
        Date.parse(filter.from) > Date.parse(filter.to)
      ) {
        throw new InputError('"from" must not be after "to"', { code: 'AUDIT_RANGE_INVALID' });
      }
      return toPage(await deps.repository.list(tenantId, filter, page), page.limit);
    },
  };
}
