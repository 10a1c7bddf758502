/**
 * The contract between the expression compiler and the operator groups. Operators are compiled
 * once into closures; local variables ($let, $map, $filter, $reduce) live in slots of a store
 * array allocated per compiled expression, so evaluating them allocates nothing per document.
 */
import type { Document } from '../../bson-values.js';

/** Variables visible to an expression: user `let` variables plus NOW, CLUSTER_TIME… */
export type Variables = Readonly<Record<string, unknown>>;

/** A compiled expression: evaluates against the current document and the variables. */
export type Evaluator = (root: Document, variables: Variables) => unknown;

/** Local variables bound by an operator, compiled in a nested scope. */
export interface BoundScope {
  /** A context whose scope sees the bound names. */
  readonly context: CompileContext;
  /** Slot index in `store` of each bound name, in the order given. */
  readonly slots: readonly number[];
}

export interface CompileContext {
  /** Compiles a sub-expression in this context's variable scope. */
  compile(expression: unknown): Evaluator;
  /**
   * Binds user variables (validated as MongoDB does for `$let`/`as` names) in a child scope.
   * Their values are written to `store[slot]` by the operator before evaluating the body.
   */
  bind(names: readonly string[]): BoundScope;
  /** Runtime storage of local variables, shared by every closure of one compiled expression. */
  readonly store: unknown[];
}

/** Compiles one operator's argument (the value under the `$name` key). */
export type OperatorCompiler = (argument: unknown, context: CompileContext, name: string) => Evaluator;

export type OperatorTable = Readonly<Record<string, OperatorCompiler>>;
