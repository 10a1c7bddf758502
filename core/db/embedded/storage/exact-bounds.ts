/**
 * Whether an index scan's bounds already say everything the filter says, so that re-running the
 * filter on each fetched document would only repeat the scan's verdict (MongoDB likewise drops
 * predicates its bounds answer exactly). Deliberately narrow: plain top-level clauses on fields of
 * a never-multikey index, with equality, `$in` and (for strings, dates and ObjectIds) ranges whose
 * operands the bounds represent without loss. Anything else keeps the filter.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';
import type { Plan } from './planner.js';

const RANGE_OPERATORS: ReadonlySet<string> = new Set(['$gt', '$gte', '$lt', '$lte']);

function isObjectId(value: object): boolean {
  return (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

/** A value whose equality bounds are a single exact point (no null/missing, NaN or arrays). */
function isExactPoint(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return value !== null && isObjectId(value);
    default:
      return false;
  }
}

/** Range operands whose type-bracketed bounds are exact (numbers are left out: NaN sorts low). */
function isExactRangeOperand(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return typeof value === 'object' && value !== null && isObjectId(value);
}

function isExactClause(value: unknown): boolean {
  if (!isPlainObject(value)) return isExactPoint(value);
  const operators = Object.keys(value);
  if (operators.length === 0) return false;
  for (const operator of operators) {
    const operand = value[operator];
    if (operator === '$eq') {
      if (!isExactPoint(operand)) return false;
    } else if (operator === '$in') {
      if (!Array.isArray(operand) || !operand.every(isExactPoint)) return false;
    } else if (!RANGE_OPERATORS.has(operator) || !isExactRangeOperand(operand)) {
      return false;
    }
  }
  return true;
}

/** True when every document the scan of `plan` returns is known to match `filter`. */
export function boundsAnswerFilter(plan: Plan, filter: Document): boolean {
  const access = plan.access;
  if (access.kind !== 'ixscan') return false;
  const { spec, pattern, multikeyFields } = access.index;
  if (spec.sparse === true || spec.partialFilterExpression !== undefined || (spec as Document)['collation'] !== undefined) return false;
  for (const field of Object.keys(filter)) {
    const position = pattern.fields.indexOf(field);
    if (position < 0 || pattern.hashed[position] === true || multikeyFields[position] === true) return false;
    if (!isExactClause(filter[field])) return false;
  }
  return true;
}
