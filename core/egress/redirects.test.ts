import { expect } from 'chai';
import { PluginError } from '../plugin-api/plugin-error.js';
import type { WireRequest } from './http-exchange.js';
import { isFollowableRedirect, planRedirect } from './redirects.js';

function post(url: string): WireRequest {
  return {
    method: 'POST',
    url: new URL(url),
    headers: {
      authorization: 'Bearer t',
      cookie: 'a=1',
      'content-type': 'application/json',
      'x-trace': 'k',
    },
    body: Buffer.from('{"a":1}'),
  };
}

describe('planRedirect', () => {
  it('when 307 or 308 stays on the origin, method, body and credentials are kept', () => {
    for (const status of [307, 308]) {
      const next = planRedirect(post('https://api.test/v1/a?x=1'), status, '/v2/a');
      expect(next.method).to.equal('POST');
      expect(next.url.href).to.equal('https://api.test/v2/a');
      expect(next.body?.toString()).to.equal('{"a":1}');
      expect(next.headers.authorization).to.equal('Bearer t');
      expect(next.headers['content-type']).to.equal('application/json');
    }
  });

  it('when 303 answers, the next request is a GET without body or content headers', () => {
    const next = planRedirect(post('https://api.test/jobs'), 303, 'https://api.test/jobs/1');
    expect(next.method).to.equal('GET');
    expect(next.body).to.equal(undefined);
    expect(next.headers).not.to.have.property('content-type');
    expect(next.headers.authorization).to.equal('Bearer t');
  });

  it('when 301 or 302 answers a POST, it becomes a GET; a PUT stays a PUT', () => {
    expect(planRedirect(post('https://api.test/a'), 301, '/b').method).to.equal('GET');
    expect(planRedirect(post('https://api.test/a'), 302, '/b').method).to.equal('GET');
    const put: WireRequest = { ...post('https://api.test/a'), method: 'PUT' };
    const next = planRedirect(put, 302, '/b');
    expect(next.method).to.equal('PUT');
    expect(next.body?.toString()).to.equal('{"a":1}');
  });

  it('when the redirect leaves the origin (host, port or scheme), credentials and body are dropped', () => {
    for (const location of ['https://other.test/a', 'https://api.test:8443/a', 'http://api.test/a']) {
      const next = planRedirect(post('https://api.test/a'), 307, location);
      expect(next.headers).not.to.have.property('authorization');
      expect(next.headers).not.to.have.property('cookie');
      expect(next.headers).not.to.have.property('content-type');
      expect(next.headers['x-trace']).to.equal('k');
      expect(next.body).to.equal(undefined);
    }
  });

  it('when Location is not a URL, a config PluginError is thrown', () => {
    expect(() => planRedirect(post('https://api.test/a'), 302, 'http://[bad'))
      .to.throw(PluginError)
      .with.property('code', 'EGRESS_URL_INVALID');
  });
});

describe('isFollowableRedirect', () => {
  it('when the status is a redirect with a Location, it is followed; otherwise not', () => {
    expect(isFollowableRedirect(302, '/x')).to.equal(true);
    expect(isFollowableRedirect(302, undefined)).to.equal(false);
    expect(isFollowableRedirect(304, '/x')).to.equal(false);
    expect(isFollowableRedirect(300, '/x')).to.equal(false);
  });
});
