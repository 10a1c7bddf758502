/** The API version a connector speaks, declared in one place with its published sunset date. */
export interface ApiVersionInfo {
  /** As sent to the platform (`v25.0`, `v21`, `v1.3`, `202606`). */
  readonly version: string;
  /** Calendar day (YYYY-MM-DD) the platform says this version stops working; `null` when none is published. */
  readonly sunsetDate: string | null;
  /** Where the date comes from (vendor page or the reference section). */
  readonly source: string;
}

/** Whole days from `now` (UTC) until `day` (negative once past), or `null` without a date. */
export function daysUntil(day: string | null, now: Date): number | null {
  if (day === null) return null;
  const target = Date.parse(`${day}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((target - today) / 86_400_000);
}
