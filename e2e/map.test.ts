// The map page in Chromium against the seeded city: sign in (staff and the delegation demo), the
// core area drawn, tooltips and side panels, the language switch, the About note — with no console
// errors and every request going to the page's own origin (the product runs air-gapped).
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlleyCollection, Meta, TokenAnswer } from '../server/contracts/index.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { BACKGROUNDS } from '../tiles/styles.ts';
import { type Harness, MAP_TIMEOUT, startHarness } from './harness.ts';
import { differingPixels, drawnShare, hexToRgb } from './pixels.ts';

/** A mainland mobile number standing alone, as seeded for chiefs, stewards and patrollers. */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

let h: Harness;
const openPage = () => h.openPage();
const signIn = (page: Page, username: string) => h.signIn(page, username);
const saveScreenshot = (page: Page, name: string) => h.saveScreenshot(page, name);

async function waitForMap(page: Page): Promise<void> {
  await page.locator('.map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
}

/** Share of the map area painted by layers; the legend and buttons are hidden so they do not count. */
async function mapDrawnShare(page: Page): Promise<number> {
  const png = await page.locator('.map').screenshot({
    timeout: MAP_TIMEOUT,
    style: '.legend, .map-tools, .layer-control, .side-panel, .tooltip, .maplibregl-ctrl { visibility: hidden !important; }',
  });
  return drawnShare(png, hexToRgb(BACKGROUNDS.dark));
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${h.server.url}${path}`, init);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// The shared city is read-only here.
beforeAll(async () => {
  h = await startHarness(fullDatabaseUrl());
});
afterEach(() => h.closePages());
afterAll(() => h?.close());

describe('the map page', { timeout: 300_000 }, () => {
  it('a leader signs in, sees the core area drawn, hovers and clicks it for a panel, and signs out', async () => {
    const { page, problems, requests } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    await expect.poll(() => mapDrawnShare(page), { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(0.2);
    // The map is drawn from our own style and vector tiles, not from bulk GeoJSON.
    expect(requests.some((u) => u.endsWith('/styles/dark.json'))).toBe(true);
    for (const layer of ['grid', 'alleys', 'basemap']) {
      expect(
        requests.some((u) => new RegExp(`/tiles/${layer}/\\d+/\\d+/\\d+\\.mvt$`).test(u)),
        layer,
      ).toBe(true);
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

  it("an alley's panel lists its chief, stewards and the twenty checklist items, with phones for staff", async () => {
    const { page, problems } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    const leader = await api<TokenAnswer>('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'xiuhua-leader' }),
    });
    const alleys = await api<AlleyCollection>('/api/alleys?street=110102001', { headers: { authorization: `Bearer ${leader.token}` } });
    const alley = alleys.features[0]!.properties;

    await page.goto(`${h.server.url}/?alley=${alley.qrSlug}`);
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
    await signIn(page, 'leader');
    await waitForMap(page);
    await expect(page.locator('.brand-area').textContent()).resolves.toBe('首都核心区');
    await expect(page.getByTestId('legend').textContent()).resolves.toContain('单元网格');

    await page.getByTestId('language-switch').click();
    await expect(page.locator('.brand-area').textContent()).resolves.toBe('Capital Core Area');
    await expect(page.getByTestId('legend').textContent()).resolves.toContain('Unit grid cells');
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('Leader');
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
    await page.goto(h.server.url);
    await page.getByTestId('demo-login').click();
    await waitForMap(page);
    await expect.poll(() => mapDrawnShare(page), { timeout: MAP_TIMEOUT, interval: 1_000 }).toBeGreaterThan(0.2);
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('参观演示');
    // no command is offered to visitors
    expect(await page.getByTestId('emergency-switch').count()).toBe(0);
    expect(await page.getByTestId('hand-over').count()).toBe(0);
    await saveScreenshot(page, 'map-demo');

    const demo = await api<TokenAnswer>('/api/auth/demo', { method: 'POST' });
    const alleys = await api<AlleyCollection>('/api/alleys?street=110101001', { headers: { authorization: `Bearer ${demo.token}` } });
    await page.goto(`${h.server.url}/?alley=${alleys.features[0]!.properties.id}`);
    const panel = page.getByTestId('side-panel');
    await panel.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: MAP_TIMEOUT });
    const people = await panel.getByTestId('alley-people').textContent();
    expect(people?.length).toBeGreaterThan(0);
    expect(people).not.toMatch(PHONE);
    // biome-ignore lint/performance/useDomNodeTextContent: as read, with the breaks between table cells and list items (textContent would glue neighbouring figures into one long number)
    await expect(page.locator('body').innerText()).resolves.not.toMatch(PHONE);
    expect(problems).toEqual([]);
  });

  it('draws Chinese place and road labels with the local fonts, on the dark and the light basemap', async () => {
    const { page, problems, requests } = await openPage();
    await signIn(page, 'leader');
    await waitForMap(page);
    // The centre at zoom 15: street names, landmarks and roads are labelled there.
    await page.evaluate(() => {
      const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: { jumpTo(o: object): void } }).maplibreMap;
      map.jumpTo({ center: [116.3975, 39.9087], zoom: 15 });
    });
    const labels = () =>
      page.evaluate(() => {
        const map = (
          document.querySelector('.map-canvas') as unknown as {
            maplibreMap: { queryRenderedFeatures(o: object): { properties: { name?: string } }[]; areTilesLoaded(): boolean };
          }
        ).maplibreMap;
        return map.areTilesLoaded()
          ? map.queryRenderedFeatures({ layers: ['place-labels', 'road-labels'] }).map((f) => f.properties.name ?? '')
          : [];
      });
    await expect
      .poll(async () => (await labels()).filter((n) => /[\u4e00-\u9fff]/.test(n)).length, { timeout: MAP_TIMEOUT, interval: 1_000 })
      .toBeGreaterThan(2);
    await saveScreenshot(page, 'map-labels-zh');

    // The labels are really painted: hiding them changes the picture.
    const shot = () =>
      page
        .locator('.map')
        .screenshot({ timeout: MAP_TIMEOUT, style: '.legend, .map-tools, .tooltip, .maplibregl-ctrl { visibility: hidden !important; }' });
    const withLabels = await shot();
    await page.evaluate(() => {
      const map = (
        document.querySelector('.map-canvas') as unknown as { maplibreMap: { setLayoutProperty(l: string, p: string, v: string): void } }
      ).maplibreMap;
      for (const id of ['place-labels', 'road-labels']) map.setLayoutProperty(id, 'visibility', 'none');
    });
    await expect
      .poll(async () => differingPixels(withLabels, await shot()), { timeout: MAP_TIMEOUT, interval: 1_000 })
      .toBeGreaterThan(500);

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
    await page.goto(h.server.url);
    await page.evaluate(() =>
      sessionStorage.setItem(
        'xiuhua.session',
        JSON.stringify({
          token: 'not-a-token',
          role: 'leader',
          displayName: '区领导',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),
    );
    await page.reload();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.evaluate(() => sessionStorage.getItem('xiuhua.session'))).resolves.toBeNull();
    // The rejected requests themselves are the point of this test; nothing else may go wrong.
    expect(problems.filter((p) => !/^HTTP 401 /.test(p) && !/401 \(Unauthorized\)/.test(p))).toEqual([]);
  });

  it('an address with no page says so in both languages and leads back; page addresses keep their state', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${h.server.url}/no-such-page?x=1`);
    const notFound = page.getByTestId('not-found');
    await expect(notFound.textContent()).resolves.toContain('页面不存在');
    await expect(notFound.textContent()).resolves.toContain('/no-such-page');
    await notFound.getByTestId('language-switch').click();
    await expect(notFound.textContent()).resolves.toContain('Page not found');
    // the link goes to the cockpit's address, client-side: the sign-in page, nothing reloaded
    await notFound.getByRole('link').click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(problems).toEqual([]);
  });
});
