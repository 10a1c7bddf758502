/**
 * Crash recovery and notice expiry of the WhatsApp channels, on the whatsapp-web channel (fake
 * whatsapp-web.js client): a message claimed by a process that died before answering is
 * answered by the sweeper while still fresh and expired when too old; an unknown number is told
 * again that it is not linked once a day has passed.
 */
import { expect } from 'chai';
import {
  createChannelWhatsappWebPlugin,
  opaqueMessageId,
} from '../../../plugins/channel-whatsapp-web/index.js';
import { echoEngine } from '../../fakes/whatsapp-cloud/echo-engine.js';
import { fakeWhatsappWebClients } from '../../fakes/whatsapp-cloud/fake-whatsapp-web-client.js';
import { startWhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';
import type { WhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';
import { createPhoneProtector } from '../../../core/users/phone-protection.js';

const DANA = '+447700900123';
const STRANGER = '+15550009999';
const MINUTE = 60_000;
let sequence = 0;
const nextId = () => `false_447700900123@c.us_RECOVERY${process.pid}${(sequence += 1)}`;

describe('WhatsApp crash recovery and notice expiry (real host, fake whatsapp-web.js client)', function () {
  this.timeout(60_000);
  const clients = fakeWhatsappWebClients();
  let host: WhatsappTestHost;
  let tenant: { tenantId: string; userIds: readonly string[] };
  let peerIndexOf: (phone: string) => string;
  const client = () => clients.client('recovery');

  /** What a process leaves behind when it dies right after claiming a message. */
  const claimedAndAbandoned = async (text: string, ageMs: number, from = DANA) => {
    const wamid = nextId();
    const claimed = await host.whatsapp.repository.claimInbound({
      tenantId: tenant.tenantId,
      wamid,
      channel: 'whatsapp-web',
      peerIndex: peerIndexOf(from),
      from,
      text,
      at: new Date(Date.now() - ageMs),
    });
    expect(claimed).to.equal(true);
    return wamid;
  };
  const rowOf = async (wamid: string) =>
    (await host.whatsapp.repository.list(tenant.tenantId)).find((row) => row.wamid === wamid);

  before(async () => {
    host = await startWhatsappTestHost({
      engine: echoEngine(),
      registry: [createChannelWhatsappWebPlugin({ clientFactory: clients.factory })],
      sweeper: { leaseMs: 3 * MINUTE, maxAgeMs: 10 * MINUTE },
    });
    peerIndexOf = createPhoneProtector('whatsapp-test-encryption-key-0123456789ab').blindIndex;
    tenant = await host.createTenant({
      slug: 'wa-recovery',
      users: [{ email: 'dana@recovery.example.com', phone: DANA, locale: 'en-GB' }],
      whatsappWeb: { sessionDir: '/var/lib/stratum/whatsapp-web', clientId: 'recovery' },
    });
    client().emitter.emit('ready');
  });
  after(async () => {
    await host.close();
  });
  beforeEach(() => {
    client().sent.length = 0;
  });

  describe('the sweeper', () => {
    it('when a claimed message was left unanswered by a dead process, the sweeper answers it once', async () => {
      const wamid = await claimedAndAbandoned('roas last week?', 4 * MINUTE);
      const [first, second] = await Promise.all([
        host.whatsapp.sweeper.sweepOnce(),
        host.whatsapp.sweeper.sweepOnce(),
      ]);
      await host.whatsapp.idle();
      expect((first?.resumed ?? 0) + (second?.resumed ?? 0)).to.equal(1);
      expect(client().sent).to.deep.equal([
        { chatId: '447700900123@c.us', text: 'answer to roas last week?' },
      ]);
      const row = await rowOf(wamid);
      expect(row?.state).to.equal('answered');
      expect(row?.history.map((entry) => entry.state)).to.deep.equal(['received', 'resumed', 'answered']);
      expect((await host.whatsapp.sweeper.sweepOnce()).resumed).to.equal(0);
    });

    it('when the unanswered message is older than ten minutes, it is marked expired and nobody is messaged', async () => {
      const wamid = await claimedAndAbandoned('spend yesterday?', 15 * MINUTE);
      const outcome = await host.whatsapp.sweeper.sweepOnce();
      await host.whatsapp.idle();
      expect(outcome).to.deep.equal({ resumed: 0, expired: 1 });
      expect(client().sent).to.deep.equal([]);
      expect(await rowOf(wamid)).to.deep.include({ state: 'expired', errorCode: 'CHAT_WHATSAPP_TOO_LATE' });
    });

    it('when a message was claimed within the lease, it is left to the process answering it', async () => {
      const wamid = await claimedAndAbandoned('cpa today?', 30_000);
      expect(await host.whatsapp.sweeper.sweepOnce()).to.deep.equal({ resumed: 0, expired: 0 });
      expect((await rowOf(wamid))?.state).to.equal('received');
      expect(client().sent).to.deep.equal([]);
    });

    it('when a message is answered, the sealed sender and text are dropped from its row', async () => {
      const id = client().receive(DANA, 'ctr last week?');
      await host.whatsapp.bridge.pollOnce();
      await host.whatsapp.idle();
      const raw = await host.connection
        .collection('whatsappMessages')
        .findOne({ tenantId: tenant.tenantId, wamid: opaqueMessageId(id) });
      expect(raw?.['state'], JSON.stringify(raw)).to.equal('answered');
      expect(raw?.['pending']).to.equal(null);
      expect(JSON.stringify(raw)).not.to.include('447700900123');
    });
  });

  describe('not-linked notices', () => {
    it('when the notice TTL index exists, it forgets a number after 24 hours', async () => {
      const indexes = await host.connection.collection('whatsappSenderNotices').listIndexes().toArray();
      expect(indexes.find((index) => index['key']?.['notifiedAt'] === 1)?.['expireAfterSeconds']).to.equal(
        24 * 60 * 60,
      );
    });

    it('when an unknown number writes again the same day, it is not told twice; a day later, it is told again', async () => {
      const ask = async (text: string) => {
        client().receive(STRANGER, text);
        await host.whatsapp.bridge.pollOnce();
        await host.whatsapp.idle();
      };
      await ask('spend today?');
      await ask('hello?');
      expect(client().sent.map((sent) => sent.chatId)).to.deep.equal(['15550009999@c.us']);
      // A day passes (the TTL monitor may not have run yet: the repository checks the age itself).
      await host.connection
        .collection('whatsappSenderNotices')
        .updateOne(
          { tenantId: tenant.tenantId, peerIndex: peerIndexOf(STRANGER) },
          { $set: { notifiedAt: new Date(Date.now() - 25 * 60 * MINUTE) } },
        );
      await ask('anyone?');
      expect(client().sent.map((sent) => sent.chatId)).to.deep.equal([
        '15550009999@c.us',
        '15550009999@c.us',
      ]);
      expect(client().sent[1]?.text).to.include('not linked');
    });
  });
});
