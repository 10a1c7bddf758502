/**
 * Applies a parsed update tree to one document. Fields are visited in MongoDB's order (see
 * compareFieldNames); paths that do not exist are carried as "pending" parts and created only when
 * a creating modifier ($set, $inc, $push, …) reaches its leaf, as mongod does.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { ArrayFilterMap } from './array-filters.js';
import { DocumentWriter, Frame, isContainer, readChild, setField, writeChild } from './document-access.js';
import { describeId, formatElement } from './format.js';
import { arrayIndexOf, compareFieldNames, hasOwn, joinPath } from './paths.js';
import { applyRename } from './rename.js';
import type { RenameHost } from './rename.js';
import { mergeNodes, NO_CHANGE, orderedChildren, REMOVE } from './tree.js';
import type { ArrayNode, LeafContext, LeafOperator, ObjectNode, UpdateNode } from './tree.js';

/** Per-document inputs of an operator update. */
export interface ApplyEnvironment {
  readonly arrayFilters: ArrayFilterMap;
  readonly matchPosition: number | undefined;
  readonly isUpsertInsert: boolean;
  readonly now: Date;
}

const ROOT = new Frame(undefined, '');
const NOTHING_PENDING: readonly string[] = [];
/** mongod refuses to pad an array with more nulls than this. */
const MAX_PADDING = 1_500_000;

function pendingPath(frame: Frame, pending: readonly string[], name: string): string {
  let path = frame.path;
  for (const part of pending) path = joinPath(path, part);
  return joinPath(path, name);
}

/** Runs one update tree over one document; also the LeafContext handed to leaf operators. */
export class TreeExecutor implements LeafContext, RenameHost {
  readonly writer: DocumentWriter;
  readonly hadId: boolean;
  modified = false;
  fieldName = '';
  private frame = ROOT;
  private pending = NOTHING_PENDING;

  constructor(
    document: Document,
    private readonly environment: ApplyEnvironment,
  ) {
    this.writer = new DocumentWriter(document);
    this.hadId = hasOwn(document, '_id');
  }

  get now(): Date {
    return this.environment.now;
  }

  path(): string {
    return pendingPath(this.frame, this.pending, this.fieldName);
  }

  describeId(): string {
    return describeId(this.writer.root);
  }

  /** Applies the whole tree; the result is `writer.root`, `modified` tells whether it changed. */
  run(root: ObjectNode): void {
    this.applyChildren(root, ROOT, NOTHING_PENDING);
  }

  private applyChildren(node: ObjectNode, frame: Frame, pending: readonly string[]): void {
    let currentFrame = frame;
    let currentPending = pending;
    for (const [name, child] of this.entriesOf(node, frame, pending)) {
      if (currentPending.length > 0) {
        // An earlier sibling may have created the pending path: continue below it.
        [currentFrame, currentPending] = this.resolvePending(currentFrame, currentPending);
      }
      this.applyNode(child, currentFrame, currentPending, name);
    }
  }

  private resolvePending(frame: Frame, pending: readonly string[]): [Frame, readonly string[]] {
    let resolved = frame;
    let index = 0;
    while (index < pending.length) {
      const part = pending[index] as string;
      if (readChild(this.writer.valueAt(resolved), part) === undefined) break;
      resolved = new Frame(resolved, part);
      index++;
    }
    return index === 0 ? [frame, pending] : [resolved, pending.slice(index)];
  }

  /** The children in application order, with the positional `$` child placed at the matched index. */
  private entriesOf(node: ObjectNode, frame: Frame, pending: readonly string[]) {
    const ordered = orderedChildren(node);
    const positional = node.positional;
    if (positional === undefined) return ordered;
    if (this.environment.matchPosition === undefined) {
      throw serverError('BadValue', 'The positional operator did not find the match needed from the query.');
    }
    const matched = String(this.environment.matchPosition);
    const entries: Array<readonly [string, UpdateNode]> = [];
    let placed = false;
    for (const [name, child] of ordered) {
      if (!placed && name === matched) {
        entries.push([name, mergeNodes(child, positional, pendingPath(frame, pending, name))]);
        placed = true;
        continue;
      }
      if (!placed && compareFieldNames(matched, name) < 0) {
        entries.push([matched, positional]);
        placed = true;
      }
      entries.push([name, child]);
    }
    if (!placed) entries.push([matched, positional]);
    return entries;
  }

  private applyNode(node: UpdateNode, frame: Frame, pending: readonly string[], name: string): void {
    switch (node.kind) {
      case 'leaf':
        this.applyLeaf(node.operator, frame, pending, name);
        return;
      case 'object':
        if (pending.length === 0 && readChild(this.writer.valueAt(frame), name) !== undefined) {
          this.applyChildren(node, new Frame(frame, name), NOTHING_PENDING);
        } else {
          this.applyChildren(node, frame, [...pending, name]);
        }
        return;
      case 'array':
        this.applyArrayNode(node, frame, pending, name);
        return;
      case 'rename':
        applyRename(this, node, frame, pending, name);
        return;
      case 'placeholder':
        return;
    }
  }

  private applyArrayNode(node: ArrayNode, frame: Frame, pending: readonly string[], name: string): void {
    const existing = pending.length === 0 ? readChild(this.writer.valueAt(frame), name) : undefined;
    if (existing === undefined) {
      throw serverError(
        'BadValue',
        `The path '${pendingPath(frame, pending, name)}' must exist in the document in order to apply array updates.`,
      );
    }
    if (!Array.isArray(existing)) {
      throw serverError(
        'BadValue',
        `Cannot apply array updates to non-array element ${formatElement(name, existing)}`,
      );
    }
    const arrayFrame = new Frame(frame, name);
    // Filters see the elements as they were before this update touched the array.
    for (let index = 0; index < existing.length; index++) {
      const update = this.updateForElement(node, existing[index], arrayFrame, index);
      if (update !== undefined) this.applyNode(update, arrayFrame, NOTHING_PENDING, String(index));
    }
  }

  private updateForElement(node: ArrayNode, element: unknown, arrayFrame: Frame, index: number) {
    let merged: UpdateNode | undefined;
    for (const [identifier, child] of node.children) {
      if (identifier.length > 0 && !this.environment.arrayFilters.get(identifier)?.(element)) continue;
      merged =
        merged === undefined ? child : mergeNodes(merged, child, joinPath(arrayFrame.path, String(index)));
    }
    return merged;
  }

  private applyLeaf(operator: LeafOperator, frame: Frame, pending: readonly string[], name: string): void {
    if (operator.insertOnly && !this.environment.isUpsertInsert) return;
    this.frame = frame;
    this.pending = pending;
    this.fieldName = name;
    if (pending.length === 0) {
      const existing = readChild(this.writer.valueAt(frame), name);
      if (existing !== undefined) {
        this.updateExisting(operator, frame, name, existing);
        return;
      }
    }
    this.applyToMissing(operator, frame, pending, name);
  }

  private updateExisting(operator: LeafOperator, frame: Frame, name: string, existing: unknown): void {
    const result = operator.update(existing, this);
    if (result === NO_CHANGE) return;
    this.checkImmutableExisting(frame, name);
    if (result === REMOVE) {
      const target = this.writer.writable(frame);
      // $unset on an array element leaves a null: array positions never shift.
      if (Array.isArray(target)) target[arrayIndexOf(name)] = null;
      else delete target[name];
    } else {
      this.checkTopLevelName(frame, name);
      writeChild(this.writer.writable(frame), name, result);
    }
    this.modified = true;
  }

  private applyToMissing(
    operator: LeafOperator,
    frame: Frame,
    pending: readonly string[],
    name: string,
  ): void {
    if (operator.onMissing === 'ignore') return;
    if (operator.onMissing === 'checkViability') {
      this.checkViability(frame, pending, name);
      return;
    }
    const parts = [...pending, name];
    this.materialize(frame, parts, operator.create(this));
    this.checkTopLevelName(frame, parts[0] as string);
    this.checkImmutableCreated(frame);
    this.modified = true;
  }

  /** Modifiers that never create ($pop, $pull, …) still fail where a path could not exist. */
  private checkViability(frame: Frame, pending: readonly string[], name: string): void {
    const container = this.writer.valueAt(frame);
    const first = pending.length > 0 ? (pending[0] as string) : name;
    if (isPlainObject(container) || (Array.isArray(container) && arrayIndexOf(first) >= 0)) return;
    throw serverError(
      'PathNotViable',
      `Cannot use the part (${first}) of (${pendingPath(frame, pending, name)}) to traverse the element ` +
        `({${formatElement(frame.key, container)}})`,
    );
  }

  /** Creates `parts` below the element at `frame` (objects, or null padding in arrays), ending in value. */
  materialize(frame: Frame, parts: readonly string[], value: unknown): void {
    const container = this.writer.valueAt(frame);
    const first = parts[0] as string;
    if (!isContainer(container) || (Array.isArray(container) && arrayIndexOf(first) < 0)) {
      throw serverError(
        'PathNotViable',
        `Cannot create field '${first}' in element {${formatElement(frame.key, container)}}`,
      );
    }
    let nested = value;
    for (let i = parts.length - 1; i >= 1; i--) {
      const level = this.writer.adopt({});
      setField(level, parts[i] as string, nested);
      nested = level;
    }
    const target = this.writer.writable(frame);
    if (Array.isArray(target)) {
      const index = arrayIndexOf(first);
      if (index - target.length > MAX_PADDING) {
        throw serverError('CannotBackfillArray', `can't backfill more than ${MAX_PADDING} elements`);
      }
      while (target.length < index) target.push(null);
      target[index] = nested;
    } else {
      setField(target, first, nested);
    }
  }

  /** `_id` (and anything inside it) cannot change once the document has one. */
  checkImmutableExisting(frame: Frame, name: string): void {
    const topLevel = frame.parent === undefined ? name : frame.topLevelField;
    if (this.hadId && topLevel === '_id') {
      throw serverError(
        'ImmutableField',
        `Performing an update on the path '${joinPath(frame.path, name)}' would modify the immutable field '_id'`,
      );
    }
  }

  checkImmutableCreated(frame: Frame): void {
    if (this.hadId && frame.topLevelField === '_id') {
      throw serverError(
        'ImmutableField',
        `Updating the path '${frame.path}' to ${formatElement(frame.key, this.writer.valueAt(frame))} would modify ` +
          "the immutable field '_id'",
      );
    }
  }

  /** mongod (5.0+) stores `$`-prefixed names only below the top level when they come from operators. */
  checkTopLevelName(frame: Frame, name: string): void {
    if (frame.parent === undefined && name.charCodeAt(0) === 36) {
      throw serverError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${name}' in '${name}' is not allowed in the context of an update's ` +
          'replacement document. Consider using an aggregation pipeline with $replaceWith.',
      );
    }
  }

  markModified(): void {
    this.modified = true;
  }
}
