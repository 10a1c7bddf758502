/**
 * The automation-rules contract: the zod schema of a rule definition (shared by the host's API
 * and the `rules` plugin) and the small `RulesEngine` capability a plugin of kind `rules`
 * provides. The host fetches numbers (through the KPI service) and acts (through ad-platform
 * `CampaignActions`); the engine only decides, from the numbers it is given, what to do and why.
 */
import { z } from 'zod';
import type { KpiName } from '../context.js';

/** Metrics a condition may read: the KPI service's names. */
export const RULE_METRICS = [
  'spend',
  'revenue',
  'roas',
  'cpa',
  'cpc',
  'cpm',
  'ctr',
  'cvr',
  'aov',
  'impressions',
  'clicks',
  'conversions',
] as const satisfies readonly KpiName[];
export type RuleMetric = (typeof RULE_METRICS)[number];

/** Metrics in integer minor units of the tenant's currency (what the KPI service answers in). */
export const RULE_MONEY_METRICS: readonly RuleMetric[] = ['spend', 'revenue', 'cpa', 'cpc', 'cpm', 'aov'];

/** Longest `last_N_days` window. */
export const MAX_WINDOW_DAYS = 365;

/**
 * `today`, `yesterday`, `last_N_days` (the N full days before today, as the KPI presets count
 * them) or `lifetime`; days are calendar days in the tenant's time zone.
 */
export const ruleWindowSchema = z.union([
  z.enum(['today', 'yesterday', 'lifetime']),
  z
    .string()
    .regex(/^last_\d{1,3}_days$/, 'Expected today, yesterday, lifetime or last_N_days')
    .refine((value) => {
      const days = Number(value.slice(5, -5));
      return days >= 1 && days <= MAX_WINDOW_DAYS;
    }, `N must be 1 to ${MAX_WINDOW_DAYS}`),
]);
export type RuleWindow = z.infer<typeof ruleWindowSchema>;

export const RULE_OPERATORS = ['>', '>=', '<', '<=', '='] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/**
 * One comparison. With `measure: 'value'` (default) the metric's value over the window is
 * compared to `value` (money metrics: minor units of the tenant's currency). With
 * `measure: 'change_pct'` the percentage change against a baseline is compared to `value`
 * (`-50` = halved): the previous window of the same length, or the daily average of the
 * `baselineDays` days before the window scaled to the window's length.
 */
export const ruleConditionSchema = z
  .object({
    metric: z.enum(RULE_METRICS),
    window: ruleWindowSchema,
    operator: z.enum(RULE_OPERATORS),
    value: z.number().finite(),
    measure: z.enum(['value', 'change_pct']).default('value'),
    baseline: z
      .union([
        z.literal('previous_window'),
        z.object({ dailyAverageDays: z.number().int().min(1).max(90) }).strict(),
      ])
      .default('previous_window'),
  })
  .strict()
  .superRefine((condition, issues) => {
    if (condition.measure === 'value' && RULE_MONEY_METRICS.includes(condition.metric)) {
      if (!Number.isInteger(condition.value))
        issues.addIssue({ code: 'custom', path: ['value'], message: 'Money is integer minor units' });
    }
    if (condition.measure === 'change_pct' && condition.window === 'lifetime')
      issues.addIssue({ code: 'custom', path: ['window'], message: 'lifetime has no previous window' });
  });
export type RuleCondition = z.output<typeof ruleConditionSchema>;

/** An `all` / `any` tree of conditions, at most 4 levels deep. */
export type RuleConditionNode =
  | RuleCondition
  | { readonly all: readonly RuleConditionNode[] }
  | { readonly any: readonly RuleConditionNode[] };

const nodeAt = (depth: number): z.ZodType<RuleConditionNode> =>
  depth === 0
    ? ruleConditionSchema
    : z.union([
        ruleConditionSchema,
        z
          .object({
            all: z
              .array(nodeAt(depth - 1))
              .min(1)
              .max(20),
          })
          .strict(),
        z
          .object({
            any: z
              .array(nodeAt(depth - 1))
              .min(1)
              .max(20),
          })
          .strict(),
      ]);
export const ruleConditionTreeSchema: z.ZodType<RuleConditionNode> = nodeAt(4);

/** Which campaigns a rule looks at; every given filter must match (empty lists = any). */
export const ruleScopeSchema = z
  .object({
    platforms: z.array(z.string().min(1).max(64)).max(20).default([]),
    campaignIds: z.array(z.string().min(1).max(200)).max(1_000).default([]),
    /** Case-insensitive glob over the campaign name: `*` any run of characters, `?` one. */
    namePattern: z.string().min(1).max(200).optional(),
    /** Labels are `[label]` tags in the campaign's name (ingest stores no labels of its own). */
    labels: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .strict();
export type RuleScope = z.output<typeof ruleScopeSchema>;

/** A rule may not act on a campaign until it has this much data over `window`. */
export const ruleDataGuardsSchema = z
  .object({
    window: ruleWindowSchema.default('lifetime'),
    /** Minor units of the tenant's currency. */
    minSpendCents: z.number().int().min(0).default(0),
    minImpressions: z.number().int().min(0).default(0),
    /** Days with at least one metric row. */
    minDaysOfData: z.number().int().min(0).max(1_100).default(0),
  })
  .strict();
export type RuleDataGuards = z.output<typeof ruleDataGuardsSchema>;

export const NOTIFY_CHANNELS = ['in_app', 'whatsapp', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Budget amounts are integer minor units of the **campaign's** currency, not the tenant's. */
export const ruleActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('set_budget'), dailyBudgetCents: z.number().int().min(1) }).strict(),
  z
    .object({
      type: z.literal('change_budget'),
      percent: z.number().min(-90).max(500),
      floorCents: z.number().int().min(0).optional(),
      capCents: z.number().int().min(1).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('notify'),
      channels: z.array(z.enum(NOTIFY_CHANNELS)).min(1).max(3),
      severity: z.enum(['info', 'warning', 'critical']).default('warning'),
      /** https URL receiving `X-Stratum-Signature: sha256=<hex HMAC of the body>`. */
      webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .strict(),
]);
export type RuleAction = z.output<typeof ruleActionSchema>;

export const ruleScheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('after_sync') }).strict(),
  /** 5-field cron read in the tenant's time zone. */
  z
    .object({
      type: z.literal('cron'),
      cron: z
        .string()
        .regex(/^\s*\S+(\s+\S+){4}\s*$/, 'Expected a 5-field cron expression')
        .max(100),
    })
    .strict(),
]);
export type RuleSchedule = z.output<typeof ruleScheduleSchema>;

/** A rule as users write it (API body, template output). */
export const ruleDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scope: ruleScopeSchema.default({ platforms: [], campaignIds: [], labels: [] }),
    conditions: ruleConditionTreeSchema,
    guards: ruleDataGuardsSchema.default({
      window: 'lifetime',
      minSpendCents: 0,
      minImpressions: 0,
      minDaysOfData: 0,
    }),
    actions: z.array(ruleActionSchema).min(1).max(5),
    schedule: ruleScheduleSchema.default({ type: 'after_sync' }),
    /** Minutes a campaign rests after this rule acted on it; the plugin's default when absent. */
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .optional(),
    maxActionsPerRun: z.number().int().min(1).max(1_000).default(10),
    mode: z.enum(['live', 'shadow']).default('shadow'),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((rule, issues) => {
    rule.actions.forEach((action, index) => {
      if (action.type === 'notify' && action.channels.includes('webhook') && action.webhookUrl === undefined)
        issues.addIssue({
          code: 'custom',
          path: ['actions', index, 'webhookUrl'],
          message: 'Required for webhook',
        });
      if (action.type === 'change_budget' && action.floorCents !== undefined && action.capCents !== undefined)
        if (action.floorCents > action.capCents)
          issues.addIssue({
            code: 'custom',
            path: ['actions', index, 'floorCents'],
            message: 'Above capCents',
          });
    });
  });
export type RuleDefinitionInput = z.input<typeof ruleDefinitionSchema>;
export type RuleDefinition = z.output<typeof ruleDefinitionSchema>;

/** Inclusive calendar days (tenant zone). */
export interface RuleDaySpan {
  readonly from: string;
  readonly to: string;
}

/**
 * A KPI read the host must make before evaluating: one grouped-by-campaign query per distinct
 * request, shared by every rule that needs it (the engine names requests by `key`).
 */
export interface RuleWindowRequest {
  readonly key: string;
  readonly span: RuleDaySpan;
  /** Also read the previous span of the same length (for `change_pct` against `previous_window`). */
  readonly withPrevious: boolean;
}

/** KPI values of one campaign over one requested window (tenant currency), as the host read them. */
export interface RuleWindowValues {
  readonly values: Readonly<Partial<Record<RuleMetric, number | null>>>;
  readonly previous?: Readonly<Partial<Record<RuleMetric, number | null>>>;
  /** Days with at least one metric row in the span. */
  readonly daysOfData: number;
}

/** A campaign as the engine sees it: the stored campaign plus its numbers by window key. */
export interface RuleCampaignSnapshot {
  /** `platform:externalId`, the key of the KPI service's campaign grouping. */
  readonly key: string;
  readonly platform: string;
  readonly pluginId: string;
  readonly accountExternalId: string;
  readonly externalId: string;
  readonly name: string;
  readonly status: string;
  /** Campaign currency, minor units; `null` when the budget lives elsewhere. */
  readonly dailyBudgetCents: number | null;
  readonly currency: string;
  /** Window key → values; a window without rows for the campaign is absent. */
  readonly windows: Readonly<Record<string, RuleWindowValues>>;
  /**
   * The budget before the first budget change made by any rule today (campaign currency), for
   * the daily change guardrail; absent when no rule changed it today.
   */
  readonly budgetAtStartOfDayCents?: number;
}

/** One condition leaf as evaluated, for the explanation shown to users. */
export interface RuleConditionTrace {
  readonly metric: RuleMetric;
  readonly window: RuleWindow;
  readonly measure: 'value' | 'change_pct';
  readonly operator: RuleOperator;
  readonly threshold: number;
  /** The compared number (`null` = undefined, e.g. ROAS without spend; the leaf is then false). */
  readonly actual: number | null;
  readonly matched: boolean;
}

/** What the engine decided for one action on one campaign. */
export interface PlannedRuleAction {
  readonly campaignKey: string;
  readonly action: RuleAction;
  /** For budget actions: the daily budget to set after clipping (campaign currency). */
  readonly targetBudgetCents?: number;
  readonly previousBudgetCents?: number | null;
  /** Guardrail notes ("clipped to +50% per day") — the action still runs. */
  readonly clippedBy: readonly string[];
  /** Set when the action must not run (kill switch, no budget to change, max actions per run). */
  readonly blockedBy?: string;
}

export interface RuleCampaignVerdict {
  readonly campaignKey: string;
  readonly matched: boolean;
  /** `undefined` when the guards passed. */
  readonly guardFailure?: string;
  readonly conditions: readonly RuleConditionTrace[];
  /** A sentence users read: why it matched or not. */
  readonly explanation: string;
}

export interface RuleEvaluation {
  readonly inScope: number;
  readonly verdicts: readonly RuleCampaignVerdict[];
  readonly actions: readonly PlannedRuleAction[];
}

/** One rule over one day's numbers. `today` is the tenant's calendar day. */
export interface RuleEvaluationInput {
  readonly rule: RuleDefinition;
  readonly today: string;
  readonly campaigns: readonly RuleCampaignSnapshot[];
}

export interface RuleTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Zod schema of the template's parameters (e.g. `{ targetCpaCents }`). */
  readonly parameters: z.ZodObject;
}

/** What a `rules` plugin provides. Pure decisions; no I/O. */
export interface RulesEngine {
  /** The KPI reads a rule needs on `today` (deduplicated by `key` across rules by the host). */
  windowsFor(rule: RuleDefinition, today: string): readonly RuleWindowRequest[];
  /** Scope, guards, conditions, guardrail clipping: what the rule would do, with reasons. */
  evaluate(input: RuleEvaluationInput): RuleEvaluation;
  /** Whether the kill switch of the installation is on (the host then changes no campaign). */
  killSwitch(): boolean;
  /** The default cooldown when a rule sets none. */
  defaultCooldownMinutes(): number;
  /** Key of the HMAC-SHA256 signature of outgoing webhooks; `undefined` when none is configured. */
  webhookSecret(): string | undefined;
  templates(): readonly RuleTemplate[];
  /** A rule definition from a template; throws a `PluginError` (`config`) for bad parameters. */
  expandTemplate(templateId: string, parameters: unknown): RuleDefinition;
}
