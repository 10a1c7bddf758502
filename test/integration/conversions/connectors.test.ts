import { expect } from 'chai';
import {
  createGoogleAdsConversionsClient,
  createLinkedinConversionsClient,
  createMetaConversionsClient,
  createSnapchatConversionsClient,
  createTiktokConversionsClient,
} from '../../../connectors/conversions/index.js';
import type { ConversionsClient } from '../../../connectors/conversions/index.js';
import { sha256Hex } from '../../../core/conversions/identity-hashing.js';
import { startFakeConversions } from '../../fakes/conversions/fake-conversions-server.js';
import type { FakeConversions, FakePlatform } from '../../fakes/conversions/fake-conversions-server.js';
import { conversion, fetchHttp } from './support.js';

const TOKEN = 'token-0123456789';

function clients(url: string, token = TOKEN): Record<FakePlatform, ConversionsClient> {
  return {
    meta: createMetaConversionsClient(fetchHttp, {
      pixelId: '1234567',
      accessToken: token,
      apiVersion: 'v26.0',
      baseUrl: url,
    }),
    'google-ads': createGoogleAdsConversionsClient(fetchHttp, {
      customerId: '1234567890',
      accessToken: token,
      apiVersion: 'v26',
      conversionActions: { Purchase: '555' },
      baseUrl: url,
    }),
    tiktok: createTiktokConversionsClient(fetchHttp, {
      pixelCode: 'CABC123',
      accessToken: token,
      baseUrl: url,
    }),
    snapchat: createSnapchatConversionsClient(fetchHttp, {
      pixelId: 'snap-pixel',
      accessToken: token,
      baseUrl: url,
    }),
    linkedin: createLinkedinConversionsClient(fetchHttp, {
      accessToken: token,
      apiVersion: '202606',
      conversionRules: { Purchase: '777' },
      baseUrl: url,
    }),
  };
}

describe('conversion API connectors against the strict fakes (reference §7)', () => {
  let fake: FakeConversions;
  beforeEach(async () => {
    fake = await startFakeConversions({ token: TOKEN });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('when a purchase is uploaded to every platform, each accepts it with identifiers hashed by its own rules', async () => {
    const all = clients(fake.url);
    for (const [platform, client] of Object.entries(all)) {
      const result = await client.upload([conversion(`e-${platform}`)]);
      expect(result.outcomes, platform).to.deep.equal([{ eventId: `e-${platform}`, status: 'accepted' }]);
    }
    const meta = fake.received.meta[0] as {
      user_data: Record<string, unknown>;
      custom_data: Record<string, unknown>;
    };
    expect(meta.user_data.em).to.deep.equal([sha256Hex('jane.doe@gmail.com')]);
    expect(meta.user_data.ph).to.deep.equal([sha256Hex('442079460958')]);
    expect(meta.user_data.ln).to.deep.equal([sha256Hex('odoe')]);
    expect(meta.user_data.client_ip_address).to.equal('203.0.113.7');
    expect(meta.custom_data).to.deep.equal({ value: 123.45, currency: 'EUR', order_id: 'order-e-meta' });

    const google = fake.received['google-ads'][0] as {
      userIdentifiers: Record<string, unknown>[];
      gclid: string;
    };
    expect(google.gclid).to.equal('Cj0KCQtest');
    expect(google.userIdentifiers).to.deep.include({ hashedEmail: sha256Hex('janedoe@gmail.com') });
    expect(google.userIdentifiers).to.deep.include({ hashedPhoneNumber: sha256Hex('+442079460958') });
    const address = google.userIdentifiers.find((id) => id.addressInfo !== undefined)?.addressInfo;
    expect(address).to.include({ city: 'london', postalCode: 'sw1a 1aa', countryCode: 'GB' });

    const tiktok = fake.received.tiktok[0] as { user: Record<string, unknown>; event: string };
    expect(tiktok.event).to.equal('CompletePayment');
    expect(tiktok.user.phone).to.equal(sha256Hex('+442079460958'));
    expect(tiktok.user.ttclid).to.equal('tt-1');

    const snap = fake.received.snapchat[0] as { user_data: Record<string, unknown>; event_name: string };
    expect(snap.event_name).to.equal('PURCHASE');
    expect(snap.user_data.ph).to.deep.equal([sha256Hex('442079460958')]);

    const linkedin = fake.received.linkedin[0] as {
      user: { userIds: unknown[]; userInfo: unknown };
      conversionValue: unknown;
    };
    expect(linkedin.user.userIds).to.deep.include({
      idType: 'SHA256_EMAIL',
      idValue: sha256Hex('jane.doe@gmail.com'),
    });
    expect(linkedin.user.userInfo).to.deep.equal({ firstName: 'Jane', lastName: "O'Doe", countryCode: 'GB' });
    expect(linkedin.conversionValue).to.deep.equal({ currencyCode: 'EUR', amount: '123.45' });
  });

  for (const platform of ['meta', 'google-ads', 'tiktok', 'snapchat', 'linkedin'] as const) {
    it(`when ${platform} answers a rate limit, then a server error, then a bad token, the first two are retryable and the last is not`, async () => {
      const client = clients(fake.url)[platform];
      fake.fail(platform, 'rate_limit');
      fake.fail(platform, 'server_error');
      fake.fail(platform, 'auth');
      const outcomes = [];
      for (let index = 0; index < 3; index += 1)
        outcomes.push((await client.upload([conversion(`x${index}`)])).outcomes[0]);
      expect(outcomes.map((outcome) => outcome?.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
      expect(
        outcomes.map((outcome) => (outcome?.status === 'rejected' ? outcome.retryable : null)),
      ).to.deep.equal([true, true, false]);
      expect(fake.received[platform]).to.have.length(0);
    });
  }

  it('when Google rate-limits with a retryDelay, the advised wait is passed on', async () => {
    fake.fail('google-ads', 'rate_limit');
    const result = await clients(fake.url)['google-ads'].upload([conversion('g1')]);
    expect(result.retryAfterMs).to.equal(1_000);
  });

  it('when one Google row is invalid, only that row is rejected (partial failure) and the rest accepted', async () => {
    const good = conversion('g-good');
    const bad = { ...conversion('g-bad', { user: {} }), clear: {} };
    const result = await clients(fake.url)['google-ads'].upload([good, bad]);
    expect(result.outcomes[0]).to.deep.equal({ eventId: 'g-good', status: 'accepted' });
    expect(result.outcomes[1]).to.include({ eventId: 'g-bad', status: 'rejected', retryable: false });
    expect(fake.received['google-ads']).to.have.length(1);
  });

  it('when an identifier reaches a fake unhashed, the strict fake refuses it', async () => {
    const event = conversion('raw');
    const leaky = { ...event, hashed: { ...event.hashed, email: 'jane.doe@gmail.com' } };
    const result = await clients(fake.url).meta.upload([leaky]);
    expect(result.outcomes[0]).to.include({ status: 'rejected', retryable: false });
    expect(fake.received.meta).to.have.length(0);
  });

  it('when an event has no mapping on a platform, it is refused there with a clear reason and never sent', async () => {
    const all = clients(fake.url);
    const lead = conversion('lead-1', { eventName: 'Lead' });
    const [snap, linkedin] = await Promise.all([all.snapchat.upload([lead]), all.linkedin.upload([lead])]);
    expect(snap.outcomes[0]).to.include({ status: 'rejected', retryable: false });
    expect(linkedin.outcomes[0]).to.include({ status: 'rejected', retryable: false });
    expect(fake.requests.snapchat + fake.requests.linkedin).to.equal(0);
  });
});
