/** `stratum user create`: adds a user to a tenant; a generated password is printed once. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { NotFoundError } from '../errors/errors.js';
import { ROLES } from '../security/access-tokens.js';
import { slugSchema } from '../tenants/tenant.schemas.js';
import { emailSchema, passwordSchema } from '../users/user.schemas.js';
import { CLI_ACTION_CONTEXT } from './cli-context.js';
import { EXIT, parseFlags, reportCommandError, UsageError } from './cli-flags.js';

export const USER_USAGE = `Usage: stratum user create --tenant SLUG --email EMAIL --role admin|manager|analyst|viewer [--name NAME] [--password PASSWORD]

  --tenant    the tenant's slug
  --role      ${ROLES.join(', ')}
  --name      display name (default: the part of the email before @)
  --password  at least 8 characters; when absent one is generated and printed once
              (a password given here is visible to other users of this machine in ps)
`;

const UserCreateFlags = z.strictObject({
  tenant: slugSchema,
  email: emailSchema,
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  name: z.string().trim().min(1).max(120).optional(),
  password: passwordSchema.optional(),
});

const OPTIONS = {
  tenant: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
} as const;

export async function runUserCommand(argv: readonly string[]): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  try {
    const [action, ...rest] = argv;
    if (action !== 'create')
      throw new UsageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
    const flags = parseFlags(rest, OPTIONS, UserCreateFlags);
    // The host (mongoose, every module) loads only once the command line is valid.
    const { withCliHost } = await import('./cli-host.js');
    const password = flags.password ?? randomBytes(18).toString('base64url');
    const user = await withCliHost({}, async (host) => {
      const tenant = await host.modules.services.tenants.findBySlug(flags.tenant);
      if (tenant === undefined)
        throw new NotFoundError(`No tenant with slug "${flags.tenant}"`, { code: 'TENANTS_NOT_FOUND' });
      const input = {
        email: flags.email,
        role: flags.role,
        name: flags.name ?? flags.email.split('@')[0] ?? flags.email,
        password,
      };
      return host.tenantContext.run({ tenantId: tenant.id }, () =>
        host.modules.services.users.create(tenant.id, input, CLI_ACTION_CONTEXT),
      );
    });
    process.stdout.write(
      `created user ${user.email} (${user.role}) in tenant ${flags.tenant}, id ${user.id}\n`,
    );
    if (flags.password === undefined) process.stdout.write(`password: ${password}  (shown only this once)\n`);
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('user', USER_USAGE, error, stderr);
  }
}
