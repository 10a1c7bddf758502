import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { calendarDaySchema } from '../plugin-api/index.js';

export const ruleIdParamsSchema = z.strictObject({ id: objectIdSchema });
export const listRulesQuerySchema = z.strictObject({ ...pageQueryShape });

/** A body is a rule definition (checked by the service, so field errors name the rule's fields) or a template. */
export const createRuleBodySchema = z.record(z.string(), z.unknown());

export const backtestBodySchema = z
  .strictObject({ from: calendarDaySchema, to: calendarDaySchema })
  .refine((body) => body.from <= body.to, { path: ['from'], message: 'must not be after to' });
export type BacktestInput = z.output<typeof backtestBodySchema>;

const definitionSchema = z.record(z.string(), z.unknown());

export const ruleResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    definition: definitionSchema,
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Rule' });

export const ruleListResponseSchema = z.object({
  data: z.array(ruleResponseSchema),
  nextCursor: z.string().nullable(),
});

const conditionTraceSchema = z.object({
  metric: z.string(),
  window: z.string(),
  measure: z.string(),
  operator: z.string(),
  threshold: z.number(),
  /** `null` when undefined; `"Infinity"` for cost per event with spend and no events. */
  actual: z.union([z.number(), z.literal('Infinity'), z.null()]),
  matched: z.boolean(),
});

const plannedActionSchema = z.object({
  type: z.string(),
  targetBudgetCents: z.number().int().nullable(),
  previousBudgetCents: z.number().int().nullable(),
  /** Budgets are in the campaign's currency. */
  currency: z.string(),
  clippedBy: z.array(z.string()),
  blockedBy: z.string().nullable(),
});

export const previewResponseSchema = z.object({
  ruleId: z.string(),
  day: calendarDaySchema,
  campaignsEvaluated: z.number().int(),
  matches: z.array(
    z.object({
      campaignKey: z.string(),
      name: z.string(),
      platform: z.string(),
      explanation: z.string(),
      conditions: z.array(conditionTraceSchema),
      actions: z.array(plannedActionSchema),
    }),
  ),
});

export const backtestResponseSchema = z.object({
  ruleId: z.string(),
  from: calendarDaySchema,
  to: calendarDaySchema,
  kpiQueries: z.number().int(),
  days: z.array(
    z.object({
      day: calendarDaySchema,
      campaignsEvaluated: z.number().int(),
      actions: z.array(
        z.object({
          campaignKey: z.string(),
          name: z.string(),
          explanation: z.string(),
          action: plannedActionSchema,
        }),
      ),
    }),
  ),
});

const runActionSchema = z.object({
  campaignKey: z.string(),
  type: z.string(),
  status: z.string(),
  actionId: z.string().nullable(),
  blockedBy: z.string().nullable(),
  clippedBy: z.array(z.string()),
  error: z.string().nullable(),
});

export const ruleRunResponseSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    trigger: z.enum(['sync', 'schedule', 'manual']),
    mode: z.enum(['live', 'shadow']),
    status: z.string(),
    day: calendarDaySchema,
    campaignsEvaluated: z.number().int(),
    campaignsMatched: z.number().int(),
    matches: z.array(z.object({ campaignKey: z.string(), explanation: z.string() })),
    actions: z.array(runActionSchema),
    errors: z.array(z.string()),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RuleRun' });

export const ruleRunListResponseSchema = z.object({
  data: z.array(ruleRunResponseSchema),
  nextCursor: z.string().nullable(),
});

const changeSchema = z.object({
  status: z.string().optional(),
  dailyBudgetCents: z.number().int().nullable().optional(),
});

export const ruleActionResponseSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    runId: z.string(),
    campaignKey: z.string(),
    type: z.string(),
    status: z.string(),
    previous: changeSchema,
    current: changeSchema,
    currency: z.string(),
    clippedBy: z.array(z.string()),
    explanation: z.string(),
    error: z.string().nullable(),
    undoneAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RuleAction' });

export const templateListResponseSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      parameters: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const runNowResponseSchema = z.object({ runId: z.string() });
