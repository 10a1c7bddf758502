/**
 * The parsed form of an operator update: a tree mirroring the paths it touches, with one leaf per
 * modified path. Two operators on the same or nested paths collide while the tree is built, which
 * is how mongod reports 40 ConflictingUpdateOperators.
 */
import { serverError } from '../errors.js';
import { compareFieldNames, isArrayFilterPart } from './paths.js';

/** A leaf's answer meaning "leave the element as it is". */
export const NO_CHANGE: unique symbol = Symbol('update.noChange');
/** A leaf's answer meaning "remove the element" (`$unset`; null inside arrays). */
export const REMOVE: unique symbol = Symbol('update.remove');

/** What a leaf operator may ask about the element it updates (for values and messages). */
export interface LeafContext {
  /** Dotted path of the element, as far as it exists or is being created. */
  path(): string;
  /** The element's own field name (or array index). */
  readonly fieldName: string;
  /** `_id: …` of the document being updated, or `no id`. */
  describeId(): string;
  /** The command's clock. */
  readonly now: Date;
}

/** What a leaf does when its path does not exist: create it, ignore it, or ignore it if viable. */
export type MissingPathBehaviour = 'create' | 'ignore' | 'checkViability';

/** One modifier applied at one path (`$set: {a: 1}` → a SetOperator at `a`). */
export interface LeafOperator {
  readonly onMissing: MissingPathBehaviour;
  /** `$setOnInsert`: applies only when the update inserts a new document (upsert). */
  readonly insertOnly: boolean;
  /** The new value for an existing element, NO_CHANGE or REMOVE. */
  update(existing: unknown, context: LeafContext): unknown;
  /** The value of a newly created element (only called when onMissing is 'create'). */
  create(context: LeafContext): unknown;
}

export interface ObjectNode {
  readonly kind: 'object';
  readonly children: Map<string, UpdateNode>;
  /** The child for the positional `$` part, resolved per document from the query's match. */
  positional: UpdateNode | undefined;
  /** Children in application order, computed once. */
  ordered: Array<readonly [string, UpdateNode]> | undefined;
  /** Results of merging this node with others at run time, by the other node. */
  merges?: Map<UpdateNode, UpdateNode>;
}

/** The node under `a.$[]` / `a.$[id]`: children keyed by identifier ('' for `$[]`). */
export interface ArrayNode {
  readonly kind: 'array';
  readonly children: Map<string, UpdateNode>;
  merges?: Map<UpdateNode, UpdateNode>;
}

export interface LeafNode {
  readonly kind: 'leaf';
  readonly operator: LeafOperator;
}

/** `$rename` lives at its destination; its source holds a placeholder that only claims the path. */
export interface RenameNode {
  readonly kind: 'rename';
  readonly from: readonly string[];
  readonly fromPath: string;
}

export interface PlaceholderNode {
  readonly kind: 'placeholder';
}

export type UpdateNode = ObjectNode | ArrayNode | LeafNode | RenameNode | PlaceholderNode;
export type InternalNode = ObjectNode | ArrayNode;

export function newObjectNode(): ObjectNode {
  return { kind: 'object', children: new Map(), positional: undefined, ordered: undefined };
}

function newArrayNode(): ArrayNode {
  return { kind: 'array', children: new Map() };
}

function getChild(node: InternalNode, name: string): UpdateNode | undefined {
  if (node.kind === 'object' && name === '$') return node.positional;
  return node.children.get(name);
}

function setChild(node: InternalNode, name: string, child: UpdateNode): void {
  if (node.kind === 'object' && name === '$') node.positional = child;
  else node.children.set(name, child);
}

/** Resolves the identifier of a `$[id]` part, recording that it was used. */
export interface IdentifierRegistry {
  resolve(part: string, position: number, path: string): string;
}

function conflict(path: string, at: string): never {
  throw serverError(
    'ConflictingUpdateOperators',
    `Updating the path '${path}' would create a conflict at '${at}'`,
  );
}

/** Adds `leaf` at `parts` (the dotted `path`), creating internal nodes along the way. */
export function insertNode(
  root: ObjectNode,
  parts: readonly string[],
  path: string,
  leaf: UpdateNode,
  identifiers: IdentifierRegistry,
): void {
  let current: InternalNode = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const name = isArrayFilterPart(part) ? identifiers.resolve(part, i, path) : part;
    const wantsArray = isArrayFilterPart(parts[i + 1] as string);
    let child = getChild(current, name);
    if (child === undefined) {
      child = wantsArray ? newArrayNode() : newObjectNode();
      setChild(current, name, child);
    } else if (child.kind !== (wantsArray ? 'array' : 'object')) {
      conflict(path, parts.slice(0, i + 1).join('.'));
    }
    current = child as InternalNode;
  }
  const last = parts[parts.length - 1] as string;
  const name = isArrayFilterPart(last) ? identifiers.resolve(last, parts.length - 1, path) : last;
  if (getChild(current, name) !== undefined) conflict(path, path);
  setChild(current, name, leaf);
}

/** The children of an object node in MongoDB's application order (see compareFieldNames). */
export function orderedChildren(node: ObjectNode): ReadonlyArray<readonly [string, UpdateNode]> {
  if (node.ordered === undefined) {
    node.ordered = [...node.children.entries()].sort((a, b) => compareFieldNames(a[0], b[0]));
  }
  return node.ordered;
}

function mergeChildMaps(
  left: Map<string, UpdateNode>,
  right: Map<string, UpdateNode>,
  into: Map<string, UpdateNode>,
  childPath: (name: string) => string,
): void {
  for (const [name, child] of left) into.set(name, child);
  for (const [name, child] of right) {
    const existing = into.get(name);
    into.set(name, existing === undefined ? child : mergeNodes(existing, child, childPath(name)));
  }
}

/**
 * Two updates that land on the same element at run time (`a.$[x]` and `a.$[y]` matching one
 * element, or `a.$` and `a.0`): their subtrees combine unless both modify the same path.
 */
export function mergeNodes(left: UpdateNode, right: UpdateNode, path: string): UpdateNode {
  const cached = left.kind === 'object' || left.kind === 'array' ? left.merges?.get(right) : undefined;
  if (cached !== undefined) return cached;
  let merged: UpdateNode;
  if (left.kind === 'object' && right.kind === 'object') {
    const node = newObjectNode();
    mergeChildMaps(left.children, right.children, node.children, (name) => `${path}.${name}`);
    node.positional =
      left.positional === undefined || right.positional === undefined
        ? (left.positional ?? right.positional)
        : mergeNodes(left.positional, right.positional, `${path}.$`);
    merged = node;
  } else if (left.kind === 'array' && right.kind === 'array') {
    const node = newArrayNode();
    mergeChildMaps(left.children, right.children, node.children, (name) => `${path}.$[${name}]`);
    merged = node;
  } else {
    throw serverError('ConflictingUpdateOperators', `Update created a conflict at '${path}'`);
  }
  // Only internal nodes merge successfully, so `left` is one here.
  const internal = left as InternalNode;
  (internal.merges ??= new Map()).set(right, merged);
  return merged;
}
