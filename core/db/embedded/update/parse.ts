/**
 * Parses an operator update (`{$set: {...}, $inc: {...}}`) into an update tree, validating every
 * modifier argument and path up front, in the order mongod does.
 */
import { bsonTypeName, isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { ArrayFilterMap } from './array-filters.js';
import { formatDocument, formatElement } from './format.js';
import { parseAddToSet, parsePop, parsePull, parsePullAll, parsePush } from './leaf-array.js';
import {
  parseBit,
  parseCurrentDate,
  parseInc,
  parseMax,
  parseMin,
  parseMul,
  parseSet,
  parseSetOnInsert,
  parseUnset,
} from './leaf-basic.js';
import type { LeafParser } from './leaf-basic.js';
import { checkPositionalParts, hasOwn, isDynamicPath, splitUpdatePath } from './paths.js';
import { cachedShape, instantiateShape, rememberShape } from './parsed-shapes.js';
import type { LeafSlot } from './parsed-shapes.js';
import { insertNode, newObjectNode } from './tree.js';
import type { IdentifierRegistry, LeafNode, LeafOperator, ObjectNode } from './tree.js';

const LEAF_PARSERS: Readonly<Record<string, LeafParser>> = {
  $addToSet: parseAddToSet,
  $bit: parseBit,
  $currentDate: parseCurrentDate,
  $inc: parseInc,
  $max: parseMax,
  $min: parseMin,
  $mul: parseMul,
  $pop: parsePop,
  $pull: parsePull,
  $pullAll: parsePullAll,
  $push: parsePush,
  $set: parseSet,
  $setOnInsert: parseSetOnInsert,
  $unset: parseUnset,
};

const PLACEHOLDER = { kind: 'placeholder' } as const;

function identifierRegistry(arrayFilters: ArrayFilterMap, used: Set<string>): IdentifierRegistry {
  return {
    resolve(part, position, path) {
      if (position === 0) {
        throw serverError(
          'BadValue',
          `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`,
        );
      }
      const identifier = part.slice(2, -1);
      if (identifier.length > 0) {
        if (!arrayFilters.has(identifier)) {
          throw serverError(
            'BadValue',
            `No array filter found for identifier '${identifier}' in path '${path}'`,
          );
        }
        used.add(identifier);
      }
      return identifier;
    },
  };
}

function isPrefixOf(prefix: readonly string[], parts: readonly string[]): boolean {
  if (prefix.length >= parts.length) return false;
  return prefix.every((part, i) => part === parts[i]);
}

function checkRenameTarget(from: string, to: string, fromParts: string[], toParts: string[]): void {
  if (to.includes('\0')) {
    throw serverError('BadValue', "The 'to' field for $rename cannot contain an embedded null byte");
  }
  if (from === to) {
    throw serverError(
      'BadValue',
      `The source and target field for $rename must differ: ${formatElement(from, to)}`,
    );
  }
  if (isPrefixOf(fromParts, toParts) || isPrefixOf(toParts, fromParts)) {
    throw serverError(
      'BadValue',
      `The source and target field for $rename must not be on the same path: ${formatElement(from, to)}`,
    );
  }
  if (isDynamicPath(fromParts)) {
    throw serverError('BadValue', `The source field for $rename may not be dynamic: ${from}`);
  }
  if (isDynamicPath(toParts)) {
    throw serverError('BadValue', `The destination field for $rename may not be dynamic: ${to}`);
  }
}

/** `$rename` claims its source with a placeholder and acts at its destination. */
function addRename(root: ObjectNode, from: string, to: unknown, identifiers: IdentifierRegistry): void {
  const fromParts = splitUpdatePath(from);
  checkPositionalParts(fromParts, from);
  insertNode(root, fromParts, from, PLACEHOLDER, identifiers);
  if (typeof to !== 'string') {
    throw serverError('BadValue', `The 'to' field for $rename must be a string: ${formatElement(from, to)}`);
  }
  const toParts = splitUpdatePath(to);
  checkPositionalParts(toParts, to);
  checkRenameTarget(from, to, fromParts, toParts);
  insertNode(root, toParts, to, { kind: 'rename', from: fromParts, fromPath: from }, identifiers);
}

function addLeaf(
  root: ObjectNode,
  parser: LeafParser,
  path: string,
  value: unknown,
  identifiers: IdentifierRegistry,
): LeafNode {
  const parts = splitUpdatePath(path);
  checkPositionalParts(parts, path);
  const operator = parser(value, path);
  const leaf: LeafNode = { kind: 'leaf', operator };
  insertNode(root, parts, path, leaf, identifiers);
  return leaf;
}

function modifierArguments(modifier: string, spec: unknown): Document {
  if (modifier !== '$rename' && !hasOwn(LEAF_PARSERS, modifier)) {
    throw serverError(
      'FailedToParse',
      `Unknown modifier: ${modifier}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  if (!isPlainObject(spec)) {
    throw serverError(
      'FailedToParse',
      `Modifiers operate on fields but we found type ${bsonTypeName(spec)} instead. For example: ` +
        `{$mod: {<field>: ...}} not {${formatElement(modifier, spec)}}`,
    );
  }
  return spec;
}

/** Parses an operator update into its tree; every arrayFilters identifier must be used. */
export function parseOperatorUpdate(update: Document, arrayFilters: ArrayFilterMap): ObjectNode {
  // Array filters make the tree depend on more than the update's own shape.
  const cacheable = arrayFilters.size === 0;
  const shape = cacheable ? cachedShape(update) : undefined;
  if (shape !== undefined) return reparseValues(update, shape.slots, (operators) => instantiateShape(shape, operators));
  const root = newObjectNode();
  const used = new Set<string>();
  const identifiers = identifierRegistry(arrayFilters, used);
  const slots: LeafSlot[] = [];
  const leaves: LeafNode[] = [];
  for (const modifier of Object.keys(update)) {
    const spec = modifierArguments(modifier, update[modifier]);
    for (const path of Object.keys(spec)) {
      if (modifier === '$rename') {
        addRename(root, path, spec[path], identifiers);
        continue;
      }
      const parser = LEAF_PARSERS[modifier] as LeafParser;
      leaves.push(addLeaf(root, parser, path, spec[path], identifiers));
      slots.push({ parser, path });
    }
  }
  for (const identifier of arrayFilters.keys()) {
    if (!used.has(identifier)) {
      throw serverError(
        'FailedToParse',
        `The array filter for identifier '${identifier}' was not used in the update ${formatDocument(update)}`,
      );
    }
  }
  if (cacheable) rememberShape(update, { root, slots, leaves });
  return root;
}

/**
 * An update of a known shape: the paths were split, checked and placed without error before, so
 * only the values are parsed (in the same order, hence the same first error) into new leaves.
 */
function reparseValues(
  update: Document,
  slots: readonly LeafSlot[],
  build: (operators: readonly LeafOperator[]) => ObjectNode,
): ObjectNode {
  const operators = new Array<LeafOperator>(slots.length);
  let index = 0;
  for (const modifier of Object.keys(update)) {
    const spec = update[modifier] as Document;
    for (const path of Object.keys(spec)) {
      const slot = slots[index] as LeafSlot;
      operators[index++] = slot.parser(spec[path], path);
    }
  }
  return build(operators);
}
