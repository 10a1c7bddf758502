import { expect } from 'chai';
import { createHostAllowList } from './allow-list.js';

describe('createHostAllowList', () => {
  it('when an entry is a bare host, it matches that host on any port, case-insensitively', () => {
    const allowed = createHostAllowList(['api.example.com']);
    expect(allowed('api.example.com', 443)).to.equal(true);
    expect(allowed('API.Example.COM', 8080)).to.equal(true);
    expect(allowed('api.example.com.', 443)).to.equal(true);
    expect(allowed('evil-api.example.com', 443)).to.equal(false);
    expect(allowed('api.example.com.evil.net', 443)).to.equal(false);
  });

  it('when an entry names a port, other ports of the host do not match', () => {
    const allowed = createHostAllowList(['127.0.0.1:9000']);
    expect(allowed('127.0.0.1', 9000)).to.equal(true);
    expect(allowed('127.0.0.1', 9001)).to.equal(false);
  });

  it('when an entry is *.suffix, subdomains at any depth match but not the apex or look-alikes', () => {
    const allowed = createHostAllowList(['*.googleapis.com']);
    expect(allowed('ads.googleapis.com', 443)).to.equal(true);
    expect(allowed('a.b.googleapis.com', 443)).to.equal(true);
    expect(allowed('googleapis.com', 443)).to.equal(false);
    expect(allowed('evilgoogleapis.com', 443)).to.equal(false);
  });

  it('when a wildcard entry names a port, only that port matches', () => {
    const allowed = createHostAllowList(['*.fake.test:8443']);
    expect(allowed('meta.fake.test', 8443)).to.equal(true);
    expect(allowed('meta.fake.test', 443)).to.equal(false);
  });

  it('when the list is empty, nothing matches', () => {
    expect(createHostAllowList([])('localhost', 80)).to.equal(false);
  });

  it('when an entry is malformed, building the list throws and names it', () => {
    expect(() => createHostAllowList(['ok.com', 'host:99999'])).to.throw('"host:99999"');
    expect(() => createHostAllowList(['*'])).to.throw('"*"');
  });
});
