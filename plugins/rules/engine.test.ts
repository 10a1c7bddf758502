import { expect } from 'chai';
import { PluginError, ruleDefinitionSchema } from '../../core/plugin-api/index.js';
import type {
  RuleCampaignSnapshot,
  RuleDefinitionInput,
  RuleWindowValues,
} from '../../core/plugin-api/index.js';
import { rulesConfigSchema } from './config.js';
import { createRulesEngine } from './index.js';
import { spanOf } from './windows.js';

const TODAY = '2026-03-15';
const engine = createRulesEngine(rulesConfigSchema.parse({}));

function campaign(
  windows: Record<string, RuleWindowValues>,
  extra: Partial<RuleCampaignSnapshot> = {},
): RuleCampaignSnapshot {
  return {
    key: 'meta:c1',
    platform: 'meta',
    pluginId: 'fake-ads',
    accountExternalId: 'act_1',
    externalId: 'c1',
    name: 'Campaign one',
    status: 'active',
    dailyBudgetCents: 10_000,
    currency: 'USD',
    windows,
    ...extra,
  };
}

const rule = (input: Partial<RuleDefinitionInput>) =>
  ruleDefinitionSchema.parse({
    name: 'r',
    conditions: { metric: 'spend', window: 'yesterday', operator: '>', value: 100 },
    actions: [{ type: 'pause' }],
    mode: 'live',
    ...input,
  });

const YESTERDAY = '2026-03-14..2026-03-14';
const LIFETIME = '2023-03-12..2026-03-15';

function matches(
  input: Partial<RuleDefinitionInput>,
  windows: Record<string, RuleWindowValues>,
  extra: Partial<RuleCampaignSnapshot> = {},
) {
  return engine.evaluate({ rule: rule(input), today: TODAY, campaigns: [campaign(windows, extra)] })
    .verdicts[0]?.matched;
}

describe('rules engine', () => {
  describe('operators at their boundaries', () => {
    const at = (spend: number) => ({ [YESTERDAY]: { values: { spend }, daysOfData: 1 } });
    const cases: [string, number, boolean][] = [
      ['>', 100, false],
      ['>', 101, true],
      ['>=', 99, false],
      ['>=', 100, true],
      ['<', 100, false],
      ['<', 99, true],
      ['<=', 101, false],
      ['<=', 100, true],
      ['=', 100, true],
      ['=', 101, false],
    ];
    for (const [operator, spend, expected] of cases)
      it(`when spend ${spend} is compared with ${operator} 100, the leaf is ${expected}`, () => {
        const condition = {
          metric: 'spend' as const,
          window: 'yesterday' as const,
          operator: operator as '>',
          value: 100,
        };
        expect(matches({ conditions: condition }, at(spend))).to.equal(expected);
      });

    it('when a ratio equals the threshold up to float noise, = matches and > does not', () => {
      const windows = { [YESTERDAY]: { values: { roas: 0.1 + 0.2 }, daysOfData: 1 } };
      expect(
        matches({ conditions: { metric: 'roas', window: 'yesterday', operator: '=', value: 0.3 } }, windows),
      ).to.equal(true);
      expect(
        matches({ conditions: { metric: 'roas', window: 'yesterday', operator: '>', value: 0.3 } }, windows),
      ).to.equal(false);
    });
  });

  describe('windows', () => {
    it('when windows are resolved, last_N_days are the N days before today and lifetime ends today', () => {
      expect(spanOf('today', TODAY)).to.deep.equal({ from: TODAY, to: TODAY });
      expect(spanOf('yesterday', TODAY)).to.deep.equal({ from: '2026-03-14', to: '2026-03-14' });
      expect(spanOf('last_7_days', TODAY)).to.deep.equal({ from: '2026-03-08', to: '2026-03-14' });
      expect(spanOf('last_1_days', '2026-03-01')).to.deep.equal({ from: '2026-02-28', to: '2026-02-28' });
      expect(spanOf('lifetime', TODAY)).to.deep.equal({ from: '2023-03-12', to: TODAY });
    });

    it('when a rule is planned, it asks for each span once, with the previous period only for change-%', () => {
      const windows = engine.windowsFor(
        rule({
          conditions: {
            all: [
              { metric: 'spend', window: 'last_7_days', operator: '>', value: 1, measure: 'change_pct' },
              { metric: 'cpa', window: 'last_7_days', operator: '>', value: 1 },
            ],
          },
        }),
        TODAY,
      );
      expect(windows).to.deep.equal([
        { key: LIFETIME, span: { from: '2023-03-12', to: TODAY }, withPrevious: false },
        { key: '2026-03-08..2026-03-14', span: { from: '2026-03-08', to: '2026-03-14' }, withPrevious: true },
      ]);
    });

    it('when a window has no rows, sums read as 0 and ratios as undefined (the leaf is false)', () => {
      expect(
        matches({ conditions: { metric: 'spend', window: 'yesterday', operator: '=', value: 0 } }, {}),
      ).to.equal(true);
      expect(
        matches({ conditions: { metric: 'roas', window: 'yesterday', operator: '<', value: 1 } }, {}),
      ).to.equal(false);
    });

    it('when a campaign spent with no conversions, its CPA counts as infinite and beats any threshold', () => {
      const windows = { [YESTERDAY]: { values: { spend: 5_000, conversions: 0, cpa: null }, daysOfData: 1 } };
      expect(
        matches(
          { conditions: { metric: 'cpa', window: 'yesterday', operator: '>', value: 1_000_000 } },
          windows,
        ),
      ).to.equal(true);
    });
  });

  describe('change-% conditions', () => {
    it('when spend doubled against the previous window, +100% matches >= 100 and not > 100', () => {
      const windows = { [YESTERDAY]: { values: { spend: 200 }, previous: { spend: 100 }, daysOfData: 1 } };
      const condition = {
        metric: 'spend' as const,
        window: 'yesterday' as const,
        measure: 'change_pct' as const,
        value: 100,
      };
      expect(matches({ conditions: { ...condition, operator: '>=' } }, windows)).to.equal(true);
      expect(matches({ conditions: { ...condition, operator: '>' } }, windows)).to.equal(false);
    });

    it('when the previous window is zero, the change is undefined and nothing matches', () => {
      const windows = { [YESTERDAY]: { values: { spend: 200 }, previous: { spend: 0 }, daysOfData: 1 } };
      expect(
        matches(
          {
            conditions: {
              metric: 'spend',
              window: 'yesterday',
              measure: 'change_pct',
              operator: '>',
              value: -1000,
            },
          },
          windows,
        ),
      ).to.equal(false);
    });

    it('when compared with a daily average, today is measured against the mean of the days before', () => {
      // 7 days before today spent 7,000 in all: 1,000 a day. Today 1,500 is +50%.
      const windows = {
        [`${TODAY}..${TODAY}`]: { values: { spend: 1_500 }, daysOfData: 1 },
        '2026-03-08..2026-03-14': { values: { spend: 7_000 }, daysOfData: 7 },
      };
      const condition = {
        metric: 'spend' as const,
        window: 'today' as const,
        measure: 'change_pct' as const,
        baseline: { dailyAverageDays: 7 },
        value: 50,
      };
      expect(matches({ conditions: { ...condition, operator: '>=' } }, windows)).to.equal(true);
      expect(matches({ conditions: { ...condition, operator: '>' } }, windows)).to.equal(false);
    });
  });

  describe('trees, guards and scope', () => {
    const windows = {
      [YESTERDAY]: { values: { spend: 500, roas: 2 }, daysOfData: 1 },
      [LIFETIME]: { values: { spend: 5_000, impressions: 900 }, daysOfData: 10 },
    };
    it('when all/any trees are evaluated, all needs every leaf and any one of them', () => {
      const high = {
        metric: 'spend' as const,
        window: 'yesterday' as const,
        operator: '>' as const,
        value: 100,
      };
      const low = { metric: 'roas' as const, window: 'yesterday' as const, operator: '>' as const, value: 3 };
      expect(matches({ conditions: { all: [high, low] } }, windows)).to.equal(false);
      expect(matches({ conditions: { any: [high, low] } }, windows)).to.equal(true);
    });

    for (const [guards, expected] of [
      [{ minSpendCents: 5_000 }, true],
      [{ minSpendCents: 5_001 }, false],
      [{ minImpressions: 900 }, true],
      [{ minImpressions: 901 }, false],
      [{ minDaysOfData: 10 }, true],
      [{ minDaysOfData: 11 }, false],
    ] as const)
      it(`when the data guard is ${JSON.stringify(guards)}, the rule ${expected ? 'may' : 'may not'} act`, () => {
        const evaluation = engine.evaluate({
          rule: rule({ guards }),
          today: TODAY,
          campaigns: [campaign(windows)],
        });
        expect(evaluation.verdicts[0]?.matched).to.equal(expected);
        expect(evaluation.actions).to.have.length(expected ? 1 : 0);
      });

    it('when scoped by platform, id, name pattern or label, only those campaigns are in scope; archived never', () => {
      const scoped = (scope: RuleDefinitionInput['scope'], extra: Partial<RuleCampaignSnapshot> = {}) =>
        engine.evaluate({
          rule: rule({ scope }),
          today: TODAY,
          campaigns: [campaign(windows, { name: 'Spring sale [brand]', ...extra })],
        }).inScope;
      expect(scoped({ platforms: ['google'] })).to.equal(0);
      expect(scoped({ platforms: ['meta'] })).to.equal(1);
      expect(scoped({ campaignIds: ['c2'] })).to.equal(0);
      expect(scoped({ campaignIds: ['c1'] })).to.equal(1);
      expect(scoped({ namePattern: 'spring*' })).to.equal(1);
      expect(scoped({ namePattern: 'summer*' })).to.equal(0);
      expect(scoped({ labels: ['Brand'] })).to.equal(1);
      expect(scoped({ labels: ['promo'] })).to.equal(0);
      expect(scoped({}, { status: 'archived' })).to.equal(0);
    });
  });

  describe('budget actions and guardrails', () => {
    const windows = { [YESTERDAY]: { values: { spend: 500 }, daysOfData: 1 } };
    const plan = (
      action: RuleDefinitionInput['actions'][number],
      extra: Partial<RuleCampaignSnapshot> = {},
      config = {},
    ) =>
      createRulesEngine(rulesConfigSchema.parse(config)).evaluate({
        rule: rule({ actions: [action] }),
        today: TODAY,
        campaigns: [campaign(windows, extra)],
      }).actions[0];

    it('when a change stays inside every limit, the target is the budget changed by the percentage', () => {
      expect(plan({ type: 'change_budget', percent: 20 })).to.include({
        targetBudgetCents: 12_000,
        previousBudgetCents: 10_000,
      });
    });
    it("when a change passes the rule's cap or floor, it stops there and says so", () => {
      expect(plan({ type: 'change_budget', percent: 40, capCents: 11_000 })?.clippedBy[0]).to.match(/cap/);
      expect(plan({ type: 'change_budget', percent: -40, floorCents: 9_000 })?.targetBudgetCents).to.equal(
        9_000,
      );
    });
    it('when a change passes the daily limit of the day-start budget, it is clipped to it', () => {
      const planned = plan(
        { type: 'change_budget', percent: 30 },
        { dailyBudgetCents: 12_000, budgetAtStartOfDayCents: 10_000 },
      );
      expect(planned?.targetBudgetCents).to.equal(15_000);
      expect(planned?.clippedBy.join()).to.match(/\+50% per day/);
    });
    it("when a budget would fall under the platform's minimum, it is raised to it", () => {
      const planned = plan(
        { type: 'set_budget', dailyBudgetCents: 100 },
        { platform: 'tiktok', dailyBudgetCents: 6_000 },
        { maxBudgetChangePctPerDay: 500 },
      );
      expect(planned?.targetBudgetCents).to.equal(5_000);
    });
    it('when the campaign has no daily budget, or the kill switch is on, the action is blocked', () => {
      expect(plan({ type: 'change_budget', percent: 10 }, { dailyBudgetCents: null })?.blockedBy).to.equal(
        'no_campaign_budget',
      );
      expect(plan({ type: 'pause' }, {}, { killSwitch: true })?.blockedBy).to.equal('kill_switch');
      expect(plan({ type: 'notify', channels: ['in_app'] }, {}, { killSwitch: true })?.blockedBy).to.equal(
        undefined,
      );
    });
    it('when more campaigns match than the per-run maximum, the biggest spenders act and the rest are blocked', () => {
      const campaigns = [100, 300, 200].map((spend, index) =>
        campaign(
          {
            [YESTERDAY]: { values: { spend: spend + 100 }, daysOfData: 1 },
            [LIFETIME]: { values: { spend }, daysOfData: 1 },
          },
          { key: `meta:c${index}` },
        ),
      );
      const evaluation = engine.evaluate({ rule: rule({ maxActionsPerRun: 2 }), today: TODAY, campaigns });
      expect(
        evaluation.actions.map((action) => [action.campaignKey, action.blockedBy ?? null]),
      ).to.deep.equal([
        ['meta:c1', null],
        ['meta:c2', null],
        ['meta:c0', 'max_actions_per_run'],
      ]);
    });
  });

  describe('definitions and templates', () => {
    it('when a money threshold is fractional or lifetime is compared to a previous window, the definition is refused', () => {
      expect(
        ruleDefinitionSchema.safeParse({
          name: 'x',
          conditions: { metric: 'cpa', window: 'today', operator: '>', value: 10.5 },
          actions: [{ type: 'pause' }],
        }).success,
      ).to.equal(false);
      expect(
        ruleDefinitionSchema.safeParse({
          name: 'x',
          conditions: {
            metric: 'spend',
            window: 'lifetime',
            measure: 'change_pct',
            operator: '>',
            value: 10,
          },
          actions: [{ type: 'pause' }],
        }).success,
      ).to.equal(false);
      expect(
        ruleDefinitionSchema.safeParse({
          name: 'x',
          conditions: { metric: 'roas', window: 'last_0_days', operator: '>', value: 1 },
          actions: [{ type: 'pause' }],
        }).success,
      ).to.equal(false);
    });
    it('when each template is expanded, it gives a valid shadow rule; bad parameters are a config error', () => {
      expect(engine.templates().map((template) => template.id)).to.deep.equal([
        'pause-high-cpa',
        'raise-budget-high-roas',
        'alert-spend-spike',
        'alert-tracking-outage',
      ]);
      const cpa = engine.expandTemplate('pause-high-cpa', { targetCpaCents: 2_000 });
      expect(cpa.mode).to.equal('shadow');
      expect(cpa.conditions).to.include({ metric: 'cpa', operator: '>', value: 4_000 });
      for (const id of ['raise-budget-high-roas', 'alert-spend-spike', 'alert-tracking-outage'])
        expect(engine.expandTemplate(id, {}).actions.length).to.be.greaterThan(0);
      expect(() => engine.expandTemplate('pause-high-cpa', { targetCpaCents: -1 })).to.throw(PluginError);
      expect(() => engine.expandTemplate('nope', {})).to.throw(PluginError);
    });
  });
});
