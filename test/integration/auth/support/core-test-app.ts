/**
 * A real core host for integration tests: the embedded MongoDB-compatible server (memory only,
 * port 0), a mongoose connection, `createCoreModules`, the Express app and an HTTP server on
 * port 0. Tests create their own tenants and users through `seedTenant`.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModuleOptions, CoreModules } from '../../../../core/app/core-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import type { Config } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const TEST_ENCRYPTION_KEY = 'test-encryption-key-0123456789-abcdefghijk';
export const TEST_PASSWORD = 'correct horse battery';

/** Cheap argon2 so suites stay fast on a shared machine; the production policy is tested in core/security. */
export const CHEAP_PASSWORDS = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } as const;

export interface SeededUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

export interface SeededTenant {
  readonly id: string;
  readonly slug: string;
  readonly users: Readonly<Record<Role, SeededUser>>;
}

export interface RequestOptions {
  readonly method?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless a string is given (then sent as is). */
  readonly body?: unknown;
}

export interface CoreTestApp {
  readonly url: string;
  readonly config: Config;
  readonly connection: Connection;
  readonly modules: CoreModules;
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** Signs in and returns the session body (fails the test on a non-200 answer). */
  login(email: string, password?: string): Promise<SessionBody>;
  /** A fresh tenant with one user per role, all with TEST_PASSWORD. */
  seedTenant(label?: string): Promise<SeededTenant>;
  close(): Promise<void>;
}

export interface SessionBody {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly role: Role;
    readonly tenantId: string;
  };
}

export interface CoreTestAppOptions {
  readonly core?: CoreModuleOptions;
  readonly redis?: Redis;
  readonly now?: () => Date;
  readonly bodyLimitBytes?: number;
  /** Trust X-Forwarded-For, so a test can act from several client IPs. */
  readonly trustProxy?: boolean;
}

export async function startCoreTestApp(options: CoreTestAppOptions = {}): Promise<CoreTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'stratum_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NODE_ENV: 'test',
  });
  const logger = createLogger({ level: 'silent' });
  const modules = createCoreModules(
    {
      connection,
      config,
      logger,
      cache: createMemoryCache(),
      tenantContext: new TenantContext(),
      ...(options.redis === undefined ? {} : { redis: options.redis }),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    { passwordPolicy: CHEAP_PASSWORDS, ...options.core },
  );
  await modules.ensureIndexes();
  const app = createHttpApp({
    logger,
    routes: modules.routes,
    apiMiddleware: modules.apiMiddleware,
    guard: modules.guard,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    ...(options.trustProxy === true ? { trustProxy: true } : {}),
  });
  const server = await startHttpServer(app, 0);

  const request = (path: string, requestOptions: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.token !== undefined) headers.authorization = `Bearer ${requestOptions.token}`;
    let body: string | undefined;
    if (typeof requestOptions.body === 'string') body = requestOptions.body;
    else if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${server.url}/api/v1${path}`, { method: requestOptions.method ?? 'GET', headers, body });
  };

  const login = async (email: string, password = TEST_PASSWORD): Promise<SessionBody> => {
    const response = await request('/auth/login', { method: 'POST', body: { email, password } });
    if (response.status !== 200)
      throw new Error(`login of ${email} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as SessionBody;
  };

  const seedTenant = async (label = 't'): Promise<SeededTenant> => {
    const slug = `${label}-${randomBytes(4).toString('hex')}`;
    const tenant = await modules.services.tenants.create({
      name: `Tenant ${slug}`,
      slug,
      currency: 'USD',
      timezone: 'America/New_York',
    });
    const users = {} as Record<Role, SeededUser>;
    for (const role of ROLES) {
      const email = `${role}@${slug}.example.com`;
      const user = await modules.services.users.create(tenant.id, {
        email,
        password: TEST_PASSWORD,
        role,
        name: role,
      });
      users[role] = { id: user.id, email: user.email, role };
    }
    return { id: tenant.id, slug, users };
  };

  return {
    url: server.url,
    config,
    connection,
    modules,
    request,
    login,
    seedTenant,
    async close() {
      await server.close(500);
      await connection.close();
      await database.close();
    },
  };
}
