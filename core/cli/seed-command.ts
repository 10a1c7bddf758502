/** `stratum seed --demo`: the demo tenants and users, created where missing (idempotent). */
import { z } from 'zod';
import { createCoreSeedStore } from '../seed/core-seed-store.js';
import { DEMO_TENANTS, seedDemo } from '../seed/demo-seed.js';
import { EXIT, parseFlags, reportCommandError } from './cli-flags.js';

export const SEED_USAGE = `Usage: stratum seed --demo

Creates tenant demo (Demo Agency, USD, America/New_York) with admin@, manager@, analyst@ and
viewer@demo.stratum.dev, and tenant acme (EUR, Europe/Berlin) with admin@acme.stratum.dev, where
missing. New users get DEMO_PASSWORD, or one generated password printed once.
`;

const SeedFlags = z.strictObject({
  demo: z.literal(true, { message: 'is required (the only seed there is)' }),
});

export async function runSeedCommand(argv: readonly string[]): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  try {
    parseFlags(argv, { demo: { type: 'boolean' } }, SeedFlags);
    // The host (mongoose, every module) loads only once the command line is valid.
    const { withCliHost } = await import('./cli-host.js');
    const result = await withCliHost({}, (host) =>
      seedDemo(
        createCoreSeedStore({
          services: host.modules.services,
          connection: host.connection,
          tenantContext: host.tenantContext,
        }),
        host.config.demoPassword,
      ),
    );
    const tenants = DEMO_TENANTS.map((tenant) => tenant.slug).join(', ');
    if (result.createdUsers.length === 0 && result.createdTenants.length === 0) {
      process.stdout.write(`demo data already present (tenants ${tenants}); nothing created\n`);
      return EXIT.ok;
    }
    process.stdout.write(
      `created tenants [${result.createdTenants.join(', ')}] and users [${result.createdUsers.join(', ')}]\n`,
    );
    if (result.generatedPassword !== undefined) {
      process.stdout.write(
        `password of the new users: ${result.generatedPassword}  (shown only this once)\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('seed', SEED_USAGE, error, stderr);
  }
}
