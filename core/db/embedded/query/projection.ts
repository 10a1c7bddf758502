/**
 * Find projections (`find`, `findAndModify`): inclusion, exclusion, dotted paths through arrays,
 * `$slice`, `$elemMatch`, positional `a.$`, and computed fields (aggregation expressions and
 * literals, MongoDB 4.4+). `$meta` is refused: the embedded server has no text or search scores.
 */
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import type { CompiledFilter } from './matcher.js';
import { executeProjection } from './projection-exec.js';
import type { ProjectionPlan } from './projection-exec.js';
import { ProjectionParser } from './projection-parser.js';

/** A find projection compiled once; `filter` is needed for the positional `a.$` form. */
export interface CompiledProjection {
  /**
   * Projects one document. The result is a new document but may share nested values with the
   * input (copy before mutating). Throws 51050/31277 when a positional projection gets no filter
   * or a filter that does not query its array, 51246 when the filter matched no array element.
   */
  apply(document: Document, filter?: CompiledFilter): Document;
}

/** Options for compiling a projection. */
export interface ProjectionOptions {
  /** Variables visible to computed fields (`$$NOW`, `let` variables). */
  readonly variables?: Document;
}

/** Whether a filter document queries the field `field` (top level, or inside `$and`/`$or`/`$nor`). */
function filterQueriesField(filter: Document, field: string): boolean {
  for (const key of Object.keys(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      const entries = filter[key];
      if (Array.isArray(entries) && entries.some((entry) => typeof entry === 'object' && entry !== null && filterQueriesField(entry as Document, field))) {
        return true;
      }
    } else if (!key.startsWith('$') && key.split('.')[0] === field) {
      return true;
    }
  }
  return false;
}

/**
 * Compiles a find projection, throwing MongoDB's errors for invalid specifications (mixed
 * inclusion/exclusion 31253/31254, path collisions 31249/31250, bad `$slice`/`$elemMatch`/
 * positional forms…). An empty projection returns documents unchanged.
 */
export function compileProjection(projection: Document, options: ProjectionOptions = {}): CompiledProjection {
  if (Object.keys(projection).length === 0) return { apply: (document) => document };
  const parsed = new ProjectionParser().parse(projection);
  const plan: ProjectionPlan = {
    inclusion: parsed.inclusion,
    root: parsed.root,
    slices: parsed.slices,
    elemMatches: parsed.elemMatches,
    positional: parsed.positional?.parts,
    variables: options.variables ?? {},
  };
  const positional = parsed.positional;
  let validatedFilter: CompiledFilter | null = null;
  return {
    apply(document, filter) {
      if (positional !== undefined && filter !== validatedFilter) {
        if (filter === undefined) throw new MongoServerError(51050, 'Projections with a positional operator require a matcher');
        if (!filterQueriesField(filter.filter, positional.matchField)) {
          throw new MongoServerError(31277, `Positional projection '${positional.key}' does not match the query document.`);
        }
        validatedFilter = filter;
      }
      return executeProjection(plan, document, filter);
    },
  };
}
