/**
 * `$group`: hash aggregation in one pass over the input, groups emitted in first-seen order
 * (MongoDB promises no order). Also the engine behind `$sortByCount`.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { parseAccumulator } from '../accumulators.js';
import type { Accumulator, AccumulatorSpec } from '../accumulators.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { compileFast } from './expr.js';
import { compositeDocument, compositeId, compositeKeyOf } from './group-key.js';
import type { CompositeId } from './group-key.js';
import { GroupTable } from './group-table.js';
import type { RunContext, StageRunner } from './types.js';
import { fail } from './util.js';

/** A parsed `$group`: the key expression and the accumulators, in output order. */
export interface GroupSpec {
  readonly id: CompiledExpression;
  /** Set when `_id` is a document of expressions: keyed field by field, built once per group. */
  readonly composite: CompositeId | undefined;
  readonly accumulators: readonly AccumulatorSpec[];
}

interface Group {
  readonly id: unknown;
  readonly states: Accumulator[];
}

function compileIdExpression(id: unknown): CompiledExpression {
  if (isPlainObject(id)) {
    const keys = Object.keys(id);
    // `{_id: {}}` groups everything under the constant {}.
    if (keys.length === 0) return () => ({});
    if (!(keys[0] as string).startsWith('$')) {
      for (const key of keys) {
        const value = id[key];
        if (typeof value === 'number' || typeof value === 'boolean') {
          throw fail(17390, '$group does not support inclusion-style expressions');
        }
      }
    }
  }
  return compileFast(id);
}

/** Parses a `$group` specification (15947, 15955 and the accumulator errors). */
export function parseGroupSpec(spec: unknown): GroupSpec {
  if (!isPlainObject(spec)) throw fail(15947, "a group's fields must be specified in an object");
  let id: CompiledExpression | undefined;
  let composite: CompositeId | undefined;
  const accumulators: AccumulatorSpec[] = [];
  for (const field of Object.keys(spec)) {
    if (field === '_id') {
      id = compileIdExpression(spec._id);
      composite = compositeId(spec._id);
    }
    else accumulators.push(parseAccumulator(field, spec[field]));
  }
  if (id === undefined) throw fail(15955, 'a group specification must include an _id');
  return { id, composite, accumulators };
}

function newGroup(id: unknown, specs: readonly AccumulatorSpec[], variables: Variables): Group {
  const states: Accumulator[] = new Array<Accumulator>(specs.length);
  for (let i = 0; i < specs.length; i++) states[i] = (specs[i] as AccumulatorSpec).create(id, variables);
  return { id, states };
}

/** Returns the group of a document, creating it on first sight. */
type GroupFinder = (document: Document) => Group;

function groupFinder(spec: GroupSpec, variables: Variables, groups: Group[]): GroupFinder {
  const specs = spec.accumulators;
  const composite = spec.composite;
  if (composite !== undefined) {
    const byKey = new Map<string, Group>();
    const values = new Array<unknown>(composite.fields.length);
    const byStrings = new Map<string, unknown>();
    const last = composite.fields.length - 1;
    return (document) => {
      // Common case first: every field a string (ids, names, days). A tree of maps keyed by the
      // documents' own strings hashes each once (V8 caches a string's hash) instead of building
      // and hashing a fresh key string per document. Keys of strings only cannot equal a key
      // with any other type, so the two tables never hold the same group.
      let allStrings = true;
      for (let i = 0; i <= last; i++) {
        const value = (composite.fields[i] as CompiledExpression)(document, variables);
        values[i] = value;
        if (typeof value !== 'string') allStrings = false;
      }
      if (allStrings) {
        let level = byStrings;
        for (let i = 0; i < last; i++) {
          let next = level.get(values[i] as string) as Map<string, unknown> | undefined;
          if (next === undefined) {
            next = new Map<string, unknown>();
            level.set(values[i] as string, next);
          }
          level = next;
        }
        let found = level.get(values[last] as string) as Group | undefined;
        if (found === undefined) {
          found = newGroup(compositeDocument(composite, values), specs, variables);
          level.set(values[last] as string, found);
          groups.push(found);
        }
        return found;
      }
      const key = compositeKeyOf(values);
      let group = byKey.get(key);
      if (group === undefined) {
        group = newGroup(compositeDocument(composite, values), specs, variables);
        byKey.set(key, group);
        groups.push(group);
      }
      return group;
    };
  }
  const table = new GroupTable<Group>();
  const idOf = spec.id;
  return (document) => {
    const id = idOf(document, variables);
    let group = table.get(id);
    if (group === undefined) {
      group = newGroup(id, specs, variables);
      table.add(id, group);
      groups.push(group);
    }
    return group;
  };
}

/** Groups the input; exported for `$sortByCount`, which post-processes the groups. */
export function groupDocuments(spec: GroupSpec, input: Iterable<Document>, context: RunContext): Document[] {
  const variables = context.variables;
  const specs = spec.accumulators;
  const count = specs.length;
  const argumentFns = specs.map((accumulator) => accumulator.argument);
  const constants = specs.map((accumulator) => accumulator.constant);
  const groups: Group[] = [];
  const find = groupFinder(spec, variables, groups);
  for (const document of input) {
    const states = find(document).states;
    for (let i = 0; i < count; i++) {
      const constant = constants[i];
      (states[i] as Accumulator).add(
        constant === undefined ? (argumentFns[i] as CompiledExpression)(document, variables) : constant.value,
      );
    }
  }
  return groups.map((group) => groupOutput(group, specs));
}

function groupOutput(group: Group, specs: readonly AccumulatorSpec[]): Document {
  const output: Document = { _id: group.id === undefined ? null : group.id };
  for (let i = 0; i < specs.length; i++) {
    output[(specs[i] as AccumulatorSpec).field] = (group.states[i] as Accumulator).result();
  }
  return output;
}

/** Compiles `$group`. */
export function compileGroup(spec: unknown): StageRunner {
  const group = parseGroupSpec(spec);
  return (input, context) => groupDocuments(group, input, context);
}
