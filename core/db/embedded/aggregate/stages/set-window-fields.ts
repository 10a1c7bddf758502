/**
 * `$setWindowFields`: partitions the input (ordered by partition key, as mongod's implicit sort
 * does), sorts each partition by sortBy and adds one field per window function.
 */
import { compareValues, isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { serverError } from '../../errors.js';
import type { CompiledExpression } from '../expression.js';
import { parseWindowFunction } from '../window-functions.js';
import type { PartitionData, WindowFunction } from '../window-functions.js';
import { compileFast } from './expr.js';
import { GroupTable } from './group-table.js';
import { getPath, setPath } from './paths.js';
import { parseSortSpec } from './sort-spec.js';
import type { SortSpec } from './sort-spec.js';
import type { StageRunner } from './types.js';
import { fail, parseFieldPath, typeName } from './util.js';

interface WindowStage {
  partitionBy: CompiledExpression | undefined;
  sort: SortSpec | undefined;
  sortPath: string[] | undefined;
  outputs: WindowFunction[];
}

function parseStage(spec: unknown): WindowStage {
  if (!isPlainObject(spec)) {
    throw serverError('FailedToParse', `the $setWindowFields stage specification must be an object, found ${typeName(spec)}`);
  }
  for (const key of Object.keys(spec)) {
    if (key !== 'partitionBy' && key !== 'sortBy' && key !== 'output') {
      throw fail(40415, `BSON field '$setWindowFields.${key}' is an unknown field.`);
    }
  }
  if (!('output' in spec)) throw fail(40414, "BSON field '$setWindowFields.output' is missing but a required field");
  const output = spec.output;
  if (!isPlainObject(output)) {
    throw serverError('TypeMismatch', `BSON field '$setWindowFields.output' is the wrong type '${typeName(output)}', expected type 'object'`);
  }
  const sort = spec.sortBy === undefined ? undefined : parseSortSpec(spec.sortBy);
  const sortKeys = sort === undefined ? undefined : Object.keys(sort.spec);
  const sortFields = sortKeys?.length;
  return {
    partitionBy: spec.partitionBy === undefined ? undefined : compileFast(spec.partitionBy),
    sort,
    sortPath: sortKeys?.length === 1 ? parseFieldPath(sortKeys[0] as string) : undefined,
    outputs: Object.keys(output).map((field) => parseWindowFunction(field, output[field], sortFields)),
  };
}

interface Partition {
  readonly key: unknown;
  readonly documents: Document[];
}

/** Compiles `$setWindowFields`. */
export function compileSetWindowFields(spec: unknown): StageRunner {
  const stage = parseStage(spec);
  return function* setWindowFields(input, run) {
    const variables = run.variables;
    const table = new GroupTable<Partition>();
    for (const document of input) {
      const value = stage.partitionBy === undefined ? null : stage.partitionBy(document, variables);
      const key = value === undefined ? null : value;
      let partition = table.get(key);
      if (partition === undefined) {
        partition = { key, documents: [] };
        table.add(key, partition);
      }
      partition.documents.push(document);
    }
    const partitions = [...table.groups].sort((a, b) => compareValues(a.key, b.key));
    for (const partition of partitions) yield* windowPartition(stage, partition.documents, variables);
  };
}

function windowPartition(stage: WindowStage, documents: Document[], variables: PartitionData['variables']): Document[] {
  if (stage.sort !== undefined) documents.sort(stage.sort.compare);
  const sortPath = stage.sortPath;
  const data: PartitionData = {
    documents,
    sortValues: sortPath === undefined ? undefined : documents.map((document) => getPath(document, sortPath)),
    compare: stage.sort?.compare,
    variables,
  };
  const columns = stage.outputs.map((output) => output.compute(data));
  return documents.map((document, i) => {
    let out = document;
    stage.outputs.forEach((output, j) => {
      out = setPath(out, output.path, (columns[j] as unknown[])[i]);
    });
    return out;
  });
}
