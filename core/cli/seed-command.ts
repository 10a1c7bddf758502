/** `stratum seed --demo`: the demo tenants and users, created where missing (idempotent). */
import { z } from 'zod';
import { createCoreSeedStore } from '../seed/core-seed-store.js';
import { DEMO_TENANTS, seedDemo } from '../seed/demo-seed.js';
import { EXIT, parseFlags, reportCommandError } from './cli-flags.js';

export const SEED_USAGE = `Usage: stratum seed --demo

Creates tenant demo (Demo Agency, USD, America/New_York) with admin@, manager@, analyst@ and
viewer@demo.stratum.dev, and tenant acme (EUR, Europe/Berlin) with admin@acme.stratum.dev, where
missing, and installs the simulated ad platforms (plugin ads-demo) for both where missing.
New users get DEMO_PASSWORD, or one generated password printed once.
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
    const { pluginRegistry } = await import('../../plugins/index.js');
    const { seedDemoPlugins } = await import('../seed/demo-plugins.js');
    const { result, plugins } = await withCliHost(
      { platform: { registry: pluginRegistry } },
      async (host) => {
        const seeded = await seedDemo(
          createCoreSeedStore({
            services: host.modules.services,
            connection: host.connection,
            tenantContext: host.tenantContext,
          }),
          host.config.demoPassword,
        );
        if (host.platform === undefined) throw new Error('the plugin platform is not wired');
        const installed = await seedDemoPlugins(
          { modules: host.modules, platform: host.platform },
          DEMO_TENANTS.map((tenant) => tenant.slug),
        );
        return { result: seeded, plugins: installed };
      },
    );
    const pluginLine =
      plugins.installed.length === 0
        ? ''
        : `installed the demo ad platforms for [${plugins.installed.join(', ')}]; their first sync runs on the next worker (stratum start or stratum worker)\n`;
    const tenants = DEMO_TENANTS.map((tenant) => tenant.slug).join(', ');
    if (result.createdUsers.length === 0 && result.createdTenants.length === 0) {
      process.stdout.write(pluginLine);
      if (pluginLine !== '') return EXIT.ok;
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
    process.stdout.write(pluginLine);
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('seed', SEED_USAGE, error, stderr);
  }
}
