import { expect } from 'chai';
import { generateOpaqueToken, hashOpaqueToken, isOpaqueTokenOf, safeEqual } from './opaque-tokens.js';

describe('opaque tokens', () => {
  it('when an API key is generated, it has the sak_ prefix, 256 bits of base64url and a short visible prefix', () => {
    const key = generateOpaqueToken('apiKey');
    expect(key.token).to.match(/^sak_[A-Za-z0-9_-]{43}$/);
    expect(key.visiblePrefix).to.equal(key.token.slice(0, 12));
    expect(key.visiblePrefix).to.match(/^sak_.{8}$/);
  });

  it('when a refresh token is generated, it has the srt_ prefix', () => {
    expect(generateOpaqueToken('refreshToken').token).to.match(/^srt_[A-Za-z0-9_-]{43}$/);
  });

  it('when a token is hashed, the hash is the SHA-256 hex of the token and matches the generated one', () => {
    const minted = generateOpaqueToken('apiKey');
    expect(minted.hash).to.match(/^[0-9a-f]{64}$/);
    expect(hashOpaqueToken(minted.token)).to.equal(minted.hash);
    expect(minted.hash).not.to.include(minted.token.slice(4));
  });

  it('when many tokens are generated, they are unique', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateOpaqueToken('apiKey').token));
    expect(tokens.size).to.equal(1000);
  });

  it('when a candidate has the wrong prefix, length or alphabet, the shape check refuses it', () => {
    const good = generateOpaqueToken('apiKey').token;
    expect(isOpaqueTokenOf('apiKey', good)).to.equal(true);
    expect(isOpaqueTokenOf('refreshToken', good)).to.equal(false);
    expect(isOpaqueTokenOf('apiKey', `${good}x`)).to.equal(false);
    expect(isOpaqueTokenOf('apiKey', `${good.slice(0, -1)}!`)).to.equal(false);
    expect(isOpaqueTokenOf('apiKey', '')).to.equal(false);
  });

  it('when strings are compared, safeEqual is true only for equal strings, whatever the lengths', () => {
    expect(safeEqual('abc', 'abc')).to.equal(true);
    expect(safeEqual('abc', 'abd')).to.equal(false);
    expect(safeEqual('abc', 'abcd')).to.equal(false);
    expect(safeEqual('', '')).to.equal(true);
  });
});
