/**
 * `$unwind` in its string and document forms. Like mongod, a non-array value at the path is
 * treated as a single-element array, and the path is not traversed through arrays.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { getPath, setPath } from './paths.js';
import type { StageRunner } from './types.js';
import { fail, parseFieldPath, typeName } from './util.js';

interface UnwindSpec {
  path: string;
  preserve: boolean;
  indexField: string | undefined;
}

function parseUnwindObject(spec: Document): UnwindSpec {
  const parsed: UnwindSpec = { path: '', preserve: false, indexField: undefined };
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === 'path') {
      if (typeof value !== 'string') throw fail(28808, `expected a string as the path for $unwind stage, got ${typeName(value)}`);
      parsed.path = value;
    } else if (key === 'preserveNullAndEmptyArrays') {
      if (typeof value !== 'boolean') {
        throw fail(28809, `expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got ${typeName(value)}`);
      }
      parsed.preserve = value;
    } else if (key === 'includeArrayIndex') {
      if (typeof value !== 'string' || value.length === 0) {
        throw fail(28810, `expected a non-empty string for the includeArrayIndex  option to $unwind stage, got ${typeName(value)}`);
      }
      if (value.startsWith('$')) {
        throw fail(28822, `includeArrayIndex option to $unwind stage should not be prefixed with a '$': ${value}`);
      }
      parsed.indexField = value;
    } else {
      throw fail(28811, `unrecognized option to $unwind stage: ${key}`);
    }
  }
  return parsed;
}

function parseUnwind(spec: unknown): UnwindSpec {
  let parsed: UnwindSpec;
  if (typeof spec === 'string') parsed = { path: spec, preserve: false, indexField: undefined };
  else if (isPlainObject(spec)) parsed = parseUnwindObject(spec);
  else throw fail(15981, `expected either a string or an object as specification for $unwind stage, got ${typeName(spec)}`);
  if (parsed.path.length === 0) throw fail(28812, 'no path specified to $unwind stage');
  if (!parsed.path.startsWith('$')) {
    throw fail(28818, `path option to $unwind stage should be prefixed with a '$': ${parsed.path}`);
  }
  return parsed;
}

/** Compiles `$unwind`. */
export function compileUnwind(spec: unknown): StageRunner {
  const { path, preserve, indexField } = parseUnwind(spec);
  const parts = parseFieldPath(path.slice(1));
  const indexParts = indexField === undefined ? undefined : parseFieldPath(indexField);
  const withIndex = (document: Document, index: number | null): Document =>
    indexParts === undefined ? document : setPath(document, indexParts, index);

  return function* unwind(input) {
    for (const document of input) {
      const value = getPath(document, parts);
      if (Array.isArray(value)) {
        if (value.length === 0) {
          // An empty array is preserved as a document without the field.
          if (preserve) yield withIndex(setPath(document, parts, undefined), null);
          continue;
        }
        for (let i = 0; i < value.length; i++) yield withIndex(setPath(document, parts, value[i]), i);
      } else if (value === undefined || value === null) {
        if (preserve) yield withIndex(document, null);
      } else {
        yield withIndex(document, null);
      }
    }
  };
}
