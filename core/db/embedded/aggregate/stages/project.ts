/**
 * `$project`, `$addFields`/`$set` and `$unset`: specification parsing with mongod's errors
 * (31253/31254 mixing, 31252 expressions in exclusions, 31249/31250 path collisions, field-path
 * errors prefixed "Invalid $stage :: caused by ::").
 */
import { isNumeric, isPlainObject, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { compileFast } from './expr.js';
import {
  addExpression,
  addLeaf,
  applyAddFields,
  applyExclusion,
  applyInclusion,
  newNode,
} from './projection-tree.js';
import type { ProjectionNode } from './projection-tree.js';
import type { StageRunner } from './types.js';
import { fail, isOperatorObject, parseFieldPath, typeName } from './util.js';

type Mode = 'inclusion' | 'exclusion';

interface ProjectionState {
  readonly root: ProjectionNode;
  readonly prefix: string;
  mode: Mode | undefined;
  idSpecified: boolean;
  idExcluded: boolean;
}

/** Parses a projection key, rejecting the find-only positional operator like mongod. */
function projectionPath(key: string, stage: string, prefix: string): string[] {
  if (key === '$' || key.endsWith('.$')) {
    if (key !== '$') throw fail(31324, `${prefix}Cannot use positional projection in aggregation projection`);
  } else if (key.includes('.$.')) {
    throw fail(
      31394,
      `${prefix}As of 4.4, it's illegal to specify positional operator in the middle of a path.Positional ` +
        "projection may only be used at the end, for example: a.b.$. If the query previously used a form like " +
        "a.b.$.d, remove the parts following the '$' and the results will be equivalent.",
    );
  }
  return parseFieldPath(key, stage);
}

function isBooleanLike(value: unknown): boolean {
  return typeof value === 'boolean' || typeof value === 'number' || isNumeric(value);
}

function isTruthyFlag(value: unknown): boolean {
  return typeof value === 'boolean' ? value : toDouble(value) !== 0;
}

function addFlag(state: ProjectionState, parts: string[], included: boolean): void {
  const path = parts.join('.');
  if (path === '_id') {
    // _id may be included or excluded whatever the projection's type.
    state.idSpecified = true;
    state.idExcluded = !included;
    if (included) addLeaf(state.root, parts, state.prefix);
    return;
  }
  if (included && state.mode === 'exclusion') {
    throw fail(31253, `${state.prefix}Cannot do inclusion on field ${path} in exclusion projection`);
  }
  if (!included && state.mode === 'inclusion') {
    throw fail(31254, `${state.prefix}Cannot do exclusion on field ${path} in inclusion projection`);
  }
  state.mode = included ? 'inclusion' : 'exclusion';
  addLeaf(state.root, parts, state.prefix);
}

function addComputed(state: ProjectionState, parts: string[], value: unknown): void {
  if (state.mode === 'exclusion') {
    throw fail(31252, `${state.prefix}Cannot use expression other than $meta in exclusion projection`);
  }
  if (parts.join('.') === '_id') state.idSpecified = true;
  else state.mode = 'inclusion';
  addExpression(state.root, parts, compileFast(value), state.prefix);
}

function walkProjection(state: ProjectionState, spec: Document, base: string[], stage: string): void {
  for (const key of Object.keys(spec)) {
    const parts = [...base, ...projectionPath(key, stage, state.prefix)];
    const value = spec[key];
    if (isPlainObject(value) && !isOperatorObject(value)) {
      if (Object.keys(value).length === 0) {
        throw fail(51270, `${state.prefix}An empty sub-projection is not a valid value. Found empty object at path`);
      }
      walkProjection(state, value, parts, stage);
    } else if (isPlainObject(value) && Object.keys(value).length > 1) {
      // {$op: …, $other: …} is read as a sub-projection whose keys are invalid field names.
      walkProjection(state, value, parts, stage);
    } else if (isBooleanLike(value)) {
      addFlag(state, parts, isTruthyFlag(value));
    } else {
      addComputed(state, parts, value);
    }
  }
}

/** Compiles `$project`. */
export function compileProject(spec: unknown): StageRunner {
  if (!isPlainObject(spec)) throw fail(15969, '$project specification must be an object');
  const prefix = 'Invalid $project :: caused by :: ';
  if (Object.keys(spec).length === 0) throw fail(51272, `${prefix}projection specification must have at least one field`);
  const state: ProjectionState = { root: newNode(), prefix, mode: undefined, idSpecified: false, idExcluded: false };
  walkProjection(state, spec, [], '$project');
  const mode: Mode = state.mode ?? (state.idExcluded ? 'exclusion' : 'inclusion');
  const root = state.root;
  if (mode === 'exclusion') {
    if (state.idExcluded) root.leaves.add('_id');
    else root.leaves.delete('_id');
    return function* project(input) {
      for (const document of input) yield applyExclusion(root, document);
    };
  }
  if (!state.idSpecified) root.leaves.add('_id');
  return function* project(input, run) {
    const variables = run.variables;
    for (const document of input) yield applyInclusion(root, document, variables);
  };
}

function walkAddFields(root: ProjectionNode, spec: Document, base: string[], stage: string, prefix: string): void {
  for (const key of Object.keys(spec)) {
    const parts = [...base, ...parseFieldPath(key, stage)];
    const value = spec[key];
    if (isPlainObject(value) && Object.keys(value).length > 0 && !isOperatorObject(value)) {
      // A nested object merges into the existing sub-document, like a dotted path would.
      walkAddFields(root, value, parts, stage, prefix);
    } else {
      addExpression(root, parts, compileFast(value), prefix);
    }
  }
}

/** Compiles `$addFields` and its alias `$set` (`stage` is the name used in messages). */
export function compileAddFields(spec: unknown, stage = '$addFields'): StageRunner {
  if (!isPlainObject(spec)) throw fail(40272, `${stage} specification stage must be an object, got ${typeName(spec)}`);
  const prefix = `Invalid ${stage} :: caused by :: `;
  if (Object.keys(spec).length === 0) throw fail(40177, `${prefix}specification must have at least one field`);
  const root = newNode();
  walkAddFields(root, spec, [], stage, prefix);
  return function* addFields(input, run) {
    const variables = run.variables;
    for (const document of input) yield applyAddFields(root, document, variables);
  };
}

/** Compiles `$unset: "a" | ["a", "b.c"]` (an exclusion projection). */
export function compileUnset(spec: unknown): StageRunner {
  const fields = typeof spec === 'string' ? [spec] : spec;
  if (!Array.isArray(fields)) throw fail(31002, '$unset specification must be a string or an array');
  if (fields.length === 0) {
    throw fail(31119, '$unset specification must be a string or an array with at least one field');
  }
  const prefix = 'Invalid $unset :: caused by :: ';
  const root = newNode();
  for (const field of fields) {
    if (typeof field !== 'string') {
      throw fail(31120, '$unset specification must be a string or an array containing only string values');
    }
    addLeaf(root, parseFieldPath(field, '$unset'), prefix);
  }
  return function* unset(input) {
    for (const document of input) yield applyExclusion(root, document);
  };
}
