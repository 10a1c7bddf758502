/**
 * Builds the admin console when `admin/dist/` is missing or older than its sources. Run by
 * `npm start` (prestart) and by the browser tests, so a fresh clone needs no extra step. Without
 * Vite (a production install without dev dependencies) an existing build is used as is.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

const ADMIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ADMIN_DIR, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

export function adminBundleIsStale(): boolean {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ADMIN_DIR, source)) > built);
}

/** Returns whether a build ran. */
export async function ensureAdminBundle(): Promise<boolean> {
  if (!adminBundleIsStale()) return false;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    if (existsSync(ENTRY)) return false;
    throw new Error(
      'the admin console is not built and Vite is not installed: run `npm install && npm run build:admin`',
    );
  }
  const { adminViteConfig } = await import('../vite.config.js');
  await vite.build({ ...adminViteConfig, configFile: false });
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureAdminBundle().then(
    (built) => process.stdout.write(built ? 'admin: console built\n' : 'admin: console up to date\n'),
    (error: unknown) => {
      process.stderr.write(`admin: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
