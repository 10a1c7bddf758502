import type { CallContext } from '../call-context.js';
import type { JsonObject } from '../json.js';

/**
 * Outcome of a health check: `ok`; `degraded` (works, with a warning such as a token expiring
 * soon or a sunsetting API version); `auth_error` (credentials refused: an admin must act);
 * `error` (anything else: unreachable, misconfigured, broken).
 */
export type HealthStatus = 'ok' | 'degraded' | 'auth_error' | 'error';

/** What a health check reports. */
export interface HealthResult {
  readonly status: HealthStatus;
  /** One sentence an admin can act on; never contains secrets. */
  readonly message: string;
  /** Optional structured detail shown in the console (accounts reachable, days until token expiry…). */
  readonly details?: JsonObject;
}

/** Checks credentials and reachability of what a plugin depends on. */
export interface HealthCheck {
  /**
   * Reports the current health. Never throws: a refused credential or an unreachable platform is
   * a result (`auth_error`, `error`), not an exception. The host still guards against a throw or
   * a hang, and reports either as `error`.
   */
  check(ctx: CallContext): Promise<HealthResult>;
}
