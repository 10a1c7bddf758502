import { expect } from 'chai';
import { mapAccount, mapCampaign, mapInsightsRow } from './mapping.js';

const account = { externalId: 'act_1', currency: 'USD' };
const row = {
  campaign_id: '42',
  date_start: '2026-11-01',
  date_stop: '2026-11-01',
  account_currency: 'USD',
  spend: '212.375',
  impressions: '1000',
  clicks: '20',
  actions: [
    { action_type: 'link_click', value: '20' },
    { action_type: 'offsite_conversion.fb_pixel_purchase', value: '3' },
    { action_type: 'purchase', value: '3' },
    { action_type: 'omni_purchase', value: '3' },
  ],
  action_values: [
    { action_type: 'purchase', value: '76.50' },
    { action_type: 'omni_purchase', value: '76.50' },
  ],
};

describe('connectors/meta mapping', () => {
  it('when a purchase is reported under several action types, it is counted once', () => {
    const { record, problems } = mapInsightsRow(row, account);
    expect(problems).to.deep.equal([]);
    expect(record).to.deep.equal({
      accountExternalId: 'act_1',
      campaignExternalId: '42',
      date: '2026-11-01',
      impressions: 1_000,
      clicks: 20,
      conversions: 3,
      spendCents: 21_238,
      revenueCents: 7_650,
      currency: 'USD',
    });
  });

  it('when the installation prefers another action type, that one is counted; missing actions are zero', () => {
    const custom = mapInsightsRow(
      { ...row, actions: [{ action_type: 'lead', value: '7' }, ...row.actions] },
      account,
      {
        conversionActionTypes: ['lead'],
      },
    );
    expect(custom.record).to.include({ conversions: 7, revenueCents: 0 });
    const bare = mapInsightsRow({ ...row, actions: undefined, action_values: undefined }, account);
    expect(bare.record).to.include({ conversions: 0, revenueCents: 0 });
    expect(bare.problems).to.deep.equal([]);
  });

  it('when a row is malformed, the bad fields become values no schema accepts and the problems are listed', () => {
    const bad = mapInsightsRow(
      { ...row, spend: 12.5, impressions: 'many', date_stop: '2026-11-02' },
      account,
    );
    expect(Number.isNaN(bad.record.spendCents)).to.equal(true);
    expect(Number.isNaN(bad.record.impressions)).to.equal(true);
    expect(bad.record.date).to.equal(undefined);
    expect(bad.problems).to.have.length(3);
  });

  it('when accounts and campaigns are mapped, statuses, objectives and budgets follow the reference', () => {
    expect(
      mapAccount({
        id: 'act_9',
        name: 'A',
        currency: 'JPY',
        timezone_name: 'Asia/Tokyo',
        account_status: 101,
      }).record,
    ).to.include({
      externalId: 'act_9',
      status: 'closed',
    });
    expect(
      mapCampaign(
        { id: '5', name: 'C', status: 'PAUSED', objective: 'LINK_CLICKS', daily_budget: '2500' },
        account,
      ).record,
    ).to.include({
      status: 'paused',
      objective: 'traffic',
      dailyBudgetCents: 2_500,
    });
    const odd = mapCampaign({ id: '6', name: 'D', status: 'FROZEN', objective: 'OUTCOME_FUTURE' }, account);
    expect(odd.record).to.include({ objective: 'other', dailyBudgetCents: null });
    expect(odd.problems).to.have.length(1);
  });
});
