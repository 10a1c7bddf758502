/**
 * The projection tree behind `$project`, `$addFields`/`$set` and `$unset`, applied with mongod's
 * aggregation semantics: dotted paths fan out over arrays (nested arrays included), inclusion
 * keeps the input's field order and appends computed fields, and a computed sub-field replaces a
 * scalar parent with a new document.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { fail } from './util.js';

/** One level of a projection. */
export interface ProjectionNode {
  /** Fields included (inclusion mode) or excluded (exclusion mode) at this level. */
  readonly leaves: Set<string>;
  readonly children: Map<string, ProjectionNode>;
  readonly expressions: Map<string, CompiledExpression>;
  /** Children and expressions in specification order (computed fields are applied in it). */
  readonly order: string[];
  /** Whether this subtree holds a computed field. */
  computed: boolean;
}

export function newNode(): ProjectionNode {
  return { leaves: new Set(), children: new Map(), expressions: new Map(), order: [], computed: false };
}

function taken(node: ProjectionNode, name: string): boolean {
  return node.leaves.has(name) || node.expressions.has(name);
}

/** Walks to the parent node of a path, creating children, with mongod's collision errors. */
function parentOf(root: ProjectionNode, parts: readonly string[], prefix: string): ProjectionNode {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const name = parts[i] as string;
    if (taken(node, name)) {
      throw fail(31249, `${prefix}Path collision at ${parts.join('.')} remaining portion ${parts.slice(i + 1).join('.')}`);
    }
    let child = node.children.get(name);
    if (child === undefined) {
      child = newNode();
      node.children.set(name, child);
      node.order.push(name);
    }
    node = child;
  }
  const last = parts[parts.length - 1] as string;
  if (taken(node, last) || node.children.has(last)) throw fail(31250, `${prefix}Path collision at ${parts.join('.')}`);
  return node;
}

/** Adds an included/excluded path. `prefix` is the "Invalid $stage :: caused by :: " context. */
export function addLeaf(root: ProjectionNode, parts: readonly string[], prefix: string): void {
  parentOf(root, parts, prefix).leaves.add(parts[parts.length - 1] as string);
}

/** Adds a computed path. */
export function addExpression(
  root: ProjectionNode,
  parts: readonly string[],
  expression: CompiledExpression,
  prefix: string,
): void {
  const parent = parentOf(root, parts, prefix);
  const last = parts[parts.length - 1] as string;
  parent.expressions.set(last, expression);
  parent.order.push(last);
  let node = root;
  node.computed = true;
  for (let i = 0; i < parts.length - 1; i++) {
    node = node.children.get(parts[i] as string) as ProjectionNode;
    node.computed = true;
  }
}

// ---- inclusion ------------------------------------------------------------------------------

function includeValue(node: ProjectionNode, value: unknown): unknown {
  if (isPlainObject(value)) return includeFields(node, value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const projected = includeValue(node, item);
      // Holes are kept when computed fields will turn them into documents.
      if (projected !== undefined || node.computed) out.push(projected);
    }
    return out;
  }
  return undefined;
}

function includeFields(node: ProjectionNode, document: Document): Document {
  const out: Document = {};
  for (const key of Object.keys(document)) {
    if (node.leaves.has(key)) {
      out[key] = document[key];
    } else {
      const child = node.children.get(key);
      if (child !== undefined) {
        const projected = includeValue(child, document[key]);
        if (projected !== undefined) out[key] = projected;
      }
    }
  }
  return out;
}

// ---- computed fields ------------------------------------------------------------------------

function applyExpressions(node: ProjectionNode, root: Document, variables: Variables, out: Document): void {
  for (const field of node.order) {
    const child = node.children.get(field);
    let value: unknown;
    if (child !== undefined) {
      if (!child.computed) continue;
      value = computeValue(child, root, variables, out[field]);
    } else {
      value = (node.expressions.get(field) as CompiledExpression)(root, variables);
    }
    if (value === undefined) delete out[field];
    else out[field] = value;
  }
}

function computeValue(node: ProjectionNode, root: Document, variables: Variables, value: unknown): unknown {
  if (isPlainObject(value)) {
    const copy: Document = { ...value };
    applyExpressions(node, root, variables, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const computed = computeValue(node, root, variables, item);
      if (computed !== undefined) out.push(computed);
    }
    return out;
  }
  // {"a.b": <expr>} over {a: 1} (or a missing a) yields {a: {b: …}}.
  const created: Document = {};
  applyExpressions(node, root, variables, created);
  return created;
}

/** Applies an inclusion projection (with computed fields) to a document. */
export function applyInclusion(node: ProjectionNode, document: Document, variables: Variables): Document {
  const out = includeFields(node, document);
  if (node.computed) applyExpressions(node, document, variables, out);
  return out;
}

/** Applies `$addFields`: every input field stays, computed ones are set or merged. */
export function applyAddFields(node: ProjectionNode, document: Document, variables: Variables): Document {
  const out: Document = { ...document };
  applyExpressions(node, document, variables, out);
  return out;
}

// ---- exclusion ------------------------------------------------------------------------------

function excludeValue(node: ProjectionNode, value: unknown): unknown {
  if (isPlainObject(value)) return applyExclusion(node, value);
  if (Array.isArray(value)) return value.map((item: unknown) => excludeValue(node, item));
  return value;
}

/** Applies an exclusion projection (`$project` with 0s, `$unset`). */
export function applyExclusion(node: ProjectionNode, document: Document): Document {
  const out: Document = {};
  for (const key of Object.keys(document)) {
    if (node.leaves.has(key)) continue;
    const child = node.children.get(key);
    out[key] = child === undefined ? document[key] : excludeValue(child, document[key]);
  }
  return out;
}
