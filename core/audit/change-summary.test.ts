import { expect } from 'chai';
import { sanitizeChanges, summarizeChanges } from './change-summary.js';

describe('audit change summary', () => {
  it('when fields change, records from/to for them only', () => {
    const before = { role: 'viewer', name: 'A', locale: 'en-US' };
    const after = { role: 'admin', name: 'A', locale: 'en-US' };
    expect(summarizeChanges(before, after, ['role', 'name', 'locale'])).to.deep.equal({
      role: { from: 'viewer', to: 'admin' },
    });
  });

  it('when a record is new, records the values it was created with', () => {
    expect(
      summarizeChanges(undefined, { name: 'A', createdAt: new Date(0) }, ['name', 'createdAt']),
    ).to.deep.equal({
      name: { to: 'A' },
      createdAt: { to: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('when a field is personal or looks secret, records only that it changed', () => {
    const before = { phone: '+15550000000', passwordHash: 'old', apiKey: 'k1' };
    const after = { phone: '+15551111111', passwordHash: 'new', apiKey: 'k2' };
    expect(summarizeChanges(before, after, ['phone', 'passwordHash', 'apiKey'], ['phone'])).to.deep.equal({
      phone: { redacted: true },
      passwordHash: { redacted: true },
      apiKey: { redacted: true },
    });
  });

  it('when a caller hands secrets to the log directly, sanitizing strips their values', () => {
    const cleaned = sanitizeChanges({
      refreshToken: { to: 'srt_x' },
      password: { from: 'a', to: 'b' },
      clientSecret: { to: 's' },
      name: { to: 'x'.repeat(500) },
    });
    expect(cleaned.refreshToken).to.deep.equal({ redacted: true });
    expect(cleaned.password).to.deep.equal({ redacted: true });
    expect(cleaned.clientSecret).to.deep.equal({ redacted: true });
    expect(String((cleaned.name as { to: string }).to).length).to.be.at.most(201);
  });
});
