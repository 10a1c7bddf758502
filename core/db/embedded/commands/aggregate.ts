/**
 * The aggregate command: a leading `$match` (and a `$sort`/`$limit` right after it) is pushed down
 * to the storage engine so that indexes serve it; the rest runs in the pipeline engine; `$out` and
 * `$merge` write through the storage engine like any other write.
 */
import { isPlainObject, type Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { runPipeline, splitOutputStage, type PipelineContext } from '../aggregate/pipeline.js';
import type { QueryOptions, StorageEngine } from '../storage/types.js';
import { assertSimpleCollation, optionalDocument, requiredArray } from './args.js';
import type { CommandContext, CommandSpec } from './context.js';
import { writeMergeOutput, writeOutOutput } from './aggregate-output.js';

export interface PushedDownPipeline {
  readonly query: QueryOptions;
  readonly rest: readonly Document[];
}

/** Splits the stages storage can serve (leading $match, then $sort, then $skip/$limit) from the rest. */
export function pushDown(pipeline: readonly Document[], variables: Document): PushedDownPipeline {
  let index = 0;
  let filter: Document = {};
  let sort: Document | undefined;
  let limit: number | undefined;
  const first = pipeline[0];
  if (first && isPlainObject(first['$match']) && !containsKey(first['$match'], '$text')) {
    filter = first['$match'];
    index = 1;
  }
  const sortStage = pipeline[index];
  if (sortStage && isPlainObject(sortStage['$sort'])) {
    sort = sortStage['$sort'];
    index++;
    const limitStage = pipeline[index];
    if (limitStage && typeof limitStage['$limit'] === 'number' && limitStage['$limit'] > 0) {
      // Keep the $limit stage in `rest` too: harmless, and it keeps validation errors identical.
      limit = limitStage['$limit'];
    }
  }
  return {
    query: { filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}), variables },
    rest: pipeline.slice(index),
  };
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => containsKey(item, key));
  if (!isPlainObject(value)) return false;
  return Object.keys(value).some((field) => field === key || containsKey(value[field], key));
}

export function pipelineContext(engine: StorageEngine, database: string, variables: Document): PipelineContext {
  return {
    resolveCollection: (name: string) => {
      const collection = engine.getCollection(database, name);
      if (!collection) return [];
      return [...collection.query({ filter: {} }).records].map((record) => record.document);
    },
    variables,
  };
}

function parsePipeline(body: Document): Document[] {
  const pipeline = requiredArray(body, 'aggregate', 'pipeline');
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) throw serverError('TypeMismatch', 'Each element of the \'pipeline\' array must be an object');
  }
  const first = pipeline[0] as Document | undefined;
  if (first && '$changeStream' in first) {
    throw serverError('Location40573', 'The $changeStream stage is only supported on replica sets');
  }
  return pipeline as Document[];
}

async function aggregate(body: Document, database: string, context: CommandContext): Promise<Buffer | Document> {
  const target = body['aggregate'];
  const pipeline = parsePipeline(body);
  assertSimpleCollation(body);
  const cursorOptions = optionalDocument(body, 'aggregate', 'cursor');
  if (!cursorOptions && body['explain'] !== true) {
    throw serverError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const now = new Date();
  const variables = { ...(optionalDocument(body, 'aggregate', 'let') ?? {}), NOW: now };
  const { stages, output } = splitOutputStage(pipeline);
  const pipelineCtx = pipelineContext(context.engine, database, variables);
  let input: Iterable<Document> = [];
  let rest: readonly Document[] = stages;
  if (typeof target === 'string') {
    const collection = context.engine.getCollection(database, target);
    const pushed = pushDown(stages, variables);
    rest = pushed.rest;
    // One array, filled straight from the scan: no intermediate array of records (220k rows for
    // a KPI breakdown). Still materialised, as stages such as $facet iterate their input twice.
    input = collection ? Array.from(collection.query(pushed.query).records, (record) => record.document) : [];
  } else if (target !== 1) {
    throw serverError('InvalidNamespace', 'aggregate needs a collection name or 1');
  }
  context.counters.opcounters.command++;
  const results = runPipeline(input, rest, pipelineCtx);
  const namespace = `${database}.${typeof target === 'string' ? target : '$cmd.aggregate'}`;
  if (output) {
    const documents = [...results];
    if (output.kind === 'out') writeOutOutput(context, database, output.spec, documents);
    else writeMergeOutput(context, database, output.spec, documents, variables);
    await context.engine.commit(false);
    return context.cursors.open(namespace, [], { singleBatch: true });
  }
  const batchSize = typeof cursorOptions?.['batchSize'] === 'number' ? cursorOptions['batchSize'] : undefined;
  return context.cursors.open(namespace, [...results], batchSize !== undefined ? { batchSize } : {});
}

export const aggregateCommands: Readonly<Record<string, CommandSpec>> = {
  aggregate: { handler: aggregate },
};
