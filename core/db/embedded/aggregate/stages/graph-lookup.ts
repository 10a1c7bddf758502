/**
 * `$graphLookup`: breadth-first search over another collection. Each level probes a hash index
 * on connectToField with the connectFromField values of the previous level; documents are
 * visited once (by `_id`), up to `maxDepth`.
 */
import { isNumeric, isPlainObject, keyString, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { compileFilter } from '../../query/matcher.js';
import type { CompiledExpression } from '../expression.js';
import { compileFast } from './expr.js';
import { ForeignIndex } from './foreign-index.js';
import { collectPathValues, setPath } from './paths.js';
import type { StageCompileContext, StageRunner } from './types.js';
import { fail, parseFieldPath, renderValue, typeName } from './util.js';

interface GraphSpec {
  from: string;
  as: string[];
  startWith: CompiledExpression;
  connectFrom: string[];
  connectTo: string[];
  maxDepth: number | undefined;
  depthField: string[] | undefined;
  restrict: Document | undefined;
}

const stringOptions: ReadonlySet<string> = new Set(['from', 'as', 'connectFromField', 'connectToField', 'depthField']);

function parseMaxDepth(value: unknown): number {
  if (!isNumeric(value)) throw fail(40100, `maxDepth must be numeric, found type: ${typeName(value)}`);
  const depth = toDouble(value);
  const truncated = Math.trunc(depth);
  if (truncated < 0) throw fail(40101, `maxDepth requires a nonnegative argument, found: ${truncated}`);
  if (truncated !== depth) throw fail(40102, `maxDepth could not be represented as a long long: ${truncated}`);
  return depth;
}

function parseGraphSpec(spec: unknown): GraphSpec {
  if (!isPlainObject(spec)) throw fail(9, `the $graphLookup stage specification must be an object, but found ${typeName(spec)}`);
  const strings: Record<string, string> = {};
  let startWith: CompiledExpression | undefined;
  let maxDepth: number | undefined;
  let restrict: Document | undefined;
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === 'startWith') startWith = compileFast(value);
    else if (key === 'maxDepth') maxDepth = parseMaxDepth(value);
    else if (key === 'restrictSearchWithMatch') {
      if (!isPlainObject(value)) throw fail(40185, `restrictSearchWithMatch must be an object, found ${typeName(value)}`);
      restrict = value;
    } else if (stringOptions.has(key)) {
      if (typeof value !== 'string') throw fail(40103, `expected string as argument for ${key}, found: ${renderValue(value)}`);
      strings[key] = value;
    } else throw fail(40104, `Unknown argument to $graphLookup: ${key}`);
  }
  const { from, as, connectFromField, connectToField, depthField } = strings;
  if (from === undefined || as === undefined || startWith === undefined || connectFromField === undefined || connectToField === undefined) {
    throw fail(40105, "$graphLookup requires 'from', 'as', 'startWith', 'connectFromField', and 'connectToField' to be specified.");
  }
  return {
    from,
    as: parseFieldPath(as),
    startWith,
    connectFrom: parseFieldPath(connectFromField),
    connectTo: parseFieldPath(connectToField),
    maxDepth,
    depthField: depthField === undefined ? undefined : parseFieldPath(depthField),
    restrict,
  };
}

function startValues(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function search(spec: GraphSpec, index: ForeignIndex, start: unknown[]): Document[] {
  const found: Document[] = [];
  const visited = new Set<string>();
  const queried = new Set<string>();
  let frontier = start;
  for (let depth = 0; frontier.length > 0 && (spec.maxDepth === undefined || depth <= spec.maxDepth); depth++) {
    const values = frontier.filter((value) => {
      const key = keyString(value);
      if (queried.has(key)) return false;
      queried.add(key);
      return true;
    });
    const next: unknown[] = [];
    for (const document of values.length === 0 ? [] : index.match(values)) {
      const id = keyString(document._id);
      if (visited.has(id)) continue;
      visited.add(id);
      found.push(spec.depthField === undefined ? document : setPath(document, spec.depthField, depth));
      for (const value of collectPathValues(document, spec.connectFrom, false)) {
        if (value !== undefined) next.push(value);
      }
    }
    frontier = next;
  }
  return found;
}

/** Compiles `$graphLookup`. */
export function compileGraphLookup(spec: unknown, context: StageCompileContext): StageRunner {
  const graph = parseGraphSpec(spec);
  const restrict = graph.restrict === undefined ? undefined : compileFilter(graph.restrict, { variables: context.variables as Document });
  return function* graphLookup(input, run) {
    let index: ForeignIndex | undefined;
    for (const document of input) {
      if (index === undefined) {
        const foreign = [...run.resolveCollection(graph.from)];
        index = new ForeignIndex(restrict === undefined ? foreign : foreign.filter((item) => restrict.matches(item)), graph.connectTo);
      }
      const start = startValues(graph.startWith(document, run.variables));
      yield setPath(document, graph.as, search(graph, index, start));
    }
  };
}
