/** Rule templates for the common cases; each expands to a plain rule definition (shadow mode by default). */
import { z } from 'zod';
import { PluginError, ruleDefinitionSchema } from '../../core/plugin-api/index.js';
import type { RuleDefinition, RuleTemplate } from '../../core/plugin-api/index.js';

const modeSchema = z.enum(['live', 'shadow']).default('shadow');

const pauseHighCpa = z
  .object({
    /** Minor units of the tenant's currency. */
    targetCpaCents: z.number().int().min(1),
    /** Spend over the last 7 days before the rule may act; 3× the target by default. */
    minSpendCents: z.number().int().min(0).optional(),
    mode: modeSchema,
  })
  .strict();

const raiseBudgetHighRoas = z
  .object({
    minRoas: z.number().positive().default(4),
    percent: z.number().min(1).max(100).default(20),
    /** Campaign currency. */
    capCents: z.number().int().min(1).optional(),
    mode: modeSchema,
  })
  .strict();

const spendSpike = z
  .object({
    overAveragePct: z.number().min(1).max(1_000).default(50),
    averageDays: z.number().int().min(1).max(90).default(7),
    mode: modeSchema,
  })
  .strict();

const trackingOutage = z
  .object({
    /** Yesterday's spend (tenant currency) that makes zero conversions suspicious. */
    minSpendCents: z.number().int().min(0).default(5_000),
    mode: modeSchema,
  })
  .strict();

interface TemplateEntry extends RuleTemplate {
  expand(parameters: unknown): unknown;
}

const TEMPLATES: readonly TemplateEntry[] = [
  {
    id: 'pause-high-cpa',
    name: 'Pause when CPA is over twice the target',
    description:
      'Pauses a campaign whose 7-day CPA is above 2× the target once it has spent enough to judge.',
    parameters: pauseHighCpa,
    expand(raw) {
      const p = pauseHighCpa.parse(raw);
      return {
        name: `Pause when CPA > 2× ${p.targetCpaCents}`,
        conditions: { metric: 'cpa', window: 'last_7_days', operator: '>', value: 2 * p.targetCpaCents },
        guards: {
          window: 'last_7_days',
          minSpendCents: p.minSpendCents ?? 3 * p.targetCpaCents,
          minDaysOfData: 3,
        },
        actions: [{ type: 'pause' }, { type: 'notify', channels: ['in_app'], severity: 'warning' }],
        mode: p.mode,
      };
    },
  },
  {
    id: 'raise-budget-high-roas',
    name: 'Raise budget 20% when ROAS > 4 for 3 days',
    description:
      'Raises the daily budget of a campaign whose ROAS was above the threshold over the last 3 days and on the last of them.',
    parameters: raiseBudgetHighRoas,
    expand(raw) {
      const p = raiseBudgetHighRoas.parse(raw);
      return {
        name: `Raise budget ${p.percent}% when ROAS > ${p.minRoas} for 3 days`,
        conditions: {
          all: [
            { metric: 'roas', window: 'last_3_days', operator: '>', value: p.minRoas },
            { metric: 'roas', window: 'yesterday', operator: '>', value: p.minRoas },
          ],
        },
        guards: { window: 'last_3_days', minDaysOfData: 3 },
        actions: [
          {
            type: 'change_budget',
            percent: p.percent,
            ...(p.capCents === undefined ? {} : { capCents: p.capCents }),
          },
        ],
        cooldownMinutes: 3 * 24 * 60,
        mode: p.mode,
      };
    },
  },
  {
    id: 'alert-spend-spike',
    name: 'Alert on spend 50% over the daily average',
    description:
      "Alerts when today's spend is over the daily average of the days before by the given percentage.",
    parameters: spendSpike,
    expand(raw) {
      const p = spendSpike.parse(raw);
      return {
        name: `Spend ${p.overAveragePct}% over the ${p.averageDays}-day daily average`,
        conditions: {
          metric: 'spend',
          window: 'today',
          measure: 'change_pct',
          baseline: { dailyAverageDays: p.averageDays },
          operator: '>=',
          value: p.overAveragePct,
        },
        guards: { window: 'lifetime', minDaysOfData: p.averageDays },
        actions: [{ type: 'notify', channels: ['in_app'], severity: 'warning' }],
        mode: p.mode,
      };
    },
  },
  {
    id: 'alert-tracking-outage',
    name: 'Alert when conversions drop to zero while spend goes on',
    description:
      'A likely tracking outage: yesterday a campaign that converted in the week before spent money and recorded no conversion.',
    parameters: trackingOutage,
    expand(raw) {
      const p = trackingOutage.parse(raw);
      return {
        name: 'Tracking outage: spend without conversions',
        conditions: {
          all: [
            { metric: 'conversions', window: 'yesterday', operator: '=', value: 0 },
            { metric: 'spend', window: 'yesterday', operator: '>=', value: p.minSpendCents },
            { metric: 'conversions', window: 'last_7_days', operator: '>', value: 0 },
          ],
        },
        actions: [{ type: 'notify', channels: ['in_app', 'whatsapp'], severity: 'critical' }],
        mode: p.mode,
      };
    },
  },
];

export function listTemplates(): readonly RuleTemplate[] {
  return TEMPLATES.map(({ id, name, description, parameters }) => ({ id, name, description, parameters }));
}

export function expandTemplate(templateId: string, parameters: unknown): RuleDefinition {
  const template = TEMPLATES.find((candidate) => candidate.id === templateId);
  if (template === undefined)
    throw new PluginError('config', `Unknown rule template "${templateId}"`, {
      code: 'RULES_TEMPLATE_UNKNOWN',
    });
  try {
    return ruleDefinitionSchema.parse(template.expand(parameters ?? {}));
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const problems = error.issues.map(
      (issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`,
    );
    throw new PluginError('config', `Invalid template parameters: ${problems.join('; ')}`, {
      code: 'RULES_TEMPLATE_PARAMETERS_INVALID',
    });
  }
}
