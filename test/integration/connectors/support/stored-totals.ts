/**
 * Reads what ingest stored, per account (account currency) and converted by hand with the demo
 * FX table (tenant currency), so suites compare stored totals with hand-computed ones. Shared by
 * the TikTok, Snapchat and LinkedIn suites.
 */
import type { Connection } from 'mongoose';
import { createFxDayTable } from '../../../../core/ingest/fx/fx-table.js';
import { demoFxRatesOf } from '../../../../core/ingest/fx/demo-rates.js';

export interface AccountSums {
  spendCents: number;
  revenueCents: number;
  impressions: number;
  clicks: number;
  conversions: number;
  rows: number;
}

/** Σ of stored rows per account (account currency), for one tenant and platform. */
export async function storedSumsByAccount(
  connection: Connection,
  tenantId: string,
  platform: string,
): Promise<Record<string, AccountSums>> {
  const rows = await connection
    .collection('metricsDaily')
    .aggregate<AccountSums & { _id: string }>([
      { $match: { tenantId, platform } },
      {
        $group: {
          _id: '$accountId',
          spendCents: { $sum: '$spendCents' },
          revenueCents: { $sum: '$revenueCents' },
          impressions: { $sum: '$impressions' },
          clicks: { $sum: '$clicks' },
          conversions: { $sum: '$conversions' },
          rows: { $sum: 1 },
        },
      },
    ])
    .toArray();
  return Object.fromEntries(rows.map(({ _id, ...sums }) => [_id, sums]));
}

/** One stored row per (campaign, date): what a test reads back. */
export async function storedRows(
  connection: Connection,
  tenantId: string,
  platform: string,
): Promise<
  { campaignId: string; date: string; spendCents: number; revenueCents: number; accountId: string }[]
> {
  const rows = await connection
    .collection('metricsDaily')
    .find(
      { tenantId, platform },
      { projection: { _id: 0, campaignId: 1, date: 1, spendCents: 1, revenueCents: 1, accountId: 1 } },
    )
    .sort({ campaignId: 1, date: 1 })
    .toArray();
  return rows.map((row) => ({
    campaignId: String(row['campaignId']),
    date: String(row['date']),
    spendCents: Number(row['spendCents']),
    revenueCents: Number(row['revenueCents']),
    accountId: String(row['accountId']),
  }));
}

/** `amountMinor` of `currency` on `day` in the tenant's currency, with the demo rates the harness seeds. */
export function toTenantCurrency(
  amountMinor: number,
  currency: string,
  tenantCurrency: string,
  day: string,
): number {
  const converter = createFxDayTable(new Map([[day, demoFxRatesOf(day)]])).converter(
    day,
    currency,
    tenantCurrency,
  );
  if (converter === undefined) throw new Error(`No demo rate for ${currency} on ${day}`);
  return converter.convert(amountMinor);
}
