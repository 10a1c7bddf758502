/** Days of carry-over the simulator's adstock keeps (a truncated geometric adstock, as MMM tools use). */
export const ADSTOCK_MAX_LAG_DAYS = 28;

/**
 * The true spend → conversions relation of one simulated campaign, so a fitted model can be
 * checked against it. Expected conversions on day t (before the day's demand and noise):
 *   adstock_t = Σ_{i=0}^{27} adstockDecay^i × spendCents_{t−i}
 *   conversions_t = maxDailyConversions × adstock_t^hillShape / (adstock_t^hillShape + halfSaturationCents^hillShape)
 * then × the day's demand (weekly and yearly seasonality) and noise. Revenue = conversions × AOV
 * (± 12% noise). Amounts are minor units of the campaign's currency.
 */
export interface TrueResponseCurve {
  readonly campaignExternalId: string;
  readonly currency: string;
  readonly adstockDecay: number;
  readonly adstockMaxLagDays: number;
  readonly halfSaturationCents: number;
  readonly hillShape: number;
  readonly maxDailyConversions: number;
  readonly averageOrderValueCents: number;
  /** Whether demand is consumer (weekends lower, Q4 peak) or business (weekdays only, quiet holidays). */
  readonly audience: 'consumer' | 'business';
}

/** Hill saturation of an adstocked spend. */
export function hillResponse(curve: TrueResponseCurve, adstockCents: number): number {
  if (adstockCents <= 0) return 0;
  const scaled = Math.pow(adstockCents / curve.halfSaturationCents, curve.hillShape);
  return (curve.maxDailyConversions * scaled) / (1 + scaled);
}

/** Steady-state adstock of a constant daily spend. */
export function steadyAdstock(adstockDecay: number, dailySpendCents: number): number {
  let weight = 0;
  for (let lag = 0, power = 1; lag < ADSTOCK_MAX_LAG_DAYS; lag += 1, power *= adstockDecay) weight += power;
  return weight * dailySpendCents;
}

/** Expected daily conversions (demand 1, no noise) of a constant daily spend: the curve a fit should recover. */
export function expectedConversionsAtSpend(curve: TrueResponseCurve, dailySpendCents: number): number {
  return hillResponse(curve, steadyAdstock(curve.adstockDecay, dailySpendCents));
}
