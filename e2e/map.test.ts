// The map page in Chromium against the seeded city: sign in (staff and the delegation demo), the
// core area drawn, tooltips and side panels, the language switch, the About note — with no console
// errors and every request going to the page's own origin (the product runs air-gapped).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlleyCollection, Meta, TokenAnswer } from '../server/contracts/index.ts';
import { loadConfig } from '../server/config.ts';
import { projectRoot } from '../server/paths.ts';
import { startServer, type RunningServer } from '../server/serve.ts';
import { launchBrowser } from '../server/test/browser.ts';
import { fullDatabaseUrl } from '../server/test/db.ts';
import { MAP_GROUND } from '../web/map/basemap.ts';
import { differingPixels, drawnShare, hexToRgb } from './pixels.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
const VIEWPORT = { width: 1600, height: 900 };
/** Software WebGL draws ~9,200 cells and 2,435 alleys in seconds, not milliseconds. */
const MAP_TIMEOUT = 120_000;
/** A mainland mobile number, as seeded for chiefs, stewards and patrollers. */
const PHONE = /1[3-9]\d{9}/;

let server: RunningServer;
let browser: Browser;

interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors, requests to other origins, failed API answers. */
  problems: string[];
  /** Every URL the page requested, in order. */
  requests: string[];
}
const opened: Watched[] = [];

/** A new browser context (own storage) whose page reports everything that should not happen. */
async function openPage(): Promise<Watched> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const origin = new URL(server.url).origin;
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`); });
  const watched = { page, context, problems, requests };
  opened.push(watched);
  return watched;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`xiuhua-${username}`);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function waitForMap(page: Page): Promise<void> {
  await page.locator('.map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
}

/** Share of the map area painted by layers; the legend and buttons are hidden so they do not count. */
async function mapDrawnShare(page: Page): Promise<number> {
  const png = await page.locator('.map').screenshot({
    timeout: MAP_TIMEOUT,
    style: '.legend, .map-tools, .side-panel, .tooltip, .maplibregl-ctrl { visibility: hidden !important; }',
  });
  return drawnShare(png, hexToRgb(MAP_GROUND));
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), timeout: MAP_TIMEOUT });
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, init);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const config = { ...loadConfig(fullDatabaseUrl()), host: '127.0.0.1', port: 0, logLevel: process.env.LOG_LEVEL ?? 'silent', poolSize: 4 };
  // The shared city is read-only: tokens are signed with a secret of this test's own.
  server = await startServer(config, { tokenSecret: randomBytes(32) });
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const w of opened.splice(0)) await w.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the map page', { timeout: 300_000 }, () => {
  it('a leader signs in, sees the core area drawn, hovers and clicks it for a panel, and signs out', async () => {
    const { page, problems, requests } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    await expect.poll(() => mapDrawnShare(page), { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(0.2);
    // The map is drawn from our own style and vector tiles, not from bulk GeoJSON.
    expect(requests.some((u) => u.endsWith('/styles/dark.json'))).toBe(true);
    for (const layer of ['grid', 'alleys', 'basemap']) {
      expect(requests.some((u) => new RegExp(`/tiles/${layer}/\\d+/\\d+/\\d+\\.mvt$`).test(u)), layer).toBe(true);
    }
    expect(requests.filter((u) => /\/api\/(grid-cells|alleys|areas)(\?|$)/.test(u))).toEqual([]);
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('领导');
    await saveScreenshot(page, 'map-leader');

    // The middle of the first view is inside the core area, where grid cells leave no gaps.
    const box = (await page.locator('.map').boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    await page.getByRole('tooltip').waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByRole('tooltip').textContent()).resolves.toMatch(/网格 \d{14}|十有十无/);

    await page.mouse.click(centre.x, centre.y);
    const panel = page.getByTestId('side-panel');
    await panel.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: MAP_TIMEOUT });
    expect(page.url()).toMatch(/[?&](cell=\d{14}|alley=[\w-]+)/);
    await saveScreenshot(page, 'map-leader-panel');

    await panel.getByRole('button', { name: '关闭' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(page.url()).not.toMatch(/cell=|alley=/);

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await expect(page.evaluate(() => sessionStorage.getItem('xiuhua.session'))).resolves.toBeNull();
    expect(problems).toEqual([]);
  });

  it('an alley\'s panel lists its chief, stewards and the twenty checklist items, with phones for staff', async () => {
    const { page, problems } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    const leader = await api<TokenAnswer>('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'xiuhua-leader' }),
    });
    const alleys = await api<AlleyCollection>('/api/alleys?street=110102001', { headers: { authorization: `Bearer ${leader.token}` } });
    const alley = alleys.features[0]!.properties;

    await page.goto(`${server.url}/?alley=${alley.qrSlug}`);
    const panel = page.getByTestId('side-panel');
    await panel.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: MAP_TIMEOUT });
    await expect(panel.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(alley.name);
    const people = await panel.getByTestId('alley-people').textContent();
    expect(people).toContain(alley.chiefName);
    expect(people).toMatch(PHONE);
    await expect(panel.getByTestId('alley-checklist').locator('li').count()).resolves.toBe(20);
    await waitForMap(page);
    await saveScreenshot(page, 'map-alley-panel');
    expect(problems).toEqual([]);
  });

  it('the language switch turns the page into English and is remembered after a reload', async () => {
    const { page, problems } = await openPage();
    await signIn(page, 'planner');
    await waitForMap(page);
    await expect(page.locator('.brand-area').textContent()).resolves.toBe('首都核心区');
    await expect(page.getByTestId('legend').textContent()).resolves.toContain('单元网格');

    await page.getByTestId('language-switch').click();
    await expect(page.locator('.brand-area').textContent()).resolves.toBe('Capital Core Area');
    await expect(page.getByTestId('legend').textContent()).resolves.toContain('Unit grid cells');
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('Planner');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.reload();
    await waitForMap(page);
    await expect(page.locator('.brand-area').textContent()).resolves.toBe('Capital Core Area');
    await saveScreenshot(page, 'map-english');
    expect(problems).toEqual([]);
  });

  it('the About note lists every data source and says which are real and which synthetic', async () => {
    const meta = await api<Meta>('/api/meta');
    const { page, problems } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    await page.getByRole('button', { name: '关于' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('data-sources').waitFor();
    const rows = dialog.getByTestId('data-sources').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(meta.dataSources.length);
    for (const source of meta.dataSources) {
      const row = dialog.locator(`tr[data-source="${source.key}"]`);
      await expect(row.textContent()).resolves.toContain(source.whatZh);
      await expect(row.textContent()).resolves.toContain(source.licence);
      await expect(row.textContent()).resolves.toContain(source.real ? '真实' : '合成');
    }
    await saveScreenshot(page, 'about');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  it('a visiting delegation enters with the demo button and never sees a phone number', async () => {
    const { page, problems } = await openPage();
    await page.goto(server.url);
    await page.getByTestId('demo-login').click();
    await waitForMap(page);
    await expect.poll(() => mapDrawnShare(page), { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(0.2);
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('参观演示');
    await saveScreenshot(page, 'map-demo');

    const demo = await api<TokenAnswer>('/api/auth/demo', { method: 'POST' });
    const alleys = await api<AlleyCollection>('/api/alleys?street=110101001', { headers: { authorization: `Bearer ${demo.token}` } });
    await page.goto(`${server.url}/?alley=${alleys.features[0]!.properties.id}`);
    const panel = page.getByTestId('side-panel');
    await panel.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: MAP_TIMEOUT });
    const people = await panel.getByTestId('alley-people').textContent();
    expect(people?.length).toBeGreaterThan(0);
    expect(people).not.toMatch(PHONE);
    await expect(page.locator('body').textContent()).resolves.not.toMatch(PHONE);
    expect(problems).toEqual([]);
  });

  it('draws Chinese place and road labels with the local fonts, on the dark and the light basemap', async () => {
    const { page, problems, requests } = await openPage();
    await signIn(page, 'planner');
    await waitForMap(page);
    // The centre at zoom 15: street names, landmarks and roads are labelled there.
    await page.evaluate(() => {
      const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: { jumpTo(o: object): void } }).maplibreMap;
      map.jumpTo({ center: [116.3975, 39.9087], zoom: 15 });
    });
    const labels = () => page.evaluate(() => {
      const map = (document.querySelector('.map-canvas') as unknown as {
        maplibreMap: { queryRenderedFeatures(o: object): { properties: { name?: string } }[]; areTilesLoaded(): boolean };
      }).maplibreMap;
      return map.areTilesLoaded() ? map.queryRenderedFeatures({ layers: ['place-labels', 'road-labels'] }).map((f) => f.properties.name ?? '') : [];
    });
    await expect.poll(async () => (await labels()).filter((n) => /[\u4e00-\u9fff]/.test(n)).length, { timeout: MAP_TIMEOUT, interval: 1_000 })
      .toBeGreaterThan(2);
    await saveScreenshot(page, 'map-labels-zh');

    // The labels are really painted: hiding them changes the picture.
    const shot = () => page.locator('.map').screenshot({ timeout: MAP_TIMEOUT, style: '.legend, .map-tools, .tooltip, .maplibregl-ctrl { visibility: hidden !important; }' });
    const withLabels = await shot();
    await page.evaluate(() => {
      const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: { setLayoutProperty(l: string, p: string, v: string): void } }).maplibreMap;
      for (const id of ['place-labels', 'road-labels']) map.setLayoutProperty(id, 'visibility', 'none');
    });
    await expect.poll(async () => differingPixels(withLabels, await shot()), { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(500);

    await page.getByTestId('basemap-switch').click();
    await expect.poll(() => requests.some((u) => u.endsWith('/styles/light.json')), { timeout: MAP_TIMEOUT }).toBe(true);
    await expect.poll(async () => (await labels()).length, { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(2);
    await saveScreenshot(page, 'map-labels-light');
    // Only our own origin was asked for glyphs or fonts: none at all.
    expect(requests.filter((u) => /glyph|font|\.pbf$/i.test(u))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a token the server rejects returns the page to the login', async () => {
    const { page, problems } = await openPage();
    await page.goto(server.url);
    await page.evaluate(() => sessionStorage.setItem('xiuhua.session', JSON.stringify({
      token: 'not-a-token', role: 'leader', displayName: '区领导', expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })));
    await page.reload();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.evaluate(() => sessionStorage.getItem('xiuhua.session'))).resolves.toBeNull();
    // The rejected requests themselves are the point of this test; nothing else may go wrong.
    expect(problems.filter((p) => !/^HTTP 401 /.test(p) && !/401 \(Unauthorized\)/.test(p))).toEqual([]);
  });
});
