/**
 * Streaming single-input stages: `$match $limit $skip $count $replaceRoot $replaceWith
 * $documents $sample`. Everything but `$sample` and `$count` yields as it reads.
 */
import { isPlainObject, isNumeric, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { compileFilter } from '../../query/matcher.js';
import type { CompiledFilter } from '../../query/matcher.js';
import type { Variables } from '../expression.js';
import { compileFast } from './expr.js';
import type { StageCompileContext, StageRunner } from './types.js';
import { fail, parseIntegralArgument, renderCompact, typeName } from './util.js';

function usesExpr(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesExpr);
  if (!isPlainObject(value)) return false;
  return Object.keys(value).some((key) => key === '$expr' || usesExpr(value[key]));
}

/** `$match`: the filter is compiled once; `$expr` filters are recompiled when variables differ. */
export function compileMatch(spec: unknown, context: StageCompileContext): StageRunner {
  if (!isPlainObject(spec)) throw fail(15959, 'the match filter must be an expression in an object');
  const compiled = compileFilter(spec, { variables: context.variables as Document });
  const dependsOnVariables = usesExpr(spec);
  let lastVariables: Variables = context.variables;
  let lastFilter: CompiledFilter = compiled;
  return function* match(input, run) {
    if (dependsOnVariables && run.variables !== lastVariables) {
      lastVariables = run.variables;
      lastFilter = compileFilter(spec, { variables: run.variables as Document });
    }
    const filter = lastFilter;
    for (const document of input) {
      if (filter.matches(document)) yield document;
    }
  };
}

/** `$limit` (5107201, 15958 for zero). */
export function compileLimit(spec: unknown): StageRunner {
  const limit = parseIntegralArgument(spec, '$limit', 5107201);
  if (limit === 0) throw fail(15958, 'the limit must be positive');
  return function* applyLimit(input) {
    let left = limit;
    for (const document of input) {
      yield document;
      if (--left === 0) return;
    }
  };
}

/** `$skip` (5107200). */
export function compileSkip(spec: unknown): StageRunner {
  const skip = parseIntegralArgument(spec, '$skip', 5107200);
  return function* applySkip(input) {
    let left = skip;
    for (const document of input) {
      if (left > 0) left--;
      else yield document;
    }
  };
}

/** `$count`: one `{<name>: n}` document, or none for an empty input (like the $group it is). */
export function compileCount(spec: unknown): StageRunner {
  if (typeof spec !== 'string' || spec.length === 0) throw fail(40156, 'the count field must be a non-empty string');
  if (spec.startsWith('$')) throw fail(40157, 'the count field cannot be a $-prefixed path');
  if (spec.includes('.')) throw fail(40158, "the count field cannot contain '.'");
  return function* count(input) {
    let n = 0;
    for (const document of input) {
      void document;
      n++;
    }
    if (n > 0) yield { [spec]: n };
  };
}

function replaceRootRunner(newRoot: unknown, what: string): StageRunner {
  const expression = compileFast(newRoot);
  return function* replaceRoot(input, run) {
    const variables = run.variables;
    for (const document of input) {
      const value = expression(document, variables);
      if (!isPlainObject(value)) {
        throw fail(
          40228,
          `${what} must evaluate to an object, but resulting value was: ${value === undefined ? 'MISSING' : renderCompact(value)}. ` +
            `Type of resulting value: '${typeName(value)}'. Input document: ${renderCompact(document)}`,
        );
      }
      yield value;
    }
  };
}

/** `$replaceRoot: {newRoot}` (40229, 40230, 40231; 40228 at run time). */
export function compileReplaceRoot(spec: unknown): StageRunner {
  if (!isPlainObject(spec)) {
    throw fail(40229, `expected an object as specification for $replaceRoot stage, got ${typeName(spec)}`);
  }
  for (const key of Object.keys(spec)) {
    if (key !== 'newRoot') {
      throw fail(40230, `unrecognized option to $replaceRoot stage: ${key}, only valid option is 'newRoot'.`);
    }
  }
  if (!('newRoot' in spec)) throw fail(40231, 'no newRoot specified for the $replaceRoot stage');
  return replaceRootRunner(spec.newRoot, "'newRoot' expression");
}

/** `$replaceWith: <expression>`. */
export function compileReplaceWith(spec: unknown): StageRunner {
  return replaceRootRunner(spec, "'replacement document'");
}

/** `$documents`: literal documents replacing the (empty) input; only valid first (40602). */
export function compileDocuments(spec: unknown, context: StageCompileContext): StageRunner {
  if (!context.isFirst) throw fail(40602, '$documents is only valid as the first stage in a pipeline');
  const expression = compileFast(spec);
  return function* documents(_input, run) {
    const value = expression({}, run.variables);
    if (!Array.isArray(value)) {
      throw fail(5858203, `an array is expected for $documents, but found: ${typeName(value)}`);
    }
    for (const item of value) {
      if (!isPlainObject(item)) {
        throw fail(
          40228,
          `'newRoot' expression must evaluate to an object, but resulting value was: ${renderCompact(item)}. ` +
            `Type of resulting value: '${typeName(item)}'.`,
        );
      }
      yield item;
    }
  };
}

function parseSampleSize(spec: unknown): number {
  if (!isPlainObject(spec)) throw fail(28745, 'the $sample stage specification must be an object');
  let size: number | undefined;
  for (const key of Object.keys(spec)) {
    if (key !== 'size') throw fail(28748, `unrecognized option to $sample: ${key}`);
    if (!isNumeric(spec.size)) throw fail(28746, 'size argument to $sample must be a number');
    size = toDouble(spec.size);
    if (size < 0) throw fail(28747, 'size argument to $sample must not be negative');
  }
  if (size === undefined) throw fail(28749, '$sample stage must specify a size');
  return Math.floor(size);
}

/** `$sample: {size}`: reservoir sampling, returned in random order. */
export function compileSample(spec: unknown): StageRunner {
  const size = parseSampleSize(spec);
  return function* sample(input) {
    const reservoir: Document[] = [];
    let seen = 0;
    for (const document of input) {
      seen++;
      if (reservoir.length < size) reservoir.push(document);
      else {
        const slot = Math.floor(Math.random() * seen);
        if (slot < size) reservoir[slot] = document;
      }
    }
    for (let i = reservoir.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const swap = reservoir[i] as Document;
      reservoir[i] = reservoir[j] as Document;
      reservoir[j] = swap;
    }
    yield* reservoir;
  };
}
