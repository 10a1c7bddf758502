import { expect } from 'chai';
import { AuthenticationError } from '../errors/errors.js';
import { liveCredentialOf } from './live-credentials.js';

describe('live credentials', () => {
  it('when exactly one source carries a credential, that credential is returned', () => {
    expect(liveCredentialOf({ authorization: 'Bearer abc.def' })).to.equal('abc.def');
    expect(liveCredentialOf({ authorization: 'bearer  abc ' })).to.equal('abc');
    expect(liveCredentialOf({ apiKeyHeader: ' sak_x ' })).to.equal('sak_x');
    expect(liveCredentialOf({ token: 'tok', authorization: '' })).to.equal('tok');
  });

  const refused: readonly [string, Parameters<typeof liveCredentialOf>[0], string][] = [
    ['none', {}, 'AUTH_UNAUTHENTICATED'],
    ['two', { authorization: 'Bearer a', token: 'b' }, 'AUTH_CREDENTIALS_AMBIGUOUS'],
    ['a Basic header', { authorization: 'Basic dXNlcjpwdw==' }, 'AUTH_SCHEME_UNSUPPORTED'],
  ];
  for (const [what, sources, code] of refused) {
    it(`when ${what} credential is given, AuthenticationError ${code} is thrown without echoing it`, () => {
      let caught: unknown;
      try {
        liveCredentialOf(sources);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(AuthenticationError).with.property('code', code);
      expect((caught as Error).message).to.not.include('dXNlcjpwdw');
    });
  }
});
