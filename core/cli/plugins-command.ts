/** `stratum plugins list|install`: the plugin catalog, and installing a plugin for a tenant. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { slugSchema } from '../tenants/tenant.schemas.js';
import { CLI_ACTION_CONTEXT } from './cli-context.js';
import { EXIT, parseFlagsAndPositionals, reportCommandError, UsageError } from './cli-flags.js';
import type { CliHost } from './cli-host.js';

export const PLUGINS_USAGE = `Usage:
  stratum plugins list [--tenant SLUG] [--json]
  stratum plugins install --tenant SLUG ID --config JSON|@file [--enable]

  list      the plugins this host can install; with --tenant, that tenant's installation state
  install   installs plugin ID for the tenant and configures it (validated; secret fields are
            stored encrypted); --enable also checks it and schedules its jobs
  --config  the configuration as JSON, or @path of a JSON file
`;

const ListFlags = z.strictObject({ tenant: slugSchema.optional(), json: z.boolean().optional() });
const InstallFlags = z.strictObject({
  tenant: slugSchema,
  config: z.string().min(1, 'is required'),
  enable: z.boolean().optional(),
});

const jsonObject = z.record(z.string(), z.unknown());

async function readConfig(raw: string): Promise<Record<string, unknown>> {
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = await readFile(raw.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--config: cannot read ${raw.slice(1)}: ${(error as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--config: not valid JSON');
  }
  const parsed = jsonObject.safeParse(value);
  if (!parsed.success) throw new UsageError('--config: expected a JSON object');
  return parsed.data;
}

async function tenantIdOf(host: CliHost, slug: string): Promise<string> {
  const tenant = await host.modules.services.tenants.findBySlug(slug);
  if (tenant === undefined) throw new UsageError(`--tenant: no tenant with slug "${slug}"`);
  return tenant.id;
}

function platformOf(host: CliHost) {
  if (host.platform === undefined) throw new Error('the plugin platform is not wired');
  return host.platform;
}

async function list(argv: readonly string[], write: (text: string) => void): Promise<number> {
  const { flags, positionals } = parseFlagsAndPositionals(
    argv,
    { tenant: { type: 'string' }, json: { type: 'boolean' } },
    ListFlags,
  );
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const { withCliHost } = await import('./cli-host.js');
  const { pluginRegistry } = await import('../../plugins/index.js');
  return withCliHost({ platform: { registry: pluginRegistry } }, async (host) => {
    const platform = platformOf(host);
    const tenantId = flags.tenant === undefined ? undefined : await tenantIdOf(host, flags.tenant);
    const rows =
      tenantId === undefined
        ? platform.plugins.catalog.list().map((entry) => ({ ...entry.manifest, installation: undefined }))
        : await platform.plugins.service.list(tenantId);
    if (flags.json === true) {
      const plain = rows.map((row) => ({
        id: row.id,
        name: row.name,
        version: row.version,
        kind: row.kind,
        ...(tenantId === undefined
          ? {}
          : {
              status: row.installation?.status ?? 'not installed',
              enabled: row.installation?.enabled ?? false,
            }),
      }));
      write(`${JSON.stringify(plain, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const row of rows) {
      const state = tenantId === undefined ? '' : `  [${row.installation?.status ?? 'not installed'}]`;
      write(`${row.id.padEnd(24)} ${row.kind.padEnd(18)} ${row.version.padEnd(9)} ${row.name}${state}\n`);
    }
    return EXIT.ok;
  });
}

async function install(argv: readonly string[], write: (text: string) => void): Promise<number> {
  const { flags, positionals } = parseFlagsAndPositionals(
    argv,
    { tenant: { type: 'string' }, config: { type: 'string' }, enable: { type: 'boolean' } },
    InstallFlags,
  );
  const [pluginId, ...extra] = positionals;
  if (pluginId === undefined) throw new UsageError('missing plugin ID');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const config = await readConfig(flags.config);
  const { withCliHost } = await import('./cli-host.js');
  const { pluginRegistry } = await import('../../plugins/index.js');
  return withCliHost({ platform: { registry: pluginRegistry } }, async (host) => {
    const { service } = platformOf(host).plugins;
    const tenantId = await tenantIdOf(host, flags.tenant);
    let view = await service.install(tenantId, pluginId, { config }, CLI_ACTION_CONTEXT);
    if (flags.enable === true) view = await service.enable(tenantId, pluginId, CLI_ACTION_CONTEXT);
    const secrets = Object.entries(view.secrets)
      .map(([field, state]) => `${field}: ${state.set ? 'set' : 'not set'}`)
      .join(', ');
    write(
      `installed ${pluginId} ${view.version} for ${flags.tenant} — status ${view.status}` +
        `${secrets === '' ? '' : ` (secrets ${secrets})`}\n`,
    );
    return EXIT.ok;
  });
}

export async function runPluginsCommand(argv: readonly string[]): Promise<number> {
  const write = (text: string) => process.stdout.write(text);
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const [action, ...rest] = argv;
    if (action === 'list') return await list(rest, write);
    if (action === 'install') return await install(rest, write);
    throw new UsageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
  } catch (error) {
    return reportCommandError('plugins', PLUGINS_USAGE, error, stderr);
  }
}
