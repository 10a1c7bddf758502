import { expect } from 'chai';
import type { AdAccount, Campaign, DailyMetric } from '../../core/plugin-api/index.js';
import { createAdsDemoActions } from './actions.js';
import { createAdsDemoSource } from './ads-source.js';
import { createTestRuntime, openCall } from './test-support.js';
import type { DemoRuntime } from './demo-runtime.js';

async function campaignRows(
  runtime: DemoRuntime,
  account: AdAccount,
  campaignId: string,
  from: string,
  to: string,
): Promise<DailyMetric[]> {
  const rows: DailyMetric[] = [];
  for await (const batch of createAdsDemoSource(runtime).dailyMetrics(
    account,
    { from, to },
    undefined,
    openCall,
  ))
    rows.push(...batch.rows.filter((row) => row.campaignExternalId === campaignId));
  return rows;
}

async function firstActiveCampaign(
  runtime: DemoRuntime,
): Promise<{ account: AdAccount; campaign: Campaign }> {
  const simulator = await runtime.simulator();
  const account = simulator.accounts()[0] as AdAccount;
  const campaign = simulator
    .campaigns(account.externalId, runtime.today(), [])
    .find((candidate) => candidate.status === 'active' && candidate.dailyBudgetCents !== null) as Campaign;
  return { account, campaign };
}

const ref = (account: AdAccount, campaign: Campaign) => ({
  accountExternalId: account.externalId,
  campaignExternalId: campaign.externalId,
});
const spendOf = (rows: DailyMetric[], from: string, to: string) =>
  rows.filter((row) => row.date >= from && row.date <= to).reduce((sum, row) => sum + row.spendCents, 0);

describe('ads-demo actions', () => {
  it('when a campaign is paused, spend stops from the next day and earlier days are unchanged; resume restarts it', async () => {
    const { runtime, setNow } = createTestRuntime();
    const { account, campaign } = await firstActiveCampaign(runtime);
    const before = await campaignRows(runtime, account, campaign.externalId, '2026-01-20', '2026-02-01');
    const result = await createAdsDemoActions(runtime).pause(ref(account, campaign), openCall);
    expect([result.previous, result.current, result.effectiveFrom]).to.deep.equal([
      'active',
      'paused',
      '2026-02-02',
    ]);
    setNow('2026-02-10T12:00:00.000Z');
    const after = await campaignRows(runtime, account, campaign.externalId, '2026-01-20', '2026-02-10');
    expect(after.filter((row) => row.date <= '2026-01-29')).to.deep.equal(
      before.filter((row) => row.date <= '2026-01-29'),
    );
    expect(spendOf(after, '2026-02-01', '2026-02-01')).to.be.above(0);
    expect(spendOf(after, '2026-02-02', '2026-02-10')).to.equal(0);
    await createAdsDemoActions(runtime).resume(ref(account, campaign), openCall);
    setNow('2026-02-20T12:00:00.000Z');
    const resumed = await campaignRows(runtime, account, campaign.externalId, '2026-02-11', '2026-02-16');
    expect(spendOf(resumed, '2026-02-11', '2026-02-16')).to.be.above(0);
  });

  it('when the daily budget is tripled, the following days spend about three times as much and the old budget is returned', async () => {
    const control = createTestRuntime();
    const changed = createTestRuntime();
    const { account, campaign } = await firstActiveCampaign(changed.runtime);
    const budget = campaign.dailyBudgetCents ?? 0;
    const result = await createAdsDemoActions(changed.runtime).setDailyBudget(
      ref(account, campaign),
      budget * 3,
      openCall,
    );
    expect([result.previous, result.current]).to.deep.equal([budget, budget * 3]);
    for (const clock of [control, changed]) clock.setNow('2026-02-15T12:00:00.000Z');
    const baseline = spendOf(
      await campaignRows(control.runtime, account, campaign.externalId, '2026-02-02', '2026-02-11'),
      '2026-02-02',
      '2026-02-11',
    );
    const tripled = spendOf(
      await campaignRows(changed.runtime, account, campaign.externalId, '2026-02-02', '2026-02-11'),
      '2026-02-02',
      '2026-02-11',
    );
    expect(tripled / baseline).to.be.within(2.4, 3.6);
    const listed = (await changed.runtime.simulator()).campaigns(
      account.externalId,
      changed.runtime.today(),
      await changed.runtime.store.loadActions(),
    );
    expect(
      listed.find((candidate) => candidate.externalId === campaign.externalId)?.dailyBudgetCents,
    ).to.equal(budget * 3);
  });

  it('when the campaign is unknown, budgets at ad-set level or the amount is invalid, a config PluginError is thrown', async () => {
    const { runtime } = createTestRuntime();
    const actions = createAdsDemoActions(runtime);
    const simulator = await runtime.simulator();
    const account = simulator.accounts()[0] as AdAccount;
    const adSetBudgeted = simulator.scenario.campaigns.find(
      (candidate) => candidate.budgetElsewhere && candidate.startDay <= 0,
    );
    const attempts = [
      actions.pause({ accountExternalId: account.externalId, campaignExternalId: 'nope' }, openCall),
      actions.setDailyBudget(
        { accountExternalId: account.externalId, campaignExternalId: 'nope' },
        12.5,
        openCall,
      ),
      ...(adSetBudgeted
        ? [
            actions.setDailyBudget(
              {
                accountExternalId: adSetBudgeted.account.externalId,
                campaignExternalId: adSetBudgeted.externalId,
              },
              10_000,
              openCall,
            ),
          ]
        : []),
    ];
    for (const attempt of attempts)
      expect(await attempt.catch((error: unknown) => error)).to.have.property('kind', 'config');
    expect(adSetBudgeted).to.not.equal(undefined);
  });
});
