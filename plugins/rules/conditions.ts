/**
 * Condition semantics: each leaf reads one metric over one window of one campaign and compares
 * it (or its change against a baseline) with a threshold; `all` / `any` combine leaves.
 */
import type {
  RuleCampaignSnapshot,
  RuleCondition,
  RuleConditionNode,
  RuleConditionTrace,
  RuleMetric,
  RuleOperator,
} from '../../core/plugin-api/index.js';
import { baselineSpanOf, cachedSpanDays, spanKey, spanOf } from './windows.js';

/** Sums: a window without rows has 0 of them; ratios are then undefined. */
const ADDITIVE: ReadonlySet<RuleMetric> = new Set([
  'spend',
  'revenue',
  'impressions',
  'clicks',
  'conversions',
]);

/** Cost-per metrics whose denominator is an event count: spending with no events costs "infinitely" much. */
const COST_PER_EVENT: Readonly<Partial<Record<RuleMetric, RuleMetric>>> = {
  cpa: 'conversions',
  cpc: 'clicks',
  cpm: 'impressions',
};

type Values = Readonly<Partial<Record<RuleMetric, number | null>>>;

/**
 * The metric's value; a cost per event with spend but no events is `Infinity` rather than
 * undefined, so "CPA > 2× target" catches the campaign that spends and converts nothing.
 */
export function metricValue(values: Values | undefined, metric: RuleMetric): number | null {
  const value = values?.[metric];
  if (value !== undefined && value !== null) return value;
  if (ADDITIVE.has(metric)) return 0;
  const denominator = COST_PER_EVENT[metric];
  if (denominator !== undefined && (values?.spend ?? 0) > 0 && (values?.[denominator] ?? 0) === 0)
    return Number.POSITIVE_INFINITY;
  return null;
}

const EPSILON = 1e-9;

export function compare(actual: number, operator: RuleOperator, threshold: number): boolean {
  const equal = Math.abs(actual - threshold) <= EPSILON * Math.max(1, Math.abs(threshold));
  switch (operator) {
    case '>':
      return actual > threshold && !equal;
    case '>=':
      return actual > threshold || equal;
    case '<':
      return actual < threshold && !equal;
    case '<=':
      return actual < threshold || equal;
    case '=':
      return equal;
  }
}

/** Percentage change from `base` to `current`; undefined from a zero or unknown base. */
export function changePct(current: number | null, base: number | null): number | null {
  if (current === null || base === null || base === 0 || !Number.isFinite(base)) return null;
  if (!Number.isFinite(current)) return null;
  return ((current - base) / Math.abs(base)) * 100;
}

function baselineValue(
  condition: RuleCondition,
  campaign: RuleCampaignSnapshot,
  today: string,
): number | null {
  const span = spanOf(condition.window, today);
  const baselineSpan = baselineSpanOf(condition, today);
  if (baselineSpan === undefined)
    return metricValue(campaign.windows[spanKey(span)]?.previous, condition.metric);
  const base = metricValue(campaign.windows[spanKey(baselineSpan)]?.values, condition.metric);
  if (base === null || !ADDITIVE.has(condition.metric)) return base;
  // A sum is compared with the baseline's daily average over as many days as the window has.
  return (base / cachedSpanDays(baselineSpan)) * cachedSpanDays(span);
}

export function evaluateLeaf(
  condition: RuleCondition,
  campaign: RuleCampaignSnapshot,
  today: string,
): RuleConditionTrace {
  const current = metricValue(
    campaign.windows[spanKey(spanOf(condition.window, today))]?.values,
    condition.metric,
  );
  const actual =
    condition.measure === 'value' ? current : changePct(current, baselineValue(condition, campaign, today));
  return {
    metric: condition.metric,
    window: condition.window,
    measure: condition.measure,
    operator: condition.operator,
    threshold: condition.value,
    actual,
    matched: actual !== null && compare(actual, condition.operator, condition.value),
  };
}

/** Evaluates the whole tree (no short-circuit: every leaf is traced for the explanation). */
export function evaluateTree(
  node: RuleConditionNode,
  campaign: RuleCampaignSnapshot,
  today: string,
  traces: RuleConditionTrace[],
): boolean {
  if ('all' in node)
    return node.all.map((child) => evaluateTree(child, campaign, today, traces)).every(Boolean);
  if ('any' in node)
    return node.any.map((child) => evaluateTree(child, campaign, today, traces)).some(Boolean);
  const trace = evaluateLeaf(node, campaign, today);
  traces.push(trace);
  return trace.matched;
}

export function leavesOf(node: RuleConditionNode): RuleCondition[] {
  if ('all' in node) return node.all.flatMap(leavesOf);
  if ('any' in node) return node.any.flatMap(leavesOf);
  return [node];
}
