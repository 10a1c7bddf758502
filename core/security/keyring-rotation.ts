/**
 * Re-encryption of every sealed value under the tenant's active data key, in batches, with
 * compare-and-set updates: a server writing the same document meanwhile wins, and the next pass
 * (or the next run) picks its value up. This is a data migration, so it reads the collections
 * directly rather than through each module's repository (whose models add tenancy guards).
 */
import type { Connection, Types } from 'mongoose';
import { createFieldCipher, envelopeKeyId, isEncryptedField } from './field-encryption.js';
import type { EncryptionContext, FieldCipher } from './field-encryption.js';
import type { Keyring } from './keyring.js';

type Doc = Record<string, unknown>;

export interface SealedValue {
  /** Dotted path of the value in the document. */
  readonly path: string;
  readonly value: string;
  /** The `field` of its {@link EncryptionContext}. */
  readonly field: string;
}

/** A collection with sealed values, and (for the personal-data map check) which mapped field it covers. */
export interface SealedCollection {
  readonly collection: string;
  /** The personal-data map paths this covers (`phone` of `users`). */
  readonly mapPaths: readonly string[];
  readonly filter: Doc;
  values(doc: Doc): SealedValue[];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every sealed value the host writes under a tenant's data key. */
export const SEALED_COLLECTIONS: readonly SealedCollection[] = [
  {
    collection: 'users',
    mapPaths: ['phone'],
    filter: { phone: { $type: 'string' } },
    values: (doc) => {
      const phone = str(doc['phone']);
      return phone === undefined ? [] : [{ path: 'phone', value: phone, field: 'users.phone' }];
    },
  },
  {
    collection: 'capiEvents',
    mapPaths: ['clearSealed'],
    filter: { clearSealed: { $type: 'string' } },
    values: (doc) => {
      const sealed = str(doc['clearSealed']);
      return sealed === undefined ? [] : [{ path: 'clearSealed', value: sealed, field: 'capiEvents.clear' }];
    },
  },
  {
    collection: 'pluginInstallations',
    mapPaths: [],
    filter: { secrets: { $type: 'object' } },
    values: (doc) => {
      const secrets = doc['secrets'] as Doc;
      const pluginId = str(doc['pluginId']) ?? '';
      return Object.entries(secrets).flatMap(([name, value]) =>
        typeof value === 'string'
          ? [{ path: `secrets.${name}`, value, field: `plugins.${pluginId}.${name}` }]
          : [],
      );
    },
  },
  {
    collection: 'pluginState',
    mapPaths: [],
    filter: { value: { $type: 'string' } },
    values: (doc) => {
      const value = str(doc['value']);
      // Plain JSON predates sealing; the plugin's next write seals it.
      if (value === undefined || !isEncryptedField(value)) return [];
      return [{ path: 'value', value, field: `pluginState.${str(doc['pluginId'])}.${str(doc['key'])}` }];
    },
  },
];

export interface PassProgress {
  readonly tenantId: string;
  readonly collection: string;
  readonly scanned: number;
  readonly rewritten: number;
  /** Documents changed by someone else between read and write (left for the next pass). */
  readonly conflicts: number;
  /** Values that did not decrypt (corrupt, or sealed for another context); never rewritten. */
  readonly failed: number;
}

export interface PassOptions {
  readonly batchSize: number;
  readonly onProgress?: (progress: PassProgress) => void;
  readonly collections?: readonly SealedCollection[];
  /** Stops after this many documents were rewritten (tests of an interrupted run). */
  readonly stopAfter?: number;
}

export interface PassResult {
  readonly rewritten: number;
  readonly conflicts: number;
  readonly failed: number;
  readonly stopped: boolean;
}

/**
 * One pass over the tenant's sealed values: everything not under the active key (v1 values and
 * values under older data keys) is decrypted and sealed again under it.
 */
export async function reencryptTenant(
  connection: Connection,
  keyring: Keyring,
  encryptionKey: string,
  tenantId: string,
  options: PassOptions,
): Promise<PassResult> {
  const active = keyring.activeKey(tenantId);
  if (active === undefined) throw new Error(`tenant ${tenantId} has no data key loaded`);
  const cipher: FieldCipher = createFieldCipher(encryptionKey, keyring);
  const totals = { rewritten: 0, conflicts: 0, failed: 0, stopped: false };
  for (const spec of options.collections ?? SEALED_COLLECTIONS) {
    const collection = connection.collection<Doc>(spec.collection);
    const progress = {
      tenantId,
      collection: spec.collection,
      scanned: 0,
      rewritten: 0,
      conflicts: 0,
      failed: 0,
    };
    // Every collection here has ObjectId ids; paging by _id survives the rewrites it does.
    let lastId: Types.ObjectId | undefined;
    for (;;) {
      const page = await collection
        .find({ ...spec.filter, tenantId, ...(lastId === undefined ? {} : { _id: { $gt: lastId } }) })
        .sort({ _id: 1 })
        .limit(options.batchSize)
        .toArray();
      if (page.length === 0) break;
      for (const doc of page) {
        progress.scanned += 1;
        const stale = spec.values(doc).filter((value) => envelopeKeyId(value.value) !== active.keyId);
        if (stale.length === 0) continue;
        const set: Doc = {};
        const expected: Doc = { _id: doc['_id'], tenantId };
        try {
          for (const value of stale) {
            const context: EncryptionContext = { tenantId, field: value.field };
            set[value.path] = cipher.encryptField(cipher.decryptField(value.value, context), context);
            expected[value.path] = value.value;
          }
        } catch {
          progress.failed += 1;
          continue;
        }
        const result = await collection.updateOne(expected, { $set: set });
        if (result.modifiedCount === 1) progress.rewritten += 1;
        else progress.conflicts += 1;
        if (options.stopAfter !== undefined && totals.rewritten + progress.rewritten >= options.stopAfter) {
          totals.stopped = true;
          break;
        }
      }
      lastId = page[page.length - 1]?.['_id'] as Types.ObjectId | undefined;
      options.onProgress?.({ ...progress });
      if (totals.stopped) break;
    }
    totals.rewritten += progress.rewritten;
    totals.conflicts += progress.conflicts;
    totals.failed += progress.failed;
    if (totals.stopped) break;
  }
  return totals;
}

/** Tenants as `{id, slug}` (every tenant, or the one named by slug). */
export async function listTenants(
  connection: Connection,
  slug?: string,
): Promise<{ readonly id: string; readonly slug: string }[]> {
  const docs = await connection
    .collection<Doc>('tenants')
    .find(slug === undefined ? {} : { slug }, { projection: { _id: 1, slug: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((doc) => ({ id: String(doc['_id']), slug: String(doc['slug']) }));
}
