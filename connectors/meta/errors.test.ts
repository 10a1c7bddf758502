import { expect } from 'chai';
import { classifyMetaResponse } from './errors.js';
import { parseMetaUsage } from './usage.js';

const graphError = (code: number, subcode?: number, message = 'boom') => ({
  error: {
    message,
    type: 'OAuthException',
    code,
    ...(subcode === undefined ? {} : { error_subcode: subcode }),
    fbtrace_id: 'A1',
  },
});

describe('connectors/meta error classification', () => {
  it('when a 400 body carries a throttling code, it is a rate limit with the regain time of the usage header', () => {
    const headers = {
      'x-business-use-case-usage': JSON.stringify({
        '1001': [
          {
            type: 'ads_insights',
            call_count: 100,
            total_cputime: 20,
            total_time: 30,
            estimated_time_to_regain_access: 3,
          },
        ],
      }),
    };
    for (const code of [4, 17, 613, 80000, 80004]) {
      const error = classifyMetaResponse(400, graphError(code), headers);
      expect(error?.kind, String(code)).to.equal('rate_limit');
      expect(error?.retryAfterMs).to.equal(180_000);
    }
    expect(classifyMetaResponse(400, graphError(17, 2446079), {})?.retryAfterMs).to.equal(undefined);
  });

  it('when the token is refused, it is an auth error that says what to do; missing permissions are permission errors', () => {
    const expired = classifyMetaResponse(400, graphError(190, 463), {});
    expect(expired).to.include({ kind: 'auth', code: 'META_TOKEN_EXPIRED', platformCode: '190/463' });
    expect(expired?.message)
      .to.match(/expired/)
      .and.match(/System User token/);
    expect(classifyMetaResponse(400, graphError(190), {})).to.include({
      kind: 'auth',
      code: 'META_TOKEN_INVALID',
    });
    expect(classifyMetaResponse(400, graphError(104), {})?.kind).to.equal('auth');
    for (const code of [10, 200, 294])
      expect(classifyMetaResponse(403, graphError(code), {})?.kind).to.equal('permission');
  });

  it('when other documented shapes arrive, they are transient, not found or invalid as the reference says', () => {
    expect(classifyMetaResponse(500, graphError(1), {})?.kind).to.equal('transient');
    expect(classifyMetaResponse(500, graphError(2, 1504043), {})?.kind).to.equal('transient');
    expect(classifyMetaResponse(400, graphError(100, 1504018), {})).to.include({
      kind: 'invalid_request',
      code: 'META_QUERY_TOO_LARGE',
    });
    expect(classifyMetaResponse(400, graphError(100, 33), {})?.kind).to.equal('not_found');
    expect(classifyMetaResponse(400, graphError(100), {})).to.include({
      kind: 'invalid_request',
      code: 'META_REQUEST_INVALID',
    });
    expect(classifyMetaResponse(400, graphError(2635), {})?.code).to.equal('META_API_VERSION_DEPRECATED');
    expect(classifyMetaResponse(503, undefined, {})?.kind).to.equal('transient');
    expect(classifyMetaResponse(200, { data: [] }, {})).to.equal(undefined);
  });

  it('when usage headers are read, the highest percentage and the longest regain time win; garbage is ignored', () => {
    const usage = parseMetaUsage({
      'x-app-usage': '{"call_count":12,"total_cputime":97,"total_time":4}',
      'x-business-use-case-usage': JSON.stringify({
        a: [{ call_count: 50, estimated_time_to_regain_access: 0 }],
        b: [{ call_count: 5, estimated_time_to_regain_access: 2 }],
      }),
    });
    expect(usage).to.deep.equal({ maxPercent: 97, regainAccessMs: 120_000 });
    expect(parseMetaUsage({ 'x-app-usage': 'not json' })).to.deep.equal({
      maxPercent: null,
      regainAccessMs: 0,
    });
  });
});
