/**
 * `$rename`: applied at its destination's place in the field order, it moves the source value
 * there (like `$set`) and removes the source (like `$unset`). Neither path may cross an array.
 */
import { isPlainObject } from '../bson-values.js';
import { serverError } from '../errors.js';
import { Frame, readChild, writeChild } from './document-access.js';
import type { DocumentWriter } from './document-access.js';
import { formatElement } from './format.js';
import { arrayIndexOf, hasOwn, joinPath } from './paths.js';
import type { RenameNode } from './tree.js';
import { identicalValues } from './values.js';

/** What $rename needs from the executor running the update. */
export interface RenameHost {
  readonly writer: DocumentWriter;
  readonly hadId: boolean;
  describeId(): string;
  materialize(frame: Frame, parts: readonly string[], value: unknown): void;
  checkImmutableExisting(frame: Frame, name: string): void;
  checkImmutableCreated(frame: Frame): void;
  checkTopLevelName(frame: Frame, name: string): void;
  markModified(): void;
}

interface Source {
  /** The frame of the element holding the source field. */
  readonly parent: Frame;
  readonly key: string;
  readonly value: unknown;
}

/** Finds the source element; undefined when it does not exist (the rename is then a no-op). */
function locateSource(host: RenameHost, node: RenameNode): Source | undefined {
  const parts = node.from;
  let parent = new Frame(undefined, '');
  let container: unknown = host.writer.root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const traversable = isPlainObject(container) || (Array.isArray(container) && arrayIndexOf(part) >= 0);
    if (!traversable) {
      throw serverError(
        'PathNotViable',
        `cannot use the part (${parent.key} of ${node.fromPath}) to traverse the element ` +
          `({${formatElement(parent.key, container)}})`,
      );
    }
    const next = readChild(container, part);
    if (next === undefined) return undefined;
    if (i === parts.length - 1) return { parent, key: part, value: next };
    parent = new Frame(parent, part);
    container = next;
  }
  return undefined;
}

function nearestArrayAncestor(host: RenameHost, frame: Frame): Frame | undefined {
  for (let current: Frame | undefined = frame; current?.parent !== undefined; current = current.parent) {
    if (Array.isArray(host.writer.valueAt(current))) return current;
  }
  return undefined;
}

function arrayElementError(
  host: RenameHost,
  role: 'source' | 'destination',
  path: string,
  array: Frame,
): never {
  throw serverError(
    'BadValue',
    `The ${role} field cannot be an array element, '${path}' in doc with ${host.describeId()} has an array field ` +
      `called '${array.key}'`,
  );
}

function setDestination(
  host: RenameHost,
  frame: Frame,
  pending: readonly string[],
  name: string,
  value: unknown,
) {
  const existing = pending.length === 0 ? readChild(host.writer.valueAt(frame), name) : undefined;
  if (existing === undefined) {
    const parts = [...pending, name];
    host.materialize(frame, parts, value);
    host.checkTopLevelName(frame, parts[0] as string);
    host.checkImmutableCreated(frame);
  } else if (!identicalValues(existing, value)) {
    host.checkImmutableExisting(frame, name);
    host.checkTopLevelName(frame, name);
    writeChild(host.writer.writable(frame), name, value);
  }
}

function removeSource(host: RenameHost, source: Source, fromPath: string): void {
  if (host.hadId && (source.parent.topLevelField ?? source.key) === '_id') {
    throw serverError(
      'ImmutableField',
      `Unsetting the path '${fromPath}' using $rename would modify the immutable field '_id'`,
    );
  }
  const container = host.writer.writable(source.parent);
  if (!Array.isArray(container) && hasOwn(container, source.key)) delete container[source.key];
}

export function applyRename(
  host: RenameHost,
  node: RenameNode,
  frame: Frame,
  pending: readonly string[],
  name: string,
): void {
  const source = locateSource(host, node);
  if (source === undefined) return;
  const sourceArray = nearestArrayAncestor(host, source.parent);
  if (sourceArray !== undefined) arrayElementError(host, 'source', node.fromPath, sourceArray);
  const destinationArray = nearestArrayAncestor(host, frame);
  if (destinationArray !== undefined) {
    let destination = frame.path;
    for (const part of [...pending, name]) destination = joinPath(destination, part);
    arrayElementError(host, 'destination', destination, destinationArray);
  }
  setDestination(host, frame, pending, name, source.value);
  removeSource(host, source, node.fromPath);
  host.markModified();
}
