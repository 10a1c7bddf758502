import { expect } from 'chai';
import { z } from 'zod';
import { PluginManifestError, definePlugin } from './define-plugin.js';
import { isCronExpression, pluginManifestSchema } from './manifest.js';

function validManifest(): Record<string, unknown> {
  return {
    id: 'ads-example',
    name: 'Example ads',
    version: '1.2.3',
    kind: 'ad-platform',
    description: 'Reads an example platform.',
    configSchema: z.object({ accountId: z.string(), accessToken: z.string() }),
    secretFields: ['accessToken'],
    permissions: ['metrics:write', 'egress:http'],
    schedules: { sync: { cron: '15 * * * *', queue: 'sync' }, 'refresh-token': { everyMs: 3_600_000 } },
    hostVersionRange: '^0.1.0',
  };
}

function problemsOf(manifest: Record<string, unknown>): string[] {
  const result = pluginManifestSchema.safeParse(manifest);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('plugin manifest schema', () => {
  it('when every field is well formed, the manifest is accepted', () => {
    expect(problemsOf(validManifest())).to.deep.equal([]);
  });

  const badFields: readonly [string, unknown][] = [
    ['id', 'Ads_Example'],
    ['id', 'ads--example'],
    ['name', '  '],
    ['version', '1.2'],
    ['version', '01.2.3'],
    ['kind', 'crm'],
    ['description', ''],
    ['configSchema', { accountId: 'string' }],
    ['permissions', ['root']],
    ['schedules', { sync: { cron: 'every hour' } }],
    ['schedules', { sync: { everyMs: 1000 } }],
    ['schedules', { sync: { cron: '* * * * *', everyMs: 60_000 } }],
    ['schedules', { Sync_Job: { everyMs: 60_000 } }],
    ['schedules', { sync: { cron: '* * * * *', queue: 'fast' } }],
    ['hostVersionRange', 'latest'],
  ];
  for (const [field, value] of badFields) {
    it(`when ${field} is ${JSON.stringify(value)}, the manifest is refused at ${field}`, () => {
      const problems = problemsOf({ ...validManifest(), [field]: value });
      expect(problems.some((path) => path.startsWith(field))).to.equal(true, problems.join(','));
    });
  }

  it('when a secret field is not a config key, the problem names that entry', () => {
    expect(problemsOf({ ...validManifest(), secretFields: ['accessToken', 'password'] })).to.deep.equal([
      'secretFields.1',
    ]);
  });

  it('when a field is unknown, the manifest is refused', () => {
    expect(problemsOf({ ...validManifest(), entry: './index.js' })).to.have.length(1);
  });

  it('when a required field is missing, the manifest is refused at that field', () => {
    const { hostVersionRange: _omitted, ...rest } = validManifest();
    expect(problemsOf(rest)).to.deep.equal(['hostVersionRange']);
  });

  it('when cron expressions have 5 or 6 fields of cron syntax, they are accepted, other text is not', () => {
    expect(['*/5 * * * *', '0 3 * * 1-5', '0 0 3 1,15 * *', '0 9 * * MON'].every(isCronExpression)).to.equal(
      true,
    );
    expect(['* * * *', 'hourly', '* * * * * * *', '5 $ * * *'].some(isCronExpression)).to.equal(false);
  });
});

describe('definePlugin', () => {
  const configSchema = z.object({ token: z.string() });

  it('when the manifest is valid, the definition is returned frozen', () => {
    const plugin = definePlugin({
      manifest: {
        ...validManifest(),
        kind: 'rules',
        configSchema,
        secretFields: ['token'],
        permissions: [],
        schedules: {},
        id: 'rules-x',
        name: 'x',
        version: '0.1.0',
        description: 'd',
        hostVersionRange: '*',
      },
      setup: () => ({ jobs: {} }),
    });
    expect(Object.isFrozen(plugin)).to.equal(true);
    expect(plugin.manifest.kind).to.equal('rules');
  });

  it('when the manifest is invalid, a PluginManifestError lists the problems', () => {
    expect(() =>
      definePlugin({
        manifest: {
          id: 'Bad Id',
          name: 'x',
          version: '1',
          kind: 'rules',
          description: 'd',
          configSchema,
          secretFields: [],
          permissions: [],
          schedules: {},
          hostVersionRange: '*',
        },
        setup: () => ({ jobs: {} }),
      }),
    )
      .to.throw(PluginManifestError)
      .with.property('problems')
      .that.has.length(2);
  });
});
