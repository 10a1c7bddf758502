import type { AdAccount, AdPlatform, CampaignObjective } from '../../../core/plugin-api/index.js';
import { fromEpochDay, toEpochDay } from './calendar.js';
import { between, deriveSeed, logBetween, mulberry32, pick } from './random.js';
import type { RandomSource } from './random.js';
import { ADSTOCK_MAX_LAG_DAYS, hillResponse, steadyAdstock } from './response.js';
import type { TrueResponseCurve } from './response.js';
import { ACCOUNT_TEMPLATES, CPA_RANGE, PLATFORM_PROFILES } from './templates.js';
import type { AccountTemplate } from './templates.js';

/** How much to simulate: the demo tenant's set, acme's smaller set, or a benchmark size. */
export type SimulatorSize = 'standard' | 'small' | { readonly campaigns: number; readonly days: number };

/** What defines a scenario; the same options always give the same scenario. */
export interface ScenarioOptions {
  readonly seed: number;
  readonly size: SimulatorSize;
  /** The day the scenario is built around: history ends here, launches and anomalies are placed relative to it. */
  readonly anchorDate: string;
}

/** A simulated campaign with the hidden parameters that drive its numbers. */
export interface SimCampaign {
  readonly seed: number;
  readonly externalId: string;
  readonly account: AdAccount;
  readonly name: string;
  readonly objective: CampaignObjective;
  /** Internal planned budget; also reported unless `budgetElsewhere`. */
  readonly plannedBudgetCents: number;
  readonly budgetElsewhere: boolean;
  readonly cpmCents: number;
  readonly ctr: number;
  readonly curve: TrueResponseCurve;
  /** adstockDecay^lag for lag 0…27. */
  readonly decayPowers: Float64Array;
  readonly startDay: number;
  readonly endDay: number;
  readonly endStatus: 'archived' | 'deleted' | null;
  readonly pausedFromDay: number;
  readonly trackingOutage: readonly [number, number] | null;
  readonly overspendDay: number | null;
}

/** An anomaly the simulator planted, so alert rules can be checked against the truth. */
export interface InjectedAnomaly {
  readonly kind: 'tracking-outage' | 'overspend';
  readonly accountExternalId: string;
  readonly campaignExternalIds: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly description: string;
}

/** A built scenario. */
export interface Scenario {
  readonly options: ScenarioOptions;
  readonly historyStartDay: number;
  readonly anchorDay: number;
  readonly accounts: readonly AdAccount[];
  readonly campaigns: readonly SimCampaign[];
  readonly anomalies: readonly InjectedAnomaly[];
}

const MARKET_BY_ACCOUNT: Readonly<Record<string, string>> = {
  'meta-us': 'US',
  'meta-eu': 'EU',
  'google-na': 'NA',
  'google-uk': 'UK',
  'tiktok-us': 'US',
  'tiktok-eu': 'EU',
  'snapchat-us': 'US',
  'linkedin-global': 'Global',
};

function digits(random: RandomSource, count: number): string {
  let text = String(1 + Math.floor(random() * 9));
  while (text.length < count) text += String(Math.floor(random() * 10));
  return text;
}

function campaignExternalId(platform: AdPlatform, random: RandomSource): string {
  switch (platform) {
    case 'meta':
      return `1202${digits(random, 14)}`;
    case 'google':
      return digits(random, 11);
    case 'tiktok':
      return `17${digits(random, 17)}`;
    case 'snapchat': {
      const hex = () =>
        Math.floor(random() * 0x10000)
          .toString(16)
          .padStart(4, '0');
      return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
    }
    case 'linkedin':
      return digits(random, 9);
  }
}

function accountSlots(size: SimulatorSize): {
  readonly templates: readonly AccountTemplate[];
  readonly slots: readonly number[];
} {
  const templates =
    size === 'small' ? ACCOUNT_TEMPLATES.filter((account) => account.smallCount > 0) : ACCOUNT_TEMPLATES;
  const weights = templates.map((account) =>
    size === 'small' ? account.smallCount : account.standardWeight,
  );
  const cycle = weights.flatMap((weight, index) => Array.from({ length: weight }, () => index));
  const count = typeof size === 'object' ? size.campaigns : cycle.length;
  return { templates, slots: Array.from({ length: count }, (_, index) => cycle[index % cycle.length] ?? 0) };
}

interface Lifecycle {
  readonly startDay: number;
  readonly endDay: number;
  readonly endStatus: 'archived' | 'deleted' | null;
  readonly pausedFromDay: number;
}

function lifecycle(
  random: RandomSource,
  evergreen: boolean,
  historyStart: number,
  anchor: number,
): Lifecycle {
  const always: Lifecycle = {
    startDay: -Infinity,
    endDay: Infinity,
    endStatus: null,
    pausedFromDay: Infinity,
  };
  const span = anchor - historyStart;
  const draw = random();
  const dayWithin = (from: number, to: number) => historyStart + Math.floor(span * between(random, from, to));
  if (evergreen || span < 120 || draw < 0.68) return always;
  if (draw < 0.8) return { ...always, startDay: dayWithin(0.2, 0.85) };
  if (draw < 0.9) return { ...always, endDay: dayWithin(0.25, 0.8), endStatus: 'archived' };
  if (draw < 0.97) return { ...always, pausedFromDay: dayWithin(0.5, 0.9) };
  return { ...always, endDay: dayWithin(0.1, 0.3), endStatus: 'deleted' };
}

function campaignCurve(
  random: RandomSource,
  externalId: string,
  currency: string,
  objective: CampaignObjective,
  budget: number,
  audience: 'consumer' | 'business',
): TrueResponseCurve {
  const adstockDecay = ['awareness', 'reach', 'video_views'].includes(objective)
    ? between(random, 0.45, 0.75)
    : between(random, 0.1, 0.6);
  const hillShape = between(random, 0.8, 1.6);
  const halfSaturationCents = steadyAdstock(adstockDecay, budget) * between(random, 0.6, 1.6);
  const [cpaLow, cpaHigh] = CPA_RANGE[objective];
  const cpaCents =
    100 *
    logBetween(
      random,
      audience === 'business' ? cpaLow * 2.5 : cpaLow,
      audience === 'business' ? cpaHigh * 3 : cpaHigh,
    );
  const partial = {
    campaignExternalId: externalId,
    currency,
    adstockDecay,
    adstockMaxLagDays: ADSTOCK_MAX_LAG_DAYS,
    halfSaturationCents,
    hillShape,
    maxDailyConversions: 1,
    audience,
  };
  const saturationAtPlan = hillResponse(
    { ...partial, averageOrderValueCents: 0 },
    steadyAdstock(adstockDecay, budget),
  );
  const averageOrderValueCents = Math.round(
    100 * (audience === 'business' ? logBetween(random, 250, 900) : logBetween(random, 40, 180)),
  );
  return { ...partial, maxDailyConversions: budget / cpaCents / saturationAtPlan, averageOrderValueCents };
}

function buildCampaign(
  options: ScenarioOptions,
  index: number,
  account: AdAccount,
  template: AccountTemplate,
  ordinal: number,
  historyStart: number,
  anchor: number,
): Omit<SimCampaign, 'trackingOutage' | 'overspendDay'> {
  const seed = deriveSeed(options.seed, 1, index);
  const random = mulberry32(seed);
  const profile = PLATFORM_PROFILES[account.platform];
  const campaignTemplate =
    profile.campaigns[ordinal % profile.campaigns.length] ?? pick(random, profile.campaigns);
  const round = Math.floor(ordinal / profile.campaigns.length);
  const externalId = campaignExternalId(account.platform, random);
  const budget = Math.round(
    profile.audience === 'business' ? logBetween(random, 8_000, 60_000) : logBetween(random, 3_000, 150_000),
  );
  const decay = campaignCurve(
    random,
    externalId,
    account.currency,
    campaignTemplate.objective,
    budget,
    profile.audience,
  );
  const decayPowers = new Float64Array(ADSTOCK_MAX_LAG_DAYS).map((_, lag) =>
    Math.pow(decay.adstockDecay, lag),
  );
  const custom = typeof options.size === 'object';
  return {
    seed,
    externalId,
    account,
    name: `${MARKET_BY_ACCOUNT[template.key] ?? 'XX'} | ${campaignTemplate.name}${round > 0 ? ` | v${round + 1}` : ''}`,
    objective: campaignTemplate.objective,
    plannedBudgetCents: budget,
    budgetElsewhere: campaignTemplate.budgetElsewhere === true,
    cpmCents: between(random, ...profile.cpmCents),
    ctr: between(random, ...profile.ctr),
    curve: decay,
    decayPowers,
    ...lifecycle(random, custom || ordinal === 0, historyStart, anchor),
  };
}

/** Days of history per size. */
export function historyDays(size: SimulatorSize): number {
  return typeof size === 'object' ? size.days : 400;
}

/** Builds the accounts, campaigns and anomalies of a scenario (pure; a few microseconds per campaign). */
export function buildScenario(options: ScenarioOptions): Scenario {
  const anchor = toEpochDay(options.anchorDate);
  const days = historyDays(options.size);
  const historyStart = anchor - days + 1;
  const { templates, slots } = accountSlots(options.size);
  const accounts: AdAccount[] = templates.map((account) => ({
    externalId: account.externalId,
    platform: account.platform,
    name: account.name,
    currency: account.currency,
    timezone: account.timezone,
    status: 'active',
  }));
  const ordinals = new Map<number, number>();
  const plain = slots.map((slot, index) => {
    const ordinal = ordinals.get(slot) ?? 0;
    ordinals.set(slot, ordinal + 1);
    const template = templates[slot] as AccountTemplate;
    return buildCampaign(
      options,
      index,
      accounts[slot] as AdAccount,
      template,
      ordinal,
      historyStart,
      anchor,
    );
  });
  const outageStart = anchor - Math.min(40, Math.floor(days / 2));
  const overspendDay = anchor - Math.min(17, Math.floor(days / 3));
  const outageAccount = accounts[0] as AdAccount;
  const overspendCampaign = plain.find((campaign) => campaign.account.platform === 'google') ?? plain[0];
  const campaigns: SimCampaign[] = plain.map((campaign) => ({
    ...campaign,
    trackingOutage: days >= 10 && campaign.account === outageAccount ? [outageStart, outageStart + 1] : null,
    overspendDay: days >= 10 && campaign === overspendCampaign ? overspendDay : null,
  }));
  const anomalies: InjectedAnomaly[] =
    days < 10
      ? []
      : [
          {
            kind: 'tracking-outage',
            accountExternalId: outageAccount.externalId,
            campaignExternalIds: campaigns
              .filter((campaign) => campaign.trackingOutage)
              .map((campaign) => campaign.externalId),
            from: fromEpochDay(outageStart),
            to: fromEpochDay(outageStart + 1),
            description: 'Pixel outage: spend continues, no conversions are recorded for two days.',
          },
          ...(overspendCampaign
            ? [
                {
                  kind: 'overspend' as const,
                  accountExternalId: overspendCampaign.account.externalId,
                  campaignExternalIds: [overspendCampaign.externalId],
                  from: fromEpochDay(overspendDay),
                  to: fromEpochDay(overspendDay),
                  description: 'Pacing fault: the campaign spends about 2.6× its daily budget in one day.',
                },
              ]
            : []),
        ];
  return { options, historyStartDay: historyStart, anchorDay: anchor, accounts, campaigns, anomalies };
}
