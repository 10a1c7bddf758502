export type ReadinessStatus = 'starting' | 'ready' | 'draining';

export interface ReadinessState<G extends string> {
  readonly status: ReadinessStatus;
  /** Gates not yet satisfied. */
  readonly pending: readonly G[];
}

/**
 * Readiness as named gates (`database`, `indexes`, `plugins`): ready only when every gate is
 * satisfied and the host is not draining. Draining is one-way: a stopping process never comes
 * back into the load balancer.
 */
export interface Readiness<G extends string> {
  satisfy(gate: G): void;
  /** E.g. the database connection dropped: not ready until satisfied again. */
  unsatisfy(gate: G): void;
  startDraining(): void;
  isReady(): boolean;
  state(): ReadinessState<G>;
}

export function createReadiness<G extends string>(gates: readonly G[]): Readiness<G> {
  if (gates.length === 0) throw new TypeError('Readiness needs at least one gate');
  const pending = new Set<G>(gates);
  let draining = false;
  const known = (gate: G) => {
    if (!gates.includes(gate)) throw new TypeError(`Unknown readiness gate "${gate}"`);
  };
  const isReady = () => !draining && pending.size === 0;

  return {
    satisfy(gate) {
      known(gate);
      pending.delete(gate);
    },
    unsatisfy(gate) {
      known(gate);
      pending.add(gate);
    },
    startDraining() {
      draining = true;
    },
    isReady,
    state() {
      const status: ReadinessStatus = draining ? 'draining' : isReady() ? 'ready' : 'starting';
      return { status, pending: gates.filter((gate) => pending.has(gate)) };
    },
  };
}
