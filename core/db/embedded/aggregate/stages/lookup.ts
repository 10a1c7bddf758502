/**
 * `$lookup`: equality form (localField/foreignField, array local values match any element),
 * pipeline form with `let`, and the combined form. The foreign collection is read once per run
 * and hashed on foreignField, so the join is linear; uncorrelated sub-pipelines run once.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import type { Variables } from '../expression.js';
import { compileFast } from './expr.js';
import { ForeignIndex } from './foreign-index.js';
import { collectPathValues, setPath } from './paths.js';
import type { RunContext, StageCompileContext, StageRunner } from './types.js';
import { compileLetVariables, evaluateLet } from './variables.js';
import type { LetVariables } from './variables.js';
import { fail, parseFieldPath, typeName } from './util.js';

interface LookupSpec {
  from: string | undefined;
  as: string | undefined;
  localField: string | undefined;
  foreignField: string | undefined;
  let: Document | undefined;
  pipeline: unknown[] | undefined;
}

const lookupFailure = (message: string) => fail(9, message);

function stringArgument(key: string, value: unknown): string {
  if (typeof value !== 'string') throw lookupFailure(`$lookup argument '${key}' must be a string, is type ${typeName(value)}`);
  return value;
}

function parseFrom(value: unknown): string {
  if (typeof value === 'string') return value;
  // {db, coll}: only the same database is reachable here, so only `coll` matters.
  if (isPlainObject(value) && typeof value.coll === 'string') return value.coll;
  throw lookupFailure("$lookup 'from' field must be a string");
}

function readLookupSpec(spec: unknown): LookupSpec {
  if (!isPlainObject(spec)) throw lookupFailure(`the $lookup stage specification must be an object, but found ${typeName(spec)}`);
  const parsed: LookupSpec = { from: undefined, as: undefined, localField: undefined, foreignField: undefined, let: undefined, pipeline: undefined };
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === 'from') parsed.from = parseFrom(value);
    else if (key === 'as' || key === 'localField' || key === 'foreignField') parsed[key] = stringArgument(key, value);
    else if (key === 'let') {
      if (!isPlainObject(value)) throw lookupFailure(`$lookup argument 'let' must be an object, is type ${typeName(value)}`);
      parsed.let = value;
    } else if (key === 'pipeline') {
      if (!Array.isArray(value)) throw lookupFailure(`$lookup argument 'pipeline' must be an array, is type ${typeName(value)}`);
      parsed.pipeline = value;
    } else throw lookupFailure(`unknown argument to $lookup: ${key}`);
  }
  return parsed;
}

function validateLookupSpec(spec: LookupSpec): void {
  if (spec.as === undefined) throw lookupFailure("must specify 'as' field for a $lookup");
  if (spec.from === undefined && spec.pipeline === undefined) throw lookupFailure("must specify 'pipeline' when 'from' is empty");
  const hasLocal = spec.localField !== undefined;
  const hasForeign = spec.foreignField !== undefined;
  if (spec.pipeline === undefined) {
    if (!hasLocal || !hasForeign) {
      throw lookupFailure("$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified");
    }
    if (spec.let !== undefined) throw lookupFailure("$lookup with a 'let' argument must also specify 'pipeline'");
  } else if (hasLocal !== hasForeign) {
    throw lookupFailure("$lookup requires both or neither of 'localField' and 'foreignField' to be specified");
  }
  if (spec.from === undefined) {
    const first = spec.pipeline?.[0];
    if (!isPlainObject(first) || !('$documents' in first)) {
      throw lookupFailure('$lookup stage without explicit collection must have a pipeline with $documents as first stage');
    }
  }
}

/** The values of localField to join on; a missing field joins like null. */
function localValues(document: Document, parts: readonly string[]): unknown[] {
  const values = collectPathValues(document, parts, false);
  return values.length === 0 ? [null] : values;
}

interface CompiledLookup {
  readonly from: string | undefined;
  readonly asParts: string[];
  readonly join: { local: string[]; foreign: string[] } | undefined;
  readonly letVariables: LetVariables | undefined;
  readonly pipeline: StageRunner | undefined;
}

function runLookup(lookup: CompiledLookup, input: Iterable<Document>, context: RunContext): Iterable<Document> {
  let foreign: Document[] | undefined;
  let index: ForeignIndex | undefined;
  let uncorrelated: Document[] | undefined;
  const foreignDocuments = (): Document[] =>
    (foreign ??= lookup.from === undefined ? [] : [...context.resolveCollection(lookup.from)]);
  const runPipeline = (source: Iterable<Document>, variables: Variables): Document[] =>
    [...(lookup.pipeline as StageRunner)(source, { resolveCollection: (name) => context.resolveCollection(name), variables })];

  function joined(document: Document): Document[] {
    let candidates: Document[];
    if (lookup.join !== undefined) {
      index ??= new ForeignIndex(foreignDocuments(), lookup.join.foreign);
      candidates = index.match(localValues(document, lookup.join.local));
      if (lookup.pipeline === undefined) return candidates;
    } else {
      if (lookup.letVariables === undefined) return (uncorrelated ??= runPipeline(foreignDocuments(), context.variables));
      candidates = foreignDocuments();
    }
    const variables = lookup.letVariables === undefined ? context.variables : evaluateLet(lookup.letVariables, document, context.variables);
    return runPipeline(candidates, variables);
  }

  return (function* lookupDocuments() {
    for (const document of input) yield setPath(document, lookup.asParts, joined(document));
  })();
}

/** Compiles `$lookup`. */
export function compileLookup(spec: unknown, context: StageCompileContext): StageRunner {
  const parsed = readLookupSpec(spec);
  validateLookupSpec(parsed);
  const lookup: CompiledLookup = {
    from: parsed.from,
    asParts: parseFieldPath(parsed.as as string),
    join:
      parsed.localField === undefined
        ? undefined
        : { local: parseFieldPath(parsed.localField), foreign: parseFieldPath(parsed.foreignField as string) },
    letVariables: parsed.let === undefined ? undefined : compileLetVariables(parsed.let, compileFast),
    pipeline: parsed.pipeline === undefined ? undefined : context.compileSubPipeline(parsed.pipeline, 'lookup'),
  };
  return (input, run) => runLookup(lookup, input, run);
}
