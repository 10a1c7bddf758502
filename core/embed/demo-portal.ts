/**
 * A sample customer portal on a second origin (port 8081 by default), started by `npm start`
 * outside production: it shows what a customer's own page looks like with Stratum embedded. Its
 * `POST /embed-token` is the customer's server side: it mints an embed token from Stratum with
 * the portal's API key (server to server), so the browser never sees a long-lived credential.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { startHttpServer } from '../http/http-server.js';
import type { RunningHttpServer } from '../http/http-server.js';
import { demoPortalPage } from './demo-portal-page.js';

export interface DemoPortalOptions {
  readonly stratumUrl: string;
  readonly apiKey: string;
  readonly siteId: string;
  readonly port: number;
  readonly host: string;
  readonly logger: Logger;
}

export interface RunningDemoPortal {
  readonly url: string;
  close(): Promise<void>;
}

const LOCALES = ['en', 'ar', 'uk'] as const;
type Locale = (typeof LOCALES)[number];
const isLocale = (value: string | null): value is Locale =>
  (LOCALES as readonly (string | null)[]).includes(value);

async function integrityOf(stratumUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${stratumUrl}/widgets/v1/manifest.json`);
    if (!response.ok) return undefined;
    const manifest = (await response.json()) as { entry?: { integrity?: unknown } };
    return typeof manifest.entry?.integrity === 'string' ? manifest.entry.integrity : undefined;
  } catch {
    return undefined;
  }
}

async function mintToken(options: DemoPortalOptions): Promise<{ status: number; body: string }> {
  const response = await fetch(`${options.stratumUrl}/api/v1/embed/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
    body: JSON.stringify({ siteId: options.siteId }),
  });
  const body = (await response.json()) as { token?: string; expiresAt?: string };
  if (!response.ok) return { status: 502, body: JSON.stringify({ error: 'token endpoint failed' }) };
  return { status: 200, body: JSON.stringify({ token: body.token, expiresAt: body.expiresAt }) };
}

function handler(options: DemoPortalOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    try {
      if (req.method === 'POST' && url.pathname === '/embed-token') {
        const minted = await mintToken(options);
        res.writeHead(minted.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(minted.body);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/') {
        const lang = url.searchParams.get('lang');
        const html = demoPortalPage({
          stratumUrl: options.stratumUrl,
          integrity: await integrityOf(options.stratumUrl),
          locale: isLocale(lang) ? lang : 'en',
          theme: url.searchParams.get('theme') === 'dark' ? 'dark' : 'light',
        });
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `default-src 'self'; script-src ${options.stratumUrl}; connect-src 'self' ${options.stratumUrl} ${options.stratumUrl.replace(/^http/, 'ws')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'`,
        });
        res.end(html);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    } catch (error) {
      options.logger.warn({ err: error }, 'demo portal request failed');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Stratum is not reachable');
    }
  };
}

export async function startDemoPortal(options: DemoPortalOptions): Promise<RunningDemoPortal> {
  const server: RunningHttpServer = await startHttpServer(
    (req, res) => void handler(options)(req, res),
    options.port,
    options.host,
  );
  return { url: server.url, close: () => server.close(2_000) };
}
