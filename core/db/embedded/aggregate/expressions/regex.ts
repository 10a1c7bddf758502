/**
 * $regexMatch, $regexFind and $regexFindAll. MongoDB uses PCRE; patterns run here on JS RegExp
 * (with the `u` flag when the pattern allows it), which covers the common syntax. The `x` option
 * is emulated by stripping whitespace and comments. Known gaps: possessive quantifiers, atomic
 * groups and `\A`/`\Z` anchors are PCRE-only. Constant patterns are compiled once.
 */
import { fail, isNullish, literalValue, namedArgs, typeName } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { stripExtended } from '../../query/regex.js';
import { codePointLength } from './text.js';

interface RegexSource {
  readonly pattern: string;
  readonly options: string;
}

function isBsonRegex(value: unknown): value is { pattern: string; options: string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'BSONRegExp';
}


function jsFlags(name: string, options: string): { flags: string; extended: boolean } {
  let flags = 'g';
  let extended = false;
  for (const flag of options) {
    if (flag === 'i' || flag === 'm' || flag === 's') {
      if (!flags.includes(flag)) flags += flag;
    } else if (flag === 'x') {
      extended = true;
    } else if (flag !== 'u') {
      fail(51108, `${name} invalid flag in regex options: ${flag}`);
    }
  }
  return { flags, extended };
}

function buildRegex(name: string, source: RegexSource): RegExp {
  const { flags, extended } = jsFlags(name, source.options);
  const pattern = extended ? stripExtended(source.pattern) : source.pattern;
  try {
    return new RegExp(pattern, `${flags}u`);
  } catch {
    try {
      return new RegExp(pattern, flags);
    } catch (error) {
      return fail(51111, `Invalid Regex in ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Pattern and options from the 'regex' and 'options' values, validated as MongoDB does. */
function regexSource(name: string, regex: unknown, options: unknown): RegexSource | undefined {
  if (!isNullish(regex) && typeof regex !== 'string' && !(regex instanceof RegExp) && !isBsonRegex(regex)) {
    fail(51105, `${name} needs 'regex' to be of type string or regex`);
  }
  if (!isNullish(options) && typeof options !== 'string') fail(51106, `${name} needs 'options' to be of type string`);
  let pattern: string | undefined;
  let flags = typeof options === 'string' ? options : '';
  if (regex instanceof RegExp || isBsonRegex(regex)) {
    const embedded = regex instanceof RegExp ? regex.flags.replace(/[gyd]/g, '') : regex.options;
    pattern = regex instanceof RegExp ? regex.source : regex.pattern;
    if (embedded.length > 0 && !isNullish(options)) {
      fail(51107, `${name}: found regex option(s) specified in both 'regex' and 'option' fields`);
    }
    if (embedded.length > 0) flags = embedded;
  } else if (typeof regex === 'string') {
    pattern = regex;
  }
  if (pattern?.includes('\0')) fail(51109, `${name}: regular expression cannot contain an embedded null byte`);
  if (flags.includes('\0')) fail(51110, `${name}: regular expression options cannot contain an embedded null byte`);
  return pattern === undefined ? undefined : { pattern, options: flags };
}

interface MatchResult {
  readonly match: string;
  readonly idx: number;
  readonly captures: unknown[];
}

function toResult(input: string, found: RegExpExecArray): MatchResult {
  const captures: unknown[] = [];
  for (let i = 1; i < found.length; i++) captures.push(found[i] ?? null);
  return { match: found[0], idx: codePointLength(input.slice(0, found.index)), captures };
}

function findAll(input: string, regex: RegExp): MatchResult[] {
  const out: MatchResult[] = [];
  let position = 0;
  do {
    regex.lastIndex = position;
    const found = regex.exec(input);
    if (found === null) break;
    out.push(toResult(input, found));
    const end = found.index + found[0].length;
    if (found[0].length > 0) {
      position = end;
    } else {
      // An empty match cannot be returned twice at the same place: step over one code point.
      const code = input.codePointAt(end) ?? 0;
      position = end + (code > 0xffff ? 2 : 1);
    }
  } while (position < input.length);
  return out;
}

type RegexMode = 'match' | 'find' | 'findAll';

function onNoInput(mode: RegexMode): unknown {
  return mode === 'match' ? false : mode === 'find' ? null : [];
}

function run(mode: RegexMode, input: string, regex: RegExp): unknown {
  if (mode === 'findAll') return findAll(input, regex);
  regex.lastIndex = 0;
  const found = regex.exec(input);
  if (mode === 'match') return found !== null;
  return found === null ? null : toResult(input, found);
}

function regexOperator(mode: RegexMode): OperatorCompiler {
  return (argument, context, name) => {
    const args = namedArgs(argument, ['input', 'regex', 'options'], {
      notObject: [51103, `${name} expects an object of named arguments but found: ${typeName(argument)}`],
      unknown: (field) => [31024, `${name} found an unknown argument: ${field}`],
    });
    if (!Object.hasOwn(args, 'input')) fail(31022, `${name} requires 'input' parameter`);
    if (!Object.hasOwn(args, 'regex')) fail(31023, `${name} requires 'regex' parameter`);
    const input = context.compile(args.input);
    const constantRegex = literalValue(args.regex);
    const constantOptions = Object.hasOwn(args, 'options') ? literalValue(args.options) : { value: undefined };
    if (constantRegex !== undefined && constantOptions !== undefined) {
      const source = regexSource(name, constantRegex.value, constantOptions.value);
      const regex = source === undefined ? undefined : buildRegex(name, source);
      return (root, variables) => {
        const text = checkedInput(name, input(root, variables));
        return text === undefined || regex === undefined ? onNoInput(mode) : run(mode, text, regex);
      };
    }
    const pattern = context.compile(args.regex);
    const options: Evaluator = Object.hasOwn(args, 'options') ? context.compile(args.options) : () => undefined;
    return (root, variables) => {
      const text = checkedInput(name, input(root, variables));
      const source = regexSource(name, pattern(root, variables), options(root, variables));
      const regex = source === undefined ? undefined : buildRegex(name, source);
      return text === undefined || regex === undefined ? onNoInput(mode) : run(mode, text, regex);
    };
  };
}

function checkedInput(name: string, value: unknown): string | undefined {
  if (isNullish(value)) return undefined;
  if (typeof value !== 'string') fail(51104, `${name} needs 'input' to be of type string`);
  return value;
}

export const regexOperators: OperatorTable = {
  $regexMatch: regexOperator('match'),
  $regexFind: regexOperator('find'),
  $regexFindAll: regexOperator('findAll'),
};
