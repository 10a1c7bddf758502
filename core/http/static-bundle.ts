/**
 * A Vite build served from memory: every file of `dist/` read once, gzipped once, with an ETag and
 * a SHA-384 integrity hash, answered with 304 on a matching `If-None-Match`. The widget bundle
 * and the admin console differ only in their cache and security headers.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

export interface StaticAsset {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly contentType: string;
  readonly etag: string;
  /** `sha384-…`, for Subresource Integrity. */
  readonly integrity: string;
  readonly cacheControl: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export interface StaticBundleOptions {
  /** The file without which the build counts as absent (e.g. `index.html`). */
  readonly required: string;
  readonly cacheControlOf: (name: string) => string;
  /** Files not to serve (source maps are never served). */
  readonly skip?: (name: string) => boolean;
}

/** One asset from its bytes (also for documents made per request, such as a manifest). */
export function staticAssetOf(name: string, body: Buffer, cacheControl: string): StaticAsset {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const digest = createHash('sha384').update(body).digest('base64');
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${digest.slice(0, 27)}"`,
    integrity: `sha384-${digest}`,
    cacheControl,
  };
}

/** The build by path relative to `distDir` (`/` separators); undefined when it is not built. */
export async function loadStaticBundle(
  distDir: string,
  options: StaticBundleOptions,
): Promise<Map<string, StaticAsset> | undefined> {
  let names: string[];
  try {
    const entries = await readdir(distDir, { withFileTypes: true, recursive: true });
    names = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return undefined;
  }
  const assets = new Map<string, StaticAsset>();
  for (const name of names) {
    if (name.endsWith('.map') || options.skip?.(name) === true) continue;
    assets.set(name, staticAssetOf(name, await readFile(join(distDir, name)), options.cacheControlOf(name)));
  }
  return assets.has(options.required) ? assets : undefined;
}

/**
 * Loads the bundle on first use and keeps it; an absent build is looked for again on the next
 * call rather than cached, so building while the server runs needs no restart.
 */
export function lazyStaticBundle(
  load: () => Promise<Map<string, StaticAsset> | undefined>,
): () => Promise<Map<string, StaticAsset> | undefined> {
  let loading: Promise<Map<string, StaticAsset> | undefined> | undefined;
  return async () => {
    loading ??= load();
    const loaded = await loading;
    if (loaded === undefined) loading = undefined;
    return loaded;
  };
}

/** Answers one asset: 304 on a matching ETag, gzip when accepted, no body for HEAD. */
export function sendStaticAsset(
  req: Request,
  res: Response,
  asset: StaticAsset,
  headers: Readonly<Record<string, string>> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
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
