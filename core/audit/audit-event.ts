import { z } from 'zod';

export const AUDIT_ACTOR_TYPES = ['user', 'apiKey', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** Who did it. `email` only for users, so an admin can read the trail without joins. */
export interface AuditActor {
  readonly type: AuditActorType;
  readonly id: string;
  readonly email?: string | undefined;
}

/** Where a request came from. */
export interface RequestOrigin {
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly requestId?: string | undefined;
}

/** Who acts and from where: passed by routes (and the CLI) to every service call that changes data. */
export interface ActionContext {
  readonly actor: AuditActor;
  readonly origin: RequestOrigin;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ type: 'system', id: 'system' });
export const SYSTEM_ACTION_CONTEXT: ActionContext = Object.freeze({ actor: SYSTEM_ACTOR, origin: {} });

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Actions the core host records; later issues add their own (`campaign.update`, `plugin.install`). */
export const CORE_AUDIT_ACTIONS = [
  'auth.login',
  'auth.refresh',
  'auth.refresh_reuse',
  'auth.logout',
  'tenant.create',
  'tenant.update',
  'user.create',
  'user.update',
  'user.deactivate',
  'apiKey.create',
  'apiKey.revoke',
] as const;
export type CoreAuditAction = (typeof CORE_AUDIT_ACTIONS)[number];

/** `area.verb` (`user.create`, `auth.refresh_reuse`). */
export const AUDIT_ACTION_PATTERN = /^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9_]*)+$/;

export type AuditScalar = string | number | boolean | null;

/** One changed field: old and new values, or only the fact it changed when the value is personal or secret. */
export type AuditFieldChange =
  { readonly from?: AuditScalar; readonly to?: AuditScalar } | { readonly redacted: true };

export type AuditChanges = Readonly<Record<string, AuditFieldChange>>;

export interface AuditTarget {
  readonly type: string;
  readonly id: string;
}

export interface AuditEventInput {
  readonly tenantId: string;
  readonly action: string;
  readonly target: AuditTarget;
  readonly outcome: AuditOutcome;
  readonly context: ActionContext;
  readonly changes?: AuditChanges | undefined;
  /** A stable code saying why a failure failed (`AUTH_INVALID_CREDENTIALS`). */
  readonly reason?: string | undefined;
}

export interface AuditEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly target: AuditTarget;
  readonly changes: AuditChanges;
  readonly reason: string | undefined;
  readonly outcome: AuditOutcome;
  readonly ip: string | undefined;
  readonly userAgent: string | undefined;
  readonly requestId: string | undefined;
  readonly at: Date;
}

export const auditFilterSchema = z.object({
  actorType: z.enum(AUDIT_ACTOR_TYPES).optional(),
  actorId: z.string().min(1).max(64).optional(),
  action: z.string().regex(AUDIT_ACTION_PATTERN).max(64).optional(),
  targetType: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/)
    .optional(),
  targetId: z.string().min(1).max(64).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;
