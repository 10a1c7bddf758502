import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { createMemoryCache } from '../cache/memory-cache.js';
import { loadConfig } from '../config/load-config.js';
import { startEmbeddedServer } from '../db/embedded/server.js';
import type { EmbeddedServer } from '../db/embedded/server.js';
import { buildOpenApiDocument } from '../http/openapi.js';
import { createLogger } from '../logging/logger.js';
import { TenantContext } from '../tenancy/tenant-context.js';
import { createCoreModules } from './core-modules.js';
import type { CoreModules } from './core-modules.js';

const SECRETS = {
  JWT_SECRET: 'core-modules-test-jwt-secret-0123456789',
  ENCRYPTION_KEY: 'core-modules-test-encryption-key-0123456789',
};

describe('createCoreModules', () => {
  let database: EmbeddedServer;
  let connection: Connection;
  let modules: CoreModules;
  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    connection = await mongoose.createConnection(database.uri, { dbName: 'core_modules' }).asPromise();
    modules = createCoreModules(
      {
        connection,
        config: loadConfig({ ...SECRETS, NODE_ENV: 'test' }),
        logger: createLogger({ level: 'silent' }),
        cache: createMemoryCache(),
        tenantContext: new TenantContext(),
      },
      { auditRetentionDays: 400 },
    );
  });
  after(async () => {
    await connection.close();
    await database.close();
  });

  it('when created, it offers the auth, tenant, user, API key and audit routes', () => {
    expect(modules.routes.map((route) => `${route.method} ${route.path}`)).to.have.members([
      'post /auth/login',
      'post /auth/refresh',
      'post /auth/logout',
      'get /me',
      'get /tenant',
      'patch /tenant',
      'get /users',
      'post /users',
      'get /users/:id',
      'patch /users/:id',
      'delete /users/:id',
      'get /api-keys',
      'post /api-keys',
      'delete /api-keys/:id',
      'get /audit-logs',
      'get /embed/sites',
      'post /embed/sites',
      'get /embed/sites/:id',
      'patch /embed/sites/:id',
      'delete /embed/sites/:id',
      'post /embed/tokens',
      'get /embed/config',
    ]);
    expect(
      modules.routes.filter((route) => route.auth === 'none').map((route) => route.path),
    ).to.have.members(['/auth/login', '/auth/refresh', '/auth/logout']);
    // Embed CORS, authentication, embed scope, rate limits.
    expect(modules.apiMiddleware).to.have.length(4);
  });

  it('when the OpenAPI document is built from the routes, every operation is described with its permission', () => {
    const document = buildOpenApiDocument(modules.routes, { title: 'Stratum', version: '1' });
    const users = document.paths['/users/{id}'] as Record<string, Record<string, unknown>>;
    expect(users.patch?.['x-permission']).to.equal('users:manage');
    expect(JSON.stringify(document)).not.to.match(/passwordHash|keyHash|tokenHash/);
  });

  it('when indexes are ensured, unique, lookup and TTL indexes exist (audit retention 400 days)', async () => {
    await modules.ensureIndexes();
    const indexes = async (name: string) => connection.collection(name).indexes();
    const byKey = async (name: string, key: string) =>
      (await indexes(name)).find((index) => JSON.stringify(index.key) === key);
    expect(await byKey('tenants', '{"slug":1}')).to.include({ unique: true });
    expect(await byKey('users', '{"email":1}')).to.include({ unique: true });
    expect(await byKey('users', '{"phoneBlindIndex":1}')).to.include({ sparse: true });
    expect(await byKey('apiKeys', '{"keyHash":1}')).to.include({ unique: true });
    expect(await byKey('refreshTokens', '{"tokenHash":1}')).to.include({ unique: true });
    expect(await byKey('refreshTokens', '{"expiresAt":1}')).to.include({ expireAfterSeconds: 0 });
    expect(await byKey('auditLogs', '{"at":1}')).to.include({ expireAfterSeconds: 400 * 24 * 60 * 60 });
    await modules.ensureIndexes();
  });

  it('when the services are used without HTTP (CLI, seed), they validate their input', async () => {
    const error = await modules.services.tenants
      .create({ name: 'X', slug: 'Bad Slug', currency: 'USD', timezone: 'UTC' })
      .catch((caught: unknown) => caught);
    expect(error).to.have.property('code', 'INPUT_VALIDATION_FAILED');
  });

  it('when the audit retention changes between starts, ensuring indexes rebuilds the TTL index', async () => {
    await modules.ensureIndexes();
    const shorter = createCoreModules(
      {
        connection,
        config: loadConfig({ ...SECRETS, NODE_ENV: 'test' }),
        logger: createLogger({ level: 'silent' }),
        cache: createMemoryCache(),
        tenantContext: new TenantContext(),
      },
      { auditRetentionDays: 30 },
    );
    await shorter.ensureIndexes();
    const ttl = (await connection.collection('auditLogs').indexes()).find((index) => index.key.at === 1);
    expect(ttl?.expireAfterSeconds).to.equal(30 * 24 * 60 * 60);
  });
});
