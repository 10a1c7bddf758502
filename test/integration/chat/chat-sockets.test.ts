/**
 * The `/chat` socket.io namespace on the whole product: handshake authentication (access token
 * with chat:use, embed token with the chat widget and its scope), history, typing indicator,
 * replies, the per-socket rate limit, and 500 concurrent sockets all answered.
 */
import { expect } from 'chai';
import type { ChatReplyEvent } from '../../../chat/web/chat-events.js';
import { connectChat, refusedChat } from './support/chat-client.js';
import type { ChatClient } from './support/chat-client.js';
import type { ChatHost } from './support/chat-host.js';
import { startChatHost } from './support/chat-host.js';

const PORTAL = 'https://portal.example.com';

describe('web chat over socket.io /chat (integration)', function () {
  this.timeout(120_000);
  let host: ChatHost;
  let manager: string;
  let apiKey: string;

  const replyOf = async (client: ChatClient, text: string): Promise<ChatReplyEvent> => {
    const ack = await client.send(text);
    if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
    return ack.reply;
  };
  const embedToken = async (widgets: readonly string[], platforms?: readonly string[]): Promise<string> => {
    const site = await host.api('/embed/sites', manager, {
      method: 'POST',
      body: JSON.stringify({ name: `portal ${widgets.join('+')}`, allowedOrigins: [PORTAL], widgets }),
    });
    expect(site.status, await site.clone().text()).to.equal(201);
    const { id } = (await site.json()) as { id: string };
    // Tokens are minted server to server with an API key (as a customer's portal backend does).
    const issued = await host.api('/embed/tokens', apiKey, {
      method: 'POST',
      body: JSON.stringify({ siteId: id, ...(platforms === undefined ? {} : { platforms }) }),
    });
    expect(issued.status, await issued.clone().text()).to.be.oneOf([200, 201]);
    return ((await issued.json()) as { token: string }).token;
  };

  before(async () => {
    host = await startChatHost('sockets');
    manager = await host.login('manager@demo.stratum.dev');
    const admin = await host.login('admin@demo.stratum.dev');
    const created = await host.api('/api-keys', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'portal backend', scopes: ['read'] }),
    });
    expect(created.status).to.equal(201);
    apiKey = ((await created.json()) as { key: string }).key;
  });
  after(async () => {
    await host?.close();
  });

  it('when a manager connects and asks, history, typing on/off and the reply arrive, and a reconnect replays the conversation', async () => {
    const client = await connectChat(host.url, { token: manager, conversationId: 'sockets-history-1' });
    try {
      expect(await client.waitFor('chat:history')).to.deep.equal({
        conversationId: 'sockets-history-1',
        messages: [],
      });
      const reply = await replyOf(client, 'roas yesterday');
      expect(reply).to.include({
        conversationId: 'sockets-history-1',
        intent: 'metric_query',
        language: 'en',
      });
      expect(reply.text).to.include('ROAS');
      await client.waitFor('chat:reply');
      const typing = client.received
        .filter((event) => event.name === 'chat:typing')
        .map((event) => event.payload);
      expect(typing).to.deep.equal([
        { conversationId: 'sockets-history-1', typing: true },
        { conversationId: 'sockets-history-1', typing: false },
      ]);
    } finally {
      client.close();
    }
    const again = await connectChat(host.url, { token: manager, conversationId: 'sockets-history-1' });
    try {
      const history = (await again.waitFor('chat:history')) as { messages: { role: string; text: string }[] };
      expect(
        history.messages.map((message) => [message.role, message.role === 'user' ? message.text : '']),
      ).to.deep.equal([
        ['user', 'roas yesterday'],
        ['assistant', ''],
      ]);
    } finally {
      again.close();
    }
  });

  it('when the handshake has no token, a viewer token or an embed token without the chat widget, it is refused', async () => {
    expect((await refusedChat(host.url)).message).to.equal('unauthorized');
    const viewer = await host.login('viewer@demo.stratum.dev');
    expect((await refusedChat(host.url, { token: viewer })).message).to.equal('unauthorized');
    const kpiOnly = await embedToken(['kpi']);
    expect((await refusedChat(host.url, { token: kpiOnly, origin: PORTAL })).message).to.equal(
      'unauthorized',
    );
  });

  it("when an embed token with the chat widget is limited to meta, answers read meta only and other platforms' numbers never appear", async () => {
    const token = await embedToken(['kpi', 'chat'], ['meta']);
    expect((await refusedChat(host.url, { token })).message).to.equal('unauthorized');
    const client = await connectChat(host.url, { token, origin: PORTAL });
    try {
      const reply = await replyOf(client, 'spend last week');
      const range = await host.api('/kpis?range=last_week&platforms=meta&metrics=spend', manager);
      const meta = (await range.json()) as { totals: { spend: number } };
      const all = (await (await host.api('/kpis?range=last_week&metrics=spend', manager)).json()) as {
        totals: { spend: number };
      };
      const usd = (cents: number) =>
        new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
      expect(reply.text).to.include(usd(meta.totals.spend)).and.not.include(usd(all.totals.spend));
      const outside = await replyOf(client, 'tiktok spend last week');
      expect(outside.text).to.include('no data').and.not.include('$');
    } finally {
      client.close();
    }
  });

  it('when one socket sends more messages than its bucket holds, the extra ones are refused with a retry time', async () => {
    const client = await connectChat(host.url, { token: manager });
    try {
      const acks = await Promise.all(Array.from({ length: 14 }, () => client.send('hi')));
      const limited = acks.filter((ack) => !ack.ok);
      expect(limited.length).to.be.greaterThan(0);
      expect(limited[0]).to.deep.include({ ok: false });
      expect(JSON.stringify(limited[0])).to.include('CHAT_RATE_LIMITED').and.include('retryAfterMs');
      expect(acks.filter((ack) => ack.ok)).to.have.length(10);
    } finally {
      client.close();
    }
  });

  it('when 500 chat sockets each ask at once, every one gets its answer', async () => {
    const clients: ChatClient[] = [];
    try {
      for (let batch = 0; batch < 10; batch += 1)
        clients.push(
          ...(await Promise.all(Array.from({ length: 50 }, () => connectChat(host.url, { token: manager })))),
        );
      const started = Date.now();
      const acks = await Promise.all(
        clients.map((client, index) =>
          client.send(index % 2 === 0 ? 'roas yesterday' : 'spend last week', 60_000),
        ),
      );
      const elapsed = Date.now() - started;
      expect(acks.filter((ack) => ack.ok)).to.have.length(500);
      expect(acks.every((ack) => ack.ok && ack.reply.intent === 'metric_query')).to.equal(true);
      expect(elapsed).to.be.lessThan(60_000);
    } finally {
      for (const client of clients) client.close();
    }
  });
});
