import { z } from 'zod';

/**
 * Daily-budget minimums of the platforms' campaign budgets, in minor units of the campaign's
 * currency (approximate USD figures from the platforms' help pages; admins override per
 * installation since they differ by currency and objective).
 */
export const DEFAULT_PLATFORM_MINIMUM_BUDGET_CENTS: Readonly<Record<string, number>> = {
  meta: 100,
  google: 100,
  tiktok: 5_000,
  snapchat: 500,
  linkedin: 1_000,
};

/** Configuration of a rules installation: the tenant's guardrails. */
export const rulesConfigSchema = z
  .object({
    /** Most a campaign's daily budget may move, up or down, per day across all rules (% of the day's first budget). */
    maxBudgetChangePctPerDay: z.number().int().min(1).max(500).default(50),
    /** Per platform; campaigns of a platform not listed use `defaultMinimumBudgetCents`. */
    platformMinimumBudgetCents: z
      .record(z.string().min(1).max(64), z.number().int().min(0))
      .default({ ...DEFAULT_PLATFORM_MINIMUM_BUDGET_CENTS }),
    defaultMinimumBudgetCents: z.number().int().min(0).default(100),
    /** When on, no rule changes any campaign (notifications still go out). */
    killSwitch: z.boolean().default(false),
    defaultCooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .default(24 * 60),
    /** HMAC-SHA256 key of outgoing rule webhooks. */
    webhookSecret: z.string().min(16).max(200).optional(),
  })
  .strict();

export type RulesConfig = z.output<typeof rulesConfigSchema>;
