/** Exhaustiveness guard for `switch` over literal unions: a new member fails type checking here. */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`Unexpected ${what}: ${String(value)}`);
}
