/**
 * Execution of a parsed find projection. The main pass copies (inclusion) or prunes (exclusion)
 * fields in document order, then computed fields are set in specification order (appended when
 * new, as MongoDB's projection executor does); the find-only operators then rewrite the result:
 * `$slice` and positional `$` in place, `$elemMatch` after the other fields.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import type { CompiledExpression } from '../aggregate/expression.js';
import { MongoServerError } from '../errors.js';
import type { CompiledFilter } from './matcher.js';

/** A leaf of the projection tree. */
export type ProjectionLeaf =
  | { readonly kind: 'include' }
  | { readonly kind: 'exclude' }
  | { readonly kind: 'expression'; readonly evaluate: CompiledExpression }
  | { readonly kind: 'slice'; readonly skip: number | undefined; readonly limit: number }
  | { readonly kind: 'elemMatch'; readonly filter: CompiledFilter }
  | { readonly kind: 'positional' };

/** An inner node: the children of one embedded-document level, in specification order. */
export interface ProjectionNode {
  readonly kind: 'node';
  readonly children: Map<string, ProjectionNode | ProjectionLeaf>;
  /** Whether an expression leaf lies below (set once parsing is done). */
  hasComputed: boolean;
}

/** A `$slice` to apply at a full path. */
export interface SliceStep {
  readonly parts: readonly string[];
  readonly skip: number | undefined;
  readonly limit: number;
}

/** Everything the executor needs. */
export interface ProjectionPlan {
  readonly inclusion: boolean;
  readonly root: ProjectionNode;
  readonly slices: readonly SliceStep[];
  readonly elemMatches: ReadonlyArray<{ readonly field: string; readonly filter: CompiledFilter }>;
  readonly positional: readonly string[] | undefined;
  readonly variables: Readonly<Record<string, unknown>>;
}

const MISSING: unique symbol = Symbol('missing');
type Projected = unknown;

function includeValue(value: unknown, node: ProjectionNode): Projected {
  if (isPlainObject(value)) return includeDocument(value, node);
  if (!Array.isArray(value)) return MISSING;
  const out: unknown[] = [];
  for (const element of value) {
    const projected = includeValue(element, node);
    if (projected !== MISSING) out.push(projected);
  }
  return out;
}

function includeDocument(document: Document, node: ProjectionNode): Document {
  const out: Document = {};
  // for-in walks own fields in order without allocating a key array (documents have no
  // enumerable inherited properties).
  for (const key in document) {
    const child = node.children.get(key);
    if (child === undefined) continue;
    const value = document[key];
    if (child.kind === 'node') {
      const projected = includeValue(value, child);
      if (projected !== MISSING) out[key] = projected;
    } else if (child.kind === 'include' || child.kind === 'slice' || child.kind === 'positional') {
      out[key] = value;
    }
  }
  return out;
}

function excludeValue(value: unknown, node: ProjectionNode): unknown {
  if (isPlainObject(value)) return excludeDocument(value, node);
  if (Array.isArray(value)) return value.map((element) => excludeValue(element, node));
  return value;
}

function excludeDocument(document: Document, node: ProjectionNode): Document {
  const out: Document = {};
  for (const key of Object.keys(document)) {
    const child = node.children.get(key);
    const value = document[key];
    if (child === undefined) out[key] = value;
    else if (child.kind === 'node') out[key] = excludeValue(value, child);
    else if (child.kind !== 'exclude') out[key] = value;
  }
  return out;
}

/** Sets computed fields on `target` (a document this projection created). */
function applyExpressions(target: Document, node: ProjectionNode, root: Document, variables: Readonly<Record<string, unknown>>): void {
  for (const [key, child] of node.children) {
    if (child.kind === 'expression') {
      const value = child.evaluate(root, variables);
      if (value !== undefined) target[key] = value;
      else delete target[key];
    } else if (child.kind === 'node' && child.hasComputed) {
      target[key] = expressionsOnValue(target[key], child, root, variables);
    }
  }
}

function expressionsOnValue(value: unknown, node: ProjectionNode, root: Document, variables: Readonly<Record<string, unknown>>): unknown {
  if (isPlainObject(value)) {
    applyExpressions(value, node, root, variables);
    return value;
  }
  if (Array.isArray(value)) return value.map((element) => expressionsOnValue(element, node, root, variables));
  // Computed fields below a scalar or missing value replace it with a new document.
  const created: Document = {};
  applyExpressions(created, node, root, variables);
  return created;
}

function sliceArray(array: readonly unknown[], skip: number | undefined, limit: number): unknown[] {
  if (skip === undefined) return limit >= 0 ? array.slice(0, limit) : array.slice(Math.max(0, array.length + limit));
  const start = skip >= 0 ? Math.min(skip, array.length) : Math.max(0, array.length + skip);
  return array.slice(start, start + limit);
}

/** Applies `$slice` at `parts[index]` below `container` (a document this projection created). */
function applySlice(container: Document, step: SliceStep, index: number): void {
  const key = step.parts[index] as string;
  if (!Object.hasOwn(container, key)) return;
  const value = container[key];
  if (index === step.parts.length - 1) {
    if (Array.isArray(value)) container[key] = sliceArray(value, step.skip, step.limit);
  } else if (isPlainObject(value)) {
    applySlice(value, step, index + 1);
  } else if (Array.isArray(value)) {
    for (const element of value) if (isPlainObject(element)) applySlice(element, step, index + 1);
  }
}

/** Replaces the first array on `parts` with its element at the filter's match position. */
function applyPositional(output: Document, parts: readonly string[], position: number | undefined): void {
  let container = output;
  for (const key of parts) {
    const value = container[key];
    if (Array.isArray(value)) {
      if (position === undefined) {
        throw new MongoServerError(51246, "positional operator '.$' couldn't find a matching element in the array");
      }
      if (position >= value.length) throw new MongoServerError(51247, "positional operator '.$' element mismatch");
      container[key] = [value[position]];
      return;
    }
    if (!isPlainObject(value)) return;
    container = value;
  }
}

function applyElemMatch(output: Document, document: Document, field: string, filter: CompiledFilter): void {
  const position = filter.matchPosition(document);
  const array = document[field];
  if (position === undefined || !Array.isArray(array)) {
    delete output[field];
    return;
  }
  output[field] = [array[position]];
}

/** Runs a projection plan on one document; `filter` serves the positional operator. */
export function executeProjection(plan: ProjectionPlan, document: Document, filter: CompiledFilter | undefined): Document {
  let output: Document;
  if (plan.inclusion) {
    output = includeDocument(document, plan.root);
    if (plan.root.hasComputed) applyExpressions(output, plan.root, document, plan.variables);
  } else {
    output = excludeDocument(document, plan.root);
  }
  if (plan.positional !== undefined) applyPositional(output, plan.positional, filter?.matchPosition(document));
  for (const step of plan.slices) applySlice(output, step, 0);
  for (const { field, filter: elemFilter } of plan.elemMatches) applyElemMatch(output, document, field, elemFilter);
  return output;
}
