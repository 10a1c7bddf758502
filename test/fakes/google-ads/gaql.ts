/**
 * A small, strict GAQL parser for the fake Google Ads server: `SELECT fields FROM resource
 * [WHERE cond AND …] [ORDER BY field [ASC|DESC], …] [LIMIT n]`. Conditions: `=`, `!=`, `<`, `<=`,
 * `>`, `>=`, `IN (…)`, `NOT IN (…)`, `BETWEEN a AND b`. What it does not understand it refuses
 * with a QueryError reason, as the real API refuses what it does not understand.
 */

export type GaqlValue = string | number;

export interface GaqlCondition {
  readonly field: string;
  readonly operator: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN' | 'BETWEEN';
  readonly values: readonly GaqlValue[];
}

export interface GaqlQuery {
  readonly select: readonly string[];
  readonly from: string;
  readonly where: readonly GaqlCondition[];
  readonly orderBy: readonly { readonly field: string; readonly descending: boolean }[];
  readonly limit: number | undefined;
}

/** A QueryError with the enum value the real API would name. */
export class GaqlError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'GaqlError';
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:([A-Za-z_][A-Za-z0-9_.]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(!=|<=|>=|[=<>(),]))/y;
  let index = 0;
  while (index < query.length) {
    if (/^\s*$/.test(query.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(query);
    if (match === null) throw new GaqlError('BAD_SYMBOL', `Unexpected input at position ${index}`);
    if (match[1] !== undefined) tokens.push({ kind: 'word', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'string', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'number', text: match[4] });
    else tokens.push({ kind: 'symbol', text: match[5] ?? '' });
    index = pattern.lastIndex;
  }
  return tokens;
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(reason = 'UNEXPECTED_END_OF_QUERY'): Token {
    const token = this.tokens[this.index];
    if (token === undefined) throw new GaqlError(reason, 'The query ended early');
    this.index += 1;
    return token;
  }
  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.index += 1;
      return true;
    }
    return false;
  }
  expectKeyword(word: string, reason: string): void {
    if (!this.keyword(word)) throw new GaqlError(reason, `Expected ${word}`);
  }
  symbol(text: string): boolean {
    const token = this.peek();
    if (token?.kind === 'symbol' && token.text === text) {
      this.index += 1;
      return true;
    }
    return false;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
}

const FIELD = /^[a-z_]+(?:\.[a-z_]+)+$/;

function field(cursor: Cursor): string {
  const token = cursor.next();
  if (token.kind !== 'word' || !FIELD.test(token.text))
    throw new GaqlError('BAD_FIELD_NAME', `"${token.text}" is not a field name`);
  return token.text;
}

function value(cursor: Cursor): GaqlValue {
  const token = cursor.next();
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return Number(token.text);
  // Enum constants may be written bare (status = ENABLED).
  if (token.kind === 'word' && /^[A-Z_]+$/.test(token.text)) return token.text;
  throw new GaqlError('BAD_VALUE', `"${token.text}" is not a value`);
}

function list(cursor: Cursor): GaqlValue[] {
  if (!cursor.symbol('(')) throw new GaqlError('EXPECTED_LIST', 'Expected a list in parentheses');
  const values = [value(cursor)];
  while (cursor.symbol(',')) values.push(value(cursor));
  if (!cursor.symbol(')')) throw new GaqlError('EXPECTED_LIST', 'Expected ) after the list');
  return values;
}

function condition(cursor: Cursor): GaqlCondition {
  const name = field(cursor);
  if (cursor.keyword('BETWEEN')) {
    const low = value(cursor);
    cursor.expectKeyword('AND', 'EXPECTED_VALUE_WITH_BETWEEN_OPERATOR');
    return { field: name, operator: 'BETWEEN', values: [low, value(cursor)] };
  }
  if (cursor.keyword('IN')) return { field: name, operator: 'IN', values: list(cursor) };
  if (cursor.keyword('NOT')) {
    cursor.expectKeyword('IN', 'BAD_OPERATOR');
    return { field: name, operator: 'NOT IN', values: list(cursor) };
  }
  const operator = cursor.next();
  if (operator.kind !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(operator.text))
    throw new GaqlError('BAD_OPERATOR', `Unsupported operator "${operator.text}"`);
  return { field: name, operator: operator.text as GaqlCondition['operator'], values: [value(cursor)] };
}

export function parseGaql(query: string): GaqlQuery {
  const cursor = new Cursor(tokenize(query));
  cursor.expectKeyword('SELECT', 'EXPECTED_SELECT');
  const select = [field(cursor)];
  while (cursor.symbol(',')) select.push(field(cursor));
  cursor.expectKeyword('FROM', 'EXPECTED_FROM');
  const resource = cursor.next();
  if (resource.kind !== 'word' || !/^[a-z_]+$/.test(resource.text))
    throw new GaqlError('INVALID_RESOURCE_TYPE', `"${resource.text}" is not a resource`);
  const where: GaqlCondition[] = [];
  if (cursor.keyword('WHERE')) {
    where.push(condition(cursor));
    while (cursor.keyword('AND')) where.push(condition(cursor));
  }
  const orderBy: { field: string; descending: boolean }[] = [];
  if (cursor.keyword('ORDER')) {
    cursor.expectKeyword('BY', 'EXPECTED_BY');
    do {
      const name = field(cursor);
      const descending = cursor.keyword('DESC');
      if (!descending) cursor.keyword('ASC');
      orderBy.push({ field: name, descending });
    } while (cursor.symbol(','));
  }
  let limit: number | undefined;
  if (cursor.keyword('LIMIT')) {
    const token = cursor.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text) || Number(token.text) < 1)
      throw new GaqlError('BAD_LIMIT_VALUE', 'LIMIT needs a positive integer');
    limit = Number(token.text);
  }
  if (!cursor.done()) throw new GaqlError('UNEXPECTED_INPUT', `Unexpected "${cursor.peek()?.text ?? ''}"`);
  if (new Set(select).size !== select.length)
    throw new GaqlError('DUPLICATE_FIELDS_IN_SELECT_CLAUSE', 'A field is selected twice');
  return { select, from: resource.text, where, orderBy, limit };
}

/** Whether `actual` passes `condition` (strings compare as strings, numbers as numbers). */
export function matches(actual: GaqlValue | undefined, condition: GaqlCondition): boolean {
  if (actual === undefined) return false;
  const compare = (expected: GaqlValue) =>
    typeof actual === 'number' || typeof expected === 'number'
      ? Number(actual) - Number(expected)
      : actual < expected
        ? -1
        : actual > expected
          ? 1
          : 0;
  const [first, second] = condition.values;
  switch (condition.operator) {
    case '=':
      return first !== undefined && compare(first) === 0;
    case '!=':
      return first !== undefined && compare(first) !== 0;
    case '<':
      return first !== undefined && compare(first) < 0;
    case '<=':
      return first !== undefined && compare(first) <= 0;
    case '>':
      return first !== undefined && compare(first) > 0;
    case '>=':
      return first !== undefined && compare(first) >= 0;
    case 'IN':
      return condition.values.some((expected) => compare(expected) === 0);
    case 'NOT IN':
      return condition.values.every((expected) => compare(expected) !== 0);
    case 'BETWEEN':
      return first !== undefined && second !== undefined && compare(first) >= 0 && compare(second) <= 0;
  }
}
