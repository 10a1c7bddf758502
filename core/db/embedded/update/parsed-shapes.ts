/**
 * Reuse of parsed update trees across statements of the same shape. A bulk upsert sends thousands
 * of statements like `{$set: {a: …, b: …}}` that differ only in their values: splitting and
 * checking the paths, building the tree and sorting it into application order is then done once,
 * and each statement only parses its values into fresh leaf operators on a copy of that tree.
 */
import { isPlainObject, type Document } from '../bson-values.js';
import type { LeafParser } from './leaf-basic.js';
import { orderedChildren } from './tree.js';
import type { ArrayNode, LeafNode, LeafOperator, ObjectNode, UpdateNode } from './tree.js';

/** One `modifier: {path: value}` entry of an update, in the update's key order. */
export interface LeafSlot {
  readonly parser: LeafParser;
  readonly path: string;
}

/** A tree parsed once, with the leaf of every slot (slot i is leaves[i]). */
export interface UpdateShape {
  readonly root: ObjectNode;
  readonly slots: readonly LeafSlot[];
  readonly leaves: readonly LeafNode[];
}

export interface KeyedShape extends UpdateShape {
  /** The modifiers in order, each with its paths in order. */
  readonly modifiers: ReadonlyArray<readonly [string, readonly string[]]>;
  /** The slot of each leaf of the tree. */
  readonly slotOfLeaf: ReadonlyMap<LeafNode, number>;
}

const MAX_SHAPES = 32;
const MAX_KEY_LENGTH = 8192;
const shapes = new Map<string, KeyedShape>();
/** The shape used last: a batch of statements repeats it, and comparing keys beats building one. */
let lastShape: KeyedShape | undefined;

/**
 * The cache key of an update's shape: its modifiers and paths in order (field names never hold
 * NUL, so it separates them unambiguously), or undefined when the shape is not worth caching.
 */
export function shapeKey(update: Document): string | undefined {
  let key = '';
  for (const modifier of Object.keys(update)) {
    const spec = update[modifier];
    if (modifier === '$rename' || !isPlainObject(spec)) return undefined;
    key += modifier;
    for (const path of Object.keys(spec)) key += '\u0000' + path;
    key += '\u0000\u0000';
    if (key.length > MAX_KEY_LENGTH) return undefined;
  }
  return key;
}

/** Whether `update` has exactly the modifiers and paths of `shape`, in the same order. */
function sameShape(update: Document, shape: KeyedShape): boolean {
  const modifiers = Object.keys(update);
  if (modifiers.length !== shape.modifiers.length) return false;
  for (let m = 0; m < modifiers.length; m++) {
    const [modifier, paths] = shape.modifiers[m] as readonly [string, readonly string[]];
    const spec = update[modifiers[m] as string];
    if (modifiers[m] !== modifier || !isPlainObject(spec)) return false;
    const keys = Object.keys(spec);
    if (keys.length !== paths.length) return false;
    for (let p = 0; p < keys.length; p++) if (keys[p] !== paths[p]) return false;
  }
  return true;
}

/** The cached shape of `update`, looked up by its key only when it is not the last one used. */
export function cachedShape(update: Document): KeyedShape | undefined {
  if (lastShape !== undefined && sameShape(update, lastShape)) return lastShape;
  const key = shapeKey(update);
  const shape = key === undefined ? undefined : shapes.get(key);
  if (shape !== undefined) lastShape = shape;
  return shape;
}

/** Caches the freshly parsed tree of `update` (unless its shape is not worth caching). */
export function rememberShape(update: Document, shape: UpdateShape): void {
  const key = shapeKey(update);
  if (key === undefined) return;
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  // Computed now so that every copy inherits the order instead of sorting again.
  sortAll(shape.root);
  const modifiers = Object.keys(update).map((modifier) => [modifier, Object.keys(update[modifier] as Document)] as const);
  const slotOfLeaf = new Map<LeafNode, number>(shape.leaves.map((leaf, slot) => [leaf, slot]));
  const keyed: KeyedShape = { ...shape, modifiers, slotOfLeaf };
  shapes.set(key, keyed);
  lastShape = keyed;
}

function sortAll(node: UpdateNode): void {
  if (node.kind === 'object') {
    for (const [, child] of orderedChildren(node)) sortAll(child);
    if (node.positional !== undefined) sortAll(node.positional);
  } else if (node.kind === 'array') {
    for (const child of node.children.values()) sortAll(child);
  }
}

/** A copy of the shape's tree whose leaf i runs `operators[i]`. */
export function instantiateShape(shape: KeyedShape, operators: readonly LeafOperator[]): ObjectNode {
  return copyObject(shape.root, { operators, slotOfLeaf: shape.slotOfLeaf });
}

interface Instantiation {
  readonly operators: readonly LeafOperator[];
  readonly slotOfLeaf: ReadonlyMap<LeafNode, number>;
}

function copyNode(node: UpdateNode, instantiation: Instantiation): UpdateNode {
  switch (node.kind) {
    case 'object':
      return copyObject(node, instantiation);
    case 'array':
      return copyArray(node, instantiation);
    case 'leaf': {
      const slot = instantiation.slotOfLeaf.get(node);
      return slot === undefined ? node : { kind: 'leaf', operator: instantiation.operators[slot] as LeafOperator };
    }
    default:
      return node;
  }
}

function copyObject(node: ObjectNode, instantiation: Instantiation): ObjectNode {
  const children = new Map<string, UpdateNode>();
  for (const [name, child] of node.children) children.set(name, copyNode(child, instantiation));
  const ordered = orderedChildren(node);
  const copiedOrder = new Array<readonly [string, UpdateNode]>(ordered.length);
  for (let i = 0; i < ordered.length; i++) {
    const name = (ordered[i] as readonly [string, UpdateNode])[0];
    copiedOrder[i] = [name, children.get(name) as UpdateNode];
  }
  const positional = node.positional === undefined ? undefined : copyNode(node.positional, instantiation);
  return { kind: 'object', children, positional, ordered: copiedOrder };
}

function copyArray(node: ArrayNode, instantiation: Instantiation): ArrayNode {
  const children = new Map<string, UpdateNode>();
  for (const [name, child] of node.children) children.set(name, copyNode(child, instantiation));
  return { kind: 'array', children };
}
