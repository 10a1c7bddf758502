/**
 * Geometric adstock: today's effective spend is today's spend plus `decay` times yesterday's
 * adstock. The history before the first day is assumed to have run at the first day's spend (the
 * steady state), so a fit does not mistake the warm-up for a trend.
 */
export function geometricAdstock(spend: ArrayLike<number>, decay: number): Float64Array {
  const adstock = new Float64Array(spend.length);
  let previous = spend.length > 0 ? (spend[0] ?? 0) / (1 - decay) : 0;
  for (let day = 0; day < spend.length; day += 1) {
    previous = (spend[day] ?? 0) + decay * previous;
    adstock[day] = previous;
  }
  return adstock;
}

/** d adstock_t / d decay, by the same recursion (used for an exact Jacobian). */
export function adstockDecayDerivative(spend: ArrayLike<number>, decay: number): Float64Array {
  const derivative = new Float64Array(spend.length);
  const first = spend[0] ?? 0;
  let previous = first / (1 - decay);
  let previousDerivative = first / ((1 - decay) * (1 - decay));
  for (let day = 0; day < spend.length; day += 1) {
    const value = (spend[day] ?? 0) + decay * previous;
    previousDerivative = previous + decay * previousDerivative;
    derivative[day] = previousDerivative;
    previous = value;
  }
  return derivative;
}

/** Adstock reached by spending `dailySpend` every day for long enough. */
export function steadyStateAdstock(dailySpend: number, decay: number): number {
  return dailySpend / (1 - decay);
}
