/**
 * Crash recovery of WhatsApp answers. A message is claimed (row `received`) before it is
 * answered in process; a process dying in between leaves the row `received` and neither Meta
 * nor WhatsApp Web delivers it again. At start and every `intervalMs`, rows untouched for
 * `leaseMs` (longer than an answer takes, so a live node's work is not stolen) are taken over
 * — atomically, so two sweeping nodes never both answer — and answered again, unless older
 * than `maxAgeMs`: those are marked `expired`, as an answer that late is worse than none.
 */
import type { Logger } from 'pino';
import type { InboundDispatcher } from './inbound-dispatch.js';
import type { WhatsappMessageRepository } from './whatsapp-message.repository.js';

export interface InboundSweeperOptions {
  /** A `received` row untouched this long is considered abandoned (default 3 min). */
  readonly leaseMs?: number;
  /** Older messages are expired rather than answered (default 10 min). */
  readonly maxAgeMs?: number;
  /** Default 60 s. */
  readonly intervalMs?: number;
  /** Rows per sweep (default 200). */
  readonly batch?: number;
}

export interface InboundSweeperDeps extends InboundSweeperOptions {
  readonly repository: WhatsappMessageRepository;
  readonly dispatcher: InboundDispatcher;
  readonly logger: Logger;
  readonly now: () => Date;
}

export interface InboundSweeper {
  /** Sweeps now, then every `intervalMs`. */
  start(): void;
  stop(): Promise<void>;
  sweepOnce(): Promise<{ readonly resumed: number; readonly expired: number }>;
}

export function createInboundSweeper(deps: InboundSweeperDeps): InboundSweeper {
  const leaseMs = deps.leaseMs ?? 3 * 60_000;
  const maxAgeMs = deps.maxAgeMs ?? 10 * 60_000;
  const intervalMs = deps.intervalMs ?? 60_000;
  const batch = deps.batch ?? 200;
  const logger = deps.logger.child({ component: 'whatsapp-sweeper' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  const sweepOnce = async () => {
    const at = deps.now();
    const rows = await deps.repository.unfinished(new Date(at.getTime() - leaseMs), batch);
    let resumed = 0;
    let expired = 0;
    for (const row of rows) {
      if (deps.dispatcher.isInFlight(row.tenantId, row.wamid)) continue;
      const tooOld = at.getTime() - row.createdAt.getTime() > maxAgeMs;
      if (tooOld || row.pending === undefined) {
        await deps.repository.finishInbound(row.tenantId, row.wamid, {
          state: 'expired',
          userId: null,
          errorCode: tooOld ? 'CHAT_WHATSAPP_TOO_LATE' : 'CHAT_WHATSAPP_UNREADABLE',
          at,
        });
        expired += 1;
        continue;
      }
      if (!(await deps.repository.takeOver(row, at))) continue;
      deps.dispatcher.resume({ ...row, pending: row.pending });
      resumed += 1;
    }
    if (resumed + expired > 0)
      logger.warn({ resumed, expired }, 'unanswered whatsapp messages found after a restart or failure');
    return { resumed, expired };
  };

  const tick = () => {
    running = sweepOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'whatsapp sweep failed'))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
    sweepOnce,
  };
}
