import type { CurveModel } from './curve-model.js';
import { marginalResponse, steadyResponse } from './curve-model.js';

/** One campaign as the optimiser sees it: a curve of the objective's metric and integer bounds. */
export interface OptimizerItem {
  readonly id: string;
  readonly platform: string;
  readonly model: CurveModel;
  /** Revenue curve, for the ROAS floor (defaults to `model`). */
  readonly revenueModel?: CurveModel;
  readonly current: number;
  readonly lower: number;
  readonly upper: number;
}

export interface OptimizerInput {
  readonly items: readonly OptimizerItem[];
  readonly totalBudget: number;
  readonly platformCaps?: Readonly<Record<string, number>>;
  /** Spend less than the budget when needed to keep Σrevenue ÷ Σspend at or above this. */
  readonly roasFloor?: number;
}

export interface OptimizerResult {
  /** Integer daily budgets in item order; their sum never exceeds `totalBudget`. */
  readonly budgets: readonly number[];
  /** The marginal return the allocation equalises (the Lagrange multiplier). */
  readonly shadowPrice: number;
}

/** The constraints cannot all hold (e.g. minimums above the budget). */
export class InfeasibleConstraintsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfeasibleConstraintsError';
  }
}

const BISECTION_STEPS = 60;

/** Spend where the Hill curve's slope peaks (0 for concave curves). */
function inflectionSpend(model: CurveModel): number {
  if (model.shape <= 1) return 0;
  const adstock = model.halfSaturation * Math.pow((model.shape - 1) / (model.shape + 1), 1 / model.shape);
  return adstock * (1 - model.decay);
}

/** argmax over [lower, upper] of f(b) − λb; handles S-curves by comparing the ends with the concave-side root. */
function bestResponse(item: OptimizerItem, lambda: number): number {
  const { model, lower, upper } = item;
  if (upper <= lower) return lower;
  const value = (spend: number) => steadyResponse(model, spend) - lambda * spend;
  const candidates = [lower, upper];
  let left = Math.max(lower, inflectionSpend(model));
  let right = upper;
  if (left < right && marginalResponse(model, left) >= lambda && marginalResponse(model, right) <= lambda) {
    for (let step = 0; step < BISECTION_STEPS; step += 1) {
      const middle = (left + right) / 2;
      if (marginalResponse(model, middle) > lambda) left = middle;
      else right = middle;
    }
    candidates.push((left + right) / 2);
  }
  return candidates.reduce((best, candidate) => (value(candidate) > value(best) ? candidate : best));
}

function sumOf(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}

/** Equalises marginal returns under box bounds so that the total is at most `budget`. */
function solveBox(items: readonly OptimizerItem[], budget: number): { budgets: number[]; lambda: number } {
  const uppers = items.map((item) => item.upper);
  if (sumOf(uppers) <= budget) return { budgets: uppers, lambda: 0 };
  let low = 0;
  let high = Math.max(1e-12, ...items.map((item) => marginalResponse(item.model, item.lower))) * 2;
  // An S-curve's best average return lies above its slope at the lower bound: raise λ until
  // every campaign would rather stay low (Σ lower ≤ budget was checked, so this ends).
  for (let step = 0; step < 200 && sumOf(items.map((item) => bestResponse(item, high))) > budget; step += 1)
    [low, high] = [high, high * 2];
  for (let step = 0; step < BISECTION_STEPS; step += 1) {
    const middle = (low + high) / 2;
    if (sumOf(items.map((item) => bestResponse(item, middle))) > budget) low = middle;
    else high = middle;
  }
  const budgets = items.map((item) => bestResponse(item, high));
  // Jumps of S-curves (and the bisection's tolerance) leave some budget: give it where it earns most.
  let remaining = budget - sumOf(budgets);
  while (remaining > 1e-6) {
    let pick = -1;
    let bestMarginal = -Infinity;
    items.forEach((item, index) => {
      const room = item.upper - (budgets[index] ?? 0);
      const marginal = marginalResponse(item.model, budgets[index] ?? 0);
      if (room > 1e-9 && marginal > bestMarginal) [pick, bestMarginal] = [index, marginal];
    });
    if (pick < 0) break;
    const give = Math.min(remaining, (items[pick] as OptimizerItem).upper - (budgets[pick] ?? 0));
    budgets[pick] = (budgets[pick] ?? 0) + give;
    remaining -= give;
  }
  return { budgets, lambda: high };
}

/** Box solution, then platform caps by an active set: an over-cap platform is solved at its cap and fixed. */
function solveWithCaps(input: OptimizerInput, budget: number): { budgets: number[]; lambda: number } {
  const caps = input.platformCaps ?? {};
  const budgets = new Array<number>(input.items.length).fill(0);
  let free = input.items.map((_, index) => index);
  let left = budget;
  for (;;) {
    const solved = solveBox(
      free.map((index) => input.items[index] as OptimizerItem),
      left,
    );
    const totals = new Map<string, number>();
    free.forEach((index, position) => {
      const platform = (input.items[index] as OptimizerItem).platform;
      totals.set(platform, (totals.get(platform) ?? 0) + (solved.budgets[position] ?? 0));
    });
    let worst: { platform: string; excess: number } | undefined;
    for (const [platform, total] of totals) {
      const cap = caps[platform];
      if (cap !== undefined && total - cap > 1e-6 && (worst === undefined || total - cap > worst.excess))
        worst = { platform, excess: total - cap };
    }
    if (worst === undefined) {
      free.forEach((index, position) => (budgets[index] = solved.budgets[position] ?? 0));
      return { budgets, lambda: solved.lambda };
    }
    const capped = free.filter((index) => (input.items[index] as OptimizerItem).platform === worst.platform);
    const cap = caps[worst.platform] ?? 0;
    const inside = solveBox(
      capped.map((index) => input.items[index] as OptimizerItem),
      cap,
    );
    capped.forEach((index, position) => (budgets[index] = inside.budgets[position] ?? 0));
    left -= sumOf(inside.budgets);
    free = free.filter((index) => !capped.includes(index));
  }
}

/**
 * Whole minor units by rounding down: with integer bounds this never leaves a bound, a platform
 * cap or the budget, at the price of leaving less than one unit per campaign unspent.
 */
function roundDown(items: readonly OptimizerItem[], budgets: readonly number[]): number[] {
  return budgets.map((value, index) => {
    const item = items[index] as OptimizerItem;
    return Math.min(item.upper, Math.max(item.lower, Math.floor(value + 1e-9)));
  });
}

function checkFeasible(input: OptimizerInput): void {
  for (const item of input.items)
    if (item.lower > item.upper)
      throw new InfeasibleConstraintsError(`campaign ${item.id}: its minimum is above its maximum`);
  const minimum = sumOf(input.items.map((item) => item.lower));
  if (minimum > input.totalBudget)
    throw new InfeasibleConstraintsError(
      `the campaigns' minimums add up to ${minimum}, more than the budget of ${input.totalBudget}`,
    );
  for (const [platform, cap] of Object.entries(input.platformCaps ?? {})) {
    const floor = sumOf(input.items.filter((item) => item.platform === platform).map((item) => item.lower));
    if (floor > cap)
      throw new InfeasibleConstraintsError(`${platform}: its campaigns' minimums exceed the cap of ${cap}`);
  }
}

function roasOf(items: readonly OptimizerItem[], budgets: readonly number[]): number {
  const spend = sumOf(budgets);
  const revenue = sumOf(
    items.map((item, index) => steadyResponse(item.revenueModel ?? item.model, budgets[index] ?? 0)),
  );
  return spend > 0 ? revenue / spend : Infinity;
}

/**
 * Allocates the budget to maximise Σ f_i(b_i) by equalising marginal returns (bisection on the
 * Lagrange multiplier, S-curve aware), under per-campaign bounds and per-platform caps; with a
 * ROAS floor, the largest total whose optimum keeps the floor (ROAS falls as spend grows).
 */
export function optimizeAllocation(input: OptimizerInput): OptimizerResult {
  checkFeasible(input);
  let total = input.totalBudget;
  let solved = solveWithCaps(input, total);
  if (input.roasFloor !== undefined && roasOf(input.items, solved.budgets) < input.roasFloor) {
    let low = sumOf(input.items.map((item) => item.lower));
    let high = total;
    for (let step = 0; step < 40 && high - low > 1; step += 1) {
      const middle = (low + high) / 2;
      if (roasOf(input.items, solveWithCaps(input, middle).budgets) >= input.roasFloor) low = middle;
      else high = middle;
    }
    total = low;
    solved = solveWithCaps(input, total);
  }
  return { budgets: roundDown(input.items, solved.budgets), shadowPrice: solved.lambda };
}

/** Expected Σ f_i(b_i). */
export function expectedTotal(items: readonly OptimizerItem[], budgets: readonly number[]): number {
  return sumOf(items.map((item, index) => steadyResponse(item.model, budgets[index] ?? 0)));
}
