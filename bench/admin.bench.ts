/**
 * `npm run bench -- admin [--no-browser]`: the console budgets. First-load JavaScript is every
 * script `index.html` loads plus what they import statically, gzipped (level 9); "interactive" is
 * the time from navigation to a usable login form in headless Chromium (median of 5 cold loads).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureAdminBundle } from '../admin/build/ensure-bundle.js';
import { DEFAULT_ADMIN_DIST_DIR } from '../core/admin-console/admin-console.router.js';
import { startAdminHost } from '../test/e2e/admin/support/admin-host.js';

const KB = 1024;
const BUDGET_JS_GZIP = 150 * KB;
const BUDGET_INTERACTIVE_MS = 1000;

const line = (label: string, value: string, budget: string, ok: boolean) =>
  process.stdout.write(
    `${label.padEnd(34)} ${value.padStart(10)}   budget ${budget.padEnd(9)} ${ok ? 'ok' : 'OVER'}\n`,
  );

/** The console is one entry chunk without dynamic imports, so first load is every .js in assets/. */
function firstLoadJsGzip(): { bytes: number; files: number } {
  const scripts = readdirSync(join(DEFAULT_ADMIN_DIST_DIR, 'assets')).filter((name) => name.endsWith('.js'));
  const bytes = scripts.reduce(
    (sum, name) =>
      sum + gzipSync(readFileSync(join(DEFAULT_ADMIN_DIST_DIR, 'assets', name)), { level: 9 }).byteLength,
    0,
  );
  return { bytes, files: scripts.length };
}

async function interactiveMs(): Promise<number[]> {
  const host = await startAdminHost('admin_bench');
  try {
    const timings: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const context = await host.browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${host.url}/admin/`);
      await page.locator('#email').waitFor();
      timings.push(performance.now() - started);
      await context.close();
    }
    return timings.sort((a, b) => a - b);
  } finally {
    await host.close();
  }
}

export async function runAdminBenchmark(argv: readonly string[]): Promise<void> {
  await ensureAdminBundle();
  const js = firstLoadJsGzip();
  line(
    `first-load JS gzip (${js.files} file)`,
    `${(js.bytes / KB).toFixed(1)} KB`,
    '150 KB',
    js.bytes <= BUDGET_JS_GZIP,
  );
  if (argv.includes('--no-browser')) return;
  const timings = await interactiveMs();
  const median = timings[Math.floor(timings.length / 2)] ?? Number.NaN;
  line(
    'login form interactive (median)',
    `${median.toFixed(0)} ms`,
    '1000 ms',
    median <= BUDGET_INTERACTIVE_MS,
  );
  process.stdout.write(`  all runs: ${timings.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
}
