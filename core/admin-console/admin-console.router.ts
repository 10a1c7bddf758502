/**
 * Serves the console Vite built into `admin/dist/` at `/admin`: `assets/*` content-hashed and
 * immutable, every other path under `/admin` the SPA's `index.html` (deep links, reloads) with
 * `no-cache`. The console gets its own CSP, stricter than the API's helmet default: scripts and
 * connections only from this origin, no inline script, no framing, no plugins.
 */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { NotFoundError, UnavailableError } from '../errors/errors.js';
import { lazyStaticBundle, loadStaticBundle, sendStaticAsset } from '../http/static-bundle.js';
import type { StaticAsset } from '../http/static-bundle.js';

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

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The built console by path relative to dist; undefined when not built (`npm run build:admin`). */
export function loadConsoleAssets(distDir: string): Promise<Map<string, StaticAsset> | undefined> {
  return loadStaticBundle(distDir, {
    required: 'index.html',
    cacheControlOf: (name) => (name.startsWith('assets/') ? IMMUTABLE : 'no-cache'),
  });
}

function send(req: Request, res: Response, asset: StaticAsset): void {
  sendStaticAsset(req, res, asset, {
    'Content-Security-Policy': ADMIN_CSP,
    'Referrer-Policy': 'no-referrer',
  });
}

export interface AdminConsoleOptions {
  readonly distDir?: string;
}

/** Mount at the app's root. Answers 503 `ADMIN_NOT_BUILT` until the console is built. */
export function createAdminConsoleRouter(options: AdminConsoleOptions = {}): Router {
  const distDir = options.distDir ?? DEFAULT_ADMIN_DIST_DIR;
  const assets = lazyStaticBundle(() => loadConsoleAssets(distDir));
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
