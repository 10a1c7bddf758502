/**
 * Serves the console Vite built into `admin/dist/` at `/admin`: `assets/*` content-hashed and
 * immutable, every other path under `/admin` the SPA's `index.html` (deep links, reloads) with
 * `no-cache`. The console gets its own CSP, stricter than the API's helmet default: scripts and
 * connections only from this origin, no inline script, no framing, no plugins.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { NotFoundError, UnavailableError } from '../errors/errors.js';

export const ADMIN_BASE_PATH = '/admin';
export const DEFAULT_ADMIN_DIST_DIR = fileURLToPath(new URL('../../admin/dist/', import.meta.url));

/**
 * Lit adopts constructed stylesheets, which CSP does not gate; 'unsafe-inline' for styles covers
 * the `style` attributes of the widget preview only. No script source but this origin.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
};

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly cacheControl: string;
}

function toAsset(name: string, body: Buffer): ConsoleAsset {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

/** The built console by path relative to dist; undefined when not built (`npm run build:admin`). */
export async function loadConsoleAssets(distDir: string): Promise<Map<string, ConsoleAsset> | undefined> {
  let names: string[];
  try {
    const entries = await readdir(distDir, { withFileTypes: true, recursive: true });
    names = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return undefined;
  }
  const assets = new Map<string, ConsoleAsset>();
  for (const name of names) {
    if (name.endsWith('.map')) continue;
    assets.set(name, toAsset(name, await readFile(join(distDir, name))));
  }
  return assets.has('index.html') ? assets : undefined;
}

function send(req: Request, res: Response, asset: ConsoleAsset): void {
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', asset.cacheControl);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Content-Security-Policy', ADMIN_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.append('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.status(200).end(req.method === 'HEAD' ? undefined : gzip ? asset.gzipped : asset.body);
}

export interface AdminConsoleOptions {
  readonly distDir?: string;
}

/** Mount at the app's root. Answers 503 `ADMIN_NOT_BUILT` until the console is built. */
export function createAdminConsoleRouter(options: AdminConsoleOptions = {}): Router {
  const distDir = options.distDir ?? DEFAULT_ADMIN_DIST_DIR;
  let loading: Promise<Map<string, ConsoleAsset> | undefined> | undefined;
  const assets = async () => {
    loading ??= loadConsoleAssets(distDir);
    const loaded = await loading;
    if (loaded === undefined) loading = undefined;
    return loaded;
  };
  const router = Router();
  router.get([ADMIN_BASE_PATH, `${ADMIN_BASE_PATH}/{*path}`], async (req, res) => {
    // Relative asset URLs in index.html resolve against `/admin/`, never `/`.
    if (req.path === ADMIN_BASE_PATH) {
      res.redirect(301, `${ADMIN_BASE_PATH}/`);
      return;
    }
    const loaded = await assets();
    if (loaded === undefined) {
      throw new UnavailableError('The admin console is not built; run `npm run build:admin`', {
        code: 'ADMIN_NOT_BUILT',
      });
    }
    const name = req.path.slice(ADMIN_BASE_PATH.length + 1);
    const asset = loaded.get(name);
    if (asset !== undefined && name !== 'index.html') {
      send(req, res, asset);
      return;
    }
    // A missing hashed file is a real 404: answering index.html would be parsed as a script.
    if (name.startsWith('assets/'))
      throw new NotFoundError('No such console file', { code: 'ADMIN_FILE_NOT_FOUND' });
    const index = loaded.get('index.html');
    if (index === undefined) throw new NotFoundError('No console index', { code: 'ADMIN_FILE_NOT_FOUND' });
    send(req, res, index);
  });
  return router;
}
