import { Writable } from 'node:stream';
import { expect } from 'chai';
import { openSse } from './support/live-clients.js';
import type { SseStream } from './support/live-clients.js';
import { startRealtimeTestApp } from './support/realtime-test-app.js';
import type { RealtimeTestApp, SeededTenant } from './support/realtime-test-app.js';

const PORTAL = 'https://portal.example.com';

describe('SSE GET /api/v1/events (real HTTP server, real database)', () => {
  let app: RealtimeTestApp;
  let tenantA: SeededTenant;
  let tenantB: SeededTenant;
  let tokenA: string;
  let tokenB: string;
  const logLines: string[] = [];
  const open: SseStream[] = [];

  before(async () => {
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await startRealtimeTestApp({ heartbeatMs: 40, logDestination, buffer: { perTenant: 5 } });
    [tenantA, tenantB] = await Promise.all([app.seedTenant('a'), app.seedTenant('b')]);
    [tokenA, tokenB] = await Promise.all([app.accessToken(tenantA), app.accessToken(tenantB)]);
  });
  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });
  after(async () => {
    await app?.close();
  });

  const sse = async (headers?: Record<string, string>, query?: string) => {
    const stream = await openSse(app.url, headers, query);
    open.push(stream);
    return stream;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('when no credential is given, it answers 401 JSON before any stream', async () => {
    const stream = await sse();
    expect(stream.response.status).to.equal(401);
    expect(stream.response.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await stream.response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('AUTH_UNAUTHENTICATED');
    expect(body.error.message).to.be.a('string');
  });

  it('when the credential is bad or ambiguous, it answers 401', async () => {
    for (const headers of [
      bearer('nope'),
      { 'x-api-key': 'sak_nope' },
      { ...bearer(tokenA), 'x-api-key': 'k' },
    ]) {
      const stream = await sse(headers);
      expect(stream.response.status).to.equal(401);
      expect(((await stream.response.json()) as { error: { code: string } }).error.code).to.match(/^AUTH_/);
    }
  });

  it('when authenticated, the stream has the SSE headers, a retry hint and heartbeats', async () => {
    const stream = await sse(bearer(tokenA));
    expect(stream.response.status).to.equal(200);
    expect(stream.response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).to.equal('no-cache, no-transform');
    expect(stream.response.headers.get('x-accel-buffering')).to.equal('no');
    await stream.waitFor((frame) => frame.comments.includes('heartbeat'));
    await stream.waitFor((frame) => frame.comments.includes('heartbeat') && frame !== stream.frames[1]);
    expect(stream.frames[0]?.retry).to.equal('3000');
    expect(stream.frames.filter((frame) => frame.comments.includes('heartbeat')).length).to.be.at.least(2);
  });

  it("when tenant A's events are published, A's stream gets them with the bus id and B's stream never does", async () => {
    const [a, b] = await Promise.all([sse(bearer(tokenA)), sse(bearer(tokenB))]);
    const changed = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 3 });
    const progress = await app.bus.publish(tenantA.id, 'sync.progress', {
      runId: 'r1',
      pluginId: 'ads-demo',
      phase: 'campaigns',
      rows: 40,
      apiCalls: 2,
      fraction: null,
    });
    await app.bus.publish(tenantA.id, 'plugin.status', { pluginId: 'p', status: 'error', message: 'm' });
    const sentinel = await app.bus.publish(tenantB.id, 'kpis.changed', { dataVersion: 1 });
    await a.waitFor((frame) => frame.id === progress.id);
    expect(a.events()).to.deep.equal([
      { id: changed.id, event: 'kpis:changed', data: '{"dataVersion":3}', comments: [] },
      {
        id: progress.id,
        event: 'sync:progress',
        data: JSON.stringify(progress.payload),
        comments: [],
      },
    ]);
    await b.waitFor((frame) => frame.id === sentinel.id);
    expect(b.events().map((frame) => frame.id)).to.deep.equal([sentinel.id]);
  });

  it('when a client comes back with Last-Event-ID, the events it missed are replayed in order, then live ones', async () => {
    const first = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 10 });
    const second = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 11 });
    await app.bus.publish(tenantB.id, 'kpis.changed', { dataVersion: 500 });
    const third = await app.bus.publish(tenantA.id, 'alert.raised', { severity: 'info', title: 'Back' });
    const stream = await sse({ ...bearer(tokenA), 'last-event-id': first.id });
    await stream.waitFor((frame) => frame.id === third.id);
    const live = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 12 });
    await stream.waitFor((frame) => frame.id === live.id);
    expect(stream.events().map((frame) => frame.id)).to.deep.equal([second.id, third.id, live.id]);
    expect(JSON.parse(stream.events()[1]?.data ?? '')).to.deep.include({ severity: 'info', title: 'Back' });
  });

  it('when the token and lastEventId come in the query, the stream resumes and the token is never logged', async () => {
    const first = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 20 });
    const second = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 21 });
    const stream = await sse({}, `?access_token=${encodeURIComponent(tokenA)}&lastEventId=${first.id}`);
    await stream.waitFor((frame) => frame.id === second.id);
    stream.close();
    const deadline = Date.now() + 2_000;
    while (!logLines.some((line) => line.includes('/api/v1/events?access_token=')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const logged = logLines.join('');
    expect(logged).to.include('access_token=[REDACTED]');
    expect(logged).to.not.include(tokenA);
  });

  it('when Last-Event-ID is unknown or already evicted, a reset event tells the client to refetch', async () => {
    const evicted = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 30 });
    let newest = evicted;
    for (let version = 31; version < 37; version += 1)
      newest = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: version });
    for (const lastEventId of [evicted.id, '1700000000000-000000-gone', 'not an id']) {
      const stream = await sse({ ...bearer(tokenA), 'last-event-id': lastEventId });
      const reset = await stream.waitFor((frame) => frame.event === 'reset');
      expect(reset).to.deep.equal({ id: newest.id, event: 'reset', data: '{}', comments: [] });
      expect(stream.events()).to.have.length(1);
      stream.close();
    }
  });

  it('when an embed token is used, its origin is checked and that origin may read the stream', async () => {
    const { token } = await app.embedTokens.issue({
      tenantId: tenantA.id,
      siteId: 'site-1',
      widgets: ['kpi-card'],
      allowedOrigins: [PORTAL],
    });
    const allowed = await sse({ origin: PORTAL }, `?access_token=${token}`);
    expect(allowed.response.status).to.equal(200);
    expect(allowed.response.headers.get('access-control-allow-origin')).to.equal(PORTAL);
    const event = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 40 });
    await allowed.waitFor((frame) => frame.id === event.id);
    const refused = await sse({ origin: 'https://evil.example.com', ...bearer(token) });
    expect(refused.response.status).to.equal(403);
    expect(((await refused.response.json()) as { error: { code: string } }).error.code).to.equal(
      'EMBED_ORIGIN_FORBIDDEN',
    );
  });

  it('when an embed token does not embed alerts, its stream gets KPI changes but no alert and no sync progress', async () => {
    const issue = (widgets: string[]) =>
      app.embedTokens.issue({ tenantId: tenantA.id, siteId: 'site-2', widgets, allowedOrigins: [PORTAL] });
    const [kpiOnly, withAlerts] = await Promise.all([issue(['kpi']), issue(['kpi', 'alerts'])]);
    const [card, alerts] = await Promise.all([
      sse({ origin: PORTAL }, `?access_token=${kpiOnly.token}`),
      sse({ origin: PORTAL }, `?access_token=${withAlerts.token}`),
    ]);
    const alert = await app.bus.publish(tenantA.id, 'alert.raised', {
      severity: 'warning',
      title: 'Internal: CPA doubled on Brand',
    });
    await app.bus.publish(tenantA.id, 'sync.progress', {
      runId: 'r2',
      pluginId: 'ads-demo',
      phase: 'metrics',
      rows: 1,
      apiCalls: 1,
      fraction: 0.5,
    });
    const changed = await app.bus.publish(tenantA.id, 'kpis.changed', { dataVersion: 41 });
    await Promise.all([
      card.waitFor((frame) => frame.id === changed.id),
      alerts.waitFor((frame) => frame.id === changed.id),
    ]);
    expect(card.events().map((frame) => frame.event)).to.deep.equal(['kpis:changed']);
    expect(alerts.events().map((frame) => frame.id)).to.deep.equal([alert.id, changed.id]);
    // A replay from before the alert leaves it out too.
    const replay = await sse({ origin: PORTAL, 'last-event-id': alert.id }, `?access_token=${kpiOnly.token}`);
    await replay.waitFor((frame) => frame.id === changed.id);
    expect(replay.events().map((frame) => frame.event)).to.deep.equal(['kpis:changed']);
  });

  it('when clients disconnect, their streams are released', async () => {
    const before = app.sse.connectionCount();
    const streams = await Promise.all([sse(bearer(tokenA)), sse(bearer(tokenB))]);
    await Promise.all(streams.map((stream) => stream.waitFor((frame) => frame.retry !== undefined)));
    expect(app.sse.connectionCount()).to.equal(before + 2);
    for (const stream of streams) stream.close();
    const deadline = Date.now() + 2_000;
    while (app.sse.connectionCount() !== before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(app.sse.connectionCount()).to.equal(before);
  });
});
