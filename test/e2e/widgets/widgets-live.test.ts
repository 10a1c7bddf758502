/**
 * The widgets' live parts in real headless Chromium, through the real token flow: the chat box
 * (its socket.io chunk loads only when it opens, its answer matches the KPI API, `/chat` checks
 * the embed site), proactive token renewal, `<stratum-alerts>` following the live `alert` event,
 * and the classic-script loader.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { createEmbedTokenService } from '../../../core/security/embed-tokens.js';
import { startWidgetsHost } from './support/widgets-host.js';
import type { WidgetsHost } from './support/widgets-host.js';
import { startTestPortal } from './support/test-portal.js';

interface Grant {
  readonly token: string;
  readonly expiresAt: string;
}

describe('embeddable widgets, live parts, in Chromium (e2e)', function () {
  this.timeout(120_000);
  let host: WidgetsHost;
  let admin: string;
  let apiKey: string;

  const spendCents = async (range: string) => {
    const response = await host.api(`/kpis?metrics=spend&range=${range}`, admin);
    expect(response.status).to.equal(200);
    const answer = (await response.json()) as { totals: { spend: number }; currency: string };
    return { spend: answer.totals.spend, currency: answer.currency };
  };
  const mintFor = async (siteId: string): Promise<Grant> => {
    const response = await fetch(`${host.running.url}/api/v1/embed/tokens`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ siteId }),
    });
    expect(response.status).to.equal(201);
    return (await response.json()) as Grant;
  };
  /** Opens `/chat` from Node with the given Origin; resolves with the handshake's outcome. */
  const handshake = (token: string, origin: string) =>
    new Promise<'connected' | string>((resolve) => {
      const socket = io(`${host.running.url}/chat`, {
        transports: ['websocket'],
        auth: { token, locale: 'en' },
        extraHeaders: { origin },
        reconnection: false,
      });
      socket.on('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.on('connect_error', (error) => {
        socket.disconnect();
        resolve(error.message);
      });
    });

  before(async () => {
    host = await startWidgetsHost('widgets_live');
    admin = await host.login('admin@demo.stratum.dev');
    apiKey = (
      await host.running.context.modules.services.apiKeys.create(host.demoTenantId, {
        name: 'e2e live',
        scopes: ['read'],
      })
    ).key;
  });
  after(async () => {
    await host?.close();
  });

  it('when the chat box opens, its socket.io chunk loads only then and the answer matches the KPI API', async () => {
    const page = await host.browser.newPage();
    const chunks: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/chunks/')) chunks.push(request.url());
    });
    try {
      await page.goto(host.portalUrl);
      await page.locator('stratum-kpi#kpi-spend [part=value]').waitFor({ timeout: 15_000 });
      await page.locator('stratum-chat [part=toggle]').waitFor();
      expect(chunks, 'no chunk before the chat opens').to.deep.equal([]);
      await page.locator('stratum-chat [part=toggle]').click();
      await page.locator('stratum-chat [part=input]').waitFor();
      expect(chunks.some((url) => url.includes('chat-connection'))).to.equal(true);
      await page.locator('stratum-chat [part=input]').fill('spend last 7 days');
      await page.locator('stratum-chat [part=input]').press('Enter');
      const { spend, currency } = await spendCents('last_7_days');
      // The chat shows money in major units with the currency's own fraction digits (chat/engine/format).
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits;
      const expected = new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(spend / 10 ** (digits ?? 2));
      await page.locator('stratum-chat .msg.assistant', { hasText: expected }).waitFor({ timeout: 30_000 });
      expect(await page.locator('stratum-chat [role=alert]').count(), 'no failure shown').to.equal(0);
    } finally {
      await page.close();
    }
  });

  it('when /chat gets an embed token from an origin its site does not allow, or of a deleted site, the handshake is refused', async () => {
    const portal = await startTestPortal({ stratumUrl: host.running.url, mint: () => mintFor('') });
    try {
      const site = await host.running.context.modules.embed.sites.create(host.demoTenantId, {
        name: 'e2e chat site',
        allowedOrigins: [portal.origin],
        widgets: ['chat'],
      });
      const { token } = await mintFor(site.id);
      expect(await handshake(token, portal.origin)).to.equal('connected');
      expect(await handshake(token, 'http://evil.example')).to.not.equal('connected');
      await host.running.context.modules.embed.sites.remove(host.demoTenantId, site.id);
      expect(await handshake(token, portal.origin)).to.not.equal('connected');
    } finally {
      await portal.close();
    }
  });

  it('when the token is short-lived, a second one is fetched before the first expires and no request fails', async () => {
    const issuer = createEmbedTokenService({ secret: host.running.context.config.jwtSecret });
    const minted: { at: number; expiresAtMs: number }[] = [];
    let siteId = '';
    const portal = await startTestPortal({
      stratumUrl: host.running.url,
      mint: async () => {
        const grant = await issuer.issue({
          tenantId: host.demoTenantId,
          siteId,
          widgets: ['kpi'],
          allowedOrigins: [portal.origin],
          ttlSec: 8,
        });
        minted.push({ at: Date.now(), expiresAtMs: grant.expiresAt.getTime() });
        return { token: grant.token, expiresAt: grant.expiresAt.toISOString() };
      },
    });
    siteId = (
      await host.running.context.modules.embed.sites.create(host.demoTenantId, {
        name: 'e2e short tokens',
        allowedOrigins: [portal.origin],
        widgets: ['kpi'],
      })
    ).id;
    const page = await host.browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/') && response.status() >= 400)
        failed.push(`${response.status()} ${response.url()}`);
    });
    try {
      await page.goto(portal.url);
      await page.locator('#kpi [part=value]').waitFor({ timeout: 15_000 });
      const first = minted[0];
      expect(first, 'a first token').to.not.equal(undefined);
      // Wait past the first token's expiry, then make the widget read again.
      await page.waitForTimeout(Math.max(0, (first?.expiresAtMs ?? 0) - Date.now() + 1_000));
      expect(minted.length, 'tokens minted').to.be.at.least(2);
      expect(minted[1]?.at ?? Infinity).to.be.below(first?.expiresAtMs ?? 0);
      const { from, to } = (await (
        await host.api('/kpis?metrics=spend&range=last_7_days', admin)
      ).json()) as {
        from: string;
        to: string;
      };
      const dataVersion = await host.running.context.cache.bumpDataVersion(host.demoTenantId);
      const refetched = page.waitForResponse((response) => response.url().includes('/api/v1/kpis'), {
        timeout: 15_000,
      });
      await host.running.context.bus.publish(host.demoTenantId, 'kpis.changed', { dataVersion, from, to });
      expect((await refetched).status()).to.equal(200);
      expect(failed, 'failed requests').to.deep.equal([]);
    } finally {
      await page.close();
      await portal.close();
    }
  });

  it('when an alert is raised, a rendered <stratum-alerts> shows it without a reload', async () => {
    const page = await host.browser.newPage();
    try {
      await page.goto(host.portalUrl);
      await page.locator('stratum-alerts h2').waitFor({ timeout: 15_000 });
      await page.locator('stratum-alerts [part=skeleton]').waitFor({ state: 'detached' });
      const title = `Spend spike e2e ${Date.now()}`;
      expect(await page.locator('stratum-alerts li', { hasText: title }).count()).to.equal(0);
      // Let the live stream connect before the event is published.
      await page.waitForTimeout(500);
      await host.running.context.platform.rules.alerts.raise(host.demoTenantId, {
        source: 'e2e',
        severity: 'critical',
        title,
      });
      await page.locator('stratum-alerts li', { hasText: title }).waitFor({ timeout: 10_000 });
    } finally {
      await page.close();
    }
  });

  it('when a page without modules uses the classic loader, the KPI card renders the KPI API number', async () => {
    let siteId = '';
    const portal = await startTestPortal({
      stratumUrl: host.running.url,
      scriptPath: '/widgets/v1/stratum-widgets.classic.js',
      scriptType: '',
      mint: () => mintFor(siteId),
    });
    siteId = (
      await host.running.context.modules.embed.sites.create(host.demoTenantId, {
        name: 'e2e classic',
        allowedOrigins: [portal.origin],
        widgets: ['kpi'],
      })
    ).id;
    const page: Page = await host.browser.newPage();
    try {
      await page.goto(portal.url);
      await page.locator('#kpi [part=value]').waitFor({ timeout: 15_000 });
      const { spend } = await spendCents('last_7_days');
      expect(Number(await page.locator('#kpi [part=value]').getAttribute('data-value'))).to.equal(spend);
    } finally {
      await page.close();
      await portal.close();
    }
  });
});
