import { expect } from 'chai';
import { dailyMetricSchema } from '../../../core/plugin-api/index.js';
import type { DailyMetric } from '../../../core/plugin-api/index.js';
import { toEpochDay, weekdayOf } from './calendar.js';
import type { DemoAction } from './generate.js';
import { expectedConversionsAtSpend } from './response.js';
import { createDemoSimulator } from './simulator.js';
import type { DemoSimulator } from './simulator.js';

const ANCHOR = '2026-03-01';

function allRows(
  simulator: DemoSimulator,
  options: {
    from?: string;
    to?: string;
    syncSequence?: number;
    actions?: readonly DemoAction[];
    today?: string;
  } = {},
): DailyMetric[] {
  const read = {
    today: options.today ?? ANCHOR,
    syncSequence: options.syncSequence ?? 1,
    actions: options.actions ?? [],
  };
  return simulator
    .accounts()
    .flatMap((account) => [
      ...simulator.days(account.externalId, options.from ?? '2000-01-01', options.to ?? ANCHOR, read),
    ])
    .flatMap((day) => day.rows);
}

function total(rows: readonly DailyMetric[], field: 'spendCents' | 'conversions' | 'revenueCents'): number {
  return rows.reduce((sum, row) => sum + row[field], 0);
}

describe('ads-demo simulator', () => {
  const standard = createDemoSimulator({ seed: 11, size: 'standard', anchorDate: ANCHOR });
  const standardRows = allRows(standard);

  it('when built with the same seed twice, it yields identical rows; another seed yields different rows', () => {
    expect(allRows(createDemoSimulator({ seed: 11, size: 'standard', anchorDate: ANCHOR }))).to.deep.equal(
      standardRows,
    );
    const other = allRows(createDemoSimulator({ seed: 12, size: 'standard', anchorDate: ANCHOR }));
    expect(total(other, 'spendCents')).to.not.equal(total(standardRows, 'spendCents'));
  });

  it('when the standard scenario is built, it has five platforms, about 40 campaigns, 400 days and valid rows', () => {
    const platforms = new Set(standard.accounts().map((account) => account.platform));
    expect(platforms.size).to.equal(5);
    expect(standard.scenario.campaigns).to.have.length(40);
    expect(standard.accounts().some((account) => account.currency !== 'USD')).to.equal(true);
    expect(standard.accounts().some((account) => account.timezone !== 'America/New_York')).to.equal(true);
    expect(new Set(standardRows.map((row) => row.date)).size).to.equal(400);
    expect(standardRows.every((row) => dailyMetricSchema.safeParse(row).success)).to.equal(true);
    expect(
      createDemoSimulator({ seed: 11, size: 'small', anchorDate: ANCHOR }).scenario.campaigns,
    ).to.have.length(12);
  });

  it('when a range is read in two halves, the sums equal those of one read', () => {
    const halves = [...allRows(standard, { to: '2025-09-30' }), ...allRows(standard, { from: '2025-10-01' })];
    for (const field of ['spendCents', 'conversions', 'revenueCents'] as const)
      expect(total(halves, field)).to.equal(total(standardRows, field));
  });

  it('when conversions are compared by weekday and around Black Friday, weekends are lower and Black Friday peaks', () => {
    const byDate = new Map<string, number>();
    for (const row of standardRows) byDate.set(row.date, (byDate.get(row.date) ?? 0) + row.conversions);
    const average = (dates: string[]) =>
      dates.reduce((sum, date) => sum + (byDate.get(date) ?? 0), 0) / dates.length;
    const dates = [...byDate.keys()].filter((date) => date < '2025-10-01');
    const weekend = dates.filter((date) => [0, 6].includes(weekdayOf(toEpochDay(date))));
    const weekdays = dates.filter((date) => ![0, 6].includes(weekdayOf(toEpochDay(date))));
    const weekendRatio = average(weekend) / average(weekdays);
    const octoberFridays = ['2025-10-10', '2025-10-17', '2025-10-24', '2025-10-31'];
    const blackFridayRatio = (byDate.get('2025-11-28') ?? 0) / average(octoberFridays);
    console.log(
      `      weekend/weekday conversions ${weekendRatio.toFixed(2)}, Black Friday/October Fridays ${blackFridayRatio.toFixed(2)}`,
    );
    expect(weekendRatio).to.be.below(0.92);
    expect(blackFridayRatio).to.be.above(1.8);
  });

  it('when every budget is doubled and then doubled again, each extra unit of spend buys fewer conversions', () => {
    const window = { from: '2025-12-01', to: '2026-02-20' };
    const outcome = (factor: number) => {
      const actions: DemoAction[] = standard.scenario.campaigns.map((campaign) => ({
        campaignExternalId: campaign.externalId,
        kind: 'set-daily-budget',
        dailyBudgetCents: Math.round(campaign.plannedBudgetCents * factor),
        effectiveFrom: '2025-10-01',
        at: '2025-09-30T12:00:00.000Z',
      }));
      const rows = allRows(standard, { ...window, actions });
      return { spend: total(rows, 'spendCents'), conversions: total(rows, 'conversions') };
    };
    const [single, double, quadruple] = [outcome(1), outcome(2), outcome(4)];
    const firstMarginal = (double.conversions - single.conversions) / (double.spend - single.spend);
    const secondMarginal = (quadruple.conversions - double.conversions) / (quadruple.spend - double.spend);
    expect(firstMarginal).to.be.above(0);
    expect(secondMarginal).to.be.below(firstMarginal * 0.8);
    const curve = standard.trueResponseCurve(standard.scenario.campaigns[0]?.externalId ?? '');
    const [a, b, c] = [1, 2, 3].map((units) => expectedConversionsAtSpend(curve, units * 10_000));
    expect((c ?? 0) - (b ?? 0)).to.be.below((b ?? 0) - (a ?? 0));
  });

  it('when anomalies are listed, the outage has spend but no conversions and the overspend day spends over twice the usual', () => {
    const [outage, overspend] = standard.injectedAnomalies();
    const outageRows = standardRows.filter(
      (row) =>
        row.accountExternalId === outage?.accountExternalId &&
        row.date >= (outage?.from ?? '') &&
        row.date <= (outage?.to ?? ''),
    );
    expect(outageRows.length).to.be.above(0);
    expect(total(outageRows, 'spendCents')).to.be.above(0);
    expect(total(outageRows, 'conversions')).to.equal(0);
    const campaignRows = standardRows.filter(
      (row) => row.campaignExternalId === overspend?.campaignExternalIds[0],
    );
    const peak = campaignRows.find((row) => row.date === overspend?.from)?.spendCents ?? 0;
    const before = campaignRows.filter((row) => row.date < (overspend?.from ?? '')).slice(-14);
    expect(peak).to.be.above((2 * total(before, 'spendCents')) / before.length);
  });

  it('when two syncs read the same days, only the last three days differ between them', () => {
    const first = allRows(standard, { from: '2026-02-15', syncSequence: 1 });
    const second = allRows(standard, { from: '2026-02-15', syncSequence: 2 });
    const settled = (rows: DailyMetric[]) => rows.filter((row) => row.date < '2026-02-27');
    const recent = (rows: DailyMetric[]) => rows.filter((row) => row.date >= '2026-02-27');
    expect(settled(second)).to.deep.equal(settled(first));
    expect(recent(second)).to.not.deep.equal(recent(first));
    expect(allRows(standard, { from: '2026-02-15', syncSequence: 2 })).to.deep.equal(second);
    const lateConversions = total(recent(first), 'conversions') / 3;
    const settledDaily =
      total(
        first.filter((row) => row.date >= '2026-02-16' && row.date <= '2026-02-26'),
        'conversions',
      ) / 11;
    expect(lateConversions).to.be.below(settledDaily);
  });

  it('when 1,000 campaigns × 365 days are generated, it prints the rate', () => {
    const started = performance.now();
    const rows = allRows(
      createDemoSimulator({ seed: 3, size: { campaigns: 1_000, days: 365 }, anchorDate: ANCHOR }),
    ).length;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `      generated ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s)`,
    );
    expect(rows).to.equal(365_000);
  });
});
