/**
 * The admin console in real headless Chromium against the whole product in-process: an admin
 * installs, configures, checks and syncs a plugin and sees the rows arrive; a bad config shows
 * field errors; a manager has no Users page; a viewer has a read-only console; markup in a
 * plugin name is text; signing out ends the session. Screenshots (en, ar) go to
 * test/e2e/artifacts/admin/.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  DEMO_PASSWORD,
  E2E_PLUGIN_ID,
  HOSTILE_NAME,
  HOSTILE_PLUGIN_ID,
  startAdminHost,
} from './support/admin-host.js';
import type { AdminHost } from './support/admin-host.js';

interface PageGlobals {
  readonly document: { readonly documentElement: { readonly dir: string; readonly lang: string } };
  readonly __pwned?: number;
}

describe('admin console in Chromium (e2e)', function () {
  this.timeout(60_000);
  let host: AdminHost;
  const contexts: BrowserContext[] = [];

  const signIn = async (
    email: string,
    lang = 'en',
    viewport = { width: 1280, height: 900 },
  ): Promise<Page> => {
    const context = await host.browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${host.url}/admin/?lang=${lang}`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('#sign-out').waitFor();
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
  const openNav = async (page: Page, section: string) => {
    await page.locator(`nav a[data-nav=${section}]`).click();
  };

  before(async function () {
    // A stale console is rebuilt here first (Vite), which on a loaded machine takes a while.
    this.timeout(180_000);
    host = await startAdminHost('admin_console');
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await host?.close();
  });

  it('when /admin is requested, the console is served with a strict CSP and deep links fall back to it', async () => {
    const index = await fetch(`${host.url}/admin/plugins/anything`);
    expect(index.status).to.equal(200);
    expect(index.headers.get('content-type')).to.match(/^text\/html/);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    expect(csp).not.to.include('unsafe-eval');
    const missing = await fetch(`${host.url}/admin/assets/nope-123.js`);
    expect(missing.status).to.equal(404);
  });

  it('when the console session routes lack the console header, they refuse; the cookie is httpOnly, Strict and path-scoped', async () => {
    const body = JSON.stringify({ email: 'admin@demo.stratum.dev', password: DEMO_PASSWORD });
    const headers = { 'content-type': 'application/json' };
    const refused = await fetch(`${host.url}/api/v1/auth/console/login`, { method: 'POST', headers, body });
    expect(refused.status).to.equal(403);
    const login = await fetch(`${host.url}/api/v1/auth/console/login`, {
      method: 'POST',
      headers: { ...headers, 'x-stratum-console': '1' },
      body,
    });
    expect(login.status).to.equal(200);
    const session = (await login.json()) as Record<string, unknown>;
    expect(session).to.have.property('accessToken');
    expect(session).not.to.have.property('refreshToken');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^stratum_console_refresh=/);
    expect(cookie)
      .to.include('HttpOnly')
      .and.include('SameSite=Strict')
      .and.include('Path=/api/v1/auth/console');
    const pair = cookie.split(';')[0] ?? '';
    const noHeader = await fetch(`${host.url}/api/v1/auth/console/refresh`, {
      method: 'POST',
      headers: { cookie: pair },
    });
    expect(noHeader.status).to.equal(403);
  });

  it('when an admin installs and configures the plugin, runs check and sync, the rows arrive', async () => {
    const page = await signIn('admin@demo.stratum.dev');
    await openNav(page, 'plugins');
    await page.locator(`tr[data-plugin=${E2E_PLUGIN_ID}] button.install`).click();
    await page.locator('#plugin-title').waitFor();
    expect(page.url()).to.match(new RegExp(`/admin/plugins/${E2E_PLUGIN_ID}(\\?|$)`));
    await page.locator('#field-apiKey').fill('e2e-simulated-key-0001');
    await page.locator('#field-size').fill('{"campaigns": 3, "days": 20}');
    await page.locator('#save-config').click();
    await page.locator('.notice').waitFor();
    expect(await page.locator('#field-apiKey').inputValue(), 'secret is write-only').to.equal('');
    await page.locator('#run-check').click();
    await expectText(page, '#check-status', 'ok');
    await page.locator('#enable').click();
    await page.locator('#sync-now').click();
    await page.locator('#active-run[data-status=succeeded]').waitFor({ timeout: 40_000 });
    await page.locator('#sync-history tbody tr').first().waitFor();
    const shownRows = await page.locator('#sync-history tbody tr .rows').first().textContent();
    const token = await host.login('admin@demo.stratum.dev');
    const runs = (await (await host.api('/sync-runs?limit=1', token)).json()) as {
      data: { rows: { accounts: number; campaigns: number; metrics: number } }[];
    };
    const rows = runs.data[0]?.rows;
    expect(rows?.metrics ?? 0).to.be.greaterThan(0);
    expect(shownRows?.replace(/\s+/g, ' ').trim()).to.equal(
      `${rows?.accounts} / ${rows?.campaigns} / ${rows?.metrics}`,
    );
    await shot(page, 'plugin-detail-en');
  });

  it('when the config is bad, the field errors show beside the fields', async () => {
    const page = await signIn('admin@demo.stratum.dev');
    await page.goto(`${host.url}/admin/plugins/${E2E_PLUGIN_ID}`);
    await page.locator('#field-seed').fill('-5');
    await page.locator('#field-apiKey').fill('short');
    await page.locator('#save-config').click();
    await page.locator('[data-field=seed] .field-error[role=alert]').waitFor();
    expect((await page.locator('[data-field=seed] .field-error').textContent())?.trim()).not.to.equal('');
    expect((await page.locator('[data-field=apiKey] .field-error').textContent())?.trim()).not.to.equal('');
    expect(await page.locator('#field-seed').getAttribute('aria-invalid')).to.equal('true');
    await shot(page, 'plugin-config-errors-en');
  });

  it('when a plugin name contains markup, it renders as text', async () => {
    const page = await signIn('admin@demo.stratum.dev');
    await openNav(page, 'plugins');
    const name = page.locator(`tr[data-plugin=${HOSTILE_PLUGIN_ID}] .plugin-name`);
    expect(await name.textContent()).to.equal(HOSTILE_NAME);
    expect(await page.locator(`tr[data-plugin=${HOSTILE_PLUGIN_ID}] img`).count()).to.equal(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned)).to.equal(undefined);
    await shot(page, 'plugins-en');
  });

  it('when a manager signs in, Users is not offered and its route is refused', async () => {
    const page = await signIn('manager@demo.stratum.dev');
    expect(await page.locator('nav a[data-nav=users]').count()).to.equal(0);
    expect(await page.locator('nav a[data-nav=overview]').count()).to.equal(1);
    await page.goto(`${host.url}/admin/users`);
    await page.locator('#sign-out').waitFor();
    expect(await page.locator('main [role=alert]').count()).to.equal(1);
    expect(await page.locator('#users').count()).to.equal(0);
  });

  it('when a viewer signs in, the console is read-only and the API refuses changes anyway', async () => {
    const page = await signIn('viewer@demo.stratum.dev');
    await page.locator('#kpis').waitFor();
    expect(await page.locator('.readonly').count()).to.equal(1);
    expect(await page.locator('nav a').count()).to.equal(1);
    // The only buttons are the viewer's own: signing out.
    const buttons = await page.locator('main button').count();
    expect(buttons).to.equal(0);
    const token = await host.login('viewer@demo.stratum.dev');
    const refused = await host.api(`/plugins/${E2E_PLUGIN_ID}/config`, token, {
      method: 'PUT',
      body: JSON.stringify({ apiKey: 'viewer-wants-in-0001' }),
    });
    expect(refused.status).to.equal(403);
    await shot(page, 'overview-viewer-en');
  });

  it('when signing out, the session really ends: a reload shows the login and the old cookie is refused', async () => {
    const page = await signIn('admin@demo.stratum.dev');
    const cookies = await page.context().cookies(`${host.url}/api/v1/auth/console/refresh`);
    const refresh = cookies.find((cookie) => cookie.name === 'stratum_console_refresh');
    expect(refresh?.httpOnly).to.equal(true);
    expect(refresh?.sameSite).to.equal('Strict');
    await page.reload();
    await page.locator('#sign-out').waitFor();
    await page.locator('#sign-out').click();
    await page.locator('#email').waitFor();
    await page.reload();
    await page.locator('#email').waitFor();
    expect(await page.locator('#sign-out').count()).to.equal(0);
    const replay = await fetch(`${host.url}/api/v1/auth/console/refresh`, {
      method: 'POST',
      headers: { cookie: `stratum_console_refresh=${refresh?.value ?? ''}`, 'x-stratum-console': '1' },
    });
    expect(replay.status).to.equal(401);
  });

  it('when each page is shown in en and ar, Arabic is right-to-left (screenshots)', async () => {
    for (const lang of ['en', 'ar']) {
      const page = await signIn('admin@demo.stratum.dev', lang);
      const root = await page.evaluate(() => {
        const { dir, lang } = (globalThis as unknown as PageGlobals).document.documentElement;
        return { dir, lang };
      });
      expect(root.dir).to.equal(lang === 'ar' ? 'rtl' : 'ltr');
      expect(root.lang).to.equal(lang);
      await page.locator('#kpis').waitFor();
      await shot(page, `overview-${lang}`);
      for (const section of ['plugins', 'users', 'audit']) {
        await openNav(page, section);
        await page.locator('main table').first().waitFor();
        await shot(page, `${section}-${lang}`);
      }
      await page.goto(`${host.url}/admin/plugins/${E2E_PLUGIN_ID}?lang=${lang}`);
      await page.locator('#plugin-title').waitFor();
      await shot(page, `plugin-detail-${lang}`);
      await page.locator('#sign-out').click();
      await page.locator('#email').waitFor();
      await shot(page, `login-${lang}`);
    }
    const phone = await signIn('admin@demo.stratum.dev', 'ar', { width: 390, height: 800 });
    await openNav(phone, 'plugins');
    await phone.locator('main table').waitFor();
    await shot(phone, 'plugins-ar-phone');
  });
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).waitFor({ timeout: 15_000 });
}
