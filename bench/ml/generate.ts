/**
 * Synthetic campaigns with a known truth for the ML benchmark: geometric adstock, Hill
 * saturation, weekly seasonality, budget changes every two to four weeks (the variation a curve
 * needs) and multiplicative noise. Seeded: the same options always give the same campaigns.
 */
import type { CurveModel } from '../../plugins/ml-roas/model/curve-model.js';

/** The true parameters of one campaign (revenue in minor units). */
export interface TrueCampaign {
  readonly id: string;
  readonly platform: string;
  readonly decay: number;
  readonly halfSaturation: number;
  readonly shape: number;
  /** Revenue per day at saturation on an average weekday. */
  readonly maxDaily: number;
  readonly weekdayFactors: readonly number[];
  /** The budget in force on the last history day (the status quo). */
  readonly currentBudget: number;
}

/** One generated campaign: its truth, its history and the days after it. */
export interface GeneratedCampaign {
  readonly truth: TrueCampaign;
  readonly spend: readonly number[];
  readonly revenue: readonly number[];
  readonly weekdays: readonly number[];
  /** Expected revenue without noise per day (for diagnostics). */
  readonly expected: readonly number[];
}

export interface GenerateOptions {
  readonly seed: number;
  readonly campaigns: number;
  /** History plus the held-out days at the end. */
  readonly days: number;
  /** Standard deviation of the multiplicative daily noise (0.05, 0.1, 0.2…). */
  readonly noise: number;
}

const PLATFORMS = ['meta', 'google', 'tiktok', 'snapchat', 'linkedin'] as const;
const WEEK_SHAPES = [
  [0.9, 1.04, 1.03, 1.02, 1.0, 0.97, 0.84],
  [0.55, 1.12, 1.15, 1.13, 1.08, 0.95, 0.5],
] as const;

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();

function normalised(week: readonly number[]): number[] {
  const average = week.reduce((sum, value) => sum + value, 0) / week.length;
  return week.map((value) => value / average);
}

/** The truth as a noiseless {@link CurveModel}, so it can be scored with the plugin's own math. */
export function truthAsModel(truth: TrueCampaign): CurveModel {
  return {
    decay: truth.decay,
    halfSaturation: truth.halfSaturation,
    shape: truth.shape,
    maxDaily: truth.maxDaily,
    weekdayFactors: truth.weekdayFactors,
    covariance: [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    rSquared: 1,
    residualSd: 0,
    days: 0,
    minSpend: 0,
    maxSpend: 0,
    currentSpend: truth.currentBudget,
  };
}

function generateOne(options: GenerateOptions, index: number): GeneratedCampaign {
  const random = seededRandom(options.seed * 1_000_003 + index * 7919);
  const planned = Math.round(Math.exp(between(random, Math.log(5_000), Math.log(200_000))));
  const decay = between(random, 0.05, 0.7);
  const shape = between(random, 0.7, 1.8);
  const halfSaturation = (planned / (1 - decay)) * between(random, 0.6, 2.2);
  const roasAtPlan = between(random, 1.2, 6);
  const week = normalised(WEEK_SHAPES[random() < 0.75 ? 0 : 1] ?? WEEK_SHAPES[0]);
  const saturationAtPlan = 1 / (1 + Math.pow(planned / (1 - decay) / halfSaturation, -shape));
  const maxDaily = (planned * roasAtPlan) / saturationAtPlan;
  const spend: number[] = [];
  const revenue: number[] = [];
  const expected: number[] = [];
  const weekdays: number[] = [];
  let budget = planned;
  let nextChange = Math.floor(between(random, 7, 28));
  let adstock = planned / (1 - decay);
  for (let day = 0; day < options.days; day += 1) {
    if (day === nextChange) {
      budget = Math.max(
        planned * 0.35,
        Math.min(planned * 2.2, budget * Math.exp(between(random, -0.45, 0.45))),
      );
      nextChange += Math.floor(between(random, 14, 29));
    }
    const weekday = day % 7;
    const spent = Math.round(budget * (1 + 0.04 * gaussian(random)));
    adstock = spent + decay * adstock;
    const mean = maxDaily * (week[weekday] ?? 1) * (1 / (1 + Math.pow(adstock / halfSaturation, -shape)));
    spend.push(spent);
    expected.push(mean);
    revenue.push(Math.max(0, Math.round(mean * (1 + options.noise * gaussian(random)))));
    weekdays.push(weekday);
  }
  return {
    truth: {
      id: `c${index}`,
      platform: PLATFORMS[index % PLATFORMS.length] ?? 'meta',
      decay,
      halfSaturation,
      shape,
      maxDaily,
      weekdayFactors: week,
      currentBudget: Math.round(budget),
    },
    spend,
    revenue,
    weekdays,
    expected,
  };
}

/** Generates `campaigns` campaigns of `days` days each. */
export function generateCampaigns(options: GenerateOptions): GeneratedCampaign[] {
  return Array.from({ length: options.campaigns }, (_, index) => generateOne(options, index));
}
