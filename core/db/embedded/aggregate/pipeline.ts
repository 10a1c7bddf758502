/**
 * The aggregation pipeline: validation and compilation of every stage up front (so that a bad
 * stage fails before any document is read), `$sort`+`$skip`/`$limit` coalescing into a top-k, and
 * lazy execution where each streaming stage pulls from the previous one.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { Variables } from './expression.js';
import { compileLimit, compileSkip } from './stages/basic.js';
import { checkAllowedIn, outputStages, stageCompilers, unsupportedStages } from './stages/registry.js';
import { compileSort } from './stages/sort.js';
import type { SortWindow } from './stages/sort.js';
import type { RunContext, StageCompileContext, StageRunner, SubPipelineKind } from './stages/types.js';
import { fail, parseIntegralArgument } from './stages/util.js';

/** What a pipeline may read beyond its input: other collections of the same database. */
export interface PipelineContext {
  /** Documents of another collection of the same database ([] when it does not exist). */
  resolveCollection(name: string): Iterable<Document>;
  /** `let` variables and system variables (NOW is set by the caller, fixed for the command). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** A validated, compiled pipeline that can run over any number of inputs. */
export interface CompiledPipeline {
  run(input: Iterable<Document>, context: PipelineContext): Iterable<Document>;
}

/** Options of `compilePipeline`. */
export interface CompileOptions {
  /** Variables known when compiling (the command's `let`, NOW); `$expr` filters are compiled with them. */
  readonly variables?: Variables;
}

/** The `$out`/`$merge` stage split off the end of a pipeline. */
export interface OutputStage {
  readonly kind: 'out' | 'merge';
  readonly spec: unknown;
}

interface StageEntry {
  readonly name: string;
  readonly spec: unknown;
}

/** Checks the pipeline's shape: an array of single-field stage objects (40323). */
function readStages(pipeline: unknown): StageEntry[] {
  if (!Array.isArray(pipeline)) {
    throw serverError('TypeMismatch', "'pipeline' option must be specified as an array");
  }
  return pipeline.map((stage: unknown) => {
    if (!isPlainObject(stage)) throw serverError('TypeMismatch', "Each element of the 'pipeline' array must be an object");
    const keys = Object.keys(stage);
    if (keys.length !== 1) throw fail(40323, 'A pipeline stage specification object must contain exactly one field.');
    const name = keys[0] as string;
    return { name, spec: stage[name] };
  });
}

function checkOutputPositions(stages: readonly StageEntry[]): void {
  stages.forEach((stage, index) => {
    if (outputStages.has(stage.name) && index !== stages.length - 1) {
      throw fail(40601, `${stage.name} can only be the final stage in the pipeline`);
    }
  });
}

/** Folds the `$skip`/`$limit` stages that follow a `$sort` (mongod does the same rewrite). */
function sortWindow(stages: readonly StageEntry[], from: number): { window: SortWindow; consumed: number } {
  let skip = 0;
  let limit: number | undefined;
  let index = from;
  for (; index < stages.length; index++) {
    const { name, spec } = stages[index] as StageEntry;
    if (name === '$limit') {
      compileLimit(spec);
      const n = parseIntegralArgument(spec, '$limit', 5107201);
      limit = limit === undefined ? n : Math.min(limit, n);
    } else if (name === '$skip') {
      compileSkip(spec);
      const n = parseIntegralArgument(spec, '$skip', 5107200);
      skip += n;
      if (limit !== undefined) limit = Math.max(0, limit - n);
    } else {
      break;
    }
  }
  return { window: { skip, limit }, consumed: index - from };
}

function compileStages(stages: readonly StageEntry[], kind: SubPipelineKind | undefined, options: CompileOptions): StageRunner[] {
  const variables = options.variables ?? {};
  const runners: StageRunner[] = [];
  for (let i = 0; i < stages.length; i++) {
    const { name, spec } = stages[i] as StageEntry;
    if (kind !== undefined) checkAllowedIn(kind, name);
    if (outputStages.has(name)) continue; // validated by position; executed by the command layer
    const unsupported = unsupportedStages.get(name);
    if (unsupported !== undefined) throw unsupported(name);
    if (name === '$sort') {
      const { window, consumed } = sortWindow(stages, i + 1);
      runners.push(compileSort(spec, window));
      i += consumed;
      continue;
    }
    const compiler = stageCompilers.get(name);
    if (compiler === undefined) throw fail(40324, `Unrecognized pipeline stage name: '${name}'`);
    const context: StageCompileContext = {
      variables,
      isFirst: i === 0,
      compileSubPipeline: (pipeline, subKind) => chain(compileStages(readStages(pipeline), subKind, options)),
    };
    runners.push(compiler(spec, context));
  }
  return runners;
}

function chain(runners: readonly StageRunner[]): StageRunner {
  return (input, context) => {
    let stream = input;
    for (const runner of runners) stream = runner(stream, context);
    return stream;
  };
}

/** Compiles a pipeline, throwing the first stage error; `$out`/`$merge` are accepted only last. */
export function compilePipeline(pipeline: readonly Document[], options: CompileOptions = {}): CompiledPipeline {
  const stages = readStages(pipeline);
  checkOutputPositions(stages);
  const output = stages.length > 0 && outputStages.has((stages[stages.length - 1] as StageEntry).name);
  const run = chain(compileStages(stages, undefined, options));
  return {
    run(input, context) {
      if (output) {
        throw serverError('InternalError', '$out/$merge must be split off with splitOutputStage before running the pipeline');
      }
      const runContext: RunContext = context;
      // Lazy: nothing is read until the caller iterates.
      return { [Symbol.iterator]: () => run(input, runContext)[Symbol.iterator]() };
    },
  };
}

/** Validates a whole pipeline (stage names, specs, `$out`/`$merge` placement) without running it. */
export function validatePipeline(pipeline: readonly Document[], options: CompileOptions = {}): void {
  compilePipeline(pipeline, options);
}

/**
 * Separates a trailing `$out`/`$merge` for the command layer; throws 40601 when one appears
 * anywhere else. The remaining stages are not validated here.
 */
export function splitOutputStage(pipeline: readonly Document[]): { stages: Document[]; output?: OutputStage } {
  const entries = readStages(pipeline);
  checkOutputPositions(entries);
  const last = entries[entries.length - 1];
  if (last === undefined || !outputStages.has(last.name)) return { stages: [...pipeline] };
  return {
    stages: pipeline.slice(0, -1),
    output: { kind: last.name === '$out' ? 'out' : 'merge', spec: last.spec },
  };
}

/** Runs an aggregation pipeline over its input ($out/$merge are handled by the command layer). */
export function runPipeline(
  input: Iterable<Document>,
  pipeline: readonly Document[],
  context: PipelineContext,
): Iterable<Document> {
  return compilePipeline(pipeline, { variables: context.variables }).run(input, context);
}
