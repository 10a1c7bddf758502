/**
 * explain for find, count, distinct, update, delete, findAndModify and aggregate, in the classic
 * (non-SBE) queryPlanner shape: FETCH over IXSCAN with the index name and bounds, IDHACK, or COLLSCAN.
 */
import os from 'node:os';
import { isPlainObject, type Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { QueryOptions, QueryPlanInfo, StorageEngine } from '../storage/types.js';
import { SERVER_VERSION } from './admin.js';
import { pushDown } from './aggregate.js';
import { findQuery } from './read.js';
import { optionalDocument } from './args.js';
import type { CommandContext, CommandSpec } from './context.js';

function planStage(plan: QueryPlanInfo, query: QueryOptions): Document {
  let stage: Document;
  switch (plan.stage) {
    case 'IDHACK':
      stage = { stage: 'IDHACK' };
      break;
    case 'EOF':
      stage = { stage: 'EOF' };
      break;
    case 'IXSCAN':
      stage = {
        stage: 'FETCH',
        ...(Object.keys(query.filter).length > 0 ? { filter: query.filter } : {}),
        inputStage: {
          stage: 'IXSCAN',
          keyPattern: plan.keyPattern,
          indexName: plan.indexName,
          isMultiKey: plan.isMultiKey ?? false,
          direction: 'forward',
          indexBounds: plan.indexBounds ?? {},
        },
      };
      break;
    case 'COLLSCAN':
      stage = { stage: 'COLLSCAN', filter: query.filter, direction: 'forward' };
      break;
  }
  if (query.sort && !plan.sortCoveredByIndex) stage = { stage: 'SORT', sortPattern: query.sort, inputStage: stage };
  if (query.skip) stage = { stage: 'SKIP', skipAmount: query.skip, inputStage: stage };
  if (query.limit) stage = { stage: 'LIMIT', limitAmount: query.limit, inputStage: stage };
  return stage;
}

function explainQuery(
  engine: StorageEngine,
  database: string,
  collectionName: string,
  query: QueryOptions,
  verbosity: string,
): Document {
  const collection = engine.getCollection(database, collectionName);
  const namespace = `${database}.${collectionName}`;
  if (!collection) {
    return { queryPlanner: { namespace, parsedQuery: query.filter, winningPlan: { stage: 'EOF' }, rejectedPlans: [] } };
  }
  const result = collection.query(query);
  const queryPlanner = {
    plannerVersion: 1,
    namespace,
    indexFilterSet: false,
    parsedQuery: query.filter,
    winningPlan: planStage(result.plan, query),
    rejectedPlans: [],
  };
  if (verbosity === 'queryPlanner') return { queryPlanner };
  for (const _record of result.records) {
    // Running the plan to completion fills in the execution statistics.
  }
  return {
    queryPlanner,
    executionStats: {
      executionSuccess: true,
      nReturned: result.stats.nReturned,
      executionTimeMillis: result.stats.executionTimeMillis,
      totalKeysExamined: result.stats.keysExamined,
      totalDocsExamined: result.stats.docsExamined,
    },
  };
}

function explainedQuery(command: Document): { collection: string; query: QueryOptions } {
  const name = Object.keys(command)[0] ?? '';
  const collection = command[name];
  if (typeof collection !== 'string') throw serverError('InvalidNamespace', `explain: ${name} needs a collection name`);
  switch (name) {
    case 'find':
    case 'count':
      return { collection, query: findQuery(command, name) };
    case 'distinct':
      return { collection, query: { filter: optionalDocument(command, name, 'query') ?? {} } };
    case 'findAndModify':
    case 'findandmodify': {
      const sort = optionalDocument(command, name, 'sort');
      return { collection, query: { filter: optionalDocument(command, name, 'query') ?? {}, limit: 1, ...(sort ? { sort } : {}) } };
    }
    case 'update':
    case 'delete': {
      const statements = command[name === 'update' ? 'updates' : 'deletes'];
      const first = Array.isArray(statements) ? statements[0] : undefined;
      const filter = isPlainObject(first) && isPlainObject(first['q']) ? first['q'] : {};
      const single = isPlainObject(first) && (name === 'delete' ? first['limit'] === 1 : first['multi'] !== true);
      return { collection, query: { filter, ...(single ? { limit: 1 } : {}) } };
    }
    case 'aggregate': {
      const pipeline = Array.isArray(command['pipeline']) ? (command['pipeline'] as Document[]) : [];
      return { collection, query: pushDown(pipeline, { NOW: new Date() }).query };
    }
    default:
      throw serverError('CommandNotFound', `Explain failed due to unknown command: ${name}`);
  }
}

function explain(body: Document, database: string, context: CommandContext): Document {
  const command = optionalDocument(body, 'explain', 'explain');
  if (!command) throw serverError('FailedToParse', 'explain command requires a nested object');
  const verbosity = typeof body['verbosity'] === 'string' ? body['verbosity'] : 'allPlansExecution';
  const { collection, query } = explainedQuery(command);
  const result = explainQuery(context.engine, database, collection, query, verbosity);
  const commandName = Object.keys(command)[0];
  const pipeline = commandName === 'aggregate' && Array.isArray(command['pipeline']) ? command['pipeline'] : undefined;
  return {
    explainVersion: '1',
    ...(pipeline ? { stages: [{ $cursor: result }, ...pushDown(pipeline as Document[], {}).rest] } : {}),
    ...result,
    command: { ...command, $db: database },
    serverInfo: { host: os.hostname(), port: context.address.port, version: SERVER_VERSION, gitVersion: 'stratum-embedded' },
    ok: 1,
  };
}

export const explainCommands: Readonly<Record<string, CommandSpec>> = {
  explain: { handler: explain },
};
