import { expect } from 'chai';
import { createEgressClient } from '../../../core/egress/egress-client.js';
import type { EgressAttemptInfo } from '../../../core/egress/egress-client.js';
import { sendJson } from './support/local-server.js';
import { useEgressHarness } from './support/egress-harness.js';
import { expectPluginError, rejectionOf } from './support/rejection.js';

describe('egress client retries, timeouts and aborts (real local servers)', () => {
  const { serve, client, track, sleeps } = useEgressHarness();

  it('when the server answers 503 then 200, the GET is retried once after a jittered back-off', async () => {
    let calls = 0;
    const server = await serve((_request, response) => {
      calls += 1;
      if (calls === 1) sendJson(response, 503, { error: 'busy' });
      else sendJson(response, 200, { ok: true });
    });
    const response = await client().request({ method: 'GET', url: `${server.origin}/flaky` });
    expect(response.status).to.equal(200);
    expect(response.attempts).to.equal(2);
    expect(sleeps).to.deep.equal([125]);
  });

  it('when every attempt answers 500, the last 500 is returned after the retries', async () => {
    const server = await serve((_request, response) => sendJson(response, 500, { error: 'down' }));
    const response = await client().request({ method: 'DELETE', url: `${server.origin}/x` });
    expect(response.status).to.equal(500);
    expect(response.attempts).to.equal(3);
    expect(sleeps).to.deep.equal([125, 250]);
  });

  it('when 429 carries Retry-After (seconds or HTTP date), that delay is slept', async () => {
    const now = Date.parse('2026-03-01T12:00:00.000Z');
    let calls = 0;
    const server = await serve((_request, response) => {
      calls += 1;
      const retryAfter = calls === 1 ? '3' : 'Sun, 01 Mar 2026 12:00:02 GMT';
      if (calls <= 2) sendJson(response, 429, {}, { 'retry-after': retryAfter });
      else sendJson(response, 200, { ok: true });
    });
    const response = await client({ now: () => now }).request({
      method: 'GET',
      url: `${server.origin}/limited`,
    });
    expect(response.status).to.equal(200);
    expect(response.attempts).to.equal(3);
    expect(sleeps).to.deep.equal([3000, 2000]);
  });

  it('when Retry-After exceeds the maximum delay, the 429 is returned at once for the plugin to classify', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 429, {}, { 'retry-after': '3600' }),
    );
    const response = await client().request({ method: 'GET', url: `${server.origin}/limited` });
    expect(response.status).to.equal(429);
    expect(response.attempts).to.equal(1);
    expect(response.headers['retry-after']).to.equal('3600');
    expect(sleeps).to.deep.equal([]);
  });

  it('when a POST answers 500, or 503 without Retry-After, it is not retried; 503 with Retry-After is', async () => {
    const statuses: [number, Record<string, string>][] = [
      [500, {}],
      [503, {}],
      [503, { 'retry-after': '1' }],
      [201, {}],
    ];
    const server = await serve((_request, response) => {
      const [status, headers] = statuses.shift() ?? [200, {}];
      sendJson(response, status, {}, headers);
    });
    const egress = client();
    expect((await egress.request({ method: 'POST', url: `${server.origin}/a`, body: {} })).attempts).to.equal(
      1,
    );
    expect(
      (await egress.request({ method: 'PATCH', url: `${server.origin}/a`, body: {} })).attempts,
    ).to.equal(1);
    const retried = await egress.request({ method: 'POST', url: `${server.origin}/a`, body: {} });
    expect({ status: retried.status, attempts: retried.attempts }).to.deep.equal({
      status: 201,
      attempts: 2,
    });
    expect(server.requests).to.have.length(4);
    expect(sleeps).to.deep.equal([1000]);
  });

  it('when the connection is refused, even a POST is retried (nothing was sent), then fails transient', async () => {
    const server = await serve(() => undefined);
    const port = server.port;
    await server.close();
    const attempts: EgressAttemptInfo[] = [];
    const error = await expectPluginError(
      client({ onAttempt: (info) => attempts.push(info) }).request({
        method: 'POST',
        url: `http://127.0.0.1:${port}/send`,
        body: { text: 'hi' },
      }),
      'transient',
      'EGRESS_NETWORK_ERROR',
    );
    expect(error.details).to.deep.include({ attempts: 3, reason: 'ECONNREFUSED' });
    expect(attempts.map((info) => [info.status, info.error])).to.deep.equal([
      [null, 'ECONNREFUSED'],
      [null, 'ECONNREFUSED'],
      [null, 'ECONNREFUSED'],
    ]);
  });

  it('when the server never answers, each attempt times out and a transient EGRESS_TIMEOUT is thrown', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await expectPluginError(
      client().request({
        method: 'GET',
        url: `${server.origin}/slow`,
        timeoutMs: 100,
        retry: { retries: 1 },
      }),
      'transient',
      'EGRESS_TIMEOUT',
    );
    expect(error.details).to.deep.include({ attempts: 2, reason: 'TIMEOUT' });
    expect(server.requests).to.have.length(2);
    expect(Date.now() - started).to.be.below(2000);
  });

  it('when a POST times out after it was sent, it is not retried', async () => {
    const server = await serve(() => undefined);
    await expectPluginError(
      client().request({ method: 'POST', url: `${server.origin}/slow`, body: {}, timeoutMs: 100 }),
      'transient',
      'EGRESS_TIMEOUT',
    );
    expect(server.requests).to.have.length(1);
    expect(sleeps).to.deep.equal([]);
  });

  it('when the caller aborts mid-request, its reason is rethrown at once and nothing is retried', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectionOf(
      client().request({ method: 'GET', url: `${server.origin}/slow`, signal: controller.signal }),
    );
    expect(error).to.be.instanceOf(DOMException);
    expect((error as DOMException).name).to.equal('AbortError');
    expect(server.requests).to.have.length(1);
    expect(sleeps).to.deep.equal([]);
  });

  it('when the caller aborts during the back-off sleep, the wait ends at once with the reason', async () => {
    const server = await serve((_request, response) => sendJson(response, 503, {}, { 'retry-after': '5' }));
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    setTimeout(() => controller.abort(reason), 50);
    const egress = track(createEgressClient({ allow: ['127.0.0.1'] }));
    const started = Date.now();
    const error = await rejectionOf(
      egress.request({ method: 'GET', url: `${server.origin}/`, signal: controller.signal }),
    );
    expect(error).to.equal(reason);
    expect(Date.now() - started).to.be.below(1000);
    expect(server.requests).to.have.length(1);
  });

  it('when the caller signal is already aborted, no connection is made', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, {}));
    const error = await rejectionOf(
      client().request({ method: 'GET', url: `${server.origin}/`, signal: AbortSignal.abort() }),
    );
    expect((error as DOMException).name).to.equal('AbortError');
    expect(server.connections()).to.equal(0);
  });
});
