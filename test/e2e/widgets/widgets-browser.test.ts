/**
 * The widgets in real headless Chromium on the sample portal's own origin, through the real
 * token flow: the numbers equal the KPI API's, a data change reaches a rendered widget live, an
 * expired token is renewed, a foreign origin gets nothing, Arabic is right-to-left, axe finds no
 * serious violation, and a hostile campaign name is text. Screenshots go to test/e2e/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createEmbedTokenService } from '../../../core/security/embed-tokens.js';
import { ARTIFACTS_DIR, startWidgetsHost } from './support/widgets-host.js';
import type { WidgetsHost } from './support/widgets-host.js';
import { startTestPortal } from './support/test-portal.js';

/** The browser globals the page functions touch (this Node program has no DOM lib; types only). */
interface PageNode {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  readonly shadowRoot: { querySelector(selector: string): PageNode | null } | null;
}
interface PageGlobals {
  readonly document: {
    querySelector(selector: string): PageNode | null;
    querySelectorAll(selector: string): Iterable<PageNode>;
    readonly documentElement: { dir: string };
  };
  getComputedStyle(element: unknown): { readonly direction: string };
  readonly axe: {
    run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Answer {
  readonly totals: Record<string, number | null>;
  readonly rows: readonly {
    key: string;
    platform?: string;
    campaign?: { externalId: string };
    values: Record<string, number | null>;
  }[];
}

describe('embeddable widgets in Chromium (e2e)', function () {
  // The first start syncs ~10k demo rows before the browser opens; on a loaded machine that dominates.
  this.timeout(180_000);
  let host: WidgetsHost;
  let admin: string;

  const kpis = async (path: string): Promise<Answer> => {
    const response = await host.api(path, admin);
    expect(response.status, path).to.equal(200);
    return (await response.json()) as Answer;
  };
  const openPortal = async (query = '', bypassCSP = false): Promise<Page> => {
    const page = await host.browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP });
    await page.goto(`${host.portalUrl}/${query}`);
    await page.locator('stratum-kpi#kpi-spend [part=value]').waitFor({ timeout: 15_000 });
    return page;
  };
  /** Switches locale/theme on every widget of the page in place (no reload). */
  const restyle = (page: Page, locale: string, theme: string) =>
    page.evaluate(
      ([lang, mode]) => {
        for (const element of (globalThis as unknown as PageGlobals).document.querySelectorAll('main > *')) {
          element.setAttribute('locale', lang ?? 'en');
          element.setAttribute('theme', mode ?? 'light');
        }
        (globalThis as unknown as PageGlobals).document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
      },
      [locale, theme],
    );
  const valueOf = (page: Page, selector: string) => page.locator(selector).first().getAttribute('data-value');

  before(async () => {
    host = await startWidgetsHost('widgets_browser');
    admin = await host.login('admin@demo.stratum.dev');
  });
  after(async () => {
    await host?.close();
  });

  it('when the portal loads, each widget shows the same numbers as the KPI API', async () => {
    const page = await openPortal();
    try {
      await page.locator('stratum-campaigns [part=table]').waitFor();
      await page.locator('stratum-platform-mix [part=legend]').waitFor();
      const totals = await kpis('/kpis?metrics=roas,spend,revenue&range=last_7_days&compare=previous_period');
      for (const metric of ['roas', 'spend', 'revenue']) {
        expect(Number(await valueOf(page, `stratum-kpi#kpi-${metric} [part=value]`)), metric).to.equal(
          totals.totals[metric],
        );
      }
      const trend = await kpis('/kpis/timeseries?metrics=spend&range=last_30_days&groupBy=day');
      const cells = await page
        .locator('stratum-trend td')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      expect(cells).to.deep.equal(trend.rows.map((row) => row.values.spend ?? 0));
      const top = await kpis(
        '/kpis/breakdown?groupBy=campaign&metrics=spend,revenue,roas,conversions&sort=-roas&limit=10&range=last_30_days',
      );
      const keys = await page
        .locator('stratum-campaigns tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
      expect(keys).to.deep.equal(top.rows.map((row) => row.key));
      const spends = await page
        .locator('stratum-campaigns td[data-metric=spend]')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      expect(spends).to.deep.equal(top.rows.map((row) => row.values.spend));
      const mix = await kpis('/kpis/breakdown?groupBy=platform&metrics=spend&sort=-spend&range=last_30_days');
      const legend = await page
        .locator('stratum-platform-mix li')
        .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-value'))));
      expect(legend).to.deep.equal(
        mix.rows.map((row) => row.values.spend).filter((value) => (value ?? 0) > 0),
      );
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'portal-en-light.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('when the data changes and kpis:changed is published, a rendered KPI card updates without a reload', async () => {
    const page = await openPortal();
    try {
      const before = Number(await valueOf(page, 'stratum-kpi#kpi-spend [part=value]'));
      const { from, to } = (await kpis('/kpis?metrics=spend&range=last_7_days')) as unknown as {
        from: string;
        to: string;
      };
      const metrics = host.running.context.connection.collection('metricsDaily');
      const row = await metrics.findOne({ tenantId: host.demoTenantId, date: to, spendCents: { $gt: 0 } });
      expect(row, 'a metrics row on the last day').to.not.equal(null);
      // What ingest does at the end of a sync: write rows, bump the data version, publish.
      await metrics.updateOne(
        { _id: row?._id },
        { $inc: { spendCents: 123_400, spendCentsTenant: 123_400 } },
      );
      const dataVersion = await host.running.context.cache.bumpDataVersion(host.demoTenantId);
      await host.running.context.bus.publish(host.demoTenantId, 'kpis.changed', { dataVersion, from, to });
      const expected = (await kpis('/kpis?metrics=spend&range=last_7_days')).totals.spend;
      expect(expected).to.not.equal(before);
      await page.waitForFunction(
        (value) =>
          (globalThis as unknown as PageGlobals).document
            .querySelector('#kpi-spend')
            ?.shadowRoot?.querySelector('[part=value]')
            ?.getAttribute('data-value') === value,
        String(expected),
        { timeout: 10_000 },
      );
    } finally {
      await page.close();
    }
  });

  it('when the token the page holds has expired, the widget gets a fresh one and renders', async () => {
    const apiKey = (
      await host.running.context.modules.services.apiKeys.create(host.demoTenantId, {
        name: 'e2e',
        scopes: ['read'],
      })
    ).key;
    const past = createEmbedTokenService({
      secret: host.running.context.config.jwtSecret,
      now: () => Math.floor(Date.now() / 1000) - 3_600,
    });
    let siteId = '';
    const portal = await startTestPortal({
      stratumUrl: host.running.url,
      mint: async (call) => {
        if (call === 1) {
          const expired = await past.issue({
            tenantId: host.demoTenantId,
            siteId,
            widgets: ['kpi'],
            allowedOrigins: [portal.origin],
          });
          // The page is told it is still valid: only the API's 401 reveals the expiry.
          return { token: expired.token, expiresAt: new Date(Date.now() + 600_000).toISOString() };
        }
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
        name: 'e2e renew',
        allowedOrigins: [portal.origin],
        widgets: ['kpi'],
      })
    ).id;
    const page = await host.browser.newPage();
    try {
      await page.goto(portal.url);
      await page.locator('#kpi [part=value]').waitFor({ timeout: 15_000 });
      expect(portal.tokenCalls).to.be.at.least(2);
      const spend = (await kpis('/kpis?metrics=spend&range=last_7_days')).totals.spend;
      expect(Number(await valueOf(page, '#kpi [part=value]'))).to.equal(spend);
    } finally {
      await page.close();
      await portal.close();
    }
  });

  it('when a page on an origin the site does not allow holds a valid token, it gets nothing', async () => {
    const apiKey = (
      await host.running.context.modules.services.apiKeys.create(host.demoTenantId, {
        name: 'e2e foreign',
        scopes: ['read'],
      })
    ).key;
    const portalSite = await host.running.context.modules.embed.sites.findByName(
      host.demoTenantId,
      'Demo portal',
    );
    const foreign = await startTestPortal({
      stratumUrl: host.running.url,
      mint: async () => {
        const response = await fetch(`${host.running.url}/api/v1/embed/tokens`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ siteId: portalSite?.id }),
        });
        return (await response.json()) as { token: string; expiresAt: string };
      },
    });
    const page = await host.browser.newPage();
    const answered: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/kpis')) answered.push(response.status());
    });
    try {
      await page.goto(foreign.url);
      await page.locator('#kpi [part=error]').waitFor({ timeout: 15_000 });
      expect(await page.locator('#kpi [part=value]').count()).to.equal(0);
      expect(foreign.tokenCalls).to.be.at.least(1);
      expect(answered.every((status) => status === 403)).to.equal(true);
    } finally {
      await page.close();
      await foreign.close();
    }
  });

  it('when the locale is Arabic, the widgets render right-to-left with Arabic text', async () => {
    const page = await openPortal('?lang=ar');
    try {
      const kpi = page.locator('stratum-kpi#kpi-spend');
      expect(await kpi.getAttribute('dir')).to.equal('rtl');
      const direction = await kpi
        .locator('[part=value]')
        .evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).direction);
      expect(direction).to.equal('rtl');
      expect(await kpi.locator('[part=title]').textContent()).to.include('الإنفاق');
      const header = await page
        .locator('stratum-campaigns thead th')
        .first()
        .evaluate((th) => {
          const cell = th.getBoundingClientRect();
          const table = th.closest('table')?.getBoundingClientRect();
          return { cellRight: cell.right, tableRight: table?.right ?? 0 };
        });
      // Mirrored: the first column sits at the right edge.
      expect(Math.abs(header.cellRight - header.tableRight)).to.be.lessThan(2);
    } finally {
      await page.close();
    }
  });

  it('when axe-core checks the portal in light and dark, it finds no serious or critical violation', async () => {
    // The portal's CSP rightly refuses inline scripts; axe is the test's own, injected past it.
    const page = await openPortal('', true);
    try {
      await page.locator('stratum-campaigns [part=table]').waitFor();
      await page.addScriptTag({ content: AXE_SOURCE });
      for (const theme of ['light', 'dark']) {
        await restyle(page, 'en', theme);
        const violations = await page.evaluate(async () => {
          const axe = (globalThis as unknown as PageGlobals).axe;
          const result = await axe.run({ include: [['main']] });
          return result.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            nodes: violation.nodes.length,
          }));
        });
        const serious = violations.filter(
          (violation) => violation.impact === 'serious' || violation.impact === 'critical',
        );
        expect(serious, `${theme}: ${JSON.stringify(serious)}`).to.deep.equal([]);
      }
    } finally {
      await page.close();
    }
  });

  it('when a campaign is named like markup, it renders as text and runs nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const top = await kpis(
      '/kpis/breakdown?groupBy=campaign&metrics=roas&sort=-roas&limit=1&range=last_30_days',
    );
    const externalId = top.rows[0]?.campaign?.externalId;
    expect(externalId, 'the top campaign').to.be.a('string');
    const campaigns = host.running.context.connection.collection('campaigns');
    const renamed = await campaigns.updateMany(
      { tenantId: host.demoTenantId, externalId },
      { $set: { name: hostile } },
    );
    expect(renamed.modifiedCount).to.be.greaterThan(0);
    await host.running.context.cache.bumpDataVersion(host.demoTenantId);
    const page = await host.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(host.portalUrl);
      await page.locator('stratum-campaigns [part=table]').waitFor({ timeout: 15_000 });
      const names = await page.locator('stratum-campaigns tbody th').allTextContents();
      expect(names.map((name) => name.trim())).to.include(hostile);
      expect(await page.locator('stratum-campaigns img').count()).to.equal(0);
      await page.waitForTimeout(300);
      expect(dialogs).to.deep.equal([]);
    } finally {
      await page.close();
    }
  });

  it('when each widget is shown in en/ar and light/dark, a screenshot of it is written', async () => {
    const widgets = ['kpi-roas', 'trend', 'campaigns', 'mix', 'alerts', 'chat'];
    const page = await openPortal();
    try {
      await page.locator('stratum-campaigns [part=table]').waitFor();
      await page.locator('stratum-platform-mix [part=legend]').waitFor();
      for (const lang of ['en', 'ar']) {
        for (const theme of ['light', 'dark']) {
          await restyle(page, lang, theme);
          for (const id of widgets) {
            await page
              .locator(`#${id}`)
              .screenshot({ path: join(ARTIFACTS_DIR, `${id}-${lang}-${theme}.png`) });
          }
        }
      }
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'portal-ar-dark.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
