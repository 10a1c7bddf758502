import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { hashIdentifiers, normaliseEmail, normalisePhoneE164 } from '../conversions/identity-hashing.js';
import type { PhoneProtector } from '../users/phone-protection.js';
import { PERSONAL_DATA_MAP } from './personal-data-map.js';
import type { PersonalDataEntry, SubjectKeys } from './personal-data-map.js';
import type { PlainDocument, PrivacyRepository } from './privacy.repository.js';
import type { DataSubject } from './privacy.schemas.js';

export interface ErasureReport {
  readonly erasureId: string;
  readonly erasedAt: Date;
  readonly collections: Record<string, { deleted: number; redacted: number }>;
}

export interface ExportReport {
  readonly exportedAt: Date;
  readonly collections: Record<string, PlainDocument[]>;
}

export interface RetentionReport {
  readonly removed: Record<string, number>;
  readonly clearedSendData: number;
  readonly tenantsPurged: number;
}

export interface PrivacyService {
  /** Art. 15/20: everything held about the person, as JSON. Audited. */
  export(tenantId: string, subject: DataSubject, context: ActionContext): Promise<ExportReport>;
  /** Art. 17: cascades through the map; idempotent (a second run finds nothing). Audited without the data. */
  erase(tenantId: string, subject: DataSubject, context: ActionContext): Promise<ErasureReport>;
  /** Retention per the map, the send window of clear conversion data, and tenants past their grace period. */
  enforceRetention(): Promise<RetentionReport>;
}

export interface PrivacyServiceDeps {
  readonly repository: PrivacyRepository;
  readonly audit: AuditService;
  readonly phones: PhoneProtector;
  readonly now: () => Date;
  readonly map?: readonly PersonalDataEntry[];
  /** Days after a tenant's deletion before its data is erased (default 30). */
  readonly tenantGraceDays?: number;
  /** Days clear conversion fields may wait for delivery before they are dropped (default 7). */
  readonly sendWindowDays?: number;
}

const DAY_MS = 86_400_000;

function subjectKeys(subject: DataSubject, phones: PhoneProtector): Omit<SubjectKeys, 'userIds'> {
  const email = subject.email === undefined ? undefined : normaliseEmail(subject.email);
  const phone = subject.phone === undefined ? undefined : normalisePhoneE164(subject.phone);
  const hashed = hashIdentifiers({
    email: subject.email,
    phone: subject.phone,
    externalId: subject.externalId,
  });
  return {
    emails: email === undefined ? [] : [email],
    hashes: [
      ...new Set([hashed.email, hashed.emailGoogle, hashed.phoneDigits, hashed.phoneE164, hashed.externalId]),
    ].filter((value): value is string => value !== undefined),
    phoneIndexes: phone === undefined ? [] : [phones.blindIndex(phone)],
  };
}

function decryptPhones(tenantId: string, users: PlainDocument[], phones: PhoneProtector): PlainDocument[] {
  return users.map((user) => {
    if (typeof user.phone !== 'string') return user;
    try {
      return { ...user, phone: phones.open(tenantId, user.phone) };
    } catch {
      return { ...user, phone: '(unreadable)' };
    }
  });
}

export function createPrivacyService(deps: PrivacyServiceDeps): PrivacyService {
  const map = deps.map ?? PERSONAL_DATA_MAP;

  async function resolve(tenantId: string, subject: DataSubject): Promise<SubjectKeys> {
    const keys = { ...subjectKeys(subject, deps.phones), userIds: [] as string[] };
    const usersEntry = map.find((entry) => entry.collection === 'users');
    const filter = usersEntry?.subjectFilter(keys);
    if (filter === undefined) return keys;
    const users = await deps.repository.find('users', tenantId, filter, ['passwordHash']);
    return { ...keys, userIds: users.map((user) => String(user._id)) };
  }

  return {
    async export(tenantId, subject, context) {
      const keys = await resolve(tenantId, subject);
      const collections: Record<string, PlainDocument[]> = {};
      for (const entry of map) {
        const filter = entry.subjectFilter(keys);
        const found =
          filter === undefined
            ? []
            : await deps.repository.find(entry.collection, tenantId, filter, entry.exportOmit ?? []);
        collections[entry.collection] =
          entry.collection === 'users' ? decryptPhones(tenantId, found, deps.phones) : found;
      }
      const exportedAt = deps.now();
      await deps.audit.record({
        tenantId,
        action: 'privacy.export',
        target: { type: 'dataSubject', id: randomUUID() },
        outcome: 'success',
        context,
        changes: Object.fromEntries(
          Object.entries(collections).map(([name, documents]) => [name, { to: documents.length }]),
        ),
      });
      return {
        exportedAt,
        collections: JSON.parse(JSON.stringify(collections)) as Record<string, PlainDocument[]>,
      };
    },

    async erase(tenantId, subject, context) {
      const keys = await resolve(tenantId, subject);
      const collections: Record<string, { deleted: number; redacted: number }> = {};
      // Users last: the other collections are found through the user ids resolved above.
      const ordered = [
        ...map.filter((entry) => entry.collection !== 'users'),
        ...map.filter((entry) => entry.collection === 'users'),
      ];
      for (const entry of ordered) {
        const filter = entry.subjectFilter(keys);
        const counts = { deleted: 0, redacted: 0 };
        if (filter !== undefined) {
          if (entry.erasure.kind === 'delete')
            counts.deleted = await deps.repository.deleteMany(entry.collection, tenantId, filter);
          else
            counts.redacted = await deps.repository.redact(
              entry.collection,
              tenantId,
              filter,
              entry.erasure.fields,
            );
        }
        collections[entry.collection] = counts;
      }
      const erasureId = randomUUID();
      // The trail records that an erasure happened and how much went, never who it was about.
      await deps.audit.record({
        tenantId,
        action: 'privacy.erase',
        target: { type: 'dataSubject', id: erasureId },
        outcome: 'success',
        context,
        changes: Object.fromEntries(
          Object.entries(collections).map(([name, counts]) => [
            name,
            { to: counts.deleted + counts.redacted },
          ]),
        ),
      });
      return { erasureId, erasedAt: deps.now(), collections };
    },

    async enforceRetention() {
      const now = deps.now().getTime();
      const removed: Record<string, number> = {};
      for (const entry of map) {
        if (entry.retention?.enforcedBy !== 'retention-job') continue;
        const { by, days } = entry.retention;
        // `expiresAt`-style fields hold the end already; others hold the start of the period.
        const before = by === 'expiresAt' ? new Date(now) : new Date(now - days * DAY_MS);
        removed[entry.collection] = await deps.repository.deleteOlderThan(entry.collection, by, before);
      }
      const clearedSendData = await deps.repository.updateManyUnscoped(
        'capiEvents',
        {
          clearSealed: { $ne: null },
          receivedAt: { $lt: new Date(now - (deps.sendWindowDays ?? 7) * DAY_MS) },
        },
        { clearSealed: null },
      );
      const tenants = await deps.repository.deletedTenantsBefore(
        new Date(now - (deps.tenantGraceDays ?? 30) * DAY_MS),
      );
      // Past the grace period every tenant-scoped document goes, not only the mapped ones.
      const names = tenants.length === 0 ? [] : await deps.repository.collectionNames();
      for (const tenantId of tenants)
        for (const name of names) await deps.repository.deleteTenantDocuments(name, tenantId);
      return { removed, clearedSendData, tenantsPurged: tenants.length };
    },
  };
}
