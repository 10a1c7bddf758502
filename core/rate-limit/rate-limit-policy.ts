/**
 * A token bucket expressed the way rate-limiter-flexible counts: `points` per `durationSec`
 * sustained, plus an optional burst allowance of `burstPoints` per `burstDurationSec` that is
 * spent only once the sustained budget is used up.
 */
export interface RateLimitPolicy {
  readonly points: number;
  readonly durationSec: number;
  readonly burstPoints?: number;
  readonly burstDurationSec?: number;
}

/**
 * Defaults per scope. A user or API key gets 10 req/s sustained with headroom for a dashboard
 * burst; an IP is looser because an office NAT hides many users; a tenant caps the sum.
 */
export const DEFAULT_RATE_LIMIT_POLICIES = {
  ip: { points: 1200, durationSec: 60, burstPoints: 300, burstDurationSec: 300 },
  principal: { points: 600, durationSec: 60, burstPoints: 200, burstDurationSec: 300 },
  tenant: { points: 3000, durationSec: 60, burstPoints: 1000, burstDurationSec: 300 },
} as const satisfies Record<string, RateLimitPolicy>;

export type DefaultRateLimitScope = keyof typeof DEFAULT_RATE_LIMIT_POLICIES;

export function assertPolicy(scope: string, policy: RateLimitPolicy): void {
  const positive = (value: number | undefined) =>
    value === undefined || (Number.isInteger(value) && value > 0);
  if (
    !positive(policy.points) ||
    !positive(policy.durationSec) ||
    !positive(policy.burstPoints) ||
    !positive(policy.burstDurationSec)
  ) {
    throw new TypeError(`Rate limit policy "${scope}" needs positive integer points and durations`);
  }
  if ((policy.burstPoints === undefined) !== (policy.burstDurationSec === undefined)) {
    throw new TypeError(
      `Rate limit policy "${scope}" needs both burstPoints and burstDurationSec, or neither`,
    );
  }
}
