/**
 * Field modifiers that replace one value: $set, $setOnInsert, $unset, $inc, $mul, $min, $max,
 * $currentDate and $bit. Each parser validates its argument once (the errors mongod raises while
 * parsing) and returns a LeafOperator applied to every matched document.
 */
import { Timestamp } from 'bson';
import { bsonTypeName, cloneValue, compareValues, isNumeric, isPlainObject } from '../bson-values.js';
import { serverError } from '../errors.js';
import { formatElement, formatValue } from './format.js';
import { NO_CHANGE, REMOVE } from './tree.js';
import type { LeafContext, LeafOperator } from './tree.js';
import { applyArithmetic, applyBitOperation, identicalValues, isIntegral, zeroLike } from './values.js';
import type { ArithmeticOperation, BitOperation } from './values.js';

/** Parses the argument of one modifier at one path (`path` is the field name as written). */
export type LeafParser = (value: unknown, path: string) => LeafOperator;

/**
 * A class rather than closures: upserts compile one of these per field per statement, and each
 * closure creation is measurably dearer (the loader also names every function it creates).
 */
class SetOperator implements LeafOperator {
  readonly onMissing = 'create';

  constructor(
    private readonly value: unknown,
    readonly insertOnly: boolean,
  ) {}

  update(existing: unknown): unknown {
    return identicalValues(existing, this.value) ? NO_CHANGE : cloneValue(this.value);
  }

  create(): unknown {
    return cloneValue(this.value);
  }
}

export const parseSet: LeafParser = (value) => new SetOperator(value, false);
export const parseSetOnInsert: LeafParser = (value) => new SetOperator(value, true);

const unsetOperator: LeafOperator = {
  onMissing: 'ignore',
  insertOnly: false,
  update: () => REMOVE,
  create: () => undefined,
};

export const parseUnset: LeafParser = () => unsetOperator;

function arithmeticOperator(operation: ArithmeticOperation, modifier: string): LeafParser {
  const verb = operation === 'add' ? 'increment' : 'multiply';
  return (value, path) => {
    if (!isNumeric(value)) {
      throw serverError(
        'TypeMismatch',
        `Cannot ${verb} with non-numeric argument: {${formatElement(path, value)}}`,
      );
    }
    return {
      onMissing: 'create',
      insertOnly: false,
      update: (existing, context) => {
        if (!isNumeric(existing)) {
          throw serverError(
            'TypeMismatch',
            `Cannot apply ${modifier} to a value of non-numeric type. {${context.describeId()}} has the field ` +
              `'${context.fieldName}' of non-numeric type ${bsonTypeName(existing)}`,
          );
        }
        const result = applyArithmetic(operation, existing, value);
        if (result === undefined) {
          throw serverError(
            'BadValue',
            `Failed to apply ${modifier} operations to current value (${formatValue(existing)}) for document ` +
              `{${context.describeId()}}`,
          );
        }
        return identicalValues(result, existing) ? NO_CHANGE : result;
      },
      create: () => (operation === 'add' ? value : zeroLike(value)),
    };
  };
}

export const parseInc: LeafParser = arithmeticOperator('add', '$inc');
export const parseMul: LeafParser = arithmeticOperator('multiply', '$mul');

function compareOperator(keepWhen: (comparison: number) => boolean): LeafParser {
  return (value) => ({
    onMissing: 'create',
    insertOnly: false,
    // mongod updates only on a strict improvement; equal values (even of other types) are no-ops.
    update: (existing) => (keepWhen(compareValues(value, existing)) ? cloneValue(value) : NO_CHANGE),
    create: () => cloneValue(value),
  });
}

export const parseMin: LeafParser = compareOperator((comparison) => comparison < 0);
export const parseMax: LeafParser = compareOperator((comparison) => comparison > 0);

let lastTimestampSeconds = 0;
let timestampIncrement = 0;

/** A Timestamp from the command clock, unique within this process like mongod's cluster time ticks. */
function nextTimestamp(now: Date): Timestamp {
  const seconds = Math.floor(now.getTime() / 1000);
  if (seconds > lastTimestampSeconds) {
    lastTimestampSeconds = seconds;
    timestampIncrement = 0;
  }
  timestampIncrement++;
  return new Timestamp({ t: lastTimestampSeconds, i: timestampIncrement });
}

function parseCurrentDateType(value: Record<string, unknown>): boolean {
  let typeIsDate: boolean | undefined;
  for (const key of Object.keys(value)) {
    if (key !== '$type') throw serverError('BadValue', `Unrecognized $currentDate option: ${key}`);
    const type = value[key];
    if (type === 'date') typeIsDate = true;
    else if (type === 'timestamp') typeIsDate = false;
  }
  if (typeIsDate === undefined) {
    throw serverError(
      'BadValue',
      "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
    );
  }
  return typeIsDate;
}

export const parseCurrentDate: LeafParser = (value) => {
  let typeIsDate = true;
  if (isPlainObject(value)) {
    typeIsDate = parseCurrentDateType(value);
  } else if (typeof value !== 'boolean') {
    throw serverError(
      'BadValue',
      `${bsonTypeName(value)} is not valid type for $currentDate. Please use a boolean ('true') or a $type ` +
        "expression ({$type: 'timestamp/date'}).",
    );
  }
  const current = (context: LeafContext): unknown =>
    typeIsDate ? new Date(context.now.getTime()) : nextTimestamp(context.now);
  // mongod always counts $currentDate as a modification, even when the clock did not move.
  return {
    onMissing: 'create',
    insertOnly: false,
    update: (_existing, context) => current(context),
    create: current,
  };
};

interface BitStep {
  readonly operation: BitOperation;
  readonly operand: unknown;
}

function parseBitSteps(value: unknown): BitStep[] {
  if (!isPlainObject(value)) {
    throw serverError(
      'BadValue',
      `The $bit modifier is not compatible with a ${bsonTypeName(value)}. You must pass in an embedded ` +
        'document: {$bit: {field: {and/or/xor: #}}',
    );
  }
  const steps: BitStep[] = [];
  for (const key of Object.keys(value)) {
    const operand = value[key];
    if (key !== 'and' && key !== 'or' && key !== 'xor') {
      throw serverError(
        'BadValue',
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${key}' which is an unknown operator: ` +
          `{${formatElement(key, operand)}}`,
      );
    }
    if (!isIntegral(operand)) {
      throw serverError(
        'BadValue',
        `The $bit modifier field must be an Integer(32/64 bit); a '${bsonTypeName(operand)}' is not supported ` +
          `here: {${formatElement(key, operand)}}`,
      );
    }
    steps.push({ operation: key, operand });
  }
  if (steps.length === 0) {
    throw serverError(
      'BadValue',
      'You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}',
    );
  }
  return steps;
}

export const parseBit: LeafParser = (value) => {
  const steps = parseBitSteps(value);
  const run = (start: unknown): unknown => {
    let result = start;
    for (const step of steps) result = applyBitOperation(step.operation, result, step.operand);
    return result;
  };
  return {
    onMissing: 'create',
    insertOnly: false,
    update: (existing, context) => {
      if (!isIntegral(existing)) {
        throw serverError(
          'BadValue',
          `Cannot apply $bit to a value of non-integral type.${context.describeId()} has the field ` +
            `${context.fieldName} of non-integer type ${bsonTypeName(existing)}`,
        );
      }
      const result = run(existing);
      return identicalValues(result, existing) ? NO_CHANGE : result;
    },
    create: () => run(0),
  };
};
