/**
 * The unified records connectors map platform rows to — structurally equal to the plugin API's
 * records, declared here so connectors import nothing of the host — and the row builder that
 * remembers which fields could not be mapped.
 */
export type UnifiedCampaignStatus = 'active' | 'paused' | 'archived' | 'deleted';
export type UnifiedObjective =
  | 'awareness'
  | 'reach'
  | 'traffic'
  | 'engagement'
  | 'video_views'
  | 'leads'
  | 'app_promotion'
  | 'sales'
  | 'other';

export interface UnifiedCampaign {
  readonly externalId: string;
  readonly accountExternalId: string;
  readonly name: string;
  readonly status: UnifiedCampaignStatus;
  readonly objective: UnifiedObjective;
  readonly dailyBudgetCents: number | null;
  readonly currency: string;
}

export interface UnifiedDailyMetric {
  readonly accountExternalId: string;
  readonly campaignExternalId: string;
  readonly date: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly spendCents: number;
  readonly revenueCents: number;
  readonly currency: string;
}

/**
 * A mapped row, or why it could not be mapped: the faulty fields with their raw values, and the
 * row with each faulty field replaced by `{ invalid: raw }`. That value fails the unified record
 * schemas whatever the raw value was, so a caller can hand the row on for the host to reject and
 * report per row (naming the field) without anything of it being stored.
 */
export type Mapped<TRow> =
  | { readonly ok: true; readonly row: TRow }
  | {
      readonly ok: false;
      readonly failures: readonly { readonly field: string; readonly raw: unknown }[];
      readonly rejected: Readonly<Record<string, unknown>>;
    };

/** Collects a row field by field, remembering the fields that could not be mapped. */
export class RowBuilder {
  private readonly values: Record<string, unknown> = {};
  private readonly failures: { field: string; raw: unknown }[] = [];

  /** Sets `field` to `parsed`, or marks it faulty when `parsed` is undefined. */
  field<TValue>(field: string, raw: unknown, parsed: TValue | undefined): TValue | undefined {
    if (parsed === undefined) {
      this.failures.push({ field, raw });
      this.values[field] = { invalid: raw ?? null };
    } else this.values[field] = parsed;
    return parsed;
  }

  result<TRow>(): Mapped<TRow> {
    return this.failures.length === 0
      ? { ok: true, row: { ...this.values } as TRow }
      : { ok: false, failures: this.failures, rejected: { ...this.values } };
  }
}
