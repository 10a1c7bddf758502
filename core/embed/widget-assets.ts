/**
 * Serves the widget bundle Vite built into `widgets/dist/` at `/widgets/v1/`:
 * - `stratum-widgets.js` (ES module entry) and `stratum-widgets.classic.js` (a classic-script
 *   loader for pages that cannot add `type="module"`): stable names, short cache, ETag;
 * - `chunks/<name>-<hash>.js`: content-hashed, cached for a year as immutable;
 * - `manifest.json`: the files with their SRI hashes (sha384), so a portal can pin the entry.
 * Every file may be loaded from any origin (CORS `*` without credentials, CORP cross-origin):
 * the widgets run on customers' portals. Files are read once and kept gzipped in memory.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { NotFoundError, UnavailableError } from '../errors/errors.js';

export const WIDGETS_BASE_PATH = '/widgets/v1';
export const WIDGETS_ENTRY = 'stratum-widgets.js';
export const WIDGETS_CLASSIC_LOADER = 'stratum-widgets.classic.js';
export const DEFAULT_WIDGETS_DIST_DIR = fileURLToPath(new URL('../../widgets/dist/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300, must-revalidate';
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly integrity: string;
  readonly cacheControl: string;
}

export interface WidgetManifest {
  readonly entry: { readonly url: string; readonly integrity: string };
  readonly classic: { readonly url: string; readonly integrity: string } | null;
  readonly files: readonly { readonly url: string; readonly integrity: string; readonly bytes: number }[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function toAsset(name: string, body: Buffer): Asset {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const digest = createHash('sha384').update(body).digest('base64');
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${digest.slice(0, 27)}"`,
    integrity: `sha384-${digest}`,
    cacheControl: name.startsWith('chunks/') ? IMMUTABLE : SHORT,
  };
}

/** Reads the built bundle; undefined when it was not built (`npm run build:widgets`). */
export async function loadWidgetAssets(distDir: string): Promise<Map<string, Asset> | undefined> {
  let files: string[];
  try {
    files = await listFiles(distDir);
  } catch {
    return undefined;
  }
  const assets = new Map<string, Asset>();
  for (const file of files) {
    const name = relative(distDir, file).split(sep).join('/');
    if (name.endsWith('.map') || name === 'manifest.json') continue;
    assets.set(name, toAsset(name, await readFile(file)));
  }
  return assets.has(WIDGETS_ENTRY) ? assets : undefined;
}

export function manifestOf(assets: ReadonlyMap<string, Asset>): WidgetManifest {
  const entry = assets.get(WIDGETS_ENTRY);
  const classic = assets.get(WIDGETS_CLASSIC_LOADER);
  const url = (name: string) => `${WIDGETS_BASE_PATH}/${name}`;
  return {
    entry: { url: url(WIDGETS_ENTRY), integrity: entry?.integrity ?? '' },
    classic:
      classic === undefined ? null : { url: url(WIDGETS_CLASSIC_LOADER), integrity: classic.integrity },
    files: [...assets].map(([name, asset]) => ({
      url: url(name),
      integrity: asset.integrity,
      bytes: asset.body.byteLength,
    })),
  };
}

function send(req: Request, res: Response, asset: Asset): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', asset.cacheControl);
  res.setHeader('ETag', asset.etag);
  res.append('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.status(200).end(req.method === 'HEAD' ? undefined : gzip ? asset.gzipped : asset.body);
}

export interface WidgetAssetsOptions {
  readonly distDir?: string;
}

/** Mount at the app's root. Answers 503 `WIDGETS_NOT_BUILT` until the bundle exists. */
export function createWidgetAssetsRouter(options: WidgetAssetsOptions = {}): Router {
  const distDir = options.distDir ?? DEFAULT_WIDGETS_DIST_DIR;
  let loading: Promise<Map<string, Asset> | undefined> | undefined;
  const assets = async () => {
    loading ??= loadWidgetAssets(distDir);
    const loaded = await loading;
    // Not built yet: look again on the next request rather than caching the absence.
    if (loaded === undefined) loading = undefined;
    return loaded;
  };
  const router = Router();
  router.get(`${WIDGETS_BASE_PATH}/*path`, async (req, res) => {
    const loaded = await assets();
    if (loaded === undefined) {
      throw new UnavailableError('The widget bundle is not built; run `npm run build:widgets`', {
        code: 'WIDGETS_NOT_BUILT',
      });
    }
    const name = req.path.slice(WIDGETS_BASE_PATH.length + 1);
    if (name === 'manifest.json') {
      const body = Buffer.from(JSON.stringify(manifestOf(loaded)));
      send(req, res, { ...toAsset(name, body), cacheControl: 'no-cache' });
      return;
    }
    const asset = loaded.get(name);
    if (asset === undefined)
      throw new NotFoundError('No such widget file', { code: 'WIDGETS_FILE_NOT_FOUND' });
    send(req, res, asset);
  });
  return router;
}
