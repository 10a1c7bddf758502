/**
 * Database and collection name rules (mongod's NamespaceString checks), all error 73
 * InvalidNamespace.
 */
import { serverError } from '../errors.js';

const MAX_DATABASE_NAME_LENGTH = 63;
const MAX_NAMESPACE_LENGTH = 255;
const INVALID_DATABASE_CHARACTERS = /[/\\. "$*<>:|?\0]/;
/** The system collections clients may create and write. */
const CLIENT_SYSTEM_COLLECTIONS = new Set(['system.js', 'system.views', 'system.profile']);

export function validateDatabaseName(database: string): void {
  if (database.length === 0 || database.length > MAX_DATABASE_NAME_LENGTH || INVALID_DATABASE_CHARACTERS.test(database)) {
    throw serverError('InvalidNamespace', `Invalid database name: '${database}'`);
  }
}

/** Rules for a namespace that a client creates or writes into. */
export function validateNamespace(database: string, collection: string): void {
  validateDatabaseName(database);
  const namespace = `${database}.${collection}`;
  if (collection.length === 0) throw serverError('InvalidNamespace', `Invalid namespace specified '${namespace}'`);
  if (collection.includes('$') || collection.includes('\0') || collection.startsWith('.')) {
    throw serverError('InvalidNamespace', `Invalid collection name: ${collection}`);
  }
  if (collection.startsWith('system.') && !CLIENT_SYSTEM_COLLECTIONS.has(collection)) {
    throw serverError('InvalidNamespace', `Invalid system namespace: ${namespace}`);
  }
  if (namespace.length > MAX_NAMESPACE_LENGTH) {
    throw serverError(
      'InvalidNamespace',
      `Fully qualified namespace is too long. Namespace: ${namespace} Max: ${MAX_NAMESPACE_LENGTH}`,
    );
  }
}
