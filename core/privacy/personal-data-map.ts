/**
 * The personal-data map (GDPR Art. 30 record, in code): every collection that holds personal
 * data, which fields, why, how long, and how a data subject's documents are found. Export and
 * erasure walk this list, so a collection added here is covered by both at once.
 */

/** The keys a data subject is looked up by, derived from what the request names. */
export interface SubjectKeys {
  /** Lower-cased, trimmed. */
  readonly emails: readonly string[];
  /** SHA-256 variants as conversions store them (standard, Google, phone digits/E.164, external id). */
  readonly hashes: readonly string[];
  /** HMAC blind indexes of the phone number (users, WhatsApp peers). */
  readonly phoneIndexes: readonly string[];
  /** Ids of the tenant's users that matched (filled after the `users` lookup). */
  readonly userIds: readonly string[];
}

export type FieldKind = 'direct' | 'encrypted' | 'hashed' | 'blind-index' | 'pseudonymous';

export interface PersonalField {
  readonly path: string;
  readonly kind: FieldKind;
  readonly purpose: string;
}

/** What erasure does to a matching document: delete it, or blank the listed fields (append-only logs). */
export type ErasureAction =
  { readonly kind: 'delete' } | { readonly kind: 'redact'; readonly fields: readonly string[] };

export interface PersonalDataEntry {
  readonly collection: string;
  readonly fields: readonly PersonalField[];
  readonly retention: {
    readonly days: number;
    readonly by: string;
    readonly enforcedBy: 'ttl-index' | 'retention-job';
  } | null;
  /** Mongo filter (without tenantId) of the subject's documents; `undefined` when no key applies. */
  readonly subjectFilter: (keys: SubjectKeys) => Record<string, unknown> | undefined;
  readonly erasure: ErasureAction;
  /** Fields never exported (secrets such as password hashes). */
  readonly exportOmit?: readonly string[];
}

const anyOf = (clauses: (Record<string, unknown> | undefined)[]) => {
  const present = clauses.filter((clause): clause is Record<string, unknown> => clause !== undefined);
  return present.length === 0 ? undefined : { $or: present };
};
const inList = (path: string, values: readonly string[]) =>
  values.length === 0 ? undefined : { [path]: { $in: [...values] } };

export const CAPI_HASH_FIELDS = ['email', 'emailGoogle', 'phoneDigits', 'phoneE164', 'externalId'] as const;

export const PERSONAL_DATA_MAP: readonly PersonalDataEntry[] = [
  {
    collection: 'users',
    fields: [
      { path: 'email', kind: 'direct', purpose: 'sign-in and notifications' },
      { path: 'name', kind: 'direct', purpose: 'shown in the console' },
      { path: 'phone', kind: 'encrypted', purpose: 'links WhatsApp to the user' },
      {
        path: 'phoneBlindIndex',
        kind: 'blind-index',
        purpose: 'finds the user of an inbound WhatsApp number',
      },
    ],
    retention: null,
    subjectFilter: (keys) =>
      anyOf([inList('email', keys.emails), inList('phoneBlindIndex', keys.phoneIndexes)]),
    erasure: { kind: 'delete' },
    exportOmit: ['passwordHash'],
  },
  {
    collection: 'refreshTokens',
    fields: [{ path: 'userId', kind: 'pseudonymous', purpose: 'sessions' }],
    retention: { days: 30, by: 'expiresAt', enforcedBy: 'retention-job' },
    subjectFilter: (keys) => inList('userId', keys.userIds),
    erasure: { kind: 'delete' },
    exportOmit: ['tokenHash'],
  },
  {
    collection: 'conversations',
    fields: [
      { path: 'userId', kind: 'pseudonymous', purpose: 'chat context per user' },
      { path: 'messages.text', kind: 'direct', purpose: 'answers to follow-up questions' },
    ],
    retention: { days: 30, by: 'expiresAt', enforcedBy: 'ttl-index' },
    subjectFilter: (keys) => inList('userId', keys.userIds),
    erasure: { kind: 'delete' },
  },
  {
    collection: 'whatsappMessages',
    fields: [
      { path: 'peerIndex', kind: 'blind-index', purpose: 'WhatsApp delivery state per number' },
      { path: 'userId', kind: 'pseudonymous', purpose: 'links a message to its user' },
    ],
    retention: { days: 90, by: 'createdAt', enforcedBy: 'retention-job' },
    subjectFilter: (keys) => anyOf([inList('userId', keys.userIds), inList('peerIndex', keys.phoneIndexes)]),
    erasure: { kind: 'delete' },
  },
  {
    collection: 'whatsappSenderNotices',
    fields: [{ path: 'peerIndex', kind: 'blind-index', purpose: 'one notice per unknown sender' }],
    retention: { days: 30, by: 'notifiedAt', enforcedBy: 'retention-job' },
    subjectFilter: (keys) => inList('peerIndex', keys.phoneIndexes),
    erasure: { kind: 'delete' },
  },
  {
    collection: 'capiEvents',
    fields: [
      ...CAPI_HASH_FIELDS.map((field) => ({
        path: `hashed.${field}`,
        kind: 'hashed' as const,
        purpose: 'matching conversions on ad platforms',
      })),
      { path: 'clearSealed', kind: 'encrypted', purpose: 'IP, user agent, click ids until sent' },
    ],
    retention: { days: 90, by: 'expiresAt', enforcedBy: 'ttl-index' },
    subjectFilter: (keys) => anyOf(CAPI_HASH_FIELDS.map((field) => inList(`hashed.${field}`, keys.hashes))),
    erasure: { kind: 'delete' },
  },
  {
    collection: 'auditLogs',
    fields: [
      { path: 'actor.email', kind: 'direct', purpose: 'who did what (security, accountability)' },
      { path: 'ip', kind: 'direct', purpose: 'where an action came from' },
      { path: 'userAgent', kind: 'direct', purpose: 'where an action came from' },
      { path: 'changes', kind: 'direct', purpose: 'what changed (personal values are redacted at write)' },
    ],
    retention: { days: 400, by: 'at', enforcedBy: 'ttl-index' },
    subjectFilter: (keys) =>
      anyOf([
        inList('actor.email', keys.emails),
        inList('actor.id', keys.userIds),
        inList('target.id', keys.userIds),
      ]),
    // Append-only trail: entries stay (accountability), the person's data in them goes.
    erasure: { kind: 'redact', fields: ['actor.email', 'ip', 'userAgent', 'changes'] },
  },
];
