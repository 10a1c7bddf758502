import type { CallContext } from '../call-context.js';
import type { DayRange } from './ads-source.js';

/**
 * Contract of a `predictor` plugin: response curves, forecasts and budget optimisation. Every
 * value is JSON (no Dates, no Maps), so results can be cached, stored and sent as they are.
 * Money is integer-valued minor units of the tenant's reporting currency (`currency` beside it);
 * days are `YYYY-MM-DD` in the tenant's time zone.
 */

/** Which slice of the tenant's campaigns a prediction is about (all of them when empty). */
export interface PredictionScope {
  readonly platforms?: readonly string[];
  readonly campaignExternalIds?: readonly string[];
}

/** What a response curve explains: revenue (tenant minor units) or conversions. */
export type CurveMetric = 'revenue' | 'conversions';

/** A point estimate with a two-sided interval at `level` (e.g. 0.9). */
export interface Estimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** Which campaigns to fit response curves for, from which days. */
export interface ResponseCurveRequest {
  readonly scope: PredictionScope;
  readonly history: DayRange;
  /** Default: both. */
  readonly metrics?: readonly CurveMetric[];
}

/** One point of a steady-state curve: the expected daily outcome if `spendCents` were spent every day. */
export interface CurvePoint extends Estimate {
  readonly spendCents: number;
}

/**
 * A fitted spend → outcome curve of one campaign: geometric adstock then Hill saturation, times a
 * weekday factor. Expected outcome on day t:
 *   adstock_t = spend_t + adstockDecay × adstock_{t−1}
 *   outcome_t = maxDaily × weekdayFactor × adstock_t^hillShape / (adstock_t^hillShape + halfSaturationCents^hillShape)
 */
export interface FittedResponseCurve {
  readonly status: 'fitted';
  readonly campaignExternalId: string;
  readonly platform: string;
  readonly metric: CurveMetric;
  readonly currency: string;
  /** Share of a day's effect carried to the next day (0–1). */
  readonly adstockDecay: Estimate;
  /** Adstocked daily spend (tenant minor units) giving half the maximum response. */
  readonly halfSaturationCents: Estimate;
  /** Hill exponent: above 1 an S-curve, at most 1 concave throughout. */
  readonly hillShape: Estimate;
  /** Daily outcome at saturation on an average weekday. */
  readonly maxDaily: Estimate;
  /** Multipliers Sunday…Saturday, mean 1. */
  readonly weekdayFactors: readonly number[];
  /** Confidence level of every interval of this curve. */
  readonly intervalLevel: number;
  /** Goodness of fit on the history (R²). */
  readonly rSquared: number;
  readonly days: number;
  /** Mean daily spend of the last 14 days of history: the status quo. */
  readonly currentDailySpendCents: number;
  /** The steady-state curve around the observed spend range, with intervals. */
  readonly points: readonly CurvePoint[];
}

/**
 * A campaign the plugin declined to fit: too few days, or spend that barely moved (a curve
 * through one spend level would be invented, not learnt).
 */
export interface UnfittedResponseCurve {
  readonly status: 'insufficient_data' | 'insufficient_variation';
  readonly campaignExternalId: string;
  readonly platform: string;
  readonly metric: CurveMetric;
  /** Plain sentence, e.g. "not enough variation to fit: spend varied by 3% (needs 10%)". */
  readonly message: string;
  readonly days: number;
  /** Coefficient of variation of daily spend on days with spend. */
  readonly spendVariation: number;
}

/** A curve or the reason there is none. */
export type ResponseCurve = FittedResponseCurve | UnfittedResponseCurve;

/** Response curves of the campaigns in scope. */
export interface ResponseCurveSet {
  readonly curves: readonly ResponseCurve[];
  readonly modelVersion: string;
}

/** Daily series a forecast covers. ROAS is revenue ÷ spend of the same day's forecasts. */
export type ForecastMetric = 'spend' | 'revenue' | 'conversions' | 'roas';

/** A forecast request: learn from `history`, predict the `horizonDays` days after it. */
export interface ForecastRequest {
  readonly scope: PredictionScope;
  readonly history: DayRange;
  /** 1–30 days after `history.to`. */
  readonly horizonDays: number;
  readonly metrics: readonly ForecastMetric[];
}

/** One forecast day of one metric (money metrics in tenant minor units). */
export interface ForecastPoint extends Estimate {
  readonly date: string;
  readonly metric: ForecastMetric;
}

/** How good the method was on held-out days (rolling origin), per metric. */
export interface BacktestScore {
  readonly metric: ForecastMetric;
  /** Weighted MAPE Σ|error| ÷ Σ|actual| of forecasts one day ahead; `null` with too little history. */
  readonly dayAheadWmape: number | null;
  /** The same over each daily value 1–7 days ahead. */
  readonly weekAheadWmape: number | null;
  /** Weighted APE of the next 7 days' total (the week-ahead figure a plan uses). */
  readonly weekTotalWmape: number | null;
  readonly origins: number;
}

/** A forecast of one series (one campaign, or the scope's total). */
export interface SeriesForecast {
  /** `null` for the scope's total. */
  readonly campaignExternalId: string | null;
  readonly points: readonly ForecastPoint[];
  readonly backtest: readonly BacktestScore[];
}

/** Forecasts per campaign and for the total of the scope. */
export interface Forecast {
  readonly currency: string;
  readonly intervalLevel: number;
  readonly total: SeriesForecast;
  readonly campaigns: readonly SeriesForecast[];
  readonly modelVersion: string;
}

/** What to maximise: revenue, conversions, or revenue while total ROAS stays at `roasFloor` or above. */
export type OptimizationObjective = 'revenue' | 'conversions' | 'revenue_at_roas_floor';

/** Limits the proposal must respect. */
export interface BudgetConstraints {
  /** Per campaign external id, daily budget bounds in tenant minor units. */
  readonly campaigns?: Readonly<
    Record<string, { readonly minCents?: number; readonly maxCents?: number; readonly locked?: boolean }>
  >;
  /** Per platform, the most its campaigns may get per day together. */
  readonly platformCapsCents?: Readonly<Record<string, number>>;
  /** Largest relative change of any campaign's budget versus its current spend (0.3 = ±30%). */
  readonly maxChangeRatio?: number;
  /** Required with objective `revenue_at_roas_floor`. */
  readonly roasFloor?: number;
}

/** Reallocate a total daily budget across campaigns to maximise the objective. */
export interface BudgetOptimizationRequest {
  readonly scope: PredictionScope;
  readonly history: DayRange;
  readonly totalDailyBudgetCents: number;
  readonly objective: OptimizationObjective;
  readonly constraints?: BudgetConstraints;
}

/** One campaign's line of a proposal. */
export interface CampaignAllocation {
  readonly campaignExternalId: string;
  readonly platform: string;
  readonly currentDailySpendCents: number;
  readonly proposedDailyBudgetCents: number;
  /** Expected daily outcome at the proposed budget (objective's metric). */
  readonly expectedOutcome: number;
  /** Extra outcome of one more unit of spend at the proposed budget. */
  readonly marginalReturn: number;
}

/**
 * A proposed allocation beside the status quo. `recommendation: 'keep'` means the model expected
 * no improvement, so the proposal is the status quo itself; campaigns without a curve keep their
 * current spend and are listed in `unmodelled`.
 */
export interface BudgetAllocation {
  readonly currency: string;
  readonly objective: OptimizationObjective;
  readonly metric: CurveMetric;
  readonly recommendation: 'reallocate' | 'keep';
  readonly allocations: readonly CampaignAllocation[];
  readonly totalProposedCents: number;
  /** Expected daily outcome of the proposal (sum over modelled campaigns). */
  readonly expected: Estimate;
  /** Expected daily outcome of keeping the current spend. */
  readonly statusQuo: Estimate;
  readonly intervalLevel: number;
  /** One sentence per biggest move. */
  readonly explanations: readonly string[];
  readonly unmodelled: readonly UnfittedResponseCurve[];
  readonly modelVersion: string;
}

/** Forecasts, response curves and budget optimisation (the ML plugin). */
export interface Predictor {
  /** Predicts daily metrics over the horizon, with intervals and a back-test. */
  forecast(request: ForecastRequest, ctx: CallContext): Promise<Forecast>;
  /** Fits one curve per campaign and metric, or says why it would not. */
  responseCurves(request: ResponseCurveRequest, ctx: CallContext): Promise<ResponseCurveSet>;
  /** Proposes a daily budget per campaign; never applies it (rules or a manager do). */
  optimizeBudget(request: BudgetOptimizationRequest, ctx: CallContext): Promise<BudgetAllocation>;
}

/**
 * Code prefix of a predictor's refusals of a request: not enough data, infeasible constraints, a
 * missing ROAS floor. A refusal is an answer about the request, not a failure of the plugin, so
 * the host passes it on (422) without counting it in the installation's circuit breaker. Throw
 * it as a `PluginError` of kind `config` with a code such as `ML_NOT_ENOUGH_DATA`.
 */
export const PREDICTOR_REFUSAL_PREFIX = 'ML_';

/** Whether `code` (a `PluginError` code) is a predictor's refusal of the request. */
export function isPredictorRefusalCode(code: string): boolean {
  return code.startsWith(PREDICTOR_REFUSAL_PREFIX);
}
