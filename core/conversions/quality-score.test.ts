import { expect } from 'chai';
import { clearIdentifiers, hashIdentifiers } from './identity-hashing.js';
import type { RawUserData } from './identity-hashing.js';
import { qualityReasons, scoreEvent } from './quality-score.js';

function score(raw: RawUserData, options: { orderId?: string; ageMs?: number } = {}) {
  return scoreEvent({
    raw,
    hashed: hashIdentifiers(raw),
    clear: clearIdentifiers(raw),
    orderId: options.orderId,
    ageMs: options.ageMs ?? 0,
  });
}

describe('conversion quality score (EMQ-style)', () => {
  it('when every identifier is present and well formed and the event is fresh, the score is 10', () => {
    const result = score(
      {
        email: 'a@b.example',
        phone: '+1 650 555 0123',
        firstName: 'A',
        lastName: 'B',
        city: 'Paris',
        country: 'FR',
        externalId: 'c1',
        ipAddress: '203.0.113.1',
        userAgent: 'UA',
        clickIds: { fbc: 'fb.1.2.3', fbp: 'fb.1.2.4' },
      },
      { orderId: 'o1' },
    );
    expect(result).to.deep.equal({ score: 10, missing: [], malformed: [] });
  });

  it('when the email is malformed and the event is two hours old, they count as malformed and missing, not as present', () => {
    const result = score({ email: 'nope' }, { ageMs: 2 * 3_600_000 });
    expect(result.score).to.equal(0);
    expect(result.malformed).to.deep.equal(['email']);
    expect(result.missing).to.include('freshness');
  });

  it('when half the events lack a phone, the reason says adding phones is worth +0.8 on average', () => {
    const reasons = qualityReasons(2, { phone: 1 }, {});
    expect(reasons).to.deep.equal([{ component: 'phone', gain: 0.8, message: 'add phone numbers: +0.8' }]);
  });

  it('when every event lacks a phone, the reason is the full weight: +1.5', () => {
    expect(qualityReasons(4, { phone: 4 }, {})[0]?.message).to.equal('add phone numbers: +1.5');
  });
});
