import { expect } from 'chai';
import { LIVE_EVENT_NAMES } from '../../../core/realtime/live-events.js';
import { eventRoom } from '../../../core/realtime/socket-server.js';
import { connectLive, refusedHandshake } from './support/live-clients.js';
import type { RecordingSocket } from './support/live-clients.js';
import { startRealtimeTestApp } from './support/realtime-test-app.js';
import type { RealtimeTestApp, SeededTenant } from './support/realtime-test-app.js';

const PORTAL = 'https://portal.example.com';

describe('socket.io /live (real HTTP server, real database)', () => {
  let app: RealtimeTestApp;
  let tenantA: SeededTenant;
  let tenantB: SeededTenant;
  let tokenA: string;
  let tokenB: string;
  const open: RecordingSocket[] = [];

  before(async () => {
    app = await startRealtimeTestApp();
    [tenantA, tenantB] = await Promise.all([app.seedTenant('a'), app.seedTenant('b')]);
    [tokenA, tokenB] = await Promise.all([app.accessToken(tenantA), app.accessToken(tenantB)]);
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  after(async () => {
    await app?.close();
  });

  const connect = async (...args: Parameters<typeof connectLive>) => {
    const socket = await connectLive(...args);
    open.push(socket);
    return socket;
  };

  it('when no token is given, the handshake fails with "unauthorized" and nothing else', async () => {
    const error = await refusedHandshake(app.url);
    expect(error.message).to.equal('unauthorized');
    expect(error.data).to.equal(undefined);
  });

  it('when the token is bad, expired-looking or of another kind, the handshake fails with "unauthorized"', async () => {
    for (const token of ['garbage', `${tokenA}x`, 'sak_' + 'A'.repeat(43), 'x'.repeat(5000)]) {
      const error = await refusedHandshake(app.url, { token });
      expect(error.message, token.slice(0, 20)).to.equal('unauthorized');
    }
    const ambiguous = await refusedHandshake(app.url, {
      token: tokenA,
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(ambiguous.message).to.equal('unauthorized');
  });

  it('when an access token is given in auth.token or a Bearer header, the socket connects', async () => {
    const viaAuth = await connect(app.url, { token: tokenA });
    const viaHeader = await connect(app.url, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(viaAuth.socket.connected).to.equal(true);
    expect(viaHeader.socket.connected).to.equal(true);
  });

  it('when an API key is given, the socket connects', async () => {
    const { key } = await app.modules.services.apiKeys.create(tenantA.id, { name: 'live', scopes: ['read'] });
    const socket = await connect(app.url, { token: key });
    expect(socket.socket.connected).to.equal(true);
  });

  it('when an embed token is used from an allowed origin, the socket connects; from another origin it is refused', async () => {
    const { token } = await app.embedTokens.issue({
      tenantId: tenantA.id,
      siteId: 'site-1',
      widgets: ['kpi-card'],
      allowedOrigins: [PORTAL],
    });
    const socket = await connect(app.url, { token, headers: { origin: PORTAL } });
    expect(socket.socket.connected).to.equal(true);
    const refused = await refusedHandshake(app.url, {
      token,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(refused.message).to.equal('unauthorized');
  });

  it('when an embed token does not embed alerts, its socket gets KPI changes but no alert and no sync progress', async () => {
    const { token } = await app.embedTokens.issue({
      tenantId: tenantA.id,
      siteId: 'site-3',
      widgets: ['kpi'],
      allowedOrigins: [PORTAL],
    });
    const card = await connect(app.url, { token, headers: { origin: PORTAL } });
    await app.bus.publish(tenantA.id, 'alert.raised', { severity: 'critical', title: 'Internal only' });
    app.sockets.emitToTenant(tenantA.id, 'sync:progress', {
      runId: 'run-9',
      pluginId: 'ads-demo',
      phase: 'metrics',
      rows: 1,
      apiCalls: 1,
      fraction: 0.5,
    });
    await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 77 });
    await card.waitFor((event) => event.name === 'kpis:changed');
    expect(card.received).to.deep.equal([{ name: 'kpis:changed', payload: { dataVersion: 77 } }]);
  });

  it("when a bus event of tenant A is published, A's sockets receive it and B's never do", async () => {
    const [a1, a2, b] = await Promise.all([
      connect(app.url, { token: tokenA }),
      connect(app.url, { token: tokenA }),
      connect(app.url, { token: tokenB }),
    ]);
    await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 41 });
    await app.bus.publish(tenantA.id, 'alert.raised', { severity: 'critical', title: 'Tracking outage' });
    await app.bus.publish(tenantA.id, 'rule.fired', {
      ruleId: 'r',
      campaignExternalId: 'c',
      action: 'pause',
    });
    // Emitted after A's events on the same node, so B would have seen A's by the time this arrives.
    await app.bus.publish(tenantB.id, 'kpis.changed', { dataVersion: 7 });
    for (const socket of [a1, a2]) {
      await socket.waitFor((event) => event.name === 'alert');
      expect(socket.received[0]).to.deep.equal({ name: 'kpis:changed', payload: { dataVersion: 41 } });
      expect(socket.received[1]?.payload).to.include({ severity: 'critical', title: 'Tracking outage' });
      expect((socket.received[1]?.payload as { at: string }).at).to.match(/^\d{4}-\d\d-\d\dT.*Z$/);
    }
    await b.waitFor((event) => event.name === 'kpis:changed');
    expect(b.received).to.deep.equal([{ name: 'kpis:changed', payload: { dataVersion: 7 } }]);
  });

  it('when a client tries to join another room, it is refused and still receives only its tenant', async () => {
    const a = await connect(app.url, { token: tokenA });
    const answer = await a.socket.timeout(2_000).emitWithAck('join', `tenant:${tenantB.id}`);
    expect(answer).to.deep.equal({
      error: { code: 'LIVE_EVENT_UNSUPPORTED', message: 'This connection only receives events' },
    });
    a.socket.emit('subscribe', { room: `tenant:${tenantB.id}` });
    const [serverSide] = await app.sockets.io
      .of('/live')
      .in(eventRoom(tenantA.id, 'kpis:changed'))
      .fetchSockets();
    expect([...(serverSide?.rooms ?? [])].sort()).to.deep.equal(
      [serverSide?.id, ...LIVE_EVENT_NAMES.map((name) => eventRoom(tenantA.id, name))].sort(),
    );
    for (const name of LIVE_EVENT_NAMES)
      expect(await app.sockets.io.of('/live').in(eventRoom(tenantB.id, name)).fetchSockets()).to.have.length(
        0,
      );
    await app.bus.publish(tenantB.id, 'kpis.changed', { dataVersion: 99 });
    await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 1 });
    await a.waitFor((event) => event.name === 'kpis:changed');
    expect(a.received).to.deep.equal([{ name: 'kpis:changed', payload: { dataVersion: 1 } }]);
  });

  it("when emitToTenant is called, only that tenant's sockets receive it", async () => {
    const [a, b] = await Promise.all([
      connect(app.url, { token: tokenA }),
      connect(app.url, { token: tokenB }),
    ]);
    app.sockets.emitToTenant(tenantA.id, 'sync:progress', {
      runId: 'run-1',
      pluginId: 'ads-demo',
      phase: 'metrics',
      rows: 10,
      apiCalls: 1,
      fraction: 0.5,
    });
    app.sockets.emitToTenant(tenantB.id, 'kpis:changed', { dataVersion: 2 });
    await a.waitFor((event) => event.name === 'sync:progress');
    await b.waitFor((event) => event.name === 'kpis:changed');
    expect(a.received.map((event) => event.name)).to.deep.equal(['sync:progress']);
    expect(b.received.map((event) => event.name)).to.deep.equal(['kpis:changed']);
  });

  it('when a client connects to the default namespace, it is refused', async () => {
    const error = await refusedHandshake(app.url, { token: tokenA, namespace: '/' });
    expect(error.message).to.equal('unauthorized');
  });

  it('when a client keeps emitting events, it is disconnected', async () => {
    const a = await connect(app.url, { token: tokenA });
    const disconnected = new Promise<string>((resolve) => a.socket.once('disconnect', resolve));
    for (let index = 0; index < 20; index += 1) a.socket.emit('spam', index);
    expect(await disconnected).to.equal('io server disconnect');
  });

  // Last: it closes the live server of this suite.
  it('when the live server closes, its sockets are disconnected, handshakes refused and HTTP keeps serving', async () => {
    const a = await connect(app.url, { token: tokenA });
    const disconnected = new Promise<string>((resolve) => a.socket.once('disconnect', resolve));
    await app.sockets.close();
    expect(await disconnected).to.equal('io server disconnect');
    const refused = await connectLive(app.url, { token: tokenA }).then(
      (socket) => {
        socket.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(Error);
    const health = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST' });
    expect(health.status).to.equal(400);
  });
});
