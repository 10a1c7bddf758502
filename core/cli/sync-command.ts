/**
 * `stratum sync --tenant SLUG --plugin ID [--from D --to D]`: one sync of an installed plugin in
 * the foreground, through the same runner and run records as the `plugin.sync` job, with a
 * progress bar and a summary. Ctrl-C cancels it; the run keeps its checkpoint.
 */
import { z } from 'zod';
import { calendarDaySchema } from '../plugin-api/index.js';
import { slugSchema } from '../tenants/tenant.schemas.js';
import { EXIT, parseFlags, reportCommandError, UsageError } from './cli-flags.js';
import { createProgressDisplay } from './progress-display.js';

export const SYNC_USAGE = `Usage: stratum sync --tenant SLUG --plugin ID [--from YYYY-MM-DD --to YYYY-MM-DD]

Runs one sync of an installed ad-platform plugin in the foreground and prints a summary
(API calls, rows, duration, errors). Without --from/--to: the first sync takes about 400 days,
later ones re-read from 3 days before the last successful sync (late data) up to today.
Exit code 0 when the run succeeded, 1 otherwise.
`;

const SyncFlags = z
  .strictObject({
    tenant: slugSchema,
    plugin: z.string().min(1, 'is required'),
    from: calendarDaySchema.optional(),
    to: calendarDaySchema.optional(),
  })
  .refine((flags) => (flags.from === undefined) === (flags.to === undefined), {
    message: '--from and --to go together',
    path: ['from'],
  })
  .refine((flags) => flags.from === undefined || flags.to === undefined || flags.from <= flags.to, {
    message: 'must not be after --to',
    path: ['from'],
  });

const OPTIONS = {
  tenant: { type: 'string' },
  plugin: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export async function runSyncCommand(argv: readonly string[]): Promise<number> {
  const stdout = (text: string) => process.stdout.write(text);
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const flags = parseFlags(argv, OPTIONS, SyncFlags);
    const { withCliHost } = await import('./cli-host.js');
    const { pluginRegistry } = await import('../../plugins/index.js');
    const { runInstallationSync } = await import('../sync/plugin-jobs.js');
    return await withCliHost({ platform: { registry: pluginRegistry } }, async (host) => {
      const platform = host.platform;
      if (platform === undefined) throw new Error('the plugin platform is not wired');
      const tenant = await host.modules.services.tenants.findBySlug(flags.tenant);
      if (tenant === undefined) throw new UsageError(`--tenant: no tenant with slug "${flags.tenant}"`);
      const detail = await platform.plugins.service.get(tenant.id, flags.plugin);
      if (detail.kind !== 'ad-platform')
        throw new UsageError(`--plugin: ${flags.plugin} does not sync ad data`);
      const installation = detail.installation;
      if (installation === undefined)
        throw new UsageError(`--plugin: ${flags.plugin} is not installed for ${flags.tenant}`);
      const range =
        flags.from !== undefined && flags.to !== undefined ? { from: flags.from, to: flags.to } : undefined;
      const run = await platform.ingest.syncRuns.create(
        {
          tenantId: tenant.id,
          installationId: installation.id,
          pluginId: flags.plugin,
          trigger: 'cli',
          ...(range === undefined ? {} : { range }),
          requestedBy: { type: 'system', id: 'cli' },
        },
        new Date(),
      );
      const controller = new AbortController();
      const cancel = () => controller.abort(new Error('cancelled from the keyboard'));
      process.once('SIGINT', cancel);
      process.once('SIGTERM', cancel);
      const display = createProgressDisplay();
      try {
        const summary = await runInstallationSync(platform.sync, {
          tenantId: tenant.id,
          pluginId: flags.plugin,
          installationId: installation.id,
          runId: run.id,
          signal: controller.signal,
          onProgress: (progress) => display.update(progress),
        });
        display.stop();
        const rows = summary.rows;
        stdout(
          `sync ${summary.status}: run ${summary.runId}, ${summary.range.from} → ${summary.range.to}\n` +
            `  API calls  ${summary.apiCalls}\n` +
            `  rows       ${rows.accounts} accounts, ${rows.campaigns} campaigns, ${rows.metrics} daily metrics` +
            `${summary.invalidRows > 0 ? `, ${summary.invalidRows} invalid (skipped)` : ''}\n` +
            `  duration   ${formatDuration(summary.durationMs)}\n` +
            `  errors     ${summary.errors.length === 0 ? 'none' : summary.errors.length}\n`,
        );
        for (const error of summary.errors.slice(0, 10)) {
          stdout(
            `    ${error.code}: ${error.message}${error.accountExternalId ? ` (account ${error.accountExternalId})` : ''}\n`,
          );
        }
        return summary.status === 'succeeded' ? EXIT.ok : EXIT.failure;
      } finally {
        display.stop();
        process.off('SIGINT', cancel);
        process.off('SIGTERM', cancel);
      }
    });
  } catch (error) {
    return reportCommandError('sync', SYNC_USAGE, error, stderr);
  }
}
