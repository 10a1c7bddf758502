import type { CallContext } from '../call-context.js';
import type { DayRange } from './ads-source.js';

/** Which slice of the tenant's campaigns a prediction is about (all of them when empty). */
export interface PredictionScope {
  readonly platforms?: readonly string[];
  readonly campaignExternalIds?: readonly string[];
}

/** A forecast request: learn from `history`, predict each day of `horizon` (tenant time zone). */
export interface ForecastRequest {
  readonly scope: PredictionScope;
  readonly history: DayRange;
  readonly horizon: DayRange;
  readonly metrics: readonly ('spend' | 'revenue' | 'conversions')[];
}

/** One forecast day: point estimate and an interval (80% unless the plugin says otherwise). Money in tenant minor units. */
export interface ForecastPoint {
  readonly date: string;
  readonly metric: 'spend' | 'revenue' | 'conversions';
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** A forecast and how good the model was on held-out days. */
export interface Forecast {
  readonly points: readonly ForecastPoint[];
  /** Mean absolute percentage error on a back-test, `null` when there was too little history. */
  readonly backtestMape: number | null;
  readonly modelVersion: string;
}

/** Which campaigns to fit response curves for, from which days. */
export interface ResponseCurveRequest {
  readonly scope: PredictionScope;
  readonly history: DayRange;
}

/** A fitted spend → outcome curve of one campaign (adstock + Hill saturation). */
export interface ResponseCurve {
  readonly campaignExternalId: string;
  /** Share of a day's effect carried to the next day (0–1). */
  readonly adstockDecay: number;
  /** Adstocked daily spend (campaign currency minor units) giving half the maximum response. */
  readonly halfSaturationCents: number;
  /** Hill exponent: above 1 an S-curve, at most 1 concave throughout. */
  readonly hillShape: number;
  /** Daily conversions at saturation. */
  readonly maxDailyConversions: number;
  /** Goodness of fit on the history (R²). */
  readonly rSquared: number;
}

/** Reallocate a total daily budget across campaigns to maximise a goal. */
export interface BudgetOptimizationRequest {
  readonly scope: PredictionScope;
  readonly totalDailyBudgetCents: number;
  readonly goal: 'revenue' | 'conversions';
  /** Per-campaign limits, e.g. never cut below half the current budget. */
  readonly bounds?: Readonly<Record<string, { readonly minCents: number; readonly maxCents: number }>>;
}

/** A proposed allocation with its expected outcome. */
export interface BudgetAllocation {
  readonly allocations: readonly {
    readonly campaignExternalId: string;
    readonly currentDailyBudgetCents: number | null;
    readonly proposedDailyBudgetCents: number;
  }[];
  readonly expectedDailyOutcome: number;
  readonly currentDailyOutcome: number;
}

/** Forecasts, response curves and budget optimisation (the ML plugin). */
export interface Predictor {
  /** Predicts daily metrics over the horizon. */
  forecast(request: ForecastRequest, ctx: CallContext): Promise<Forecast>;
  /** Fits one response curve per campaign in scope with enough history. */
  responseCurves(request: ResponseCurveRequest, ctx: CallContext): Promise<readonly ResponseCurve[]>;
  /** Proposes a daily budget per campaign; never applies it (rules or a manager do). */
  optimizeBudget(request: BudgetOptimizationRequest, ctx: CallContext): Promise<BudgetAllocation>;
}
