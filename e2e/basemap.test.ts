// The basemap's real road network in Chromium: at the Nanluoguxiang and Dashilar blocks the map draws the
// OpenStreetMap lanes with their Chinese names, on the dark and the light style — the labels a user reads
// are real hutong names there, and hiding the roads changes the picture.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fullDatabaseUrl } from '../test/db.ts';
import { type Harness, MAP_TIMEOUT, startHarness } from './harness.ts';
import { differingPixels } from './pixels.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(fullDatabaseUrl());
});
afterEach(() => h.closePages());
afterAll(() => h?.close());

/** Real OSM names of each block's lanes and streets (seed/data/core_roads_osm2013.geojson and the extra ways). */
const BLOCKS = [
  {
    name: 'nanluoguxiang',
    center: [116.4025, 39.937] as [number, number],
    zoom: 16,
    known: [
      '南锣鼓巷',
      '菊儿胡同',
      '东棉花胡同',
      '前圆恩寺胡同',
      '后圆恩寺胡同',
      '北兵马司胡同',
      '秦老胡同',
      '寿比胡同',
      '细管胡同',
      '帽儿胡同',
    ],
  },
  {
    name: 'dashilar',
    center: [116.3903, 39.8952] as [number, number],
    // Dashilar's lanes are 100–300 m long: a label fits along them from z17
    zoom: 17,
    known: ['大栅栏商业街', '廊房头条', '廊房二条', '廊房三条', '煤市街', '粮食店街', '小江胡同', '果子胡同', '布巷子胡同', '前门大街'],
  },
];

type MapHandle = {
  jumpTo(o: object): void;
  areTilesLoaded(): boolean;
  queryRenderedFeatures(o: object): { properties: { name?: string } }[];
  setLayoutProperty(l: string, p: string, v: string): void;
};

const roadLabels = (page: Page) =>
  page.evaluate(() => {
    const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: MapHandle }).maplibreMap;
    return map.areTilesLoaded() ? map.queryRenderedFeatures({ layers: ['road-labels'] }).map((f) => f.properties.name ?? '') : [];
  });

const setRoads = (page: Page, visibility: 'visible' | 'none') =>
  page.evaluate((v) => {
    const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: MapHandle }).maplibreMap;
    for (const id of ['roads-local', 'roads-minor', 'roads-main', 'road-labels']) map.setLayoutProperty(id, 'visibility', v);
  }, visibility);

const shot = (page: Page) =>
  page.locator('.map').screenshot({
    timeout: MAP_TIMEOUT,
    style: '.legend, .map-tools, .layer-control, .side-panel, .tooltip, .maplibregl-ctrl { visibility: hidden !important; }',
  });

describe('the real road network on the basemap', { timeout: 300_000 }, () => {
  it('draws the Nanluoguxiang and Dashilar lanes with their Chinese names, on the dark and the light basemap', async () => {
    // a laptop's window, no larger: software WebGL draws every frame on the CPU (in a narrower one the cockpit's
    // map is too small for its tools and the layer panel side by side)
    const { page, problems, requests } = await h.openPage({ width: 1366, height: 768 });
    await h.signIn(page, 'leader');
    await page.locator('.map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    // the basemap alone, as a user sees it with every data layer switched off in the layer panel
    const layers = page.locator('.layer-control input[type="checkbox"]');
    for (let i = 0; i < (await layers.count()); i++) await layers.nth(i).uncheck();
    for (const theme of ['dark', 'light'] as const) {
      if (theme === 'light') {
        await page.getByTestId('basemap-switch').click();
        await expect.poll(() => requests.some((u) => u.endsWith('/styles/light.json')), { timeout: MAP_TIMEOUT }).toBe(true);
      }
      for (const block of BLOCKS) {
        await page.evaluate(({ center, zoom }) => {
          const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: MapHandle }).maplibreMap;
          map.jumpTo({ center, zoom });
        }, block);
        await expect
          .poll(async () => (await roadLabels(page)).filter((n) => block.known.includes(n)).length, {
            timeout: MAP_TIMEOUT,
            interval: 1_000,
          })
          .toBeGreaterThan(1);
        await h.saveScreenshot(page, `basemap-${block.name}-${theme}`);
        const withRoads = await shot(page);
        await setRoads(page, 'none');
        // the roads and lanes are at least 1% of the map's pixels (the cockpit's map is ~450 × 500 px here)
        const box = (await page.locator('.map').boundingBox())!;
        await expect
          .poll(async () => differingPixels(withRoads, await shot(page)), { timeout: MAP_TIMEOUT, interval: 1_000 })
          .toBeGreaterThan(box.width * box.height * 0.01);
        await setRoads(page, 'visible');
      }
    }
    // ODbL: the credit is on the map itself, behind maplibre's ⓘ
    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib').textContent(), { timeout: MAP_TIMEOUT })
      .toContain('© OpenStreetMap contributors (ODbL)');
    expect(problems).toEqual([]);
  });
});
