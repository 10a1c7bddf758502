/**
 * `npm run bench -- widgets [--no-browser]`: the widget budgets. Sizes are gzipped (level 9) from
 * the built bundle; the first KPI render and layout shift are measured in headless Chromium on a
 * page with one KPI card, through the real token flow (startStratum with the demo data).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DEFAULT_WIDGETS_DIST_DIR,
  WIDGETS_CLASSIC_LOADER,
  WIDGETS_ENTRY,
} from '../core/embed/widget-assets.js';
import { ensureWidgetBundle } from '../widgets/build/ensure-bundle.js';
import { startTestPortal } from '../test/e2e/widgets/support/test-portal.js';
import { startWidgetsHost } from '../test/e2e/widgets/support/widgets-host.js';

const KB = 1024;
const gz = (file: string) =>
  gzipSync(readFileSync(join(DEFAULT_WIDGETS_DIST_DIR, file)), { level: 9 }).byteLength;

function sizes() {
  const chunks = readdirSync(join(DEFAULT_WIDGETS_DIST_DIR, 'chunks')).map((name) => `chunks/${name}`);
  const chat = chunks.filter((name) => name.includes('chat-connection'));
  const shared = chunks.filter((name) => !chat.includes(name));
  // The entry statically imports the shared chunks; every data widget lives in the entry.
  const onePage = gz(WIDGETS_ENTRY) + shared.reduce((sum, name) => sum + gz(name), 0);
  return {
    loaderAndDataWidgets: onePage + gz(WIDGETS_CLASSIC_LOADER),
    oneKpiPage: onePage,
    chatChunk: chat.reduce((sum, name) => sum + gz(name), 0),
  };
}

const line = (label: string, value: string, budget: string, ok: boolean) =>
  process.stdout.write(
    `${label.padEnd(38)} ${value.padStart(10)}   budget ${budget.padEnd(9)} ${ok ? 'ok' : 'OVER'}\n`,
  );

interface Measured {
  readonly firstRenderMs: number;
  readonly layoutShift: number;
}

async function measure(): Promise<Measured[]> {
  const host = await startWidgetsHost('bench_widgets');
  try {
    const apiKey = (
      await host.running.context.modules.services.apiKeys.create(host.demoTenantId, {
        name: 'bench',
        scopes: ['read'],
      })
    ).key;
    let siteId = '';
    const portal = await startTestPortal({
      stratumUrl: host.running.url,
      mint: async () => {
        const response = await fetch(`${host.running.url}/api/v1/embed/tokens`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ siteId }),
        });
        return (await response.json()) as { token: string; expiresAt: string };
      },
    });
    siteId = (
      await host.running.context.modules.embed.sites.create(host.demoTenantId, {
        name: 'bench',
        allowedOrigins: [portal.origin],
        widgets: ['kpi'],
      })
    ).id;
    const results: Measured[] = [];
    for (let run = 0; run < 5; run += 1) {
      const page = await host.browser.newPage();
      await page.addInitScript(() => {
        const state = { shifts: [] as { at: number; value: number }[] };
        (globalThis as unknown as { __bench: typeof state }).__bench = state;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            state.shifts.push({ at: entry.startTime, value: (entry as unknown as { value: number }).value });
        }).observe({ type: 'layout-shift' as 'resource', buffered: true });
      });
      await page.goto(portal.url);
      await page.locator('#kpi [part=value]').waitFor();
      const firstRenderAt = await page.evaluate(() => performance.now());
      await page.waitForTimeout(1_000);
      const measured = await page.evaluate((renderedAt) => {
        const script = performance
          .getEntriesByType('resource')
          .find((entry) => entry.name.endsWith('/stratum-widgets.js')) as { responseEnd: number } | undefined;
        const state = (globalThis as unknown as { __bench: { shifts: { at: number; value: number }[] } })
          .__bench;
        return {
          firstRenderMs: renderedAt - (script?.responseEnd ?? 0),
          layoutShift: state.shifts
            .filter((shift) => shift.at >= renderedAt)
            .reduce((sum, shift) => sum + shift.value, 0),
        };
      }, firstRenderAt);
      results.push(measured);
      await page.close();
    }
    await portal.close();
    return results;
  } finally {
    await host.close();
  }
}

export async function runWidgetsBenchmark(argv: readonly string[]): Promise<void> {
  await ensureWidgetBundle();
  const size = sizes();
  process.stdout.write('widgets (gzipped, level 9)\n');
  line(
    'loader + every data widget',
    `${(size.loaderAndDataWidgets / KB).toFixed(1)} KB`,
    '35 KB',
    size.loaderAndDataWidgets <= 35 * KB,
  );
  line(
    'page with one KPI card (ours)',
    `${(size.oneKpiPage / KB).toFixed(1)} KB`,
    '20 KB',
    size.oneKpiPage <= 20 * KB,
  );
  line(
    'chat chunk (socket.io-client), lazy',
    `${(size.chatChunk / KB).toFixed(1)} KB`,
    '25 KB',
    size.chatChunk <= 25 * KB,
  );
  if (argv.includes('--no-browser')) return;
  const runs = await measure();
  const sorted = runs.map((run) => run.firstRenderMs).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const shift = Math.max(...runs.map((run) => run.layoutShift));
  line('first KPI render after script (median)', `${median.toFixed(0)} ms`, '300 ms', median <= 300);
  line('layout shift after first render (max)', shift.toFixed(4), '0', shift === 0);
  process.stdout.write(
    `  runs: ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms (includes token fetch and first KPI query; cache warm after run 1)\n`,
  );
}
