import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { summarizeChanges } from '../audit/change-summary.js';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import type { Cache } from '../cache/cache.js';
import { ConflictError, NotFoundError } from '../errors/errors.js';
import type { Role } from '../security/access-tokens.js';
import type { PasswordHasher } from '../security/passwords.js';
import { parseInput } from '../tenants/parse-input.js';
import type { TenantService } from '../tenants/tenant.service.js';
import type { PhoneProtector } from './phone-protection.js';
import type { StoredUser, UserChanges, UserRepository } from './user.repository.js';
import { createUserInputSchema, phoneSchema, updateUserInputSchema } from './user.schemas.js';
import type { CreateUserInput, UpdateUserInput } from './user.schemas.js';

/** A user as services and routes see it: the phone decrypted, no password hash. */
export interface User {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly role: Role;
  readonly name: string;
  readonly locale: string;
  readonly phone: string | undefined;
  readonly deactivatedAt: Date | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What authentication checks on every request; cached briefly, dropped on every change. */
export interface UserAuthState {
  readonly active: boolean;
  readonly role: Role;
  readonly email: string;
  /** The same snapshot as a `User` (what `current` returns), revealed only when called. */
  readonly profile: () => User;
}

export interface UserService {
  create(tenantId: string, input: CreateUserInput, context?: ActionContext): Promise<User>;
  list(
    tenantId: string,
    filter: { readonly role?: Role | undefined },
    page: PageRequest,
  ): Promise<Page<User>>;
  get(tenantId: string, userId: string): Promise<User>;
  update(tenantId: string, userId: string, input: UpdateUserInput, context?: ActionContext): Promise<User>;
  /** Deactivated users cannot sign in; their sessions are revoked. The last active admin cannot go. */
  deactivate(tenantId: string, userId: string, context?: ActionContext): Promise<void>;
  authState(tenantId: string, userId: string): Promise<UserAuthState | null>;
  /** The user as `get` returns it, served from the short-lived auth-state cache (for `/me`). */
  current(tenantId: string, userId: string): Promise<User>;
  /** Active users with this number, in any tenant (channels such as WhatsApp). */
  findByPhone(phone: string): Promise<User[]>;
}

export interface UserServiceDeps {
  readonly repository: UserRepository;
  readonly tenants: TenantService;
  readonly audit: AuditService;
  readonly cache: Cache;
  readonly passwords: PasswordHasher;
  readonly phones: PhoneProtector;
  /** Revokes every refresh token of a user (owned by the auth module). */
  readonly revokeSessions: (tenantId: string, userId: string) => Promise<void>;
  readonly now: () => Date;
}

const AUTH_STATE_TTL_MS = 30_000;
const AUDITED_FIELDS = ['email', 'role', 'name', 'locale', 'phone', 'deactivatedAt'] as const;
const PERSONAL_FIELDS = ['phone'] as const;

type CachedUser = Omit<StoredUser, 'deactivatedAt' | 'createdAt' | 'updatedAt'> & {
  readonly deactivatedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

const toCacheEntry = (stored: StoredUser): CachedUser => ({
  ...stored,
  deactivatedAt: stored.deactivatedAt?.toISOString() ?? null,
  createdAt: stored.createdAt.toISOString(),
  updatedAt: stored.updatedAt.toISOString(),
});

const fromCacheEntry = (entry: CachedUser): StoredUser => ({
  ...entry,
  deactivatedAt: entry.deactivatedAt === null ? undefined : new Date(entry.deactivatedAt),
  createdAt: new Date(entry.createdAt),
  updatedAt: new Date(entry.updatedAt),
});

const notFound = () => new NotFoundError('User not found', { code: 'USERS_NOT_FOUND' });
const authStateKey = (tenantId: string, userId: string) => ({
  tenantId,
  key: `users:auth-state:${userId}`,
  versioned: false,
});

export function createUserService(deps: UserServiceDeps): UserService {
  const { repository, audit, cache, phones } = deps;

  const reveal = (stored: StoredUser): User => {
    const { phoneEnvelope, ...rest } = stored;
    return {
      ...rest,
      phone: phoneEnvelope === undefined ? undefined : phones.open(stored.tenantId, phoneEnvelope),
    };
  };

  const load = async (tenantId: string, userId: string): Promise<StoredUser> => {
    const stored = await repository.findById(tenantId, userId);
    if (stored === undefined) throw notFound();
    return stored;
  };

  // Cached as stored (the phone still sealed), so neither memory nor Redis holds it in clear.
  const cachedUser = async (tenantId: string, userId: string): Promise<StoredUser | null> => {
    const entry = await cache.wrap(authStateKey(tenantId, userId), AUTH_STATE_TTL_MS, async () => {
      const stored = await repository.findById(tenantId, userId);
      return stored === undefined ? null : toCacheEntry(stored);
    });
    return entry === null ? null : fromCacheEntry(entry);
  };

  const keepLastAdmin = async (user: StoredUser, nextRole: Role | undefined, leaving: boolean) => {
    const losesAdmin =
      user.role === 'admin' && user.deactivatedAt === undefined && (leaving || nextRole !== 'admin');
    if (losesAdmin && (await repository.countActiveAdmins(user.tenantId)) <= 1) {
      throw new ConflictError('The last active admin of a tenant cannot be demoted or deactivated', {
        code: 'USERS_LAST_ADMIN',
      });
    }
  };

  const audited = (
    action: 'user.create' | 'user.update' | 'user.deactivate',
    before: User | undefined,
    after: User,
    context: ActionContext,
  ) =>
    audit.record({
      tenantId: after.tenantId,
      action,
      target: { type: 'user', id: after.id },
      outcome: 'success',
      context,
      changes: summarizeChanges(before, after, AUDITED_FIELDS, PERSONAL_FIELDS),
    });

  return {
    async create(tenantId, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(createUserInputSchema, input);
      const tenant = await deps.tenants.get(tenantId);
      const user = reveal(
        await repository.insert({
          tenantId: tenant.id,
          email: parsed.email,
          passwordHash: await deps.passwords.hash(parsed.password),
          role: parsed.role,
          name: parsed.name,
          locale: parsed.locale ?? tenant.locale,
          phone: parsed.phone === undefined ? undefined : phones.seal(tenant.id, parsed.phone),
        }),
      );
      await audited('user.create', undefined, user, context);
      return user;
    },
    async list(tenantId, filter, page) {
      const rows = await repository.list(tenantId, filter, page);
      return toPage(rows.map(reveal), page.limit);
    },
    get: async (tenantId, userId) => reveal(await load(tenantId, userId)),
    async update(tenantId, userId, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(updateUserInputSchema, input);
      const before = await load(tenantId, userId);
      if (parsed.role !== undefined) await keepLastAdmin(before, parsed.role, false);
      const changes: UserChanges = {
        ...(parsed.role === undefined ? {} : { role: parsed.role }),
        ...(parsed.name === undefined ? {} : { name: parsed.name }),
        ...(parsed.locale === undefined ? {} : { locale: parsed.locale }),
        ...(parsed.phone === undefined
          ? {}
          : { phone: parsed.phone === null ? null : phones.seal(tenantId, parsed.phone) }),
      };
      const after = await repository.update(tenantId, userId, changes);
      if (after === undefined) throw notFound();
      await cache.delete(authStateKey(tenantId, userId));
      const user = reveal(after);
      await audited('user.update', reveal(before), user, context);
      return user;
    },
    async deactivate(tenantId, userId, context = SYSTEM_ACTION_CONTEXT) {
      const before = await load(tenantId, userId);
      if (before.deactivatedAt !== undefined) return;
      await keepLastAdmin(before, undefined, true);
      const after = await repository.update(tenantId, userId, { deactivatedAt: deps.now() });
      if (after === undefined) throw notFound();
      await cache.delete(authStateKey(tenantId, userId));
      await deps.revokeSessions(tenantId, userId);
      await audited('user.deactivate', reveal(before), reveal(after), context);
    },
    async authState(tenantId, userId) {
      const cached = await cachedUser(tenantId, userId);
      if (cached === null) return null;
      return {
        active: cached.deactivatedAt === undefined,
        role: cached.role,
        email: cached.email,
        profile: () => reveal(cached),
      };
    },
    async current(tenantId, userId) {
      const cached = await cachedUser(tenantId, userId);
      if (cached === null) throw notFound();
      return reveal(cached);
    },
    async findByPhone(phone) {
      const valid = phoneSchema.safeParse(phone);
      if (!valid.success) return [];
      return (await repository.findByPhoneBlindIndex(phones.blindIndex(valid.data))).map(reveal);
    },
  };
}
