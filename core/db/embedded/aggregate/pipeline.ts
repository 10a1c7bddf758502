import type { Document } from '../bson-values.js';

/** What a pipeline may read beyond its input: other collections of the same database. */
export interface PipelineContext {
  /** Documents of another collection of the same database ([] when it does not exist). */
  resolveCollection(name: string): Iterable<Document>;
  /** `let` variables and system variables (NOW is set by the caller, fixed for the command). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Runs an aggregation pipeline over its input ($out/$merge are handled by the command layer). */
export function runPipeline(
  input: Iterable<Document>,
  pipeline: readonly Document[],
  _context: PipelineContext,
): Iterable<Document> {
  throw new Error(`runPipeline pending: ${JSON.stringify(pipeline)} ${String(input)}`);
}
