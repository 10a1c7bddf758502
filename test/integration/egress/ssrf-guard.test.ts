import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { expect } from 'chai';
import { createEgressClient } from '../../../core/egress/egress-client.js';
import type { EgressClient, EgressClientOptions } from '../../../core/egress/egress-client.js';
import type { EgressResolver, ResolvedAddress } from '../../../core/egress/url-guard.js';
import { PluginError } from '../../../core/plugin-api/plugin-error.js';
import { expectPluginError, rejectionOf } from './support/rejection.js';
import { sendJson, startLocalServer } from './support/local-server.js';
import type { LocalServer } from './support/local-server.js';

const noSleep = async (): Promise<void> => {};

/** A resolver answering from a script, one answer per call (the last one repeats), counting calls. */
function scriptedResolver(...answers: (readonly ResolvedAddress[])[]): EgressResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<readonly ResolvedAddress[]> => {
    calls.push(hostname);
    return answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
  };
  return Object.assign(resolver, { calls });
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe('egress client SSRF guard (real local servers)', () => {
  let server: LocalServer;
  const clients: EgressClient[] = [];

  function client(options: Partial<EgressClientOptions> = {}): EgressClient {
    const created = createEgressClient({ allow: [], sleep: noSleep, defaultTimeoutMs: 2000, ...options });
    clients.push(created);
    return created;
  }

  beforeEach(async () => {
    server = await startLocalServer((request, response) => sendJson(response, 200, { path: request.url }));
  });

  afterEach(async () => {
    for (const created of clients.splice(0)) created.close();
    await server.close();
  });

  it('when 127.0.0.1 is allow-listed, the local server is reached', async () => {
    const response = await client({ allow: ['127.0.0.1'] }).request({
      method: 'GET',
      url: `${server.origin}/ok`,
    });
    expect(response.status).to.equal(200);
    expect(server.connections()).to.equal(1);
  });

  it('when the same server is not allow-listed, it is refused and never contacted', async () => {
    const error = await expectPluginError(
      client().request({ method: 'GET', url: `${server.origin}/ok` }),
      'config',
      'EGRESS_ADDRESS_BLOCKED',
    );
    expect(error.details).to.deep.include({ range: 'loopback' });
    expect(server.connections()).to.equal(0);
  });

  it('when only another port of the host is allow-listed, it is refused', async () => {
    await expectPluginError(
      client({ allow: [`127.0.0.1:${server.port === 1 ? 2 : server.port - 1}`] }).request({
        method: 'GET',
        url: `${server.origin}/`,
      }),
      'config',
      'EGRESS_ADDRESS_BLOCKED',
    );
    expect(server.connections()).to.equal(0);
  });

  it('when the URL is an internal address in any spelling the URL parser accepts, it is refused without DNS', async () => {
    const resolver = scriptedResolver([v4('8.8.8.8')]);
    const egress = client({ resolve: resolver });
    const port = server.port;
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.0.1/',
      'http://172.16.0.1/',
      'http://100.64.0.1/',
      `http://[::1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://0:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://017700000001:${port}/`,
      `http://127.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      `http://[::127.0.0.1]:${port}/`,
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::1]/',
      'http://[fe80::1]/',
      'http://[fd00:ec2::254]/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
    ];
    for (const url of urls) {
      const error = await expectPluginError(
        egress.request({ method: 'GET', url }),
        'config',
        'EGRESS_ADDRESS_BLOCKED',
      );
      expect(error.message, url).to.include('refused');
    }
    expect(resolver.calls).to.deep.equal([]);
    expect(server.connections()).to.equal(0);
  });

  it('when localhost (system DNS) names the server, it is refused', async () => {
    await expectPluginError(
      client().request({ method: 'GET', url: `http://localhost:${server.port}/` }),
      'config',
      'EGRESS_ADDRESS_BLOCKED',
    );
    expect(server.connections()).to.equal(0);
  });

  it('when a name resolves to a private address, or to a public and a private one, it is refused', async () => {
    for (const answer of [
      [v4('10.1.2.3')],
      [v4('8.8.8.8'), v4('127.0.0.1')],
      [v6('2606:4700::1'), v6('fe80::1')],
    ]) {
      await expectPluginError(
        client({ resolve: scriptedResolver(answer) }).request({
          method: 'GET',
          url: 'https://api.partner.test/',
        }),
        'config',
        'EGRESS_ADDRESS_BLOCKED',
      );
    }
  });

  it('when DNS rebinds a checked public name to the server, the connection still goes to the checked address', async () => {
    // `localhost` also resolves to the server through the system resolver, so a client that looked
    // the name up again at connect time (either resolver) would reach the server.
    // 3ffe::/16 is global unicast space returned to IANA in 2006: routed nowhere, so the pinned
    // connection fails (timeout or unreachable) without any packet reaching a real host.
    const resolver = scriptedResolver([v6('3ffe::1')], [v4('127.0.0.1')]);
    const attempts: (string | undefined)[] = [];
    const error = await rejectionOf(
      client({ resolve: resolver, onAttempt: (info) => attempts.push(info.error) }).request({
        method: 'GET',
        url: `http://localhost:${server.port}/`,
        timeoutMs: 300,
        retry: { retries: 0 },
      }),
    );
    expect(error).to.be.instanceOf(PluginError);
    expect((error as PluginError).kind).to.equal('transient');
    expect(['EGRESS_TIMEOUT', 'EGRESS_NETWORK_ERROR']).to.include((error as PluginError).code);
    expect(resolver.calls).to.deep.equal(['localhost']);
    expect(server.connections()).to.equal(0);
    expect(attempts).to.have.length(1);
  });

  it('when an allow-listed name re-resolves elsewhere, the connection goes to the first answer and Host keeps the name', async () => {
    const decoy = await startLocalServer((_request, response) => sendJson(response, 200, { decoy: true }), {
      host: '127.0.0.2',
      port: server.port,
    });
    try {
      const resolver = scriptedResolver([v4('127.0.0.1')], [v4('127.0.0.2')]);
      const response = await client({ allow: ['api.fake.test'], resolve: resolver }).request({
        method: 'GET',
        url: `http://api.fake.test:${server.port}/pinned`,
      });
      expect(response.json()).to.deep.equal({ path: '/pinned' });
      expect(resolver.calls).to.deep.equal(['api.fake.test']);
      expect(server.requests[0]?.headers.host).to.equal(`api.fake.test:${server.port}`);
      expect(decoy.connections()).to.equal(0);
    } finally {
      await decoy.close();
    }
  });

  it('when https goes to a pinned address, TLS SNI carries the name and an untrusted certificate fails as system', async () => {
    const key = readFileSync(new URL('./fixtures/api-fake-test.key.pem', import.meta.url));
    const cert = readFileSync(new URL('./fixtures/api-fake-test.cert.pem', import.meta.url));
    const serverNames: string[] = [];
    const secureContext = tls.createSecureContext({ key, cert });
    const tlsServer = https.createServer(
      {
        key,
        cert,
        SNICallback: (serverName, callback) => {
          serverNames.push(serverName);
          callback(null, secureContext);
        },
      },
      (_request, response) => response.end('{}'),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const resolver = scriptedResolver([v4('127.0.0.1')]);
      const error = await expectPluginError(
        client({ allow: ['api.fake.test'], resolve: resolver }).request({
          method: 'GET',
          url: `https://api.fake.test:${port}/v1/me`,
        }),
        'system',
        'EGRESS_TLS_FAILED',
      );
      expect(error.details).to.deep.include({ host: `api.fake.test:${port}` });
      expect(serverNames).to.deep.equal(['api.fake.test']);
      expect(resolver.calls).to.deep.equal(['api.fake.test']);
    } finally {
      tlsServer.closeAllConnections();
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });

  it('when an allow-listed server redirects to a non-allow-listed private address, the hop is refused', async () => {
    const internal = await startLocalServer((_request, response) =>
      sendJson(response, 200, { secret: true }),
    );
    const redirector = await startLocalServer((request, response) => {
      const location =
        request.url === '/metadata' ? 'http://169.254.169.254/latest/' : `${internal.origin}/admin`;
      response.writeHead(302, { location });
      response.end();
    });
    try {
      const egress = client({ allow: [`127.0.0.1:${redirector.port}`] });
      for (const path of ['/internal', '/metadata']) {
        await expectPluginError(
          egress.request({ method: 'GET', url: `${redirector.origin}${path}` }),
          'config',
          'EGRESS_ADDRESS_BLOCKED',
        );
      }
      expect(redirector.requests).to.have.length(2);
      expect(internal.connections()).to.equal(0);
    } finally {
      await Promise.all([internal.close(), redirector.close()]);
    }
  });

  it('when a scheme other than http/https, credentials or garbage are in the URL, it is refused', async () => {
    const egress = client({ allow: ['127.0.0.1'] });
    await expectPluginError(
      egress.request({ method: 'GET', url: 'ftp://127.0.0.1/x' }),
      'config',
      'EGRESS_SCHEME_NOT_ALLOWED',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: 'file:///etc/passwd' }),
      'config',
      'EGRESS_SCHEME_NOT_ALLOWED',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: 'gopher://127.0.0.1/' }),
      'config',
      'EGRESS_SCHEME_NOT_ALLOWED',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: `http://user:pw@127.0.0.1:${server.port}/` }),
      'config',
      'EGRESS_CREDENTIALS_IN_URL',
    );
    await expectPluginError(
      egress.request({ method: 'GET', url: 'not a url' }),
      'config',
      'EGRESS_URL_INVALID',
    );
    expect(server.connections()).to.equal(0);
  });
});
