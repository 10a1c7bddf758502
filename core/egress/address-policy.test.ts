import { expect } from 'chai';
import { canonicalAddress, classifyAddress, isIpLiteral } from './address-policy.js';

describe('classifyAddress', () => {
  const refused: readonly (readonly [string, string])[] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:169.254.169.254', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['::7f00:1', 'notGlobalUnicast'],
    ['100::1', 'discard'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['fe80::1%eth0', 'zoned'],
    ['0x7f.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['not-an-ip', 'invalid'],
  ];
  for (const [address, range] of refused) {
    it(`when the address is ${address}, it is refused as ${range}`, () => {
      expect(classifyAddress(address)).to.deep.equal({ allowed: false, range });
    });
  }

  it('when an IPv4-compatible IPv6 address is written with a dotted quad, it is refused', () => {
    expect(classifyAddress('::127.0.0.1').allowed).to.equal(false);
    expect(classifyAddress('::10.0.0.1').allowed).to.equal(false);
  });

  for (const address of [
    '8.8.8.8',
    '93.184.215.14',
    '172.32.0.1',
    '2606:4700::1111',
    '[2001:4860:4860::8888]',
  ]) {
    it(`when the address is public unicast ${address}, it is allowed`, () => {
      expect(classifyAddress(address)).to.deep.equal({ allowed: true, range: 'unicast' });
    });
  }
});

describe('isIpLiteral and canonicalAddress', () => {
  it('when a URL host is an IP literal (IPv6 with brackets), it is recognised; names are not', () => {
    expect(isIpLiteral('127.0.0.1')).to.equal(true);
    expect(isIpLiteral('[::1]')).to.equal(true);
    expect(isIpLiteral('localhost')).to.equal(false);
    expect(isIpLiteral('1.2.3.4.example.com')).to.equal(false);
  });

  it('when two spellings name one address, their canonical forms are equal', () => {
    expect(canonicalAddress('::FFFF:127.0.0.1')).to.equal(canonicalAddress('[::ffff:7f00:1]'));
    expect(canonicalAddress('127.0.0.1')).to.equal('127.0.0.1');
  });
});
