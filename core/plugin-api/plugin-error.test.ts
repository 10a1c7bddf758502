import { expect } from 'chai';
import { PluginError, isPluginError } from './plugin-error.js';
import { isValidVersionRange, satisfiesVersionRange } from './semver.js';

describe('PluginError', () => {
  it('when a transient error carries a retry delay, it is retryable, downstream and keeps the delay', () => {
    const error = new PluginError('transient', 'Rate limited', {
      retryAfterMs: 30_000,
      code: 'META_RATE_LIMITED',
    });
    expect([error.retryable, error.source, error.retryAfterMs, error.code]).to.deep.equal([
      true,
      'downstream',
      30_000,
      'META_RATE_LIMITED',
    ]);
    expect(isPluginError(error)).to.equal(true);
    expect(isPluginError(new Error('x'))).to.equal(false);
  });

  it('when no code is given, the code is derived from the kind and config errors are not retryable', () => {
    const error = new PluginError('config', 'Account id missing');
    expect([error.code, error.retryable, error.source]).to.deep.equal([
      'PLUGIN_CONFIG_ERROR',
      false,
      'plugin',
    ]);
  });

  it('when a code is not AREA_WHAT or a delay is negative, construction fails', () => {
    expect(() => new PluginError('auth', 'x', { code: 'bad' })).to.throw(TypeError);
    expect(() => new PluginError('transient', 'x', { retryAfterMs: -1 })).to.throw(TypeError);
  });
});

describe('version ranges', () => {
  const cases: readonly [string, string, boolean][] = [
    ['0.1.5', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['1.9.0', '^1.2.3', true],
    ['2.0.0', '^1.2.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0-beta.1', '>=1.0.0 <2.0.0', true],
    ['3.1.0', '^1.0.0 || ^3.0.0', true],
    ['9.9.9', '*', true],
    ['1.0', '*', false],
  ];
  for (const [version, range, expected] of cases) {
    it(`when the host is ${version} and the range ${range}, it ${expected ? 'satisfies' : 'does not satisfy'} it`, () => {
      expect(satisfiesVersionRange(version, range)).to.equal(expected);
    });
  }

  it('when a range is malformed, it is invalid', () => {
    expect(['latest', '', '^1', '>= 1.0.0', '1.0.0 ||'].some(isValidVersionRange)).to.equal(false);
  });
});
