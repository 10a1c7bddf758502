import { expect } from 'chai';
import { z } from 'zod';
import type { PluginManifest } from '../plugin-api/index.js';
import { AppError } from '../errors/app-error.js';
import { createPluginSecrets, scrubSecrets } from './plugin-secrets.js';

const KEY = 'unit-test-encryption-key-0123456789-abcdef';
const manifest = {
  id: 'demo',
  name: 'Demo',
  version: '1.0.0',
  kind: 'rules',
  description: 'demo',
  configSchema: z
    .object({
      region: z.enum(['eu', 'us']),
      apiKey: z
        .string()
        .min(8)
        .refine((value) => !value.startsWith('bad'), 'Key bad-ish: ' + 'rejected'),
      webhookSecret: z.string().optional(),
    })
    .strict(),
  secretFields: ['apiKey', 'webhookSecret'],
  permissions: [],
  schedules: {},
  hostVersionRange: '*',
} as unknown as PluginManifest;

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).code).to.equal('PLUGINS_CONFIG_INVALID');
    return (error as AppError).details as { path: string; message: string }[];
  }
  throw new Error('expected PLUGINS_CONFIG_INVALID');
};

describe('plugin secrets', () => {
  const secrets = createPluginSecrets(KEY);

  it('when a config is written, secrets go to envelopes (never to config) and decrypt under the same tenant only', () => {
    const prepared = secrets.prepareWrite({
      tenantId: 't1',
      manifest,
      input: { region: 'eu', apiKey: 'key-12345678' },
      storedSecrets: {},
    });
    expect(prepared.config).to.deep.equal({ region: 'eu' });
    expect(Object.keys(prepared.secrets)).to.deep.equal(['apiKey']);
    expect(prepared.secrets.apiKey).not.to.include('key-12345678');
    expect(secrets.decrypt('t1', 'demo', prepared.secrets)).to.deep.equal({ apiKey: 'key-12345678' });
    expect(() => secrets.decrypt('t2', 'demo', prepared.secrets)).to.throw(/could not be decrypted/);
    expect(() => secrets.decrypt('t1', 'other', prepared.secrets)).to.throw(/could not be decrypted/);
    expect(secrets.stateOf(manifest, prepared.secrets)).to.deep.equal({
      apiKey: { set: true },
      webhookSecret: { set: false },
    });
  });

  it('when a later write omits a secret it is kept as is, a string replaces it and null clears it', () => {
    const first = secrets.prepareWrite({
      tenantId: 't1',
      manifest,
      input: { region: 'eu', apiKey: 'key-12345678', webhookSecret: 'whsec-1' },
      storedSecrets: {},
    });
    const kept = secrets.prepareWrite({
      tenantId: 't1',
      manifest,
      input: { region: 'us' },
      storedSecrets: first.secrets,
    });
    expect(kept.secrets).to.deep.equal(first.secrets);
    const changed = secrets.prepareWrite({
      tenantId: 't1',
      manifest,
      input: { region: 'us', apiKey: 'key-87654321', webhookSecret: null },
      storedSecrets: first.secrets,
    });
    expect(secrets.decrypt('t1', 'demo', changed.secrets)).to.deep.equal({ apiKey: 'key-87654321' });
  });

  it('when fields are invalid, every bad field is listed and no secret value appears in any message', () => {
    const details = issuesOf(() =>
      secrets.prepareWrite({
        tenantId: 't1',
        manifest,
        input: { region: 'mars', apiKey: 'bad-secret-value', webhookSecret: 42, extra: 1 },
        storedSecrets: {},
      }),
    );
    expect(details.map((issue) => issue.path).sort()).to.deep.equal([
      'apiKey',
      'extra',
      'region',
      'webhookSecret',
    ]);
    expect(JSON.stringify(details)).not.to.include('bad-secret-value');
    expect(details.find((issue) => issue.path === 'apiKey')?.message).to.equal(
      'Invalid secret value (custom)',
    );
  });

  it('when a text contains a secret, scrubSecrets masks every occurrence but ignores tiny values', () => {
    expect(scrubSecrets('a token-1 b token-1', ['token-1', 'x'])).to.equal('a [secret] b [secret]');
  });
});
