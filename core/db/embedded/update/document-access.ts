/**
 * Copy-on-write access to the document being updated. The input document is never changed: a
 * container (object or array) is shallow-copied the first time the update writes into it, and
 * unchanged subtrees stay shared with the input (stored documents are immutable by contract).
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { arrayIndexOf, hasOwn, joinPath } from './paths.js';

export type Container = Document | unknown[];

export function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isPlainObject(value);
}

/** A child of an object (own fields only) or of an array (by index); undefined when missing. */
export function readChild(container: unknown, key: string): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndexOf(key);
    return index >= 0 && index < container.length ? container[index] : undefined;
  }
  if (isPlainObject(container)) return hasOwn(container, key) ? container[key] : undefined;
  return undefined;
}

/** Sets an own field, also for the name `__proto__` (which plain assignment would not create). */
export function setField(document: Document, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(document, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    document[key] = value;
  }
}

/**
 * A shallow copy of a document, fields in order. Not `{...source}`: V8 gives spread results maps
 * without a shared transition tree, so every field the update then adds costs a new map (about
 * 2 µs each, and garbage); a copy built by stores shares the ordinary transitions.
 */
export function copyDocument(source: Document, target: Document = {}): Document {
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    setField(target, key, source[key]);
  }
  return target;
}

export function writeChild(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) container[arrayIndexOf(key)] = value;
  else setField(container, key, value);
}

/**
 * A position in the document: the element named `key` inside the element of `parent`. Frames
 * hold no values: they are re-read from the live document, so copies made through one frame are
 * seen through every other.
 */
export class Frame {
  private dotted: string | undefined;

  constructor(
    readonly parent: Frame | undefined,
    readonly key: string,
  ) {}

  /** The dotted path from the document root ('' for the root). */
  get path(): string {
    if (this.dotted === undefined) {
      this.dotted = this.parent === undefined ? '' : joinPath(this.parent.path, this.key);
    }
    return this.dotted;
  }

  /** The first path part below the root (the top-level field this frame lives in). */
  get topLevelField(): string | undefined {
    if (this.parent === undefined) return undefined;
    return this.parent.parent === undefined ? this.key : this.parent.topLevelField;
  }
}

/** The copy-on-write view of one document under update. */
export class DocumentWriter {
  /** Containers created or copied by this update: safe to write in place. Usually a handful, so a
   * short array is scanned; a Set takes over for updates touching many containers. */
  private readonly owned: object[] = [];
  private ownedSet: Set<object> | undefined;
  readonly root: Document;

  constructor(original: Document) {
    this.root = copyDocument(original);
  }

  private isOwned(container: object): boolean {
    if (container === this.root) return true;
    if (this.ownedSet !== undefined) return this.ownedSet.has(container);
    for (const owned of this.owned) if (owned === container) return true;
    return false;
  }

  private own(container: object): void {
    if (this.ownedSet !== undefined) this.ownedSet.add(container);
    else if (this.owned.push(container) > 16) this.ownedSet = new Set(this.owned);
  }

  /** The current value at a frame. */
  valueAt(frame: Frame): unknown {
    return frame.parent === undefined ? this.root : readChild(this.valueAt(frame.parent), frame.key);
  }

  /** The container at a frame, copied first if this update does not own it yet. */
  writable(frame: Frame): Container {
    if (frame.parent === undefined) return this.root;
    const parent = this.writable(frame.parent);
    const current = readChild(parent, frame.key) as Container;
    if (this.isOwned(current)) return current;
    const copy: Container = Array.isArray(current) ? current.slice() : copyDocument(current);
    writeChild(parent, frame.key, copy);
    this.own(copy);
    return copy;
  }

  /** Marks a container built by the update itself (no copy needed before writing into it). */
  adopt<T extends object>(container: T): T {
    this.own(container);
    return container;
  }
}
