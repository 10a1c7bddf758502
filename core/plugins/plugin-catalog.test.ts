import { expect } from 'chai';
import { z } from 'zod';
import type { PluginRegistryEntry } from '../plugin-api/index.js';
import { PluginCatalogError, createPluginCatalog } from './plugin-catalog.js';

const entry = (id: string, overrides: Record<string, unknown> = {}): PluginRegistryEntry =>
  ({
    manifest: {
      id,
      name: `Plugin ${id}`,
      version: '1.0.0',
      kind: 'rules',
      description: 'A test plugin',
      configSchema: z.object({ region: z.enum(['eu', 'us']).default('eu'), secretKey: z.string().min(8) }),
      secretFields: ['secretKey'],
      permissions: [],
      schedules: {},
      hostVersionRange: '^0.1.0',
      ...overrides,
    },
    setup: () => ({ jobs: {} }),
  }) as PluginRegistryEntry;

const problemsOf = (entries: PluginRegistryEntry[], hostVersion = '0.1.0') => {
  try {
    createPluginCatalog(entries, { hostVersion });
    return [];
  } catch (error) {
    expect(error).to.be.instanceOf(PluginCatalogError);
    return [...(error as PluginCatalogError).problems];
  }
};

describe('plugin catalog', () => {
  it('when the registry is valid, plugins are listed in order and found by id', () => {
    const catalog = createPluginCatalog([entry('alpha'), entry('beta')]);
    expect(catalog.list().map((item) => item.id)).to.deep.equal(['alpha', 'beta']);
    expect(catalog.get('beta')?.manifest.name).to.equal('Plugin beta');
    expect(catalog.get('gamma')).to.equal(undefined);
  });

  it('when the config has secret fields, its JSON Schema marks them writeOnly passwords and keeps defaults optional', () => {
    const schema = createPluginCatalog([entry('alpha')]).get('alpha')?.configJsonSchema as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(schema.properties.secretKey).to.deep.include({
      type: 'string',
      minLength: 8,
      writeOnly: true,
      format: 'password',
    });
    expect(schema.properties.region).to.deep.include({ default: 'eu' });
    expect(schema.properties.region).not.to.have.property('writeOnly');
    expect(schema.required).to.deep.equal(['secretKey']);
  });

  it('when the registry has several problems, one error lists all of them', () => {
    const problems = problemsOf([
      entry('alpha'),
      entry('alpha'),
      entry('Bad_Id'),
      entry('future', { hostVersionRange: '^2.0.0' }),
      entry('leaky', { secretFields: ['nope'] }),
    ]);
    expect(problems).to.have.length(4);
    expect(problems[0]).to.match(/"alpha": listed more than once/);
    expect(problems[1]).to.match(/"Bad_Id": manifest id/);
    expect(problems[2]).to.match(/"future": needs host \^2\.0\.0, this host is 0\.1\.0/);
    expect(problems[3]).to.match(/"leaky": manifest secretFields\.0: "nope" is not a config field/);
  });

  it('when the host version moves past a range, the plugin is refused', () => {
    expect(problemsOf([entry('alpha')], '0.2.0')).to.have.length(1);
    expect(problemsOf([entry('alpha', { hostVersionRange: '>=0.1.0 <1.0.0' })], '0.2.0')).to.deep.equal([]);
  });
});
