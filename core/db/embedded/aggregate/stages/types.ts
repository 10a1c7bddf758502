import type { Document } from '../../bson-values.js';
import type { Variables } from '../expression.js';

/** What a running stage can reach beyond its input. */
export interface RunContext {
  /** Documents of another collection of the same database ([] when it does not exist). */
  resolveCollection(name: string): Iterable<Document>;
  /** `let` variables and system variables (NOW…) visible to expressions. */
  readonly variables: Variables;
}

/** A compiled stage (or sub-pipeline): a lazy transformation of a document stream. */
export type StageRunner = (input: Iterable<Document>, context: RunContext) => Iterable<Document>;

/** Where a sub-pipeline lives; each place forbids different stages. */
export type SubPipelineKind = 'facet' | 'lookup' | 'unionWith';

/** What a stage compiler may use while compiling its specification. */
export interface StageCompileContext {
  /** Variables known at compile time (the command's `let` and NOW); run-time ones may differ. */
  readonly variables: Variables;
  /** True for the first stage of a (sub-)pipeline: `$documents` must be first. */
  readonly isFirst: boolean;
  /** Compiles a nested pipeline ($lookup, $facet, $unionWith), validating it eagerly. */
  compileSubPipeline(pipeline: unknown, kind: SubPipelineKind): StageRunner;
}

/** Turns a stage specification into a runner, throwing MongoServerError on invalid specs. */
export type StageCompiler = (spec: unknown, context: StageCompileContext) => StageRunner;
