import { PluginError } from '../../core/plugin-api/index.js';
import type {
  BudgetAllocation,
  BudgetOptimizationRequest,
  CampaignAllocation,
  CurveMetric,
  UnfittedResponseCurve,
} from '../../core/plugin-api/index.js';
import type { StoredFit } from './curves.js';
import { toResponseCurve } from './curves.js';
import {
  INTERVAL_LEVEL,
  INTERVAL_Z,
  marginalResponse,
  steadyResponse,
  steadyResponseVariance,
} from './model/curve-model.js';
import { InfeasibleConstraintsError, optimizeAllocation } from './model/optimizer.js';
import type { OptimizerItem } from './model/optimizer.js';
import { explainMoves } from './explain.js';
import { trustedUpper } from './model/trust-region.js';

/** The curves' metric an objective maximises. */
export const metricOf = (objective: BudgetOptimizationRequest['objective']): CurveMetric =>
  objective === 'conversions' ? 'conversions' : 'revenue';

function boundsOf(request: BudgetOptimizationRequest, id: string, current: number) {
  const limits = request.constraints?.campaigns?.[id];
  if (limits?.locked === true) return { lower: current, upper: current };
  const ratio = request.constraints?.maxChangeRatio;
  const lower = Math.max(limits?.minCents ?? 0, ratio === undefined ? 0 : Math.ceil(current * (1 - ratio)));
  const upper = Math.min(
    limits?.maxCents ?? Number.MAX_SAFE_INTEGER,
    ratio === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(current * (1 + ratio)),
    request.totalDailyBudgetCents,
  );
  return { lower, upper };
}

function total(items: readonly OptimizerItem[], budgets: readonly number[]) {
  let value = 0;
  let variance = 0;
  items.forEach((item, index) => {
    value += steadyResponse(item.model, budgets[index] ?? 0);
    variance += steadyResponseVariance(item.model, budgets[index] ?? 0);
  });
  const half = INTERVAL_Z * Math.sqrt(variance);
  return { value, lower: Math.max(0, value - half), upper: value + half };
}

function statusQuoFeasible(
  request: BudgetOptimizationRequest,
  items: readonly OptimizerItem[],
  budget: number,
): boolean {
  const spend = items.reduce((sum, item) => sum + item.current, 0);
  if (spend > budget) return false;
  if (items.some((item) => item.current < item.lower || item.current > item.upper)) return false;
  for (const [platform, cap] of Object.entries(request.constraints?.platformCapsCents ?? {}))
    if (items.filter((item) => item.platform === platform).reduce((sum, item) => sum + item.current, 0) > cap)
      return false;
  const floor = request.constraints?.roasFloor;
  if (request.objective === 'revenue_at_roas_floor' && floor !== undefined) {
    const revenue = items.reduce((sum, item) => sum + steadyResponse(item.model, item.current), 0);
    return spend > 0 && revenue / spend >= floor;
  }
  return true;
}

/**
 * Proposes budgets from the objective metric's fits. Campaigns without a curve keep their current
 * spend (taken off the budget first); the proposal falls back to the status quo whenever the
 * model expects it to do no better and the status quo satisfies the constraints.
 */
export function proposeAllocation(
  request: BudgetOptimizationRequest,
  fits: readonly StoredFit[],
  context: { readonly currency: string; readonly modelVersion: string },
): BudgetAllocation {
  if (request.objective === 'revenue_at_roas_floor' && request.constraints?.roasFloor === undefined)
    throw new PluginError('config', 'The objective revenue_at_roas_floor needs constraints.roasFloor', {
      code: 'ML_ROAS_FLOOR_MISSING',
    });
  const metric = metricOf(request.objective);
  const unmodelled = fits.filter((fit) => fit.outcome.status !== 'fitted');
  const modelled = fits.flatMap((fit) =>
    fit.outcome.status === 'fitted' ? [{ fit, model: fit.outcome.model }] : [],
  );
  if (modelled.length === 0)
    throw new PluginError('config', 'No campaign in scope has enough data and spend variation for a curve', {
      code: 'ML_NOT_ENOUGH_DATA',
      details: { refused: unmodelled.length },
    });
  const budget =
    request.totalDailyBudgetCents - unmodelled.reduce((sum, fit) => sum + fit.currentSpendCents, 0);
  const items: OptimizerItem[] = modelled.map(({ fit, model }) => {
    const bounds = boundsOf(request, fit.campaignExternalId, fit.currentSpendCents);
    return {
      id: fit.campaignExternalId,
      platform: fit.platform,
      model,
      current: fit.currentSpendCents,
      lower: bounds.lower,
      upper: trustedUpper(model, fit.currentSpendCents, bounds.lower, bounds.upper),
    };
  });
  let budgets: readonly number[];
  let shadowPrice: number;
  try {
    ({ budgets, shadowPrice } = optimizeAllocation({
      items,
      totalBudget: Math.max(0, budget),
      ...(request.constraints?.platformCapsCents === undefined
        ? {}
        : { platformCaps: request.constraints.platformCapsCents }),
      ...(request.objective === 'revenue_at_roas_floor' && request.constraints?.roasFloor !== undefined
        ? { roasFloor: request.constraints.roasFloor }
        : {}),
    }));
  } catch (error) {
    if (error instanceof InfeasibleConstraintsError)
      throw new PluginError('config', `The constraints cannot all hold: ${error.message}`, {
        code: 'ML_CONSTRAINTS_INFEASIBLE',
      });
    throw error;
  }
  const current = items.map((item) => item.current);
  const statusQuo = total(items, current);
  let expected = total(items, budgets);
  let recommendation: BudgetAllocation['recommendation'] = 'reallocate';
  if (statusQuoFeasible(request, items, Math.max(0, budget)) && expected.value <= statusQuo.value) {
    budgets = current;
    expected = statusQuo;
    recommendation = 'keep';
  }
  const allocations: CampaignAllocation[] = items.map((item, index) => ({
    campaignExternalId: item.id,
    platform: item.platform,
    currentDailySpendCents: item.current,
    proposedDailyBudgetCents: budgets[index] ?? item.current,
    expectedOutcome: steadyResponse(item.model, budgets[index] ?? 0),
    marginalReturn: marginalResponse(item.model, budgets[index] ?? 0),
  }));
  return {
    currency: context.currency,
    objective: request.objective,
    metric,
    recommendation,
    allocations,
    totalProposedCents: allocations.reduce((sum, line) => sum + line.proposedDailyBudgetCents, 0),
    expected,
    statusQuo,
    intervalLevel: INTERVAL_LEVEL,
    explanations:
      recommendation === 'keep'
        ? ['The model expects no gain from moving budget: keep the current spend.']
        : explainMoves(items, allocations, shadowPrice, { currency: context.currency, metric }),
    unmodelled: unmodelled.map((fit) => toResponseCurve(fit, context.currency) as UnfittedResponseCurve),
    modelVersion: context.modelVersion,
  };
}
