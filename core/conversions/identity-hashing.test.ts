import { expect } from 'chai';
import { clearIdentifiers, hashIdentifiers } from './identity-hashing.js';

// SHA-256 of the normalised strings, computed outside our code (`printf '%s' … | sha256sum`),
// so a wrong normalisation rule fails here. Rules: reference §7.1.
const VECTORS = {
  'john.smith@example.com': '8e621e3d0368631d263d07a351fa8d34fba0d17c15fbcdec11a5f58008d022a0',
  'john.smith@gmail.com': 'd0c648bc36f12061bec770df216cea2ab95851b9350fd54b658de53b0407767a',
  'johnsmith@gmail.com': '3586de92bb3636d0885a12eff961429a32e4ebd764b96f50d85d016f9338d586',
  '16505550123': '26cb4f0c031f8e3956a484b9af6e06210874c4f08470f03f4f8a4d411da745ec',
  '+16505550123': '4feaaadc0ff47808bdc09d5ed71dadd9ac8d92aeac7a56972c58e697a61c69f0',
  maryann: '16b3f07f0ec2f9dd127b71dc2e6c791b7d93116a1c3bc99d057eaa7a8a077e73',
  josé: 'd994e1d001886fe5b45b1267bd1fa2b752ac50742579bd3dad7b2a2aa0ed6866',
  newyork: '350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5',
  ca: '6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126',
  '94035': '1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e',
  us: '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621',
  f: '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111',
  '19900215': '36566fc0c3677614b27338b68dfc3b9d85a0814f37217e652665ef7d786a8d77',
  'cust-42': '8a3c5a67cad508582b5edf6b8352cea3ffbad7f44812c1a736b4444c0f5746aa',
} as const;

describe('conversion identifier hashing (reference §7.1)', () => {
  it('when an email has spaces and capitals, it is trimmed and lower-cased before SHA-256', () => {
    const hashed = hashIdentifiers({ email: '  John.Smith@Example.COM ' });
    expect(hashed.email).to.equal(VECTORS['john.smith@example.com']);
    // Not gmail: Google's variant is the same address.
    expect(hashed.emailGoogle).to.equal(VECTORS['john.smith@example.com']);
  });

  it('when the address is gmail, only the Google variant drops the dots of the local part', () => {
    const hashed = hashIdentifiers({ email: 'John.Smith@Gmail.com' });
    expect(hashed.email).to.equal(VECTORS['john.smith@gmail.com']);
    expect(hashed.emailGoogle).to.equal(VECTORS['johnsmith@gmail.com']);
  });

  it('when a phone is formatted, Meta/Snap get digits without + and Google/TikTok get E.164', () => {
    for (const phone of ['+1 (650) 555-0123', '001 650 555 0123', '1-650-555-0123']) {
      const hashed = hashIdentifiers({ phone });
      expect(hashed.phoneDigits, phone).to.equal(VECTORS['16505550123']);
      expect(hashed.phoneE164, phone).to.equal(VECTORS['+16505550123']);
    }
  });

  it('when names carry punctuation and accents, punctuation goes and letters stay (UTF-8)', () => {
    const hashed = hashIdentifiers({ firstName: ' Mary-Ann ', lastName: 'José' });
    expect(hashed.firstName).to.equal(VECTORS.maryann);
    expect(hashed.lastName).to.equal(VECTORS['josé']);
  });

  it('when address fields are given, Meta variants are hashed: city without spaces, state code, 5-digit US zip, alpha-2', () => {
    const hashed = hashIdentifiers({ city: 'New York', state: 'CA', zip: '94035-1234', country: 'US' });
    expect(hashed).to.include({
      city: VECTORS.newyork,
      state: VECTORS.ca,
      zip: VECTORS['94035'],
      country: VECTORS.us,
    });
  });

  it('when gender, date of birth and external id are given, they are hashed as f, YYYYMMDD and the trimmed id', () => {
    const hashed = hashIdentifiers({ gender: 'Female', dateOfBirth: '1990-02-15', externalId: ' cust-42 ' });
    expect(hashed).to.include({
      gender: VECTORS.f,
      dateOfBirth: VECTORS['19900215'],
      externalId: VECTORS['cust-42'],
    });
  });

  it('when a value already is a SHA-256 hex digest, it is passed on lower-cased and never hashed twice', () => {
    const hashed = hashIdentifiers({ email: VECTORS['john.smith@example.com'].toUpperCase() });
    expect(hashed.email).to.equal(VECTORS['john.smith@example.com']);
  });

  it('when identifiers are malformed, no hash is produced for them', () => {
    const hashed = hashIdentifiers({
      email: 'not-an-email',
      phone: '12345',
      country: 'USA',
      state: 'California',
    });
    expect(hashed).to.deep.equal({});
  });

  it('when IP, user agent and click ids are given, they stay in clear text and Google address parts are not hashed', () => {
    const clear = clearIdentifiers({
      ipAddress: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      clickIds: { gclid: 'Cj0KCQ', fbc: 'fb.1.1554763741205.AbCdEf' },
      city: 'New York',
      zip: '10001',
      country: 'us',
    });
    expect(clear).to.deep.equal({
      ipAddress: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      gclid: 'Cj0KCQ',
      fbc: 'fb.1.1554763741205.AbCdEf',
      city: 'new york',
      zip: '10001',
      countryCode: 'US',
    });
  });
});
