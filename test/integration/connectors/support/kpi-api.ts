/** Reads `GET /api/v1/kpis` totals for one platform over real HTTP, as a client of the API sees them. */
import { expect } from 'chai';
import type { HarnessTenant, PlatformHarness } from './platform-harness.js';

export interface KpiApiTotals {
  readonly currency: string;
  readonly spend: number;
  readonly revenue: number;
  readonly conversions: number;
  readonly roas: number | null;
}

export async function kpiApiTotals(
  harness: PlatformHarness,
  tenant: HarnessTenant,
  platform: string,
  range: { readonly from: string; readonly to: string },
): Promise<KpiApiTotals> {
  const query = new URLSearchParams({
    from: range.from,
    to: range.to,
    platforms: platform,
    metrics: 'spend,revenue,conversions,roas',
  });
  const response = await harness.api(tenant, `/kpis?${query.toString()}`);
  const body = (await response.json()) as {
    currency: string;
    totals: { spend: number; revenue: number; conversions: number; roas: number | null };
  };
  expect(response.status, JSON.stringify(body)).to.equal(200);
  return { currency: body.currency, ...body.totals };
}

/**
 * Asserts the API's totals equal hand-computed ones (tenant currency minor units); ROAS is
 * Σrevenue / Σspend of those hand-computed sums, never an average of ratios.
 */
export function expectKpiTotals(
  actual: KpiApiTotals,
  expected: { currency: string; spendCents: number; revenueCents: number; conversions: number },
): void {
  expect(actual.currency).to.equal(expected.currency);
  expect(actual.spend, 'spend').to.equal(expected.spendCents);
  expect(actual.revenue, 'revenue').to.equal(expected.revenueCents);
  expect(actual.conversions, 'conversions').to.be.closeTo(expected.conversions, 1e-9);
  if (expected.spendCents === 0) expect(actual.roas).to.equal(null);
  else expect(actual.roas, 'roas').to.be.closeTo(expected.revenueCents / expected.spendCents, 1e-9);
}
