/**
 * A real host for the job tests: the embedded MongoDB-compatible server (memory only, port 0),
 * a mongoose connection, the core modules (auth, RBAC) and an HTTP server on port 0 serving the
 * core routes plus the job routes of one JobService. Adapted from
 * test/integration/auth/support/core-test-app.ts, trimmed to what these tests need.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createJobService } from '../../../../core/jobs/job-service.js';
import type { JobService, JobServiceDeps } from '../../../../core/jobs/job-service.js';
import { createJobRoutes } from '../../../../core/jobs/job.routes.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { Logger } from '../../../../core/logging/logger.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';

const TEST_PASSWORD = 'correct horse battery';
const CHEAP_PASSWORDS = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } as const;
export const JOBS_TEST_DB_NAME = 'stratum_jobs_test';

export interface JobsTenant {
  readonly id: string;
  /** Access tokens of the tenant's admin and manager. */
  readonly tokens: { readonly admin: string; readonly manager: string };
}

export interface JobsTestHost {
  readonly databaseUri: string;
  readonly connection: Connection;
  readonly logger: Logger;
  /** The service behind the HTTP routes. */
  readonly jobs: JobService;
  request(path: string, options?: { method?: string; token?: string }): Promise<Response>;
  seedTenant(): Promise<JobsTenant>;
  close(): Promise<void>;
}

export async function startJobsTestHost(
  jobOptions: Omit<JobServiceDeps, 'connection' | 'logger'> = {},
): Promise<JobsTestHost> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: JOBS_TEST_DB_NAME, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const logger = createLogger({ level: 'silent' });
  const config = loadConfig({
    JWT_SECRET: 'test-jwt-secret-0123456789-abcdefghijklmnop',
    ENCRYPTION_KEY: 'test-encryption-key-0123456789-abcdefghijk',
    NODE_ENV: 'test',
  });
  const modules: CoreModules = createCoreModules(
    { connection, config, logger, cache: createMemoryCache(), tenantContext: new TenantContext() },
    { passwordPolicy: CHEAP_PASSWORDS },
  );
  await modules.ensureIndexes();
  const jobs = createJobService({ connection, logger, ...jobOptions });
  const app = createHttpApp({
    logger,
    routes: [...modules.routes, ...createJobRoutes(jobs)],
    apiMiddleware: modules.apiMiddleware,
    guard: modules.guard,
  });
  const server = await startHttpServer(app, 0);

  const request = (path: string, options: { method?: string; token?: string } = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
    });

  const login = async (email: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  const seedTenant = async (): Promise<JobsTenant> => {
    const slug = `jobs-${randomBytes(4).toString('hex')}`;
    const tenant = await modules.services.tenants.create({
      name: `Tenant ${slug}`,
      slug,
      currency: 'USD',
      timezone: 'UTC',
    });
    const signIn = async (role: Role) => {
      const email = `${role}@${slug}.example.com`;
      await modules.services.users.create(tenant.id, { email, password: TEST_PASSWORD, role, name: role });
      return login(email);
    };
    return { id: tenant.id, tokens: { admin: await signIn('admin'), manager: await signIn('manager') } };
  };

  return {
    databaseUri: database.uri,
    connection,
    logger,
    jobs,
    request,
    seedTenant,
    async close() {
      await jobs.stop({ timeoutMs: 500 });
      await server.close(500);
      await connection.close();
      await database.close();
    },
  };
}

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passed; returns the last answer. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  everyMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
