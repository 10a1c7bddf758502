/**
 * createIndexes spec validation and normalization with mongod's rules and messages, and the
 * comparison of a requested spec with an existing one (identical, equivalent, different).
 */
import type { Document } from '../bson-values.js';
import { bsonTypeName, isNumeric, isPlainObject, keyString, toDouble } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import type { IndexSpec } from './types.js';
import { formatValue } from './key-format.js';
import { defaultIndexName, sameKeyPattern } from './key-pattern.js';

const MAX_TTL_SECONDS = 2147483647;

const ALLOWED_FIELDS = new Set([
  'v', 'key', 'name', 'ns', 'background', 'unique', 'hidden', 'partialFilterExpression', 'sparse',
  'expireAfterSeconds', 'storageEngine', 'weights', 'default_language', 'language_override',
  'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'bucketSize', 'collation',
  'wildcardProjection', 'coarsestIndexedLevel', 'finestIndexedLevel', 'dropDups', 'originalSpec',
  'clustered', 'prepareUnique',
]);
const ALLOWED_ID_FIELDS = new Set(['v', 'key', 'name', 'ns', 'collation']);
const BOOLEAN_FIELDS = ['background', 'unique', 'sparse', 'dropDups', 'prepareUnique'];
/** Options that make two indexes on the same key pattern distinct indexes (MongoDB 5.0+). */
const IDENTIFYING = ['unique', 'sparse', 'partialFilterExpression', 'collation'];
/** Options that never make two specs differ. */
const IGNORED = new Set(['v', 'name', 'key', 'ns', 'background', ...IDENTIFYING]);
const UNSUPPORTED_PLUGINS = new Set(['text', '2d', '2dsphere', 'geoHaystack', 'columnstore', 'wildcard']);

function cannotCreate(message: string): MongoServerError {
  return serverError('CannotCreateIndex', message);
}

function pluginOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function validateKeyField(field: string): void {
  if (field === '$**') throw cannotCreate("Index type 'wildcard' is not supported by this server.");
  if (field.length === 0) throw cannotCreate('Index keys cannot be an empty field.');
  const parts = field.split('.');
  parts.forEach((part, i) => {
    if (part.length === 0) throw cannotCreate('Index keys cannot contain an empty field.');
    const dbRefPart = i > 0 && (part === '$id' || part === '$ref' || part === '$db');
    if (part.startsWith('$') && !dbRefPart) {
      throw cannotCreate("Index key contains an illegal field name: field name starts with '$'.");
    }
  });
}

function validateKeyValue(value: unknown): void {
  if (isNumeric(value)) {
    const number = toDouble(value);
    if (Number.isNaN(number)) throw cannotCreate('Values in the index key pattern cannot be NaN.');
    if (number === 0) throw cannotCreate('Values in the index key pattern cannot be 0.');
    return;
  }
  if (typeof value !== 'string') {
    throw cannotCreate(
      `Values in v:2 index key pattern cannot be of type ${bsonTypeName(value)}. ` +
        'Only numbers > 0, numbers < 0, and strings are allowed.',
    );
  }
  if (value.length === 0) throw cannotCreate('Values in the index key pattern cannot be empty strings');
  if (UNSUPPORTED_PLUGINS.has(value)) {
    throw cannotCreate(`Index type '${value}' is not supported by this server; only ascending, descending and hashed indexes are.`);
  }
  if (value !== 'hashed') throw cannotCreate(`Unknown index plugin '${value}'`);
}

function validateKeyPattern(key: Document): void {
  const fields = Object.keys(key);
  if (fields.length === 0) throw cannotCreate('Index keys cannot be empty.');
  if (fields.length > 32) throw serverError('CannotCreateIndex', 'too many fields in index key pattern, max is 32');
  const plugins = new Set(fields.map((field) => pluginOf(key[field])).filter((plugin) => plugin !== undefined));
  for (const field of fields) {
    validateKeyValue(key[field]);
    validateKeyField(field);
  }
  if (plugins.size > 1) throw cannotCreate("Can't use more than one index plugin for a single index.");
  const hashedCount = fields.filter((field) => key[field] === 'hashed').length;
  if (hashedCount > 1) throw cannotCreate(`A maximum of one index field is allowed to be hashed but found ${hashedCount}`);
}

function requireType(spec: Document, field: string, ok: boolean, expected: string): void {
  if (ok) return;
  throw serverError('TypeMismatch', `The field '${field}' must be ${expected}, but got ${bsonTypeName(spec[field])}`);
}

function validateTtl(spec: Document, key: Document): void {
  const seconds = spec['expireAfterSeconds'];
  if (seconds === undefined) return;
  if (!isNumeric(seconds)) {
    throw cannotCreate(`TTL index 'expireAfterSeconds' option must be numeric, but received a type of '${bsonTypeName(seconds)}'`);
  }
  const value = toDouble(seconds);
  if (Number.isNaN(value)) throw cannotCreate("TTL index 'expireAfterSeconds' option must not be NaN");
  if (value < 0) throw serverError('InvalidOptions', "TTL index 'expireAfterSeconds' option cannot be less than 0");
  if (value > MAX_TTL_SECONDS) throw cannotCreate("TTL index 'expireAfterSeconds' must be within the range of a 32-bit integer");
  if (Object.keys(key).length > 1) {
    throw cannotCreate(`TTL indexes are single-field indexes, compound indexes do not support TTL. Index spec: ${formatValue(spec)}`);
  }
}

function validateOptions(spec: Document): void {
  for (const field of BOOLEAN_FIELDS) {
    const value = spec[field];
    if (value !== undefined && typeof value !== 'boolean' && !isNumeric(value)) {
      throw serverError('TypeMismatch', `The field '${field}' has value ${field}: ${formatValue(value)}, which is not convertible to bool`);
    }
  }
  const partial = spec['partialFilterExpression'];
  if (partial !== undefined) {
    requireType(spec, 'partialFilterExpression', isPlainObject(partial), 'an object');
    if (spec['sparse']) throw cannotCreate('cannot mix "partialFilterExpression" and "sparse" options');
  }
  if (spec['hidden'] !== undefined) requireType(spec, 'hidden', typeof spec['hidden'] === 'boolean', 'a bool');
  const collation = spec['collation'];
  if (collation !== undefined) {
    requireType(spec, 'collation', isPlainObject(collation), 'an object');
    if ((collation as Document)['locale'] !== 'simple') throw cannotCreate('Collations other than "simple" are not supported by this server.');
  }
  const version = spec['v'];
  if (version !== undefined) {
    requireType(spec, 'v', isNumeric(version), 'a number');
    const number = toDouble(version);
    if (number !== 1 && number !== 2) {
      throw cannotCreate(`Invalid index specification ${formatValue(spec)}; cannot create an index with v=${number}`);
    }
  }
}

function validateIdIndex(spec: Document): void {
  for (const field of Object.keys(spec)) {
    if (ALLOWED_ID_FIELDS.has(field)) continue;
    throw serverError(
      'InvalidIndexSpecificationOption',
      `The field '${field}' is not valid for an _id index specification. Specification: ${formatValue(spec)}`,
    );
  }
}

function isTrue(value: unknown): boolean {
  return value === true || (isNumeric(value) && toDouble(value) !== 0);
}

/** The normalized spec: `{v: 2, key, name, …other options as given}` with boolean flags. */
function normalize(spec: Document, key: Document, name: string): IndexSpec {
  const normalized: Document = { v: 2, key, name };
  for (const field of Object.keys(spec)) {
    if (field === 'v' || field === 'key' || field === 'name' || field === 'ns') continue;
    normalized[field] = BOOLEAN_FIELDS.includes(field) ? isTrue(spec[field]) : spec[field];
  }
  return normalized as unknown as IndexSpec;
}

function checkSpec(spec: Document): IndexSpec {
  for (const field of Object.keys(spec)) {
    if (ALLOWED_FIELDS.has(field)) continue;
    throw serverError(
      'InvalidIndexSpecificationOption',
      `The field '${field}' is not valid for an index specification. Specification: ${formatValue(spec)}`,
    );
  }
  const key = spec['key'];
  if (key === undefined) throw serverError('FailedToParse', "The 'key' field is a required property of an index specification");
  requireType(spec, 'key', isPlainObject(key), 'an object');
  const keyPattern = key as Document;
  validateKeyPattern(keyPattern);
  const name = spec['name'] ?? defaultIndexName(keyPattern);
  requireType(spec, 'name', typeof name === 'string', 'a string');
  if (name === '') throw cannotCreate('index name cannot be empty');
  if (name === '*') throw cannotCreate("The index name '*' is not valid.");
  validateOptions(spec);
  if (isIdKey(keyPattern)) validateIdIndex(spec);
  if (isTrue(spec['unique']) && Object.values(keyPattern).includes('hashed')) {
    throw cannotCreate('Currently hashed indexes cannot guarantee uniqueness. Use a regular index.');
  }
  validateTtl(spec, keyPattern);
  return normalize(spec, keyPattern, name as string);
}

/**
 * Validates one createIndexes entry; a missing name gets MongoDB's generated one. Errors carry
 * mongod's codes (67 CannotCreateIndex, 197 InvalidIndexSpecificationOption, 14, 9, 72) and, like
 * mongod, the message names the offending specification.
 */
export function validateIndexSpec(spec: Document): IndexSpec {
  try {
    return checkSpec(spec);
  } catch (error) {
    if (!(error instanceof MongoServerError)) throw error;
    throw new MongoServerError(error.code, `Error in specification ${formatValue(spec)} :: caused by :: ${error.message}`);
  }
}

/** `{_id: 1}` exactly: the one pattern that names the `_id` index. */
export function isIdKey(key: Document): boolean {
  const fields = Object.keys(key);
  return fields.length === 1 && fields[0] === '_id' && isNumeric(key['_id']) && toDouble(key['_id']) === 1;
}

export type SpecComparison = 'identical' | 'equivalent' | 'different';

function optionKey(spec: IndexSpec, field: string): string {
  const value = spec[field];
  if (field === 'unique' || field === 'sparse') return value ? 'T' : 'F';
  return value === undefined ? '' : keyString(value);
}

/** MongoDB's compareIndexOptions: key pattern and identifying options, then the rest. */
export function compareSpecs(requested: IndexSpec, existing: IndexSpec): SpecComparison {
  if (!sameKeyPattern(requested.key, existing.key)) return 'different';
  for (const field of IDENTIFYING) if (optionKey(requested, field) !== optionKey(existing, field)) return 'different';
  const fields = new Set([...Object.keys(requested), ...Object.keys(existing)]);
  for (const field of fields) {
    if (!IGNORED.has(field) && optionKey(requested, field) !== optionKey(existing, field)) return 'equivalent';
  }
  return 'identical';
}
