/**
 * String operators. Byte-based operators work on the UTF-8 encoding, code point operators on
 * Unicode code points, as in MongoDB; ASCII inputs take fast paths.
 */
import { toDouble } from '../../bson-values.js';
import { fail, fixedArity, isNullish, namedArgs, operands, rangedArity, renderValue, typeName } from './args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { isIntegral32, isNumeric } from './numeric.js';
import {
  asciiCase,
  byteLength,
  codePointLength,
  codePoints,
  coerceToString,
  isAscii,
  isContinuationByte,
} from './text.js';

function compileAll(args: readonly unknown[], context: CompileContext): Evaluator[] {
  return args.map((item) => context.compile(item));
}

const compileConcat: OperatorCompiler = (argument, context) => {
  const evaluators = compileAll(operands(argument), context);
  return (root, variables) => {
    let out = '';
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) return null;
      if (typeof value !== 'string') fail(16702, `$concat only supports strings, not ${typeName(value)}`);
      out += value;
    }
    return out;
  };
};

function substrBytes(text: string, start: unknown, length: unknown): string {
  const name = '$substrBytes';
  if (!isNumeric(start)) fail(16034, `${name}:  starting index must be a numeric type (is BSON type ${typeName(start)})`);
  if (!isNumeric(length)) fail(16035, `${name}:  length must be a numeric type (is BSON type ${typeName(length)})`);
  const lower = Math.trunc(toDouble(start));
  if (lower < 0) fail(50752, `${name}:  starting index must be non-negative (got: ${lower})`);
  const signedLength = Math.trunc(toDouble(length));
  if (isAscii(text)) return lower >= text.length ? '' : text.substr(lower, signedLength < 0 ? undefined : signedLength);
  const bytes = Buffer.from(text, 'utf8');
  const count = signedLength < 0 ? bytes.length : signedLength;
  if (lower < bytes.length && isContinuationByte(bytes[lower])) {
    fail(28656, `${name}:  Invalid range, starting index is a UTF-8 continuation byte.`);
  }
  if (lower + count < bytes.length && isContinuationByte(bytes[lower + count])) {
    fail(28657, `${name}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
  }
  return lower >= bytes.length ? '' : bytes.subarray(lower, lower + count).toString('utf8');
}

function substrCP(text: string, start: unknown, length: unknown): string {
  const name = '$substrCP';
  if (!isNumeric(start)) fail(34450, `${name}: starting index must be a numeric type (is BSON type ${typeName(start)})`);
  if (!isIntegral32(start)) {
    fail(34451, `${name}: starting index cannot be represented as a 32-bit integral value: ${renderValue(start)}`);
  }
  if (!isNumeric(length)) fail(34452, `${name}: length must be a numeric type (is BSON type ${typeName(length)})`);
  if (!isIntegral32(length)) {
    fail(34453, `${name}: length cannot be represented as a 32-bit integral value: ${renderValue(length)}`);
  }
  const from = toDouble(start);
  const count = toDouble(length);
  if (count < 0) fail(34454, `${name}: length must be a nonnegative integer.`);
  if (from < 0) fail(34455, `${name}: the starting index must be nonnegative integer.`);
  if (isAscii(text)) return text.substr(from, count);
  return codePoints(text)
    .slice(from, from + count)
    .join('');
}

function substring(name: string, slice: (text: string, start: unknown, length: unknown) => string): OperatorCompiler {
  return (argument, context) => {
    const [input, start, length] = compileAll(fixedArity(name, argument, 3), context) as [Evaluator, Evaluator, Evaluator];
    return (root, variables) =>
      slice(coerceToString(input(root, variables)), start(root, variables), length(root, variables));
  };
}

function unary(name: string, apply: (value: unknown) => unknown): OperatorCompiler {
  return (argument, context) => {
    const [operand] = compileAll(fixedArity(name, argument, 1), context) as [Evaluator];
    return (root, variables) => apply(operand(root, variables));
  };
}

function strLen(name: string, code: number, measure: (text: string) => number): OperatorCompiler {
  return unary(name, (value) => {
    if (typeof value !== 'string') fail(code, `${name} requires a string argument, found: ${typeName(value)}`);
    return measure(value);
  });
}

const WHITESPACE = ['\0', ' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680'];
for (let code = 0x2000; code <= 0x200a; code++) WHITESPACE.push(String.fromCharCode(code));
const DEFAULT_TRIM = new Set(WHITESPACE);

function trimText(text: string, chars: ReadonlySet<string>, left: boolean, right: boolean): string {
  const points = isAscii(text) ? text.split('') : codePoints(text);
  let start = 0;
  let end = points.length;
  if (left) while (start < end && chars.has(points[start] as string)) start++;
  if (right) while (end > start && chars.has(points[end - 1] as string)) end--;
  return points.slice(start, end).join('');
}

function trimOperator(left: boolean, right: boolean): OperatorCompiler {
  return (argument, context, name) => {
    const args = namedArgs(argument, ['input', 'chars'], {
      notObject: [50696, `${name} only supports an object as an argument, found ${typeName(argument)}`],
      unknown: (field) => [50694, `${name} found an unknown argument: ${field}`],
    });
    if (!Object.hasOwn(args, 'input')) fail(50695, `${name} requires an 'input' field`);
    const input = context.compile(args.input);
    const chars = Object.hasOwn(args, 'chars') ? context.compile(args.chars) : undefined;
    return (root, variables) => {
      const value = input(root, variables);
      if (isNullish(value)) return null;
      if (typeof value !== 'string') {
        fail(50699, `${name} requires its input to be a string, got ${renderValue(value)} (of type ${typeName(value)}) instead.`);
      }
      if (chars === undefined) return trimText(value, DEFAULT_TRIM, left, right);
      const set = chars(root, variables);
      if (isNullish(set)) return null;
      if (typeof set !== 'string') {
        fail(50700, `${name} requires 'chars' to be a string, got ${renderValue(set)} (of type ${typeName(set)}) instead.`);
      }
      return trimText(value, new Set(codePoints(set)), left, right);
    };
  };
}

const compileSplit: OperatorCompiler = (argument, context) => {
  const [input, separator] = compileAll(fixedArity('$split', argument, 2), context) as [Evaluator, Evaluator];
  return (root, variables) => {
    const text = input(root, variables);
    const delimiter = separator(root, variables);
    if (isNullish(text) || isNullish(delimiter)) return null;
    if (typeof text !== 'string') {
      fail(40085, `$split requires an expression that evaluates to a string as a first argument, found: ${typeName(text)}`);
    }
    if (typeof delimiter !== 'string') {
      fail(40086, `$split requires an expression that evaluates to a string as a second argument, found: ${typeName(delimiter)}`);
    }
    if (delimiter.length === 0) fail(40087, '$split requires a non-empty separator');
    return text.split(delimiter);
  };
};

/** Validates an optional start/end index of the $indexOf* operators. */
export function indexBound(name: string, value: unknown, what: string): number {
  if (!isIntegral32(value)) {
    fail(40096, `${name}requires an integral ${what}, found a value of type: ${typeName(value)}, with value: ${renderValue(value)}`);
  }
  const bound = toDouble(value);
  if (bound < 0) fail(40097, `${name} requires a nonnegative ${what}, found: ${renderValue(value)}`);
  return bound;
}

function indexOfBytes(text: string, token: string, start: number, end: number | undefined): number {
  if (isAscii(text) && isAscii(token)) {
    const stop = end === undefined ? text.length : Math.min(end, text.length);
    if (start > text.length || stop < start) return -1;
    const index = text.slice(0, stop).indexOf(token, start);
    return index;
  }
  const bytes = Buffer.from(text, 'utf8');
  const stop = end === undefined ? bytes.length : Math.min(end, bytes.length);
  if (start > bytes.length || stop < start) return -1;
  return bytes.subarray(0, stop).indexOf(Buffer.from(token, 'utf8'), start);
}

function indexOfCP(text: string, token: string, start: number, end: number | undefined): number {
  const points = isAscii(text) ? undefined : codePoints(text);
  const length = points === undefined ? text.length : points.length;
  const stop = end === undefined ? length : Math.min(end, length);
  if (stop < start) return -1;
  if (start === 0 && text.length === 0 && token.length === 0) return 0;
  if (points === undefined) {
    const index = text.indexOf(token, start);
    return index >= 0 && index < stop ? index : -1;
  }
  const wanted = codePoints(token);
  for (let i = start; i < stop; i++) {
    let matches = true;
    for (let j = 0; j < wanted.length && matches; j++) matches = points[i + j] === wanted[j];
    if (matches) return i;
  }
  return -1;
}

function indexOfString(
  name: string,
  codes: readonly [number, number],
  search: (text: string, token: string, start: number, end: number | undefined) => number,
): OperatorCompiler {
  return (argument, context) => {
    const evaluators = compileAll(rangedArity(name, argument, 2, 4), context);
    const [input, token, start, end] = evaluators as [Evaluator, Evaluator, Evaluator?, Evaluator?];
    return (root, variables) => {
      const text = input(root, variables);
      if (isNullish(text)) return null;
      if (typeof text !== 'string') fail(codes[0], `${name} requires a string as the first argument, found: ${typeName(text)}`);
      const needle = token(root, variables);
      if (typeof needle !== 'string') fail(codes[1], `${name} requires a string as the second argument, found: ${typeName(needle)}`);
      const from = start === undefined ? 0 : indexBound(name, start(root, variables), 'starting index');
      const to = end === undefined ? undefined : indexBound(name, end(root, variables), 'ending index');
      return search(text, needle, from, to);
    };
  };
}

function replaceText(input: string, find: string, replacement: string, all: boolean): string {
  if (!all) {
    const index = input.indexOf(find);
    return index < 0 ? input : input.slice(0, index) + replacement + input.slice(index + find.length);
  }
  if (find.length === 0) return replacement + codePoints(input).join(replacement) + (input.length > 0 ? replacement : '');
  return input.split(find).join(replacement);
}

function replaceOperator(all: boolean): OperatorCompiler {
  return (argument, context, name) => {
    const args = namedArgs(argument, ['input', 'find', 'replacement'], {
      notObject: [51751, `${name} requires an object as an argument, found: ${typeName(argument)}`],
      unknown: (field) => [51750, `${name} found an unknown argument: ${field}`],
    });
    if (!Object.hasOwn(args, 'input')) fail(51749, `${name} requires 'input' to be specified`);
    if (!Object.hasOwn(args, 'find')) fail(51748, `${name} requires 'find' to be specified`);
    if (!Object.hasOwn(args, 'replacement')) fail(51747, `${name} requires 'replacement' to be specified`);
    const [input, find, replacement] = compileAll([args.input, args.find, args.replacement], context) as [
      Evaluator,
      Evaluator,
      Evaluator,
    ];
    return (root, variables) => {
      const values = [input(root, variables), find(root, variables), replacement(root, variables)];
      const labels = ['input', 'find', 'replacement'];
      const codes = [51746, 51745, 51744];
      for (let i = 0; i < 3; i++) {
        const value = values[i];
        if (typeof value !== 'string' && !isNullish(value)) {
          fail(codes[i] as number, `${name} requires that '${labels[i] as string}' be a string, found: ${renderValue(value)}`);
        }
      }
      if (values.some((value) => isNullish(value))) return null;
      return replaceText(values[0] as string, values[1] as string, values[2] as string, all);
    };
  };
}

const compileStrcasecmp: OperatorCompiler = (argument, context) => {
  const [left, right] = compileAll(fixedArity('$strcasecmp', argument, 2), context) as [Evaluator, Evaluator];
  return (root, variables) => {
    const a = asciiCase(coerceToString(left(root, variables)), true);
    const b = asciiCase(coerceToString(right(root, variables)), true);
    return a === b ? 0 : a > b ? 1 : -1;
  };
};

export const stringOperators: OperatorTable = {
  $concat: compileConcat,
  $substr: substring('$substrBytes', substrBytes),
  $substrBytes: substring('$substrBytes', substrBytes),
  $substrCP: substring('$substrCP', substrCP),
  $toLower: unary('$toLower', (value) => asciiCase(coerceToString(value), false)),
  $toUpper: unary('$toUpper', (value) => asciiCase(coerceToString(value), true)),
  $trim: trimOperator(true, true),
  $ltrim: trimOperator(true, false),
  $rtrim: trimOperator(false, true),
  $split: compileSplit,
  $strLenBytes: strLen('$strLenBytes', 34473, byteLength),
  $strLenCP: strLen('$strLenCP', 34471, codePointLength),
  $indexOfBytes: indexOfString('$indexOfBytes', [40091, 40092], indexOfBytes),
  $indexOfCP: indexOfString('$indexOfCP', [40093, 40094], indexOfCP),
  $replaceOne: replaceOperator(false),
  $replaceAll: replaceOperator(true),
  $strcasecmp: compileStrcasecmp,
};
