/**
 * Orderly shutdown: as the composition root starts things (embedded database, connection,
 * Redis, jobs, HTTP server, readiness) it registers how to stop each; shutdown unwinds them in
 * reverse, so the last thing started (readiness: drain) stops first and the database last.
 * SIGTERM/SIGINT run that once, each step bounded by a timeout; the exit code is 0 when every
 * step succeeded.
 */
import type { Logger } from 'pino';

export type ShutdownStepRun = () => Promise<void> | void;

export interface ShutdownStepOptions {
  /** A step that takes longer is abandoned (logged) and the next one runs; default 15 s. */
  readonly timeoutMs?: number;
}

export interface Lifecycle {
  /** Adds a step; steps run in reverse order of registration (last started, first stopped). */
  onShutdown(name: string, run: ShutdownStepRun, options?: ShutdownStepOptions): void;
  /** Runs every step once (later calls share the first run); resolves to the exit code. */
  shutdown(reason: string): Promise<number>;
  isShuttingDown(): boolean;
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;

async function runStep(name: string, run: ShutdownStepRun, timeoutMs: number, log: Logger): Promise<boolean> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(run), timedOut]);
    if (outcome === 'timeout') {
      log.error({ step: name, timeoutMs }, 'shutdown step timed out');
      return false;
    }
    log.debug({ step: name, ms: Math.round(performance.now() - started) }, 'shutdown step done');
    return true;
  } catch (error) {
    log.error({ step: name, err: error }, 'shutdown step failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function createLifecycle(logger: Logger): Lifecycle {
  const steps: { name: string; run: ShutdownStepRun; timeoutMs: number }[] = [];
  let running: Promise<number> | undefined;
  return {
    onShutdown(name, run, options = {}) {
      steps.push({ name, run, timeoutMs: options.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS });
    },
    shutdown(reason) {
      running ??= (async () => {
        logger.info({ reason }, 'shutting down');
        let failures = 0;
        for (const step of [...steps].reverse()) {
          if (!(await runStep(step.name, step.run, step.timeoutMs, logger))) failures += 1;
        }
        logger.info({ failures }, failures === 0 ? 'stopped cleanly' : 'stopped with failures');
        return failures === 0 ? 0 : 1;
      })();
      return running;
    },
    isShuttingDown() {
      return running !== undefined;
    },
  };
}

/** The part of `process` signal handling needs (a test passes an EventEmitter). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface SignalHandlingOptions {
  readonly source?: SignalSource;
  readonly signals?: readonly NodeJS.Signals[];
  /** Receives the exit code once shutdown finished, or 1 when a second signal forces it. */
  readonly exit: (code: number) => void;
}

/**
 * SIGTERM/SIGINT start the shutdown; a second signal while stopping gives up and exits 1 at
 * once (an operator pressing Ctrl-C twice means it). Returns a function that removes the handlers.
 */
export function handleShutdownSignals(
  lifecycle: Lifecycle,
  logger: Logger,
  options: SignalHandlingOptions,
): () => void {
  const source: SignalSource = options.source ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals) => () => {
    if (lifecycle.isShuttingDown()) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      options.exit(1);
      return;
    }
    void lifecycle.shutdown(signal).then(options.exit);
  };
  const listeners = signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, listener] of listeners) source.on(signal, listener);
  return () => {
    for (const [signal, listener] of listeners) source.off(signal, listener);
  };
}
