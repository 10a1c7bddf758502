import type { Document } from '../bson-values.js';
import type { CompiledFilter } from './matcher.js';

/** A find projection compiled once; `filter` is needed for the positional `a.$` form. */
export interface CompiledProjection {
  apply(document: Document, filter?: CompiledFilter): Document;
}

export function compileProjection(projection: Document): CompiledProjection {
  throw new Error(`compileProjection pending: ${JSON.stringify(projection)}`);
}
