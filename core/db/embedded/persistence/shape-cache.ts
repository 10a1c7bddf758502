/**
 * Builds decoded documents through per-shape object-literal factories. Assigning fields one by
 * one through a dynamic key is a megamorphic keyed store per field, and leaves most fields in an
 * out-of-object property array that is reallocated as the object grows; a literal with the
 * exact keys allocates one object with every field in place, several times faster, and V8 can
 * pretenure it when (as in recovery) nearly every document survives. Recovery of a million
 * documents sharing a handful of shapes is dominated by exactly this.
 *
 * Shapes form a trie keyed by interned field names, so finding a document's shape costs one
 * identity comparison per field. The trie is capped; beyond the cap, documents are simply built
 * field by field.
 */
import type { Document } from '../bson-values.js';

type Factory = (values: readonly unknown[]) => Document;

/** A shape must be seen this often before a factory is generated for it. */
const COMPILE_AFTER = 16;
const MAX_FACTORY_FIELDS = 64;
const MAX_NODES = 20_000;

let nodeCount = 0;
/** False once code generation turned out to be disabled (--disallow-code-generation-from-strings). */
let canCompile = true;

function compileFactory(keys: readonly string[]): Factory | undefined {
  if (!canCompile) return undefined;
  // JSON.stringify yields a valid, fully escaped JS string literal for any key; `__proto__`
  // (which a literal would turn into a prototype) never reaches here (see fast-decoder.ts).
  const fields = keys.map((key, index) => `${JSON.stringify(key)}: v[${index}]`).join(', ');
  try {
    return new Function('v', `return { ${fields} };`) as Factory;
  } catch {
    canCompile = false;
    return undefined;
  }
}

export class ShapeNode {
  /**
   * The key most documents of this shape continue with, when it is plain ASCII (so its UTF-16
   * codes are its bytes): the decoder checks the next name against it before hashing anything.
   */
  predictedKey: string | undefined;
  private nextKey: string | undefined;
  private nextNode: ShapeNode | undefined;
  private others: Map<string, ShapeNode> | undefined;
  private factory: Factory | undefined;
  private hits = 0;

  constructor(private readonly keys: readonly string[]) {}

  /** The shape with `key` appended, or undefined once the trie is full. */
  child(key: string): ShapeNode | undefined {
    if (key === this.nextKey) return this.nextNode;
    const other = this.others?.get(key);
    if (other !== undefined) return other;
    if (nodeCount >= MAX_NODES) return undefined;
    nodeCount++;
    const node = new ShapeNode([...this.keys, key]);
    if (this.nextKey === undefined) {
      this.nextKey = key;
      this.nextNode = node;
      if (isPlainAscii(key)) this.predictedKey = key;
    } else {
      (this.others ??= new Map()).set(key, node);
    }
    return node;
  }

  /** A document with this shape's keys and `values` (in key order). */
  build(values: readonly unknown[]): Document {
    if (this.factory !== undefined) return this.factory(values);
    if (++this.hits === COMPILE_AFTER && this.keys.length <= MAX_FACTORY_FIELDS) {
      this.factory = compileFactory(this.keys);
      if (this.factory !== undefined) return this.factory(values);
    }
    return assemble(this.keys, values, this.keys.length);
  }
}

/** Field-by-field construction for shapes without a factory. */
export function assemble(keys: readonly string[], values: readonly unknown[], count: number): Document {
  const document: Document = {};
  for (let index = 0; index < count; index++) document[keys[index] as string] = values[index];
  return document;
}

function isPlainAscii(key: string): boolean {
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code === 0 || code > 0x7f) return false;
  }
  return key.length > 0;
}

export const ROOT_SHAPE = new ShapeNode([]);
