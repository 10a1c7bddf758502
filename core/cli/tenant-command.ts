/** `stratum tenant create`: adds a tenant to the database the server uses. */
import { z } from 'zod';
import { currencySchema, localeSchema, slugSchema, timeZoneSchema } from '../tenants/tenant.schemas.js';
import { CLI_ACTION_CONTEXT } from './cli-context.js';
import { EXIT, parseFlags, reportCommandError, UsageError } from './cli-flags.js';

export const TENANT_USAGE = `Usage: stratum tenant create --name NAME --slug SLUG --currency USD --timezone America/New_York [--locale en]

  --name      display name ("Demo Agency")
  --slug      stable handle: lower-case letters, digits and dashes
  --currency  ISO 4217 code the tenant reports in
  --timezone  IANA time zone that calendar days are counted in
  --locale    BCP 47 language tag (default en-US)
`;

const TenantCreateFlags = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(120),
  slug: slugSchema,
  currency: z
    .string()
    .transform((code) => code.toUpperCase())
    .pipe(currencySchema),
  timezone: timeZoneSchema,
  locale: localeSchema.optional(),
});

const OPTIONS = {
  name: { type: 'string' },
  slug: { type: 'string' },
  currency: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
} as const;

export async function runTenantCommand(argv: readonly string[]): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const [action, ...rest] = argv;
    if (action !== 'create')
      throw new UsageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
    const flags = parseFlags(rest, OPTIONS, TenantCreateFlags);
    // The host (mongoose, every module) loads only once the command line is valid.
    const { withCliHost } = await import('./cli-host.js');
    const tenant = await withCliHost({}, (host) =>
      host.modules.services.tenants.create(flags, CLI_ACTION_CONTEXT),
    );
    process.stdout.write(
      `created tenant "${tenant.name}" (slug ${tenant.slug}, id ${tenant.id}, ${tenant.currency}, ${tenant.timezone}, ${tenant.locale})\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('tenant', TENANT_USAGE, error, stderr);
  }
}
