/**
 * Compiles aggregation expressions into closures: literals, field paths, variables, embedded
 * document and array expressions, and operator objects dispatched through the operator tables.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { fail, renderValue, setOwn } from './args.js';
import type { BoundScope, CompileContext, Evaluator, OperatorCompiler } from './context.js';
import { compileDocumentPath, compileValuePath, splitPath, validateFieldName } from './field-path.js';
import { validateNameForRead, validateNameForWrite } from './variable-names.js';
import { accumulatorOperators } from './accumulator-ops.js';
import { arithmeticOperators } from './arithmetic.js';
import { iterationOperators } from './array-iteration.js';
import { arrayOperators } from './arrays.js';
import { conversionOperators } from './conversion.js';
import { dateArithmeticOperators } from './dates/date-arithmetic.js';
import { dateStringOperators } from './dates/date-format.js';
import { datePartOperators } from './dates/date-parts.js';
import { logicOperators } from './logic.js';
import { miscOperators } from './misc.js';
import { objectOperators } from './objects.js';
import { regexOperators } from './regex.js';
import { setOperators } from './sets.js';
import { stringOperators } from './strings.js';

const OPERATORS: ReadonlyMap<string, OperatorCompiler> = new Map(
  Object.entries({
    ...accumulatorOperators,
    ...arithmeticOperators,
    ...iterationOperators,
    ...arrayOperators,
    ...conversionOperators,
    ...dateArithmeticOperators,
    ...dateStringOperators,
    ...datePartOperators,
    ...logicOperators,
    ...miscOperators,
    ...objectOperators,
    ...regexOperators,
    ...setOperators,
    ...stringOperators,
  }),
);

/** Whether `name` (with its `$`) is a known expression operator. */
export function isExpressionOperator(name: string): boolean {
  return OPERATORS.has(name);
}

/** Values of the $redact system variables. */
const REDACT_VALUES: ReadonlyMap<string, string> = new Map([
  ['DESCEND', 'descend'],
  ['PRUNE', 'prune'],
  ['KEEP', 'keep'],
]);

function constant(value: unknown): Evaluator {
  return () => value;
}

/** State shared by every scope of one compilation. */
interface Shared {
  readonly store: unknown[];
  fallbackNow: Date | undefined;
}

class Compiler implements CompileContext {
  constructor(
    private readonly scope: ReadonlyMap<string, number>,
    private readonly shared: Shared,
  ) {}

  get store(): unknown[] {
    return this.shared.store;
  }

  compile(expression: unknown): Evaluator {
    if (typeof expression === 'string') {
      return expression.startsWith('$') ? this.compilePath(expression) : constant(expression);
    }
    if (Array.isArray(expression)) return this.compileArray(expression);
    if (isPlainObject(expression)) return this.compileObject(expression);
    return constant(expression);
  }

  bind(names: readonly string[]): BoundScope {
    const scope = new Map(this.scope);
    const slots: number[] = [];
    for (const name of names) {
      validateNameForWrite(name);
      const slot = this.shared.store.length;
      this.shared.store.push(undefined);
      scope.set(name, slot);
      slots.push(slot);
    }
    return { context: new Compiler(scope, this.shared), slots };
  }

  private compileArray(items: readonly unknown[]): Evaluator {
    const evaluators = items.map((item) => this.compile(item));
    const count = evaluators.length;
    return (root, variables) => {
      const out = new Array<unknown>(count);
      for (let i = 0; i < count; i++) {
        const value = (evaluators[i] as Evaluator)(root, variables);
        out[i] = value === undefined ? null : value;
      }
      return out;
    };
  }

  private compileObject(spec: Document): Evaluator {
    const keys = Object.keys(spec);
    if (keys.length === 0) return () => ({});
    const first = keys[0] as string;
    if (first.startsWith('$')) {
      if (keys.length !== 1) {
        fail(15983, `An object representing an expression must have exactly one field: ${renderValue(spec)}`);
      }
      const operator = OPERATORS.get(first);
      if (operator === undefined) fail(168, `Unrecognized expression '${first}'`);
      return operator(spec[first], this, first);
    }
    for (const key of keys) validateFieldName(key);
    const evaluators = keys.map((key) => this.compile(spec[key]));
    const count = keys.length;
    const plainKeys = !keys.includes('__proto__');
    return (root, variables) => {
      const out: Document = {};
      for (let i = 0; i < count; i++) {
        const value = (evaluators[i] as Evaluator)(root, variables);
        if (value === undefined) continue;
        if (plainKeys) out[keys[i] as string] = value;
        else setOwn(out, keys[i] as string, value);
      }
      return out;
    };
  }

  private compilePath(raw: string): Evaluator {
    if (raw.length < 2) fail(16872, "'$' by itself is not a valid FieldPath");
    if (raw.includes('\0')) fail(16419, 'field path must not contain embedded null characters');
    if (raw.charCodeAt(1) !== 36) return this.compileCurrentPath(splitPath(raw.slice(1)));
    const body = raw.slice(2);
    const dot = body.indexOf('.');
    const name = dot < 0 ? body : body.slice(0, dot);
    validateNameForRead(name);
    const rest = dot < 0 ? [] : splitPath(body.slice(dot + 1));
    return this.compileVariable(name, rest);
  }

  private compileCurrentPath(parts: readonly string[]): Evaluator {
    const slot = this.scope.get('CURRENT');
    if (slot !== undefined) return this.slotReader(slot, parts);
    const read = compileDocumentPath(parts);
    return (root) => read(root);
  }

  private slotReader(slot: number, parts: readonly string[]): Evaluator {
    const store = this.shared.store;
    if (parts.length === 0) return () => store[slot];
    const read = compileValuePath(parts);
    return () => read(store[slot]);
  }

  private compileVariable(name: string, parts: readonly string[]): Evaluator {
    const slot = this.scope.get(name);
    if (slot !== undefined) return this.slotReader(slot, parts);
    const read = compileValuePath(parts);
    switch (name) {
      case 'ROOT':
        return parts.length === 0 ? (root) => root : this.rootPath(parts);
      case 'CURRENT':
        return parts.length === 0 ? (root) => root : this.compileCurrentPath(parts);
      case 'REMOVE':
        return constant(undefined);
      case 'NOW':
        return this.compileNow(read);
      case 'CLUSTER_TIME':
        return (_root, variables) => {
          if (variables.CLUSTER_TIME === undefined) {
            fail(10071, 'Requested variable CLUSTER_TIME is not available');
          }
          return read(variables.CLUSTER_TIME);
        };
      case 'SEARCH_META':
      case 'USER_ROLES':
        return (_root, variables) => read(variables[name]);
      default:
        break;
    }
    const redact = REDACT_VALUES.get(name);
    if (redact !== undefined) return constant(parts.length === 0 ? redact : undefined);
    const firstCode = name.charCodeAt(0);
    if (firstCode >= 65 && firstCode <= 90) fail(17276, `Use of undefined variable: ${name}`);
    // User variables ($let on the command) are only known at run time. Callers may layer
    // variables with prototype chains; names like "constructor" must be own properties.
    const inherited = name in Object.prototype;
    return (_root, variables) => {
      if (inherited ? !Object.hasOwn(variables, name) : !(name in variables)) {
        fail(17276, `Use of undefined variable: ${name}`);
      }
      return read(variables[name]);
    };
  }

  private rootPath(parts: readonly string[]): Evaluator {
    const read = compileDocumentPath(parts);
    return (root) => read(root);
  }

  private compileNow(read: (value: unknown) => unknown): Evaluator {
    const shared = this.shared;
    return (_root, variables) => {
      const supplied = variables.NOW;
      if (supplied !== undefined) return read(supplied);
      // NOW is fixed for the whole compiled expression when the caller does not supply it.
      shared.fallbackNow ??= new Date();
      return read(shared.fallbackNow);
    };
  }
}

/** Compiles `expression` into an evaluator with its own local-variable store. */
export function compile(expression: unknown): Evaluator {
  const shared: Shared = { store: [], fallbackNow: undefined };
  return new Compiler(new Map(), shared).compile(expression);
}
