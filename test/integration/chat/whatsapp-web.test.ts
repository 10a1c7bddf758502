/**
 * The whatsapp-web channel in the running product: the bridge collects what the plugin buffered
 * (fake whatsapp-web.js client, no Chromium), claims each message in `whatsappMessages`,
 * answers through the guarded channel, and the console reads the QR code through the API.
 */
import { expect } from 'chai';
import { createChannelWhatsappCloudPlugin } from '../../../plugins/channel-whatsapp-cloud/index.js';
import {
  createChannelWhatsappWebPlugin,
  opaqueMessageId,
} from '../../../plugins/channel-whatsapp-web/index.js';
import { echoEngine } from '../../fakes/whatsapp-cloud/echo-engine.js';
import { fakeWhatsappWebClients } from '../../fakes/whatsapp-cloud/fake-whatsapp-web-client.js';
import { startWhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';
import type { WhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';

const DANA = '+447700900123';
const STRANGER = '+15550009999';
const webConfig = (clientId: string) => ({ sessionDir: '/var/lib/stratum/whatsapp-web', clientId });

async function until<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 5_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WhatsApp Web channel (real host, fake whatsapp-web.js client)', function () {
  this.timeout(60_000);
  const clients = fakeWhatsappWebClients();
  const engine = echoEngine();
  let host: WhatsappTestHost;
  let tenantA: { tenantId: string; userIds: readonly string[] };
  let tenantB: { tenantId: string; userIds: readonly string[] };
  const clientA = () => clients.client('tenant-a');

  before(async () => {
    host = await startWhatsappTestHost({
      engine,
      registry: [
        createChannelWhatsappCloudPlugin({ retry: { baseDelayMs: 5, maxDelayMs: 50 } }),
        createChannelWhatsappWebPlugin({ clientFactory: clients.factory }),
      ],
      bridge: { minMs: 10, maxMs: 50, refreshMs: 0, failureMaxMs: 100 },
    });
    tenantA = await host.createTenant({
      slug: 'wa-web-a',
      users: [
        { email: 'dana@web-a.example.com', phone: DANA, locale: 'en-GB', role: 'admin' },
        { email: 'max@web-a.example.com', role: 'manager' },
      ],
      whatsappWeb: webConfig('tenant-a'),
    });
    tenantB = await host.createTenant({
      slug: 'wa-web-b',
      users: [{ email: 'omar@web-b.example.com', role: 'admin' }],
      whatsappWeb: webConfig('tenant-b'),
    });
    host.whatsapp.bridge.start();
  });
  after(async () => {
    await host.close();
  });

  describe('inbound messages', () => {
    before(() => {
      clientA().emitter.emit('ready');
    });

    it('when a linked user writes, the bridge answers once through the plugin, even when the message is seen twice', async () => {
      const id = clientA().receive(DANA, 'roas last week?');
      await until(() => clientA().sent.length === 1, 'the answer');
      await host.whatsapp.idle();
      expect(clientA().sent).to.deep.equal([
        { chatId: '447700900123@c.us', text: 'answer to roas last week?' },
      ]);
      expect(engine.inputs.at(-1)).to.deep.include({
        tenantId: tenantA.tenantId,
        userId: tenantA.userIds[0],
        channel: 'whatsapp-web',
        conversationKey: `whatsapp-web:${tenantA.userIds[0]}`,
      });
      // whatsapp-web.js may emit a message again after a reconnect: the claim turns it away.
      clientA().receive(DANA, 'roas last week?', { id });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await host.whatsapp.idle();
      expect(clientA().sent).to.have.length(1);
      const rows = await host.whatsapp.repository.list(tenantA.tenantId);
      const inbound = rows.filter((row) => row.wamid === opaqueMessageId(id));
      expect(inbound.map((row) => row.state)).to.deep.equal(['answered']);
      const replies = rows.filter((row) => row.inReplyTo === opaqueMessageId(id));
      expect(replies.map((row) => [row.state, row.wamid])).to.deep.equal([
        ['sent', opaqueMessageId(`true_447700900123@c.us_3EB0${'1'.padStart(16, '0')}`)],
      ]);
    });

    it('when an unknown number writes, it gets the not-linked notice and nothing reaches the engine', async () => {
      const asked = engine.inputs.length;
      clientA().sent.length = 0;
      const id = clientA().receive(STRANGER, 'spend today?');
      await until(() => clientA().sent.length === 1, 'the notice');
      await host.whatsapp.idle();
      expect(clientA().sent[0]?.chatId).to.equal('15550009999@c.us');
      expect(clientA().sent[0]?.text).to.include('not linked');
      expect(engine.inputs).to.have.length(asked);
      const row = (await host.whatsapp.repository.list(tenantA.tenantId)).find(
        (item) => item.wamid === opaqueMessageId(id),
      );
      expect(row?.state).to.equal('not_linked');
    });

    it('when the phone is gone and sending fails, the message is recorded failed and the failure reaches the plugin guard', async () => {
      clientA().sent.length = 0;
      clientA().failSends = true;
      const historyOf = async () =>
        (await host.platform.plugins.service.get(tenantA.tenantId, 'channel-whatsapp-web')).installation
          ?.history ?? [];
      const failuresBefore = (await historyOf()).filter((entry) => entry.action === 'fail').length;
      try {
        const id = clientA().receive(DANA, 'cpa yesterday?');
        const row = await until(
          async () =>
            (await host.whatsapp.repository.list(tenantA.tenantId)).find(
              (item) => item.wamid === opaqueMessageId(id) && item.state !== 'received',
            ),
          'the failed message',
        );
        expect(row.state).to.equal('failed');
        expect(row.errorCode).to.equal('WHATSAPP_WEB_SEND_FAILED');
        expect(clientA().sent).to.deep.equal([]);
        // The guard recorded it on the installation (status error, breaker count); the next
        // successful call (the bridge's next receive) resets the count, as for any plugin.
        const failures = (await historyOf()).filter((entry) => entry.action === 'fail');
        expect(failures.length).to.be.greaterThan(failuresBefore);
        expect(failures.at(-1)?.message).to.include('WhatsApp Web could not send');
      } finally {
        clientA().failSends = false;
      }
    });
  });

  describe('GET /api/v1/chat/whatsapp-web/:installationId/qr', () => {
    const tokens: Record<string, string> = {};
    const qrOf = async (tenantId: string, email: string, installationId?: string) => {
      const id =
        installationId ??
        (await host.platform.plugins.service.get(tenantId, 'channel-whatsapp-web')).installation?.id ??
        'none';
      const token = (tokens[email] ??= await host.login(email));
      const response = await fetch(`${host.url}/api/v1/chat/whatsapp-web/${id}/qr`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('when WhatsApp Web waits for a scan, an admin gets the QR code as SVG; once linked, no code', async () => {
      const client = clients.client('tenant-b');
      client.emitter.emit('qr', '2@Zm9vYmFy,c2VjcmV0LWtleQ==,aWRlbnRpdHk=,YWR2');
      await until(
        async () => (await qrOf(tenantB.tenantId, 'omar@web-b.example.com')).body['status'] === 'qr',
        'the qr state',
      );
      const waiting = await qrOf(tenantB.tenantId, 'omar@web-b.example.com');
      expect(waiting.status).to.equal(200);
      expect(waiting.body['qrSvg']).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(Number.isNaN(Date.parse(String(waiting.body['updatedAt'])))).to.equal(false);
      client.emitter.emit('ready');
      await until(
        async () => (await qrOf(tenantB.tenantId, 'omar@web-b.example.com')).body['status'] === 'ready',
        'the ready state',
      );
      expect((await qrOf(tenantB.tenantId, 'omar@web-b.example.com')).body['qrSvg']).to.equal(null);
    });

    it("when an admin names another tenant's installation, the answer is 404 and shows nothing", async () => {
      const installationOfB = (
        await host.platform.plugins.service.get(tenantB.tenantId, 'channel-whatsapp-web')
      ).installation?.id;
      const response = await qrOf(tenantA.tenantId, 'dana@web-a.example.com', installationOfB);
      expect(response.status).to.equal(404);
      expect(JSON.stringify(response.body)).not.to.include('svg');
      expect((response.body['error'] as { code?: string }).code).to.equal(
        'CHAT_WHATSAPP_WEB_INSTALLATION_NOT_FOUND',
      );
    });

    it('when a manager asks, the answer is 403', async () => {
      expect((await qrOf(tenantA.tenantId, 'max@web-a.example.com')).status).to.equal(403);
    });
  });
});
