/** `stratum kpis`: the KPI service's answers in the terminal (or as JSON), same numbers as the API. */
import { z } from 'zod';
import { NotFoundError } from '../errors/errors.js';
import type { Environment } from '../config/load-config.js';
import { createAnalyticsModule } from '../analytics/analytics-module.js';
import { DATE_PRESETS } from '../analytics/date-presets.js';
import { formatKpiAnswer } from '../analytics/kpi-text.js';
import { createMemoryCache } from '../cache/memory-cache.js';
import { EXIT, parseFlags, reportCommandError } from './cli-flags.js';
// Static imports on purpose: main.ts loads this module only for `stratum kpis`, and errors must
// come from the same module instances the reporter checks against.
import { withCliHost } from './cli-host.js';

export const KPIS_USAGE = `Usage: stratum kpis --tenant SLUG [--from YYYY-MM-DD --to YYYY-MM-DD | --range PRESET]
                    [--platform P] [--by campaign|platform|day] [--compare previous_period|previous_year] [--json]

  --tenant   the tenant's slug
  --from/--to  inclusive calendar days in the tenant's time zone
  --range    today, yesterday, last_7_days, last_14_days, last_30_days, last_90_days, this_week,
             last_week, this_month, last_month, this_quarter, last_quarter, this_year, last_year
             (default last_30_days)
  --platform only this platform (repeat for several)
  --by       one row per campaign (top 50 by spend), platform or day
  --compare  add the previous period or the same days a year earlier
  --json     print the answer as JSON, exactly as the API returns it
`;

const KpisFlags = z
  .strictObject({
    tenant: z.string().min(1, 'is required'),
    from: z.string().optional(),
    to: z.string().optional(),
    range: z.enum(DATE_PRESETS).optional(),
    platform: z.array(z.string().min(1)).optional(),
    by: z.enum(['campaign', 'platform', 'day']).optional(),
    compare: z.enum(['previous_period', 'previous_year']).optional(),
    json: z.boolean().optional(),
  })
  .refine((flags) => flags.range === undefined || (flags.from === undefined && flags.to === undefined), {
    message: 'give either --range or --from/--to',
    path: ['range'],
  })
  .refine((flags) => (flags.from === undefined) === (flags.to === undefined), {
    message: '--from and --to go together',
    path: ['from'],
  });

const OPTIONS = {
  tenant: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  range: { type: 'string' },
  platform: { type: 'string', multiple: true },
  by: { type: 'string' },
  compare: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Where the command reads its environment and writes; the real process by default (tests pass their own). */
export interface KpisCommandIo {
  readonly env?: Environment;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

export async function runKpisCommand(argv: readonly string[], io: KpisCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  try {
    const flags = parseFlags(argv, OPTIONS, KpisFlags);
    const period =
      flags.from !== undefined && flags.to !== undefined
        ? { from: flags.from, to: flags.to }
        : { range: flags.range ?? ('last_30_days' as const) };
    const groupBy = flags.by === undefined ? 'none' : flags.by;
    const output = await withCliHost(io.env === undefined ? {} : { env: io.env }, async (host) => {
      const tenants = host.modules.services.tenants;
      const tenant = await tenants.findBySlug(flags.tenant);
      if (tenant === undefined)
        throw new NotFoundError(`No tenant with slug "${flags.tenant}"`, { code: 'TENANTS_NOT_FOUND' });
      // One answer per run: a private cache is as good as none and never serves another process's numbers.
      const analytics = createAnalyticsModule({
        connection: host.connection,
        cache: createMemoryCache(),
        tenants,
      });
      const answer = await analytics.service.query(tenant.id, {
        ...period,
        ...(flags.platform === undefined ? {} : { platforms: flags.platform }),
        ...(flags.compare === undefined ? {} : { compare: flags.compare }),
        groupBy,
        ...(groupBy === 'campaign' ? { limit: 50 } : {}),
      });
      return flags.json === true
        ? `${JSON.stringify(answer, null, 2)}\n`
        : formatKpiAnswer(answer, `${tenant.name} (${tenant.slug})`);
    });
    stdout(output);
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('kpis', KPIS_USAGE, error, stderr);
  }
}
