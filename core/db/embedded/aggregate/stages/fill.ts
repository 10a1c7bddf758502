/**
 * `$fill`: replaces null or missing fields with a constant-per-document `value` expression, the
 * last non-null value (`locf`) or a linear interpolation over the sortBy field (`linear`),
 * within partitions.
 */
import { compareValues, isNumeric, isPlainObject, keyString, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { serverError } from '../../errors.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { compileFast } from './expr.js';
import { getPath, setPath } from './paths.js';
import { parseSortSpec } from './sort-spec.js';
import type { SortSpec } from './sort-spec.js';
import type { StageRunner } from './types.js';
import { fail, parseFieldPath, typeName } from './util.js';

type FillOutput =
  | { readonly path: string[]; readonly kind: 'value'; readonly value: CompiledExpression }
  | { readonly path: string[]; readonly kind: 'locf' | 'linear' };

interface FillSpec {
  partition: (document: Document, variables: Variables) => unknown;
  sort: SortSpec | undefined;
  outputs: FillOutput[];
}

const invalid = (message: string) => serverError('FailedToParse', message);

function parseOutput(field: string, spec: unknown, sort: SortSpec | undefined): FillOutput {
  const path = parseFieldPath(field, '$fill');
  if (!isPlainObject(spec) || Object.keys(spec).length !== 1) {
    throw invalid("Exactly one of 'value' and 'method' must be specified per field");
  }
  if ('value' in spec) return { path, kind: 'value', value: compileFast(spec.value) };
  if (!('method' in spec)) throw fail(40415, `BSON field '$fill.output.${Object.keys(spec)[0] as string}' is an unknown field.`);
  const method = spec.method;
  if (method !== 'locf' && method !== 'linear') throw fail(6050202, "Method must be either 'locf' or 'linear'");
  if (sort === undefined) throw fail(6050203, "sortBy required if any output field specifies a 'method'");
  if (method === 'linear' && Object.keys(sort.spec).length !== 1) {
    throw invalid("$linearFill must be specified with a top level sortBy expression with exactly one element");
  }
  return { path, kind: method };
}

function parsePartition(spec: Document): FillSpec['partition'] {
  if ('partitionBy' in spec && 'partitionByFields' in spec) {
    throw fail(6050204, "Maximum one of 'partitionBy' and 'partitionByFields can be specified in '$fill'");
  }
  if ('partitionBy' in spec) {
    const expression = compileFast(spec.partitionBy);
    return (document, variables) => expression(document, variables);
  }
  const fields = spec.partitionByFields;
  if (fields === undefined) return () => null;
  if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
    throw invalid("BSON field '$fill.partitionByFields' must be an array of strings");
  }
  const paths = (fields as string[]).map((field) => parseFieldPath(field, '$fill'));
  return (document) => paths.map((path) => getPath(document, path) ?? null);
}

function parseFill(spec: unknown): FillSpec {
  if (!isPlainObject(spec)) throw invalid(`The $fill stage specification must be an object, found ${typeName(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!['partitionBy', 'partitionByFields', 'sortBy', 'output'].includes(key)) throw fail(40415, `BSON field '$fill.${key}' is an unknown field.`);
  }
  const output = spec.output;
  if (!isPlainObject(output)) throw fail(40414, "BSON field '$fill.output' is missing but a required field");
  const sort = spec.sortBy === undefined ? undefined : parseSortSpec(spec.sortBy);
  return {
    partition: parsePartition(spec),
    sort,
    outputs: Object.keys(output).map((field) => parseOutput(field, output[field], sort)),
  };
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null;

function fillColumn(output: FillOutput, documents: Document[], variables: Variables, sortPath: string[] | undefined): unknown[] {
  const values = documents.map((document) => getPath(document, output.path));
  if (output.kind === 'value') return values.map((value, i) => (isEmpty(value) ? output.value(documents[i] as Document, variables) : value));
  if (output.kind === 'locf') {
    let last: unknown = undefined;
    return values.map((value) => (isEmpty(value) ? last : (last = value)));
  }
  const keys = documents.map((document) => {
    const key = sortPath === undefined ? undefined : getPath(document, sortPath);
    return key instanceof Date ? key.getTime() : toDouble(key);
  });
  let previous = -1;
  for (let i = 0; i < values.length; i++) {
    if (isEmpty(values[i]) || !isNumeric(values[i])) continue;
    for (let j = previous + 1; previous >= 0 && j < i; j++) {
      const from = toDouble(values[previous]);
      const ratio = ((keys[j] as number) - (keys[previous] as number)) / ((keys[i] as number) - (keys[previous] as number));
      values[j] = from + (toDouble(values[i]) - from) * ratio;
    }
    previous = i;
  }
  return values;
}

/** Compiles `$fill`. */
export function compileFill(spec: unknown): StageRunner {
  const fill = parseFill(spec);
  const sortKeys = fill.sort === undefined ? [] : Object.keys(fill.sort.spec);
  const sortPath = sortKeys.length === 1 ? parseFieldPath(sortKeys[0] as string) : undefined;
  return function* fillDocuments(input, run) {
    const partitions = new Map<string, { key: unknown; documents: Document[] }>();
    for (const document of input) {
      const key = fill.partition(document, run.variables) ?? null;
      const id = keyString(key);
      const partition = partitions.get(id) ?? { key, documents: [] };
      partition.documents.push(document);
      partitions.set(id, partition);
    }
    const ordered = [...partitions.values()].sort((a, b) => compareValues(a.key, b.key));
    for (const { documents } of ordered) {
      if (fill.sort !== undefined) documents.sort(fill.sort.compare);
      const columns = fill.outputs.map((output) => fillColumn(output, documents, run.variables, sortPath));
      for (let i = 0; i < documents.length; i++) {
        let document = documents[i] as Document;
        fill.outputs.forEach((output, j) => {
          const value = (columns[j] as unknown[])[i];
          if (isEmpty(getPath(document, output.path)) && value !== undefined) document = setPath(document, output.path, value);
        });
        yield document;
      }
    }
  };
}
