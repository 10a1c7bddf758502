import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import type { Environment } from './load-config.js';

const JWT = 'j'.repeat(40);
const KEY = 'k'.repeat(40);

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Environment) =>
    loadConfig({ STRATUM_DATA_DIR: dataDir, JWT_SECRET: JWT, ENCRYPTION_KEY: KEY, ...env });
  const failure = (env: Environment): ConfigError => {
    try {
      load(env);
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('when nothing is set, applies the documented defaults', () => {
    const config = load({});
    expect(config).to.include({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'info',
      nodeEnv: 'development',
      trustProxy: false,
    });
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.redisUrl).to.equal(undefined);
    expect(config.egressAllow).to.deep.equal([]);
    expect(config.isProduction).to.equal(false);
  });

  it('when values are valid, maps them to typed fields', () => {
    const config = load({
      PORT: '0',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db:27017/stratum?replicaSet=rs0',
      REDIS_URL: 'redis://cache:6379/0',
      LOG_LEVEL: 'debug',
      DEMO_PASSWORD: 'demo-pass-123',
      METRICS_TOKEN: 'm'.repeat(16),
      TRUST_PROXY: '2',
      NODE_ENV: 'test',
      STRATUM_EGRESS_ALLOW: 'graph.facebook.com, *.googleapis.com,localhost:9000',
    });
    expect(config).to.include({
      port: 0,
      host: '0.0.0.0',
      logLevel: 'debug',
      trustProxy: 2,
      nodeEnv: 'test',
    });
    expect(config.redisUrl).to.equal('redis://cache:6379/0');
    expect(config.egressAllow).to.deep.equal(['graph.facebook.com', '*.googleapis.com', 'localhost:9000']);
  });

  it('when the config is returned, it is frozen', () => {
    expect(Object.isFrozen(load({}))).to.equal(true);
  });

  for (const port of ['abc', '-1', '65536', '80.5', '0x50', '1e3']) {
    it(`when PORT is "${port}", fails with one line naming PORT`, () => {
      expect(failure({ PORT: port }).message).to.equal(
        'Invalid environment: PORT must be an integer between 0 and 65535',
      );
    });
  }

  it('when several variables are bad, names each on the same line', () => {
    const message = failure({ PORT: 'x', LOG_LEVEL: 'loud' }).message;
    expect(message).to.match(/^Invalid environment: PORT .*; LOG_LEVEL must be one of fatal, error/);
    expect(message).not.to.include('\n');
  });

  it('when a variable is an empty string, treats it as unset', () => {
    expect(load({ PORT: '', REDIS_URL: '  ' })).to.include({ port: 8080, redisUrl: undefined });
  });

  it('when MONGODB_URI has another scheme, names the variable', () => {
    expect(failure({ MONGODB_URI: 'http://db' }).message).to.match(
      /^Invalid environment: MONGODB_URI must be a URL/,
    );
  });

  it('when REDIS_URL is not a URL, names the variable', () => {
    expect(failure({ REDIS_URL: 'localhost:6379' }).message).to.match(/^Invalid environment: REDIS_URL/);
  });

  it('when a secret is too short, names it without echoing the value', () => {
    const message = failure({ JWT_SECRET: 'short-secret-value' }).message;
    expect(message).to.equal('Invalid environment: JWT_SECRET must be at least 32 characters');
  });

  it('when TRUST_PROXY lists addresses and named ranges, keeps them as a list', () => {
    expect(load({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).to.deep.equal([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(load({ TRUST_PROXY: 'TRUE' }).trustProxy).to.equal(true);
  });

  it('when TRUST_PROXY is garbage, names the variable', () => {
    expect(failure({ TRUST_PROXY: '10.0.0.0/99' }).message).to.match(
      /^Invalid environment: TRUST_PROXY must be/,
    );
  });

  it('when STRATUM_EGRESS_ALLOW has a bad entry, names it', () => {
    expect(failure({ STRATUM_EGRESS_ALLOW: 'ok.com,http://bad' }).message).to.include(
      'STRATUM_EGRESS_ALLOW must be a comma-separated list of host names (bad entry "http://bad")',
    );
  });

  it('when METRICS_TOKEN is too short, names it', () => {
    expect(failure({ METRICS_TOKEN: 'abc' }).message).to.equal(
      'Invalid environment: METRICS_TOKEN must be at least 16 characters',
    );
  });

  it('when NODE_ENV is production and secrets are missing, refuses to start', () => {
    const message = failure({
      NODE_ENV: 'production',
      JWT_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
    }).message;
    expect(message).to.equal(
      'Invalid environment: JWT_SECRET and ENCRYPTION_KEY are required when NODE_ENV=production',
    );
  });

  it('when NODE_ENV is production and one secret is missing, names that one', () => {
    expect(failure({ NODE_ENV: 'production', ENCRYPTION_KEY: undefined }).message).to.equal(
      'Invalid environment: ENCRYPTION_KEY is required when NODE_ENV=production',
    );
  });

  it('when secrets are absent outside production, generates them once into secrets.json with mode 0600', () => {
    const first = loadConfig({ STRATUM_DATA_DIR: dataDir });
    expect(first.generatedSecrets).to.deep.equal(['JWT_SECRET', 'ENCRYPTION_KEY']);
    expect(first.jwtSecret).to.have.length.greaterThanOrEqual(32);
    expect(first.jwtSecret).not.to.equal(first.encryptionKey);
    const path = join(dataDir, 'secrets.json');
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const second = loadConfig({ STRATUM_DATA_DIR: dataDir });
    expect(second.generatedSecrets).to.deep.equal([]);
    expect(second).to.include({ jwtSecret: first.jwtSecret, encryptionKey: first.encryptionKey });
  });

  it('when one secret comes from the environment, only the other is generated and stored', () => {
    const config = loadConfig({ STRATUM_DATA_DIR: dataDir, JWT_SECRET: JWT });
    expect(config.jwtSecret).to.equal(JWT);
    expect(config.generatedSecrets).to.deep.equal(['ENCRYPTION_KEY']);
    const stored = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(stored)).to.deep.equal(['ENCRYPTION_KEY']);
  });

  it('when the stored file lacks a secret, adds it and keeps the existing one', () => {
    const path = join(dataDir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ ENCRYPTION_KEY: KEY }), { mode: 0o644 });
    const config = loadConfig({ STRATUM_DATA_DIR: dataDir });
    expect(config.encryptionKey).to.equal(KEY);
    expect(config.generatedSecrets).to.deep.equal(['JWT_SECRET']);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  it('when secrets.json is corrupt, fails instead of regenerating keys', () => {
    writeFileSync(join(dataDir, 'secrets.json'), '{not json');
    expect(() => loadConfig({ STRATUM_DATA_DIR: dataDir })).to.throw(ConfigError, /not valid JSON/);
  });

  it('when STRATUM_DATA_DIR is relative, resolves it against cwd', () => {
    const config = loadConfig(
      { STRATUM_DATA_DIR: 'data', JWT_SECRET: JWT, ENCRYPTION_KEY: KEY },
      { cwd: dataDir },
    );
    expect(config.dataDir).to.equal(join(dataDir, 'data'));
  });
});
