/**
 * Stage name → compiler, plus the stages this server recognises but cannot run (each with the
 * error a client should see) and the per-context restrictions of sub-pipelines.
 */
import { serverError } from '../../errors.js';
import type { MongoServerError } from '../../errors.js';
import { compileCount, compileDocuments, compileLimit, compileMatch, compileReplaceRoot, compileReplaceWith, compileSample, compileSkip } from './basic.js';
import { compileBucket } from './bucket.js';
import { compileBucketAuto } from './bucket-auto.js';
import { compileDensify } from './densify.js';
import { compileFill } from './fill.js';
import { compileGraphLookup } from './graph-lookup.js';
import { compileGroup } from './group.js';
import { compileLookup } from './lookup.js';
import { compileAddFields, compileProject, compileUnset } from './project.js';
import { compileRedact } from './redact.js';
import { compileSetWindowFields } from './set-window-fields.js';
import { compileSort, compileSortByCount } from './sort.js';
import { compileFacet, compileUnionWith } from './sub-pipelines.js';
import type { StageCompiler, SubPipelineKind } from './types.js';
import { compileUnwind } from './unwind.js';
import { fail } from './util.js';

/** Compilers of every runnable stage. */
export const stageCompilers: ReadonlyMap<string, StageCompiler> = new Map<string, StageCompiler>([
  ['$match', compileMatch],
  ['$project', (spec) => compileProject(spec)],
  ['$addFields', (spec) => compileAddFields(spec, '$addFields')],
  ['$set', (spec) => compileAddFields(spec, '$set')],
  ['$unset', (spec) => compileUnset(spec)],
  ['$group', (spec) => compileGroup(spec)],
  ['$sort', (spec) => compileSort(spec)],
  ['$limit', (spec) => compileLimit(spec)],
  ['$skip', (spec) => compileSkip(spec)],
  ['$unwind', (spec) => compileUnwind(spec)],
  ['$lookup', compileLookup],
  ['$graphLookup', compileGraphLookup],
  ['$facet', compileFacet],
  ['$unionWith', compileUnionWith],
  ['$bucket', (spec) => compileBucket(spec)],
  ['$bucketAuto', (spec) => compileBucketAuto(spec)],
  ['$count', (spec) => compileCount(spec)],
  ['$sortByCount', (spec) => compileSortByCount(spec)],
  ['$replaceRoot', (spec) => compileReplaceRoot(spec)],
  ['$replaceWith', (spec) => compileReplaceWith(spec)],
  ['$sample', (spec) => compileSample(spec)],
  ['$documents', compileDocuments],
  ['$redact', (spec) => compileRedact(spec)],
  ['$setWindowFields', (spec) => compileSetWindowFields(spec)],
  ['$densify', (spec) => compileDensify(spec)],
  ['$fill', (spec) => compileFill(spec)],
]);

/** Stages the command layer runs itself; in a pipeline they may only come last. */
export const outputStages: ReadonlySet<string> = new Set(['$out', '$merge']);

const notSupported = (name: string): MongoServerError =>
  serverError('CommandNotSupported', `${name} is not supported by the embedded database`);

const searchNotEnabled = (): MongoServerError =>
  fail(
    31082,
    'Using $search and $vectorSearch aggregation stages requires additional configuration. Please connect to ' +
      'Atlas or an AtlasCLI local deployment to enable. For more information on how to connect, see ' +
      'https://dochub.mongodb.org/core/atlas-cli-deploy-local-reqs',
  );

/** Known stages that cannot run here, with the error each one raises. */
export const unsupportedStages: ReadonlyMap<string, (name: string) => MongoServerError> = new Map([
  ['$changeStream', () => fail(40573, 'The $changeStream stage is only supported on replica sets')],
  ['$changeStreamSplitLargeEvent', () => fail(40573, 'The $changeStream stage is only supported on replica sets')],
  ['$geoNear', () => serverError('IndexNotFound', '$geoNear requires a 2d or 2dsphere index, but none were found')],
  ['$search', searchNotEnabled],
  ['$searchMeta', searchNotEnabled],
  ['$vectorSearch', searchNotEnabled],
  ['$listSearchIndexes', searchNotEnabled],
  ['$rankFusion', searchNotEnabled],
  ['$scoreFusion', searchNotEnabled],
  ['$indexStats', notSupported],
  ['$collStats', notSupported],
  ['$currentOp', notSupported],
  ['$listSessions', notSupported],
  ['$listLocalSessions', notSupported],
  ['$planCacheStats', notSupported],
  ['$listCatalog', notSupported],
  ['$listCachedAndActiveUsers', notSupported],
  ['$listClusterCatalog', notSupported],
  ['$shardedDataDistribution', notSupported],
  ['$querySettings', notSupported],
  ['$queryStats', notSupported],
]);

const facetForbidden: ReadonlySet<string> = new Set([
  '$collStats', '$facet', '$geoNear', '$indexStats', '$out', '$merge', '$planCacheStats', '$search',
  '$searchMeta', '$vectorSearch', '$changeStream', '$changeStreamSplitLargeEvent', '$documents',
]);
const lookupForbidden: ReadonlySet<string> = new Set(['$out', '$merge', '$changeStream', '$changeStreamSplitLargeEvent', '$vectorSearch']);
const unionWithForbidden: ReadonlySet<string> = new Set(['$out', '$merge', '$changeStream', '$changeStreamSplitLargeEvent']);

/** Throws when `name` may not appear in a sub-pipeline of the given kind. */
export function checkAllowedIn(kind: SubPipelineKind, name: string): void {
  if (kind === 'facet' && facetForbidden.has(name)) {
    throw fail(40600, `${name} is not allowed to be used within a $facet stage`);
  }
  if (kind === 'lookup' && lookupForbidden.has(name)) {
    throw fail(51047, `${name} is not allowed within a $lookup's sub-pipeline`);
  }
  if (kind === 'unionWith' && unionWithForbidden.has(name)) {
    throw fail(31441, `${name} is not allowed within a $unionWith's sub-pipeline`);
  }
}
