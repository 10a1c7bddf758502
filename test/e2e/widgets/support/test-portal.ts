/**
 * A minimal customer page on its own origin for browser tests: one KPI card loaded through the
 * real script tag, and a token endpoint whose answers the test decides (counted).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestPortal {
  readonly url: string;
  readonly origin: string;
  tokenCalls: number;
  close(): Promise<void>;
}

export async function startTestPortal(options: {
  readonly stratumUrl: string;
  readonly mint: (call: number) => Promise<{ token: string; expiresAt: string }>;
  readonly body?: string;
  /** Mint a token while serving the page and hand it in with `data-token` (counted too). */
  readonly tokenInPage?: boolean;
  /** The script tag's `src` path (default the ES module). */
  readonly scriptPath?: string;
  /** `type` of the script tag (default `module`; empty for a classic script). */
  readonly scriptType?: string;
}): Promise<TestPortal> {
  const portal = { tokenCalls: 0 } as { tokenCalls: number };
  const body =
    options.body ??
    '<stratum-kpi id="kpi" metric="spend" range="last_7_days" compare="previous_period"></stratum-kpi>';
  const type = options.scriptType ?? 'module';
  const scriptPath = options.scriptPath ?? '/widgets/v1/stratum-widgets.js';
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/embed-token') {
      portal.tokenCalls += 1;
      options.mint(portal.tokenCalls).then(
        (grant) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(grant)),
        () => res.writeHead(502).end(),
      );
      return;
    }
    if (req.method === 'GET' && req.url === '/') {
      const page = (token: string | undefined) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Test portal</title>
<script${type === '' ? '' : ` type="${type}"`} src="${options.stratumUrl}${scriptPath}" data-api="${options.stratumUrl}" data-token-endpoint="/embed-token"${token === undefined ? '' : ` data-token="${token}"`}></script>
</head><body><main>${body}</main></body></html>`);
      if (options.tokenInPage !== true) return void page(undefined);
      portal.tokenCalls += 1;
      options.mint(portal.tokenCalls).then(
        (grant) => page(grant.token),
        () => res.writeHead(502).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return Object.assign(portal, {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
