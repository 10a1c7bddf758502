/**
 * The demo data a first `npm start` creates so the product can be tried at once: tenant `demo`
 * with one user per role, and tenant `acme` with its own admin so tenant isolation is visible.
 * Idempotent: what exists is left alone, what is missing is created.
 */
import { randomBytes } from 'node:crypto';

export type DemoRole = 'admin' | 'manager' | 'analyst' | 'viewer';

export interface DemoTenantSpec {
  readonly name: string;
  readonly slug: string;
  readonly currency: string;
  readonly timezone: string;
  readonly locale: string;
  readonly users: readonly { readonly email: string; readonly role: DemoRole; readonly name: string }[];
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.stratum.dev';

export const DEMO_TENANTS: readonly DemoTenantSpec[] = [
  {
    name: 'Demo Agency',
    slug: 'demo',
    currency: 'USD',
    timezone: 'America/New_York',
    locale: 'en',
    users: [
      { email: DEMO_ADMIN_EMAIL, role: 'admin', name: 'Demo Admin' },
      { email: 'manager@demo.stratum.dev', role: 'manager', name: 'Demo Manager' },
      { email: 'analyst@demo.stratum.dev', role: 'analyst', name: 'Demo Analyst' },
      { email: 'viewer@demo.stratum.dev', role: 'viewer', name: 'Demo Viewer' },
    ],
  },
  {
    name: 'Acme GmbH',
    slug: 'acme',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    locale: 'de',
    users: [{ email: 'admin@acme.stratum.dev', role: 'admin', name: 'Acme Admin' }],
  },
];

/** What the seed needs of the tenant and user services; `core-seed-store.ts` adapts the real ones. */
export interface DemoSeedStore {
  /** Any tenant at all, deleted ones included: a database with history is not a first start. */
  hasAnyTenant(): Promise<boolean>;
  findTenantIdBySlug(slug: string): Promise<string | undefined>;
  createTenant(tenant: Omit<DemoTenantSpec, 'users'>): Promise<string>;
  /** False (and nothing changed) when a user with this email exists. */
  createUserUnlessExists(user: {
    readonly tenantId: string;
    readonly email: string;
    readonly role: DemoRole;
    readonly name: string;
    readonly password: string;
  }): Promise<boolean>;
}

export interface DemoSeedResult {
  readonly createdTenants: readonly string[];
  readonly createdUsers: readonly string[];
  /** Set when users were created without DEMO_PASSWORD: show it once, it is stored nowhere. */
  readonly generatedPassword?: string;
}

/** 18 random bytes → 24 URL-safe characters. */
export function generateDemoPassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function seedDemo(store: DemoSeedStore, password: string | undefined): Promise<DemoSeedResult> {
  const createdTenants: string[] = [];
  const createdUsers: string[] = [];
  const passwordForNewUsers = password ?? generateDemoPassword();
  for (const { users, ...tenant } of DEMO_TENANTS) {
    let tenantId = await store.findTenantIdBySlug(tenant.slug);
    if (tenantId === undefined) {
      tenantId = await store.createTenant(tenant);
      createdTenants.push(tenant.slug);
    }
    for (const user of users) {
      if (await store.createUserUnlessExists({ tenantId, ...user, password: passwordForNewUsers })) {
        createdUsers.push(user.email);
      }
    }
  }
  // A generated password is worth showing only if some user now has it.
  return password === undefined && createdUsers.length > 0
    ? { createdTenants, createdUsers, generatedPassword: passwordForNewUsers }
    : { createdTenants, createdUsers };
}

/** The first start on an empty database seeds the demo; any existing tenant means "not first". */
export async function seedDemoOnFirstStart(
  store: DemoSeedStore,
  password: string | undefined,
): Promise<DemoSeedResult | undefined> {
  if (await store.hasAnyTenant()) return undefined;
  return seedDemo(store, password);
}

/** The line `stratum start` prints about how to log in (never a password it did not generate now). */
export function demoCredentialsHint(result: DemoSeedResult | undefined, demoPasswordSet: boolean): string {
  if (result?.generatedPassword !== undefined) {
    return `log in as ${DEMO_ADMIN_EMAIL} with password ${result.generatedPassword} (generated now and shown only once; set DEMO_PASSWORD to choose it)`;
  }
  return demoPasswordSet
    ? `demo login: ${DEMO_ADMIN_EMAIL} with DEMO_PASSWORD`
    : `demo login: ${DEMO_ADMIN_EMAIL} with the password printed at first start (or run \`stratum seed --demo\` after setting DEMO_PASSWORD for new users)`;
}
