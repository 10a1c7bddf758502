/** The parts of the KPI API's answer the widgets read (see core/analytics/kpi.schemas.ts). */
export type Values = Readonly<Record<string, number | null | undefined>>;

export interface KpiRow {
  readonly key: string;
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  readonly platform?: string;
  readonly campaign?: {
    readonly id: string | null;
    readonly name: string | null;
    readonly status: string | null;
  };
  readonly values: Values;
}

export interface KpiAnswer {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly totals: Values;
  readonly comparison: {
    readonly totals: Values;
    readonly change: Readonly<
      Record<string, { readonly absolute: number | null; readonly percent: number | null }>
    >;
  } | null;
  readonly rows: readonly KpiRow[];
}

/** Lower is better for costs; the colour of a change follows. */
export const LOWER_IS_BETTER = new Set(['spend', 'cpa', 'cpc', 'cpm']);
