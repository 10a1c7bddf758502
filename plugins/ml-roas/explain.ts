import type { CampaignAllocation, CurveMetric } from '../../core/plugin-api/index.js';
import { marginalResponse } from './model/curve-model.js';
import type { OptimizerItem } from './model/optimizer.js';

const MOVES_EXPLAINED = 3;

function money(cents: number, currency: string): string {
  return `${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** One sentence for each of the biggest moves: what changes and which marginal return justifies it. */
export function explainMoves(
  items: readonly OptimizerItem[],
  allocations: readonly CampaignAllocation[],
  shadowPrice: number,
  context: { readonly currency: string; readonly metric: CurveMetric },
): string[] {
  const unit =
    context.metric === 'revenue'
      ? `${context.currency} of revenue per ${context.currency}`
      : 'conversions per 100 units of spend';
  const show = (value: number) =>
    context.metric === 'revenue' ? value.toFixed(2) : (value * 100).toFixed(2);
  return allocations
    .map((line, index) => ({
      line,
      item: items[index] as OptimizerItem,
      delta: line.proposedDailyBudgetCents - line.currentDailySpendCents,
    }))
    .filter((move) => move.delta !== 0)
    .sort((left, right) => Math.abs(right.delta) - Math.abs(left.delta))
    .slice(0, MOVES_EXPLAINED)
    .map(({ line, item, delta }) => {
      const now = marginalResponse(item.model, line.currentDailySpendCents);
      const change =
        line.currentDailySpendCents > 0
          ? ` (${delta > 0 ? '+' : ''}${((delta / line.currentDailySpendCents) * 100).toFixed(0)}%)`
          : '';
      const verb = delta > 0 ? 'Raise' : 'Lower';
      const reason =
        delta > 0
          ? `at today's spend an extra unit there is expected to return ${show(now)} ${unit}, more than the ${show(shadowPrice)} the last unit earns across the plan`
          : `it is saturating: its last unit is expected to return ${show(now)} ${unit}, less than the ${show(shadowPrice)} it earns elsewhere`;
      return `${verb} ${line.campaignExternalId} (${line.platform}) from ${money(line.currentDailySpendCents, context.currency)} to ${money(line.proposedDailyBudgetCents, context.currency)} a day${change}: ${reason}.`;
    });
}
