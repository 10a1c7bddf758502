export type HealthStatus = 'up' | 'down' | 'degraded';

/** What a component's check reports; checks return `down` rather than throw. */
export interface HealthCheckResult {
  readonly status: HealthStatus;
  /** Filled in by the registry when the check does not measure it itself. */
  readonly latencyMs?: number;
  /** Short and safe to show publicly: no hosts, no credentials, no driver messages. */
  readonly detail?: string;
}

export type HealthCheck = () => Promise<HealthCheckResult> | HealthCheckResult;

export interface HealthComponentOptions {
  /** A critical component being down makes the whole host `down` (503). */
  readonly critical?: boolean;
  readonly timeoutMs?: number;
}

export interface ComponentHealth {
  readonly status: HealthStatus;
  readonly latencyMs: number;
  readonly critical: boolean;
  readonly detail?: string;
}

export interface HealthReport {
  readonly status: HealthStatus;
  readonly components: Readonly<Record<string, ComponentHealth>>;
  readonly checkedAt: string;
}

export interface HealthRegistry {
  /** Components register once at start-up (database, redis, jobs, plugins…). */
  register(name: string, check: HealthCheck, options?: HealthComponentOptions): void;
  /** Runs all checks in parallel; concurrent callers share one run. */
  check(): Promise<HealthReport>;
}

interface Registration {
  readonly check: HealthCheck;
  readonly critical: boolean;
  readonly timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

async function runOne(registration: Registration): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `timed out after ${registration.timeoutMs} ms` }),
      registration.timeoutMs,
    );
  });
  let result: HealthCheckResult;
  try {
    result = await Promise.race([Promise.resolve().then(registration.check), timeout]);
  } catch {
    result = { status: 'down', detail: 'check failed' };
  } finally {
    clearTimeout(timer);
  }
  const latencyMs = result.latencyMs ?? Math.round((performance.now() - started) * 100) / 100;
  const base = { status: result.status, latencyMs, critical: registration.critical };
  return result.detail === undefined ? base : { ...base, detail: result.detail };
}

function overall(components: readonly ComponentHealth[]): HealthStatus {
  if (components.some((component) => component.critical && component.status === 'down')) return 'down';
  return components.some((component) => component.status !== 'up') ? 'degraded' : 'up';
}

export function createHealthRegistry(): HealthRegistry {
  const registrations = new Map<string, Registration>();
  let running: Promise<HealthReport> | undefined;

  const runAll = async (): Promise<HealthReport> => {
    const entries = [...registrations.entries()];
    const results = await Promise.all(entries.map(([, registration]) => runOne(registration)));
    const components: Record<string, ComponentHealth> = {};
    entries.forEach(([name], index) => {
      const result = results[index];
      if (result !== undefined) components[name] = result;
    });
    return { status: overall(results), components, checkedAt: new Date().toISOString() };
  };

  return {
    register(name, check, options = {}) {
      if (registrations.has(name)) throw new TypeError(`Health component "${name}" is already registered`);
      registrations.set(name, {
        check,
        critical: options.critical ?? false,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      });
    },
    check() {
      running ??= runAll().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
