/**
 * Serves the widget bundle Vite built into `widgets/dist/` at `/widgets/v1/`:
 * - `stratum-widgets.js` (ES module entry) and `stratum-widgets.classic.js` (a classic-script
 *   loader for pages that cannot add `type="module"`): stable names, short cache, ETag;
 * - `chunks/<name>-<hash>.js`: content-hashed, cached for a year as immutable;
 * - `manifest.json`: the files with their SRI hashes (sha384), so a portal can pin the entry.
 * Every file may be loaded from any origin (CORS `*` without credentials, CORP cross-origin):
 * the widgets run on customers' portals. Files are read once and kept gzipped in memory.
 */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { NotFoundError, UnavailableError } from '../errors/errors.js';
import { lazyStaticBundle, loadStaticBundle, sendStaticAsset, staticAssetOf } from '../http/static-bundle.js';
import type { StaticAsset } from '../http/static-bundle.js';

export const WIDGETS_BASE_PATH = '/widgets/v1';
export const WIDGETS_ENTRY = 'stratum-widgets.js';
export const WIDGETS_CLASSIC_LOADER = 'stratum-widgets.classic.js';
export const DEFAULT_WIDGETS_DIST_DIR = fileURLToPath(new URL('../../widgets/dist/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300, must-revalidate';
export interface WidgetManifest {
  readonly entry: { readonly url: string; readonly integrity: string };
  readonly classic: { readonly url: string; readonly integrity: string } | null;
  readonly files: readonly { readonly url: string; readonly integrity: string; readonly bytes: number }[];
}

/** Reads the built bundle; undefined when it was not built (`npm run build:widgets`). */
export function loadWidgetAssets(distDir: string): Promise<Map<string, StaticAsset> | undefined> {
  return loadStaticBundle(distDir, {
    required: WIDGETS_ENTRY,
    cacheControlOf: (name) => (name.startsWith('chunks/') ? IMMUTABLE : SHORT),
    // The manifest is made per request from what is loaded.
    skip: (name) => name === 'manifest.json',
  });
}

export function manifestOf(assets: ReadonlyMap<string, StaticAsset>): WidgetManifest {
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

function send(req: Request, res: Response, asset: StaticAsset): void {
  sendStaticAsset(req, res, asset, {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
}

export interface WidgetAssetsOptions {
  readonly distDir?: string;
}

/** Mount at the app's root. Answers 503 `WIDGETS_NOT_BUILT` until the bundle exists. */
export function createWidgetAssetsRouter(options: WidgetAssetsOptions = {}): Router {
  const distDir = options.distDir ?? DEFAULT_WIDGETS_DIST_DIR;
  const assets = lazyStaticBundle(() => loadWidgetAssets(distDir));
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
      send(req, res, staticAssetOf(name, body, 'no-cache'));
      return;
    }
    const asset = loaded.get(name);
    if (asset === undefined)
      throw new NotFoundError('No such widget file', { code: 'WIDGETS_FILE_NOT_FOUND' });
    send(req, res, asset);
  });
  return router;
}
