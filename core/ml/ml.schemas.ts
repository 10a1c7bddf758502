/** Zod schemas of the ML routes: query strings and bodies in, predictions out. */
import { z } from 'zod';
import { calendarDaySchema } from '../plugin-api/index.js';

const idList = z
  .string()
  .max(4_000)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(1).max(200)).max(200));

const period = {
  from: calendarDaySchema.optional(),
  to: calendarDaySchema.optional(),
};

/** `GET /ml/curves?campaignId=…&platform=…&metric=revenue&from=…&to=…` */
export const curvesQuerySchema = z
  .object({
    campaignId: idList.optional(),
    platform: idList.optional(),
    metric: z.enum(['revenue', 'conversions']).optional(),
    ...period,
  })
  .strict();

/** `GET /ml/forecast?days=14&metrics=spend,revenue,roas&campaignId=…` */
export const forecastQuerySchema = z
  .object({
    campaignId: idList.optional(),
    platform: idList.optional(),
    days: z.coerce.number().int().min(1).max(30).default(14),
    metrics: z
      .string()
      .default('spend,revenue,roas')
      .transform((value) => value.split(',').map((item) => item.trim()))
      .pipe(
        z
          .array(z.enum(['spend', 'revenue', 'conversions', 'roas']))
          .min(1)
          .max(4),
      ),
    ...period,
  })
  .strict();

const cents = z.number().int().min(0).max(1e13);

/** `POST /ml/optimize` */
export const optimizeBodySchema = z
  .object({
    budgetCents: cents.min(1),
    objective: z.enum(['revenue', 'conversions', 'revenue_at_roas_floor']).default('revenue'),
    scope: z
      .object({
        platforms: z.array(z.string().min(1).max(40)).max(10).optional(),
        campaignIds: z.array(z.string().min(1).max(200)).max(2_000).optional(),
      })
      .strict()
      .default({}),
    constraints: z
      .object({
        campaigns: z
          .record(
            z.string().min(1).max(200),
            z
              .object({
                minCents: cents.optional(),
                maxCents: cents.optional(),
                locked: z.boolean().optional(),
              })
              .strict(),
          )
          .optional(),
        platformCapsCents: z.record(z.string().min(1).max(40), cents).optional(),
        maxChangeRatio: z.number().min(0).max(10).optional(),
        roasFloor: z.number().min(0).max(1_000).optional(),
      })
      .strict()
      .default({}),
    ...period,
  })
  .strict()
  .superRefine((body, issues) => {
    if (body.objective === 'revenue_at_roas_floor' && body.constraints.roasFloor === undefined)
      issues.addIssue({
        code: 'custom',
        path: ['constraints', 'roasFloor'],
        message: 'Required by revenue_at_roas_floor',
      });
    for (const [id, limits] of Object.entries(body.constraints.campaigns ?? {}))
      if (limits.minCents !== undefined && limits.maxCents !== undefined && limits.minCents > limits.maxCents)
        issues.addIssue({
          code: 'custom',
          path: ['constraints', 'campaigns', id],
          message: 'minCents is above maxCents',
        });
  });

export type CurvesQuery = z.output<typeof curvesQuerySchema>;
export type ForecastQuery = z.output<typeof forecastQuerySchema>;
export type OptimizeBody = z.output<typeof optimizeBodySchema>;

const estimate = z.object({ value: z.number(), lower: z.number(), upper: z.number() });
const unfitted = z.object({
  status: z.enum(['insufficient_data', 'insufficient_variation']),
  campaignExternalId: z.string(),
  platform: z.string(),
  metric: z.enum(['revenue', 'conversions']),
  message: z.string(),
  days: z.number(),
  spendVariation: z.number(),
});
const fitted = z.object({
  status: z.literal('fitted'),
  campaignExternalId: z.string(),
  platform: z.string(),
  metric: z.enum(['revenue', 'conversions']),
  currency: z.string(),
  adstockDecay: estimate,
  halfSaturationCents: estimate,
  hillShape: estimate,
  maxDaily: estimate,
  weekdayFactors: z.array(z.number()).length(7).readonly(),
  intervalLevel: z.number(),
  rSquared: z.number(),
  days: z.number(),
  currentDailySpendCents: z.number().int(),
  points: z.array(estimate.extend({ spendCents: z.number().int() })).readonly(),
});
const periodOut = { from: calendarDaySchema, to: calendarDaySchema };

export const curvesResponseSchema = z.object({
  ...periodOut,
  modelVersion: z.string(),
  curves: z.array(z.discriminatedUnion('status', [fitted, unfitted])).readonly(),
});

const seriesForecast = z.object({
  campaignExternalId: z.string().nullable(),
  points: z
    .array(
      estimate.extend({
        date: calendarDaySchema,
        metric: z.enum(['spend', 'revenue', 'conversions', 'roas']),
      }),
    )
    .readonly(),
  backtest: z
    .array(
      z.object({
        metric: z.enum(['spend', 'revenue', 'conversions', 'roas']),
        dayAheadWmape: z.number().nullable(),
        weekAheadWmape: z.number().nullable(),
        weekTotalWmape: z.number().nullable(),
        origins: z.number().int(),
      }),
    )
    .readonly(),
});

export const forecastResponseSchema = z.object({
  ...periodOut,
  currency: z.string(),
  intervalLevel: z.number(),
  modelVersion: z.string(),
  total: seriesForecast,
  campaigns: z.array(seriesForecast).readonly(),
});

export const optimizeResponseSchema = z.object({
  ...periodOut,
  currency: z.string(),
  objective: z.enum(['revenue', 'conversions', 'revenue_at_roas_floor']),
  metric: z.enum(['revenue', 'conversions']),
  recommendation: z.enum(['reallocate', 'keep']),
  allocations: z
    .array(
      z.object({
        campaignExternalId: z.string(),
        platform: z.string(),
        currentDailySpendCents: z.number().int(),
        proposedDailyBudgetCents: z.number().int(),
        expectedOutcome: z.number(),
        marginalReturn: z.number(),
      }),
    )
    .readonly(),
  totalProposedCents: z.number().int(),
  expected: estimate,
  statusQuo: estimate,
  intervalLevel: z.number(),
  explanations: z.array(z.string()).readonly(),
  unmodelled: z.array(unfitted).readonly(),
  modelVersion: z.string(),
});
