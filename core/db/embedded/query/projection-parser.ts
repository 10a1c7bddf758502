/**
 * Parsing of find projections into a tree, following MongoDB 4.4+ rules: inclusion/exclusion
 * typing, `_id` defaults, path collisions, find-only operators (`$slice`, `$elemMatch`, positional
 * `$`) and aggregation expressions or literals as computed fields.
 */
import { isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { compileExpression } from '../aggregate/expression.js';
import { MongoServerError, serverError, toServerError } from '../errors.js';
import { compileFilter } from './matcher.js';
import type { ProjectionLeaf, ProjectionNode, SliceStep } from './projection-exec.js';
import { isTruthy, formatElement, formatValue } from './values.js';

/** What parsing a projection yields, before `_id` defaults are applied. */
export interface ParsedProjection {
  readonly inclusion: boolean;
  readonly root: ProjectionNode;
  readonly slices: SliceStep[];
  readonly elemMatches: Array<{ field: string; filter: ReturnType<typeof compileFilter> }>;
  readonly positional: { readonly parts: readonly string[]; readonly key: string; readonly matchField: string } | undefined;
}

function newNode(): ProjectionNode {
  return { kind: 'node', children: new Map(), hasComputed: false };
}

/** Splits a projection field path, with FieldPath's validation errors. */
export function fieldPathParts(path: string): string[] {
  if (path === '') throw new MongoServerError(40352, 'FieldPath cannot be constructed with empty string');
  const parts = path.split('.');
  for (const part of parts) {
    if (part === '') throw new MongoServerError(15998, 'FieldPath field names may not be empty strings.');
    if (part.startsWith('$')) {
      throw new MongoServerError(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
    }
  }
  return parts;
}

function isBooleanLike(value: unknown): boolean {
  return typeof value === 'boolean' || isNumeric(value);
}

/** Where the first positional `$` of a projection key starts and ends, if any. */
function positionalRange(key: string): [number, number] | undefined {
  const middle = key.indexOf('.$.');
  if (middle >= 0) return [middle, middle + 3];
  if (key.endsWith('.$')) return [key.length - 2, key.length];
  if (key === '$') return [0, 1];
  return undefined;
}

function clampInt(value: unknown): number {
  const number = Math.trunc(toDouble(value));
  if (Number.isNaN(number)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, number));
}

/** Parses one projection document; instantiate per projection. */
export class ProjectionParser {
  private type: 'inclusion' | 'exclusion' | undefined;
  private idSpecified = false;
  private idIncluded = false;
  private idExcluded = false;
  private hasPositional = false;
  private hasElemMatch = false;
  private hasFindSlice = false;
  private readonly root = newNode();
  private readonly slices: SliceStep[] = [];
  private readonly elemMatches: ParsedProjection['elemMatches'] = [];
  private positional: ParsedProjection['positional'];

  parse(spec: Document): ParsedProjection {
    for (const key of Object.keys(spec)) {
      if (key === '_id' || key.startsWith('_id.')) this.idSpecified = true;
      this.parseElement(key, spec[key], [], this.root);
    }
    const inclusion = (this.type ?? this.defaultType()) === 'inclusion';
    if (inclusion && !this.idSpecified) this.root.children.set('_id', { kind: 'include' });
    if (!inclusion && this.idIncluded) this.root.children.delete('_id');
    markComputed(this.root);
    return { inclusion, root: this.root, slices: this.slices, elemMatches: this.elemMatches, positional: this.positional };
  }

  /** MongoDB's rules for projections made only of `_id` and find-only operators. */
  private defaultType(): 'inclusion' | 'exclusion' {
    if (this.hasFindSlice) return this.idIncluded ? 'inclusion' : 'exclusion';
    if (this.hasElemMatch) return 'inclusion';
    return this.idIncluded ? 'inclusion' : 'exclusion';
  }

  private parseElement(key: string, value: unknown, parentPath: readonly string[], parent: ProjectionNode): void {
    const positional = positionalRange(key);
    if (isPlainObject(value)) {
      if (positional) throw new MongoServerError(31271, 'positional projection cannot be used with an expression or sub object');
      this.parseSubObject(key, value, parentPath, parent);
    } else if (isBooleanLike(value)) {
      if (isTruthy(value)) this.parseInclusion(key, parentPath, parent, positional);
      else this.parseExclusion(key, parent);
    } else {
      if (positional) throw new MongoServerError(31308, 'positional projection cannot be used with a literal');
      this.addLeaf(parent, key, { kind: 'expression', evaluate: compileExpression(value) });
      if (this.type === 'exclusion') {
        throw new MongoServerError(31310, `Cannot use an expression ${formatElement(key, value)} in an exclusion projection`);
      }
      this.type = 'inclusion';
    }
  }

  private parseInclusion(key: string, parentPath: readonly string[], parent: ProjectionNode, positional: [number, number] | undefined): void {
    const isTopLevelId = key === '_id' && parent === this.root;
    if (!positional) {
      this.addLeaf(parent, key, { kind: 'include' });
      if (isTopLevelId) this.idIncluded = true;
    } else {
      this.parsePositional(key, parentPath, parent, positional);
    }
    if (isTopLevelId) return;
    if (this.type === 'exclusion') {
      throw new MongoServerError(31253, `Cannot do inclusion on field ${key} in exclusion projection`);
    }
    this.type = 'inclusion';
  }

  private parsePositional(key: string, parentPath: readonly string[], parent: ProjectionNode, [begin, end]: [number, number]): void {
    if (this.hasPositional) throw new MongoServerError(31276, 'Cannot specify more than one positional projection per query.');
    if (this.hasElemMatch) throw new MongoServerError(31256, 'Cannot specify positional operator and $elemMatch.');
    if (key.endsWith('.$.')) throw new MongoServerError(31270, "Path cannot end with '.$.'");
    const remainder = key.slice(end);
    if (remainder === '$' || positionalRange(remainder) !== undefined) {
      throw new MongoServerError(31287, `Cannot use positional operator twice: ${key}`);
    }
    if (remainder !== '') {
      throw new MongoServerError(
        31394,
        "As of 4.4, it's illegal to specify positional operator in the middle of a path.Positional projection may only be used at the end, for example: a.b.$. If the query previously used a form like a.b.$.d, remove the parts following the '$' and the results will be equivalent.",
      );
    }
    const path = key.slice(0, begin);
    this.addLeaf(parent, path, { kind: 'positional' });
    const parts = [...parentPath, ...fieldPathParts(path)];
    this.positional = { parts, key, matchField: parts[0] as string };
    this.hasPositional = true;
  }

  private parseExclusion(key: string, parent: ProjectionNode): void {
    this.addLeaf(parent, key, { kind: 'exclude' });
    if (key === '_id' && parent === this.root) {
      this.idExcluded = true;
      return;
    }
    if (this.type === 'inclusion') {
      throw new MongoServerError(31254, `Cannot do exclusion on field ${key} in inclusion projection`);
    }
    this.type = 'exclusion';
  }

  private parseSubObject(key: string, value: Document, parentPath: readonly string[], parent: ProjectionNode): void {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      this.parseOperator(key, keys[0] as string, value, parentPath, parent);
      return;
    }
    if (keys.length === 0) {
      throw new MongoServerError(51270, 'An empty sub-projection is not a valid value. Found empty object at path');
    }
    const node = this.nodeAt(parent, key);
    const path = [...parentPath, ...fieldPathParts(key)];
    for (const subKey of keys) this.parseElement(subKey, value[subKey], path, node);
  }

  private parseOperator(key: string, operator: string, value: Document, parentPath: readonly string[], parent: ProjectionNode): void {
    const operand = value[operator];
    if (operator === '$slice') return this.parseSlice(key, value, operand, parentPath, parent);
    if (operator === '$elemMatch') return this.parseElemMatch(key, operand, parent);
    if (operator === '$meta') {
      throw serverError('BadValue', `${formatElement('$meta', operand)} is not supported by the embedded server (no text or search scores)`);
    }
    this.parseExpression(key, value, parent);
  }

  private parseExpression(key: string, value: Document, parent: ProjectionNode): void {
    let evaluate;
    try {
      evaluate = compileExpression(value);
    } catch (error) {
      if (isUnknownOperatorError(error)) throw new MongoServerError(31325, `Unknown expression ${Object.keys(value)[0] as string}`);
      throw toServerError(error);
    }
    if (this.type === 'exclusion') throw new MongoServerError(31252, 'Cannot use expression other than $meta in exclusion projection');
    this.type = 'inclusion';
    this.addLeaf(parent, key, { kind: 'expression', evaluate });
  }

  private parseSlice(key: string, value: Document, operand: unknown, parentPath: readonly string[], parent: ProjectionNode): void {
    let slice: { skip: number | undefined; limit: number };
    try {
      slice = parseFindSlice(operand);
    } catch (findError) {
      try {
        this.parseExpression(key, value, parent);
        return;
      } catch (expressionError) {
        const cause = toServerError(expressionError);
        throw new MongoServerError(
          cause.code,
          `Invalid $slice syntax. The given syntax ${formatValue(value)} did not match the find() syntax because :: ${toServerError(findError).message} :: The given syntax did not match the expression $slice syntax. :: caused by :: ${cause.message}`,
        );
      }
    }
    this.addLeaf(parent, key, { kind: 'slice', ...slice });
    this.slices.push({ parts: [...parentPath, ...fieldPathParts(key)], ...slice });
    this.hasFindSlice = true;
  }

  private parseElemMatch(key: string, operand: unknown, parent: ProjectionNode): void {
    if (!isPlainObject(operand)) {
      throw new MongoServerError(31274, `elemMatch: Invalid argument, object required, but got ${formatValue(operand)}`);
    }
    if (this.hasPositional) throw new MongoServerError(31255, 'Cannot specify positional operator and $elemMatch.');
    if (key.includes('.') || parent !== this.root) {
      throw new MongoServerError(31275, 'Cannot use $elemMatch projection on a nested field.');
    }
    const filter = compileFilter({ [key]: { $elemMatch: operand } });
    this.addLeaf(parent, key, { kind: 'elemMatch', filter });
    this.elemMatches.push({ field: key, filter });
    this.hasElemMatch = true;
  }

  /** Adds a leaf at a dotted path below `parent`, with MongoDB's path-collision errors. */
  private addLeaf(parent: ProjectionNode, key: string, leaf: ProjectionLeaf): void {
    const parts = fieldPathParts(key);
    let node = parent;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const child = node.children.get(part);
      if (child === undefined) {
        const created = newNode();
        node.children.set(part, created);
        node = created;
      } else if (child.kind === 'node') {
        node = child;
      } else {
        throw new MongoServerError(31249, `Path collision at ${key} remaining portion ${parts.slice(1).join('.')}`);
      }
    }
    const last = parts[parts.length - 1] as string;
    if (node.children.has(last)) throw new MongoServerError(31250, `Path collision at ${key}`);
    node.children.set(last, leaf);
  }

  /** The inner node at a dotted path below `parent`, created when absent. */
  private nodeAt(parent: ProjectionNode, key: string): ProjectionNode {
    let node = parent;
    for (const part of fieldPathParts(key)) {
      const child = node.children.get(part);
      if (child === undefined) {
        const created = newNode();
        node.children.set(part, created);
        node = created;
      } else if (child.kind === 'node') {
        node = child;
      } else {
        throw new MongoServerError(31250, `Path collision at ${key}`);
      }
    }
    return node;
  }
}

/** The find() form of `$slice`: a number, or `[skip, limit]` with a positive limit. */
function parseFindSlice(operand: unknown): { skip: number | undefined; limit: number } {
  if (isNumeric(operand)) return { skip: undefined, limit: clampInt(operand) };
  if (!Array.isArray(operand)) throw new MongoServerError(31273, '$slice only supports numbers and [skip, limit] arrays');
  if (operand.length !== 2) throw new MongoServerError(31272, '$slice array argument should be of form [skip, limit]');
  const [skip, limit] = operand as [unknown, unknown];
  if (!isNumeric(skip)) throw new MongoServerError(31257, `$slice expects the skip argument to be a number, got ${formatValue(skip)}`);
  if (!isNumeric(limit)) throw new MongoServerError(31258, `$slice expects the limit argument to be a number, got ${formatValue(limit)}`);
  const limitNumber = clampInt(limit);
  if (limitNumber <= 0) throw new MongoServerError(31259, `$slice limit must be positive, got ${limitNumber}`);
  return { skip: clampInt(skip), limit: limitNumber };
}

/** The expression compiler's "Unrecognized expression" (InvalidPipelineOperator, 168). */
function isUnknownOperatorError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 168 || (error instanceof Error && error.message.startsWith('Unrecognized expression'));
}

function markComputed(node: ProjectionNode): boolean {
  let computed = false;
  for (const child of node.children.values()) {
    if (child.kind === 'expression') computed = true;
    else if (child.kind === 'node' && markComputed(child)) computed = true;
  }
  node.hasComputed = computed;
  return computed;
}
