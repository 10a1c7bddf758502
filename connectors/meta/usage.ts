/**
 * Meta's usage headers (reference §1.4): `X-Business-Use-Case-Usage` (per business / ad account:
 * percentages of quota used and `estimated_time_to_regain_access` in minutes) and `X-App-Usage`
 * (app-level percentages, no time). Headers are read defensively: a malformed header is ignored,
 * never a reason to fail a request.
 */

export interface MetaUsage {
  /** The highest quota percentage any header reports (0–100+), or `null` without headers. */
  readonly maxPercent: number | null;
  /** The longest advised wait of any business use case, in ms (0 when none is blocked). */
  readonly regainAccessMs: number;
}

const MINUTE_MS = 60_000;

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function percentsOf(entry: Record<string, unknown>): number[] {
  return ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct']
    .map((key) => entry[key])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

/** Reads the usage headers of one answer (header names in lower case). */
export function parseMetaUsage(headers: Readonly<Record<string, string>>): MetaUsage {
  const percents: number[] = [];
  let regainMinutes = 0;
  const business = parseJsonObject(headers['x-business-use-case-usage']);
  for (const entries of Object.values(business ?? {})) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const record = entry as Record<string, unknown>;
      percents.push(...percentsOf(record));
      const regain = record['estimated_time_to_regain_access'];
      // Meta documents whole minutes; a fraction is honoured as written.
      if (typeof regain === 'number' && Number.isFinite(regain) && regain > regainMinutes)
        regainMinutes = regain;
    }
  }
  for (const name of ['x-app-usage', 'x-ad-account-usage']) {
    const app = parseJsonObject(headers[name]);
    if (app !== undefined) percents.push(...percentsOf(app));
  }
  return {
    maxPercent: percents.length === 0 ? null : Math.max(...percents),
    regainAccessMs: Math.ceil(regainMinutes * MINUTE_MS),
  };
}
