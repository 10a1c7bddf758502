/**
 * `stratum keys rotate`: a new data key per tenant (or, with --kek, every data key re-wrapped
 * under the current ENCRYPTION_KEY), then every sealed value re-encrypted under the active key in
 * batches, while servers keep running. Re-running after an interruption resumes the same rotation.
 */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { DEFAULT_KEY_REFRESH_MS } from '../security/keyring.js';
import type { Keyring } from '../security/keyring.js';
import { listTenants, reencryptTenant } from '../security/keyring-rotation.js';
import type { PassProgress } from '../security/keyring-rotation.js';
import { EXIT, parseFlags, reportCommandError, UsageError } from './cli-flags.js';

export const KEYS_USAGE = `Usage: stratum keys rotate [--tenant SLUG] [--batch 500] [--kek] [--wait-ms MS]

  --tenant   only this tenant (default: every tenant)
  --batch    documents read per batch (default 500)
  --kek      re-wrap the data keys under the current ENCRYPTION_KEY (after changing it and setting
             ENCRYPTION_KEY_PREVIOUS to the old one) instead of creating new data keys
  --wait-ms  pause between creating keys and re-encrypting, so running servers load the new keys
             first (default ${2 * DEFAULT_KEY_REFRESH_MS + 5_000}: twice their refresh interval)
`;

const KeysRotateFlags = z.strictObject({
  tenant: z.string().min(1).optional(),
  batch: z.coerce.number().int().min(1).max(10_000).default(500),
  kek: z.boolean().default(false),
  'wait-ms': z.coerce
    .number()
    .int()
    .min(0)
    .default(2 * DEFAULT_KEY_REFRESH_MS + 5_000),
});

const OPTIONS = {
  tenant: { type: 'string' },
  batch: { type: 'string' },
  kek: { type: 'boolean' },
  'wait-ms': { type: 'string' },
} as const;

export interface RotationDeps {
  readonly connection: Connection;
  readonly keyring: Keyring;
  readonly encryptionKey: string;
  readonly say: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RotationOptions {
  readonly tenantSlug?: string | undefined;
  readonly batchSize: number;
  readonly kek: boolean;
  readonly waitMs: number;
  /** Stops after this many documents (simulates an interrupted run in tests). */
  readonly stopAfter?: number;
}

export interface RotationOutcome {
  /** Tenants whose older keys were retired: nothing is left under them. */
  readonly completed: number;
  /** Tenants to run again (conflicts kept writing, values that did not decrypt, or stopped). */
  readonly incomplete: number;
}

const MAX_PASSES = 3;

const describe = (progress: PassProgress) =>
  `  ${progress.collection}: ${progress.scanned} scanned, ${progress.rewritten} re-encrypted` +
  (progress.conflicts > 0 ? `, ${progress.conflicts} changed meanwhile` : '') +
  (progress.failed > 0 ? `, ${progress.failed} FAILED to decrypt` : '');

export async function rotateKeys(deps: RotationDeps, options: RotationOptions): Promise<RotationOutcome> {
  const { keyring, say } = deps;
  const tenants = await listTenants(deps.connection, options.tenantSlug);
  if (options.tenantSlug !== undefined && tenants.length === 0)
    throw new UsageError(`no tenant with slug '${options.tenantSlug}'`);

  let created = 0;
  if (options.kek) {
    const { rewrapped, total } = await keyring.rewrapKeys(
      options.tenantSlug === undefined ? undefined : tenants[0]?.id,
    );
    say(`re-wrapped ${rewrapped} of ${total} data keys under the current ENCRYPTION_KEY`);
  }
  for (const tenant of tenants) {
    await keyring.refresh(tenant.id);
    const keys = await keyring.keys(tenant.id);
    const unretired = keys.filter((key) => key.retiredAt === null).length;
    if (keys.length === 0 || (!options.kek && unretired <= 1)) {
      const keyId = await keyring.createKey(tenant.id);
      created += 1;
      say(`${tenant.slug}: new data key ${keyId}`);
    } else if (unretired > 1)
      say(`${tenant.slug}: resuming the rotation to ${keyring.activeKey(tenant.id)?.keyId}`);
  }
  if (created > 0 && options.waitMs > 0) {
    say(`waiting ${Math.round(options.waitMs / 1000)} s for running servers to load the new keys`);
    await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(options.waitMs);
  }

  let completed = 0;
  for (const tenant of tenants) {
    const active = keyring.activeKey(tenant.id);
    if (active === undefined) throw new Error(`${tenant.slug}: data key not loaded`);
    say(`${tenant.slug}: re-encrypting under ${active.keyId}`);
    let clean = false;
    for (let pass = 0; pass < MAX_PASSES && !clean; pass += 1) {
      const result = await reencryptTenant(deps.connection, keyring, deps.encryptionKey, tenant.id, {
        batchSize: options.batchSize,
        onProgress: (progress) => say(describe(progress)),
        ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
      });
      if (result.stopped) return { completed, incomplete: tenants.length - completed };
      if (result.failed > 0) break;
      clean = result.conflicts === 0;
    }
    if (clean) {
      const retired = await keyring.retireOthers(tenant.id, active.keyId);
      say(`${tenant.slug}: done${retired > 0 ? `, ${retired} older key(s) retired` : ''}`);
      completed += 1;
    } else say(`${tenant.slug}: NOT complete; run the command again`);
  }
  return { completed, incomplete: tenants.length - completed };
}

export async function runKeysCommand(
  argv: readonly string[],
  io: { readonly env?: NodeJS.ProcessEnv; readonly out?: (text: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const [action, ...rest] = argv;
    if (action !== 'rotate')
      throw new UsageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
    const flags = parseFlags(rest, OPTIONS, KeysRotateFlags);
    const { withCliHost } = await import('./cli-host.js');
    const { keyringFor } = await import('../security/keyring-store.js');
    const outcome = await withCliHost(io.env === undefined ? {} : { env: io.env }, (host) =>
      rotateKeys(
        {
          connection: host.connection,
          keyring: keyringFor(host.connection, {
            encryptionKey: host.config.encryptionKey,
            previousEncryptionKey: host.config.encryptionKeyPrevious,
          }),
          encryptionKey: host.config.encryptionKey,
          say: (line) => out(`${line}\n`),
        },
        { tenantSlug: flags.tenant, batchSize: flags.batch, kek: flags.kek, waitMs: flags['wait-ms'] },
      ),
    );
    out(`${outcome.completed} tenant(s) complete, ${outcome.incomplete} to run again\n`);
    return outcome.incomplete === 0 ? EXIT.ok : EXIT.failure;
  } catch (error) {
    return reportCommandError('keys', KEYS_USAGE, error, stderr);
  }
}
