/**
 * `npm run bench -- ml [--seeds 1,2,3 --campaigns 60 --days 182 --fit-campaigns 1000]`: the ML
 * predictor on synthetic campaigns with a known truth (bench/ml/generate.ts). Prints parameter
 * recovery, forecast wMAPE beside seasonal naive, the optimiser's true revenue as a share of the
 * oracle (the optimum on the true curves) beside the baselines, and the fit time of 1,000
 * campaigns, each beside its target. Seeded: the same flags print the same figures (times aside).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { steadyEstimate, steadyResponse } from '../plugins/ml-roas/model/curve-model.js';
import type { CurveModel } from '../plugins/ml-roas/model/curve-model.js';
import { fitResponseCurve } from '../plugins/ml-roas/model/fit-curve.js';
import { optimizeAllocation } from '../plugins/ml-roas/model/optimizer.js';
import { trustedUpper } from '../plugins/ml-roas/model/trust-region.js';
import type { OptimizerItem } from '../plugins/ml-roas/model/optimizer.js';
import { generateCampaigns, truthAsModel } from './ml/generate.js';
import type { GeneratedCampaign } from './ml/generate.js';
import { PooledWmape, median, naiveForecaster, ourForecaster, percent, trueRevenue } from './ml/scoring.js';

const WORKER_URL = new URL('./ml/fit-worker.ts', import.meta.url).href;
const NOISE_LEVELS = [0.05, 0.1, 0.2] as const;
const MAX_CHANGE = 0.3;
const PLATFORM_CAP_RATIO = 1.1;
const FREE_UPPER_RATIO = 3;

const flagsSchema = z.object({
  seeds: z
    .string()
    .default('1,2,3')
    .transform((value) => value.split(',').map(Number))
    .pipe(z.array(z.number().int().min(0)).min(1)),
  campaigns: z.coerce.number().int().min(5).max(2_000).default(60),
  days: z.coerce.number().int().min(56).max(730).default(182),
  fitCampaigns: z.coerce.number().int().min(0).max(10_000).default(1_000),
});

const FLAT: CurveModel = {
  ...truthAsModel({
    id: '',
    platform: '',
    decay: 0,
    halfSaturation: 1,
    shape: 1,
    maxDaily: 0,
    weekdayFactors: [1, 1, 1, 1, 1, 1, 1],
    currentBudget: 0,
  }),
};

interface ScenarioScore {
  readonly optimizer: number;
  readonly oracle: number;
  readonly statusQuo: number;
  readonly equalSplit?: number;
  readonly proportionalRoas?: number;
}

function items(
  campaigns: readonly GeneratedCampaign[],
  models: readonly (CurveModel | undefined)[],
  bounds: (current: number) => { lower: number; upper: number },
  fitted: boolean,
): OptimizerItem[] {
  return campaigns.map((campaign, index) => {
    const current = campaign.truth.currentBudget;
    const model = models[index];
    const requested = bounds(current);
    // Fitted models get the plugin's own trust region; the oracle's true curves need none.
    const range =
      model === undefined
        ? { lower: current, upper: current }
        : !fitted
          ? requested
          : {
              lower: requested.lower,
              upper: trustedUpper(model, current, requested.lower, requested.upper),
            };
    return {
      id: campaign.truth.id,
      platform: campaign.truth.platform,
      model: model ?? FLAT,
      current,
      ...range,
    };
  });
}

function platformCaps(campaigns: readonly GeneratedCampaign[]): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const campaign of campaigns)
    caps[campaign.truth.platform] = (caps[campaign.truth.platform] ?? 0) + campaign.truth.currentBudget;
  for (const platform of Object.keys(caps))
    caps[platform] = Math.floor((caps[platform] ?? 0) * PLATFORM_CAP_RATIO);
  return caps;
}

function scoreScenarios(
  campaigns: readonly GeneratedCampaign[],
  fitted: readonly (CurveModel | undefined)[],
) {
  const truths = campaigns.map((campaign) => truthAsModel(campaign.truth));
  const current = campaigns.map((campaign) => campaign.truth.currentBudget);
  const budget = current.reduce((sum, value) => sum + value, 0);
  const free = (value: number) => ({ lower: 0, upper: Math.floor(value * FREE_UPPER_RATIO) });
  const tight = (value: number) => ({
    lower: Math.ceil(value * (1 - MAX_CHANGE)),
    upper: Math.floor(value * (1 + MAX_CHANGE)),
  });
  const caps = platformCaps(campaigns);
  const run = (models: readonly (CurveModel | undefined)[], bounds: typeof free, withCaps: boolean) =>
    optimizeAllocation({
      items: items(campaigns, models, bounds, models !== truths),
      totalBudget: budget,
      ...(withCaps ? { platformCaps: caps } : {}),
    }).budgets;
  // Past ROAS from the last 28 days, as an analyst would read it off a report.
  const pastRoas = campaigns.map((campaign) => {
    const spend = campaign.spend.slice(-28).reduce((sum, value) => sum + value, 0);
    const revenue = campaign.revenue.slice(-28).reduce((sum, value) => sum + value, 0);
    return spend > 0 ? revenue / spend : 0;
  });
  const roasTotal = pastRoas.reduce((sum, value) => sum + value, 0);
  const freeScore: ScenarioScore = {
    optimizer: trueRevenue(truths, run(fitted, free, false)),
    oracle: trueRevenue(truths, run(truths, free, false)),
    statusQuo: trueRevenue(truths, current),
    equalSplit: trueRevenue(
      truths,
      current.map(() => budget / campaigns.length),
    ),
    proportionalRoas: trueRevenue(
      truths,
      pastRoas.map((roas) => (budget * roas) / roasTotal),
    ),
  };
  const constrained: ScenarioScore = {
    optimizer: trueRevenue(truths, run(fitted, tight, true)),
    oracle: trueRevenue(truths, run(truths, tight, true)),
    statusQuo: trueRevenue(truths, current),
  };
  return { free: freeScore, constrained };
}

function recovery(campaigns: readonly GeneratedCampaign[], models: readonly (CurveModel | undefined)[]) {
  const decay: number[] = [];
  const shape: number[] = [];
  const response: number[] = [];
  let covered = 0;
  let count = 0;
  campaigns.forEach((campaign, index) => {
    const model = models[index];
    if (model === undefined) return;
    const truth = truthAsModel(campaign.truth);
    decay.push(Math.abs(model.decay - truth.decay));
    shape.push(Math.abs(model.shape - truth.shape) / truth.shape);
    const estimate = steadyEstimate(model, truth.currentSpend);
    const actual = steadyResponse(truth, truth.currentSpend);
    response.push(Math.abs(estimate.value - actual) / actual);
    if (actual >= estimate.lower && actual <= estimate.upper) covered += 1;
    count += 1;
  });
  return {
    decay: median(decay),
    shape: median(shape),
    response: median(response),
    coverage: covered / Math.max(1, count),
    fitted: count,
  };
}

async function fitTime(
  count: number,
  days: number,
): Promise<{ seconds: number; cpuSeconds: number; fitted: number; workers: number }> {
  const workers = Math.max(1, Math.min(2, os.availableParallelism()));
  const started = performance.now();
  const per = Math.ceil(count / workers);
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, index) =>
        new Promise<{ fitted: number; cpuMs: number }>((resolve, reject) => {
          const worker = new Worker(
            // Workers do not inherit the tsx loader: register it, then load the TypeScript worker.
            `(async () => { const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(WORKER_URL)}); })();`,
            {
              eval: true,
              workerData: {
                seed: 99,
                campaigns: count,
                days,
                noise: 0.1,
                from: index * per,
                to: Math.min(count, (index + 1) * per),
              },
            },
          );
          worker.once('message', (message: { fitted: number; cpuMs: number }) => resolve(message));
          worker.once('error', reject);
        }),
    ),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: results.reduce((sum, result) => sum + result.cpuMs, 0) / 1000,
    fitted: results.reduce((sum, result) => sum + result.fitted, 0),
    workers,
  };
}

export async function runMlBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seeds: { type: 'string' },
      campaigns: { type: 'string' },
      days: { type: 'string' },
      'fit-campaigns': { type: 'string' },
    },
  });
  const flags = flagsSchema.parse({ ...values, fitCampaigns: values['fit-campaigns'] });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `ml benchmark: seeds ${flags.seeds.join(',')}, ${flags.campaigns} campaigns × ${flags.days} days, noise ${NOISE_LEVELS.join('/')}`,
  );
  let worstWeekTotal = 0;
  let weekTotalBeatsNaive = true;
  let worstFree = Infinity;
  let worstConstrained = Infinity;
  let beatsBaselines = true;
  for (const noise of NOISE_LEVELS) {
    out(`\nnoise ${percent(noise)}`);
    for (const seed of flags.seeds) {
      const campaigns = generateCampaigns({ seed, campaigns: flags.campaigns, days: flags.days, noise });
      const models = campaigns.map((campaign) => {
        const outcome = fitResponseCurve({
          spend: campaign.spend,
          outcome: campaign.revenue,
          weekdays: campaign.weekdays,
        });
        return outcome.status === 'fitted' ? outcome.model : undefined;
      });
      const params = recovery(campaigns, models);
      const ours = new PooledWmape();
      const naive = new PooledWmape();
      for (const campaign of campaigns) {
        ours.add(campaign.revenue, campaign.weekdays, ourForecaster(campaign.spend), 8);
        naive.add(campaign.revenue, campaign.weekdays, naiveForecaster, 8);
      }
      worstWeekTotal = Math.max(worstWeekTotal, ours.weekTotal);
      weekTotalBeatsNaive &&= ours.weekTotal < naive.weekTotal;
      const { free, constrained } = scoreScenarios(campaigns, models);
      const share = (value: number, oracle: number) => percent(value / oracle);
      worstFree = Math.min(worstFree, free.optimizer / free.oracle);
      worstConstrained = Math.min(worstConstrained, constrained.optimizer / constrained.oracle);
      beatsBaselines &&=
        free.optimizer > Math.max(free.statusQuo, free.equalSplit ?? 0, free.proportionalRoas ?? 0) &&
        constrained.optimizer > constrained.statusQuo;
      out(
        `  seed ${seed}: (1) fitted ${params.fitted}/${campaigns.length}; median |decay error| ${params.decay.toFixed(3)}, shape error ${percent(params.shape)}, response-at-current error ${percent(params.response)}, 90% interval covers truth ${percent(params.coverage)}`,
      );
      out(
        `          (2) revenue wMAPE: week-ahead = next 7 days' total ${percent(ours.weekTotal)} (seasonal naive ${percent(naive.weekTotal)}) [target ≤ 12% and below naive]; daily values: day-ahead ${percent(ours.dayAhead)} (naive ${percent(naive.dayAhead)}), days 1–7 ahead ${percent(ours.weekAhead)} (naive ${percent(naive.weekAhead)}) [no target: daily noise sets the floor]`,
      );
      out(
        `          (3) free (0–${FREE_UPPER_RATIO}× current): optimiser ${share(free.optimizer, free.oracle)} of oracle; status quo ${share(free.statusQuo, free.oracle)}, equal split ${share(free.equalSplit ?? 0, free.oracle)}, ∝ past ROAS ${share(free.proportionalRoas ?? 0, free.oracle)} [target ≥ 98%, above every baseline]`,
      );
      out(
        `              constrained (±${MAX_CHANGE * 100}%/day, platform caps ${PLATFORM_CAP_RATIO}× current): optimiser ${share(constrained.optimizer, constrained.oracle)} of oracle; status quo ${share(constrained.statusQuo, constrained.oracle)}`,
      );
    }
  }
  out(
    `\nworst week-ahead (weekly total) revenue wMAPE ${percent(worstWeekTotal)} [target ≤ 12%]; below seasonal naive on every seed and noise level: ${weekTotalBeatsNaive ? 'yes' : 'NO'}`,
  );
  out(
    `worst optimiser share of oracle: free ${percent(worstFree)}, constrained ${percent(worstConstrained)}; above every baseline on every seed: ${beatsBaselines ? 'yes' : 'NO'}`,
  );
  if (flags.fitCampaigns > 0) {
    const timing = await fitTime(flags.fitCampaigns, flags.days);
    out(
      `(4) fit time: ${flags.fitCampaigns} campaigns × ${flags.days} days in ${timing.seconds.toFixed(1)} s wall on ${timing.workers} worker threads (${timing.fitted} fitted) [target ≤ 60 s]`,
    );
    out(
      `    CPU ${timing.cpuSeconds.toFixed(1)} s in total, ${((timing.cpuSeconds / flags.fitCampaigns) * 1000).toFixed(1)} ms per campaign: ${(timing.cpuSeconds / timing.workers).toFixed(1)} s wall on ${timing.workers} idle cores; load average during the run ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
}
