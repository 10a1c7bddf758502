/**
 * The rules queue: `rules.evaluate` (after each `sync.completed`, or on demand) and
 * `rules.cron-tick` (every minute per tenant with cron rules: fires each rule whose cron,
 * read in the tenant's time zone, came due since its last fire). A fire is claimed on the rule
 * document and a run on (rule, trigger), so two workers never run one twice.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { EventBus } from '../events/event-bus.js';
import type { JobService } from '../jobs/job-service.js';
import type { RuleRepository } from './rule.repository.js';
import type { RuleRunner } from './rule-runner.js';

export const RULES_EVALUATE_JOB = 'rules.evaluate';
export const RULES_CRON_TICK_JOB = 'rules.cron-tick';
const CRON_TICK_KEY = 'rules-cron';

const evaluateDataSchema = z.object({
  tenantId: z.string().min(1),
  trigger: z.enum(['sync', 'schedule', 'manual']),
  triggerKey: z.string().min(1).max(200),
  ruleIds: z.array(z.string()).max(1_000).optional(),
});
const tickDataSchema = z.object({ tenantId: z.string().min(1) });

export interface RuleJobDeps {
  readonly jobs: JobService;
  readonly rules: RuleRepository;
  readonly runner: RuleRunner;
  readonly tenants: { get(tenantId: string): Promise<{ readonly timezone: string }> };
  readonly logger: Logger;
  readonly now: () => Date;
}

/** Runs every cron rule of the tenant that came due; returns how many fired. */
export async function fireDueCronRules(
  deps: RuleJobDeps,
  tenantId: string,
  signal?: AbortSignal,
): Promise<number> {
  const rules = await deps.rules.listEnabled(tenantId, 'cron');
  if (rules.length === 0) return 0;
  const { timezone } = await deps.tenants.get(tenantId);
  const now = deps.now();
  let fired = 0;
  for (const rule of rules) {
    if (rule.definition.schedule.type !== 'cron') continue;
    const due = CronExpressionParser.parse(rule.definition.schedule.cron, { tz: timezone, currentDate: now })
      .prev()
      .toDate();
    if (rule.lastCronFireAt !== undefined && due <= rule.lastCronFireAt) continue;
    if (!(await deps.rules.claimCronFire(tenantId, rule.id, rule.lastCronFireAt, due))) continue;
    await deps.runner.run({
      tenantId,
      rules: [rule],
      trigger: 'schedule',
      triggerKey: `cron:${due.toISOString()}`,
      ...(signal === undefined ? {} : { signal }),
    });
    fired += 1;
  }
  return fired;
}

export function defineRuleJobs(deps: RuleJobDeps): void {
  deps.jobs.define({
    name: RULES_EVALUATE_JOB,
    queue: 'rules',
    async handler(job) {
      const data = evaluateDataSchema.parse(job.data);
      const enabled = await deps.rules.listEnabled(
        data.tenantId,
        data.ruleIds === undefined ? 'after_sync' : undefined,
      );
      const rules =
        data.ruleIds === undefined ? enabled : enabled.filter((rule) => data.ruleIds?.includes(rule.id));
      await deps.runner.run({
        tenantId: data.tenantId,
        rules,
        trigger: data.trigger,
        triggerKey: data.triggerKey,
        signal: job.signal,
      });
    },
  });
  deps.jobs.define({
    name: RULES_CRON_TICK_JOB,
    queue: 'rules',
    async handler(job) {
      await fireDueCronRules(deps, tickDataSchema.parse(job.data).tenantId, job.signal);
    },
  });
}

/** Keeps the tenant's minute tick scheduled (idempotent: the schedule is unique per tenant). */
export async function scheduleCronTick(jobs: JobService, tenantId: string): Promise<void> {
  await jobs.schedule(
    RULES_CRON_TICK_JOB,
    { everyMs: 60_000, queue: 'rules' },
    { tenantId },
    { uniqueKey: CRON_TICK_KEY },
  );
}

/** Queues an evaluation after each finished sync (unique per sync run while queued). */
export function subscribeToSyncs(bus: EventBus, jobs: JobService, logger: Logger): () => void {
  return bus.subscribe('sync.completed', async (event) => {
    const triggerKey = `sync:${event.payload.runId}`;
    await jobs
      .enqueue(
        RULES_EVALUATE_JOB,
        { tenantId: event.tenantId, trigger: 'sync', triggerKey },
        { uniqueKey: triggerKey },
      )
      .catch((error: unknown) =>
        logger.warn({ err: error, tenantId: event.tenantId }, 'rules evaluation not queued'),
      );
  });
}
