/**
 * Builds the widget bundle when `widgets/dist/` is missing or older than its sources. Run by
 * `npm start` (prestart) and by the browser tests, so a fresh clone needs no extra step. Without
 * Vite (a production install without dev dependencies) an existing bundle is used as is.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

const WIDGETS_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(WIDGETS_DIR, 'dist', 'stratum-widgets.js');
const SOURCES = ['src', 'public', 'vite.config.ts'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

export function widgetBundleIsStale(): boolean {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(WIDGETS_DIR, source)) > built);
}

/** Returns whether a build ran. */
export async function ensureWidgetBundle(): Promise<boolean> {
  if (!widgetBundleIsStale()) return false;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    if (existsSync(ENTRY)) return false;
    throw new Error(
      'the widget bundle is missing and Vite is not installed: run `npm install && npm run build:widgets`',
    );
  }
  const { widgetsViteConfig } = await import('../vite.config.js');
  await vite.build({ ...widgetsViteConfig, configFile: false });
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureWidgetBundle().then(
    (built) => process.stdout.write(built ? 'widgets: bundle built\n' : 'widgets: bundle up to date\n'),
    (error: unknown) => {
      process.stderr.write(`widgets: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
