import { expect } from 'chai';
import { sendJson } from './support/local-server.js';
import { useEgressHarness } from './support/egress-harness.js';
import { expectPluginError } from './support/rejection.js';

describe('egress client requests, bodies, limits and redirects (real local servers)', () => {
  const { serve, client, sleeps } = useEgressHarness();

  it('when a GET answers JSON, status, lower-cased headers, text, json() and attempts come back', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' });
      response.end('{"campaigns":[{"id":"c1","spendCents":1250}]}');
    });
    const response = await client({ userAgent: 'StratumTest/1' }).request({
      method: 'GET',
      url: `${server.origin}/v1/campaigns`,
      headers: { Accept: 'application/json' },
    });
    expect(response.status).to.equal(200);
    expect(response.headers['x-request-id']).to.equal('r-1');
    expect(response.headers['content-type']).to.equal('application/json');
    expect(response.json()).to.deep.equal({ campaigns: [{ id: 'c1', spendCents: 1250 }] });
    expect(response.attempts).to.equal(1);
    expect(server.requests[0]?.headers['user-agent']).to.equal('StratumTest/1');
    expect(server.requests[0]?.headers.accept).to.equal('application/json');
  });

  it('when a POST carries a JSON body, it is sent as application/json; a string body as-is', async () => {
    const server = await serve((request, response) =>
      sendJson(response, 201, { contentType: request.headers['content-type'], body: request.body }),
    );
    const egress = client();
    const json = await egress.request({
      method: 'POST',
      url: `${server.origin}/echo`,
      body: { name: 'Ünïcode', cents: 5 },
    });
    expect(json.status).to.equal(201);
    expect(json.json()).to.deep.equal({
      contentType: 'application/json',
      body: '{"name":"Ünïcode","cents":5}',
    });
    const text = await egress.request({
      method: 'PUT',
      url: `${server.origin}/echo`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=2',
    });
    expect(text.json()).to.deep.equal({ contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2' });
  });

  it('when query parameters are given, they are appended to the URL query, encoded', async () => {
    const server = await serve((request, response) => sendJson(response, 200, {}));
    await client().request({
      method: 'GET',
      url: `${server.origin}/insights?fields=spend`,
      query: { q: 'a b&c=d/é', limit: 50, active: true, 'time range': '{"since":"2026-01-01"}' },
    });
    const seen = new URL(server.requests[0]?.url ?? '', server.origin);
    expect(seen.pathname).to.equal('/insights');
    expect([...seen.searchParams]).to.deep.equal([
      ['fields', 'spend'],
      ['q', 'a b&c=d/é'],
      ['limit', '50'],
      ['active', 'true'],
      ['time range', '{"since":"2026-01-01"}'],
    ]);
    expect(server.requests[0]?.url).to.include('q=a+b%26c%3Dd%2F%C3%A9');
  });

  it('when a response exceeds the size cap (declared or streamed), EGRESS_RESPONSE_TOO_LARGE and the connection is dropped', async () => {
    let closedEarly = 0;
    let streamedChunks = 0;
    const server = await serve((request, response) => {
      response.on('close', () => {
        if (!response.writableFinished) closedEarly += 1;
      });
      if (request.url === '/declared') {
        response.writeHead(200, { 'content-length': 4096 });
        response.write(Buffer.alloc(100, 'a'));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => {
        streamedChunks += 1;
        response.write(Buffer.alloc(512, 'b'));
      }, 5);
      response.on('close', () => clearInterval(timer));
    });
    const egress = client({ maxResponseBytes: 1024 });
    for (const path of ['/declared', '/streamed']) {
      const error = await expectPluginError(
        egress.request({ method: 'GET', url: `${server.origin}${path}` }),
        'system',
        'EGRESS_RESPONSE_TOO_LARGE',
      );
      expect(error.details).to.deep.include({ limitBytes: 1024 });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).to.equal(2);
    // The client hung up after about 1 KiB, not after the server gave up.
    expect(streamedChunks).to.be.below(20);
    expect(sleeps).to.deep.equal([]);
  });

  it('when the body is not JSON, json() throws a system PluginError and text stays readable', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const response = await client().request({
      method: 'GET',
      url: `${server.origin}/`,
      retry: { retries: 0 },
    });
    expect(response.status).to.equal(502);
    expect(response.text).to.equal('<html>Bad gateway</html>');
    expect(() => response.json())
      .to.throw('is not JSON')
      .with.property('code', 'EGRESS_RESPONSE_NOT_JSON');
  });

  it('when redirects stay allowed, they are followed with 303 → GET and 307 keeping the body; credentials stop at another origin', async () => {
    const other = await serve((request, response) =>
      sendJson(response, 200, {
        at: 'other',
        auth: request.headers.authorization ?? null,
        body: request.body,
      }),
    );
    const server = await serve((request, response) => {
      if (request.url === '/see-other') response.writeHead(303, { location: '/result' }).end();
      else if (request.url === '/temporary') response.writeHead(307, { location: '/result' }).end();
      else if (request.url === '/away')
        response.writeHead(307, { location: `${other.origin}/landing` }).end();
      else
        sendJson(response, 200, {
          method: request.method,
          body: request.body,
          auth: request.headers.authorization,
        });
    });
    const egress = client();
    const headers = { authorization: 'Bearer tok' };
    const seeOther = await egress.request({
      method: 'POST',
      url: `${server.origin}/see-other`,
      body: { a: 1 },
      headers,
    });
    expect(seeOther.json()).to.deep.equal({ method: 'GET', body: '', auth: 'Bearer tok' });
    const temporary = await egress.request({
      method: 'POST',
      url: `${server.origin}/temporary`,
      body: { a: 1 },
      headers,
    });
    expect(temporary.json()).to.deep.equal({ method: 'POST', body: '{"a":1}', auth: 'Bearer tok' });
    const away = await egress.request({
      method: 'POST',
      url: `${server.origin}/away`,
      body: { a: 1 },
      headers,
    });
    expect(away.json()).to.deep.equal({ at: 'other', auth: null, body: '' });
    expect(away.attempts).to.equal(1);
  });

  it('when redirects loop, the client stops after maxRedirects hops', async () => {
    const server = await serve((_request, response) => response.writeHead(302, { location: '/again' }).end());
    await expectPluginError(
      client({ maxRedirects: 3 }).request({ method: 'GET', url: `${server.origin}/start` }),
      'system',
      'EGRESS_TOO_MANY_REDIRECTS',
    );
    expect(server.requests).to.have.length(4);
  });

  it('when requests are logged, lines carry host, method, path and status but never query, headers or bodies', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (message: string, fields?: Readonly<Record<string, unknown>>) =>
        lines.push(JSON.stringify({ message, fields })),
      warn: (message: string, fields?: Readonly<Record<string, unknown>>) =>
        lines.push(JSON.stringify({ message, fields })),
    };
    let calls = 0;
    const server = await serve((_request, response) => {
      calls += 1;
      sendJson(response, calls === 1 ? 503 : 200, { token: 'response-secret' });
    });
    await client({ logger }).request({
      method: 'PUT',
      url: `${server.origin}/v1/act?access_token=query-secret`,
      query: { appsecret_proof: 'proof-secret' },
      headers: { authorization: 'Bearer header-secret' },
      body: { password: 'body-secret' },
    });
    const text = lines.join('\n');
    for (const secret of ['query-secret', 'proof-secret', 'header-secret', 'body-secret', 'response-secret'])
      expect(text).not.to.include(secret);
    expect(lines).to.have.length(2);
    expect(JSON.parse(lines[1] ?? '{}')).to.deep.nested.include({
      'fields.host': `127.0.0.1:${server.port}`,
      'fields.method': 'PUT',
      'fields.path': '/v1/act',
      'fields.status': 200,
      'fields.attempt': 2,
    });
  });

  it('when views are bound to different loggers, each logs its own requests and they share one keep-alive pool', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, {}));
    const egress = client();
    const seen = { a: 0, b: 0 };
    const hookSeen: string[] = [];
    const viewA = egress.bind({
      logger: { debug: () => void (seen.a += 1), warn: () => void (seen.a += 1) },
      onAttempt: (info) => hookSeen.push(`a:${info.status}`),
    });
    const viewB = egress.bind({
      logger: { debug: () => void (seen.b += 1), warn: () => void (seen.b += 1) },
    });
    await viewA.request({ method: 'GET', url: `${server.origin}/a` });
    await viewB.request({ method: 'GET', url: `${server.origin}/b`, headers: { 'Accept-Encoding': 'gzip' } });
    await viewB.request({ method: 'GET', url: `${server.origin}/b` });
    expect(seen).to.deep.equal({ a: 1, b: 2 });
    expect(hookSeen).to.deep.equal(['a:200']);
    expect(server.connections()).to.equal(1);
    expect(server.requests[1]?.headers['accept-encoding']).to.equal(undefined);
  });

  it('when a request is malformed (bad header name, bad timeout), a system PluginError names it before any connection', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, {}));
    const egress = client();
    await expectPluginError(
      egress.request({ method: 'GET', url: server.origin, headers: { 'bad header': 'x' } }),
      'system',
      'EGRESS_REQUEST_INVALID',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: server.origin, headers: { 'x-ok': 'line\r\nbreak' } }),
      'system',
      'EGRESS_REQUEST_INVALID',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: server.origin, timeoutMs: -1 }),
      'system',
      'EGRESS_REQUEST_INVALID',
    );
    expect(server.requests).to.have.length(0);
  });
});
