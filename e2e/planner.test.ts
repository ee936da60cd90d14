// The planner's workspace in Chromium against the seeded city: a planner lands on /planner, filters
// through the UI, sees hot cells on the map and a table equal to the API's answer, drills down and back,
// downloads the CSV the API serves, and the page asks nothing of another origin. Visitors see no data.
// Then what else a planner notices: the desk dark on request, the page in English, Local Moran's I and
// the emerging hot spots painted and counted as the API answers them (progress while they compute, and what
// each result states about itself), the GeoJSON and PNG exports, the 热线+网格 quadrants with the blind
// spots by street, and a patrol plan saved from the page (on a city of its own: the shared one is read-only).
import { readFile } from 'node:fs/promises';
import { area as turfArea } from '@turf/turf';
import type { Download, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  DrilldownResult,
  EmergingResult,
  HotspotResult,
  PatrolPlan,
  PatrolPlanBody,
  PatrolPlanList,
  PatrolPlanSummary,
  QuadrantResult,
  TopProblemsResult,
} from '../server/contracts/analysis.ts';
import { CORE_AREA_EXTENT } from '../server/contracts/constants.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { format } from '../web/i18n/catalog.ts';
import { en } from '../web/i18n/en.ts';
import { zh } from '../web/i18n/zh.ts';
import { type Harness, MAP_TIMEOUT, onFreshCity, startHarness } from './harness.ts';
import { pageApi } from './page.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(fullDatabaseUrl());
});
afterEach(() => h.closePages());
afterAll(() => h?.close());

/** A panel once it shows the answer for its current URL; that URL. */
async function readyPanel(page: Page, id: string, urlPart = ''): Promise<string> {
  const panel = page.locator(`[data-testid="panel-${id}"][data-state="ready"]${urlPart ? `[data-url*="${urlPart}"]` : ''}`);
  await panel.waitFor({ timeout: MAP_TIMEOUT });
  return (await panel.getAttribute('data-url'))!;
}

/** The API's text as the page would fetch it (same token). */
const pageText = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const token = (JSON.parse(sessionStorage.getItem('xiuhua.session')!) as { token: string }).token;
    return (await fetch(p, { headers: { authorization: `Bearer ${token}` } })).text();
  }, path);

const isHot = (cls: string | null) => cls?.startsWith('hot-') === true;

/** How many cells of an answer fall in each class the map paints (untestable: too-few). */
function countsOf(classes: ReadonlyArray<string | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of classes) out[c ?? 'too-few'] = (out[c ?? 'too-few'] ?? 0) + 1;
  return out;
}

/** The map legend's classes and counts, as shown. */
const legendCounts = (page: Page) =>
  page
    .locator('[data-testid="planner-legend"] li')
    .evaluateAll((lis) =>
      Object.fromEntries(lis.map((li) => [li.dataset.class!, Number(li.querySelector('b')!.textContent!.replace(/\D/g, ''))])),
    );

/** The grid layer's fill for a cell, as deck.gl is told to paint it. */
const gridFill = (page: Page, code: string) =>
  page.evaluate((c) => {
    const el = document.querySelector('.planner-map .map-canvas') as unknown as {
      deckLayers: Array<{ id: string; props: { getFillColor(f: unknown): number[] } }>;
    };
    return el.deckLayers.find((l) => l.id === 'grid')!.props.getFillColor({ properties: { code: c } });
  }, code);

/** A result table's rows as drawn. */
const tableRows = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => ({ code: tr.dataset.code!, count: Number(tr.dataset.count), cls: tr.dataset.class! })));

/** Switches the map's analysis through the filter bar and waits until the address says so. */
async function chooseAnalysis(page: Page, analysis: string) {
  await page.getByTestId('analysis-switch').locator(`button[data-analysis="${analysis}"]`).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('analysis')).toBe(analysis);
  await expect(
    page.getByTestId('analysis-switch').locator(`button[data-analysis="${analysis}"]`).getAttribute('aria-pressed'),
  ).resolves.toBe('true');
}

/** A file the page downloads when `click` runs. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: MAP_TIMEOUT }), click()]);
  return { file, bytes: await readFile((await file.path())!) };
}

/** Relative luminance (0 dark – 1 light) of a CSS rgb() colour or an r, g, b triple. */
function luminance(colour: string | readonly number[]): number {
  const [r, g, b] = typeof colour === 'string' ? colour.match(/[\d.]+/g)!.map(Number) : colour;
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

/** The mean luminance of a screenshot. */
function meanLuminance(png: Buffer): number {
  const { data } = PNG.sync.read(png);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += luminance([data[i]!, data[i + 1]!, data[i + 2]!]);
  return sum / (data.length / 4);
}

/** The sentence a panel's meta line states for an analysis answer, in the page's own formatting. */
async function metaSentence(page: Page, meta: EmergingResult['meta'] | HotspotResult['meta']): Promise<string> {
  const [cells, cases, at] = await page.evaluate(
    (m) => [
      new Intl.NumberFormat('zh-CN').format(m.cells),
      new Intl.NumberFormat('zh-CN').format(m.cases),
      new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(m.computedAt),
      ),
    ],
    meta,
  );
  return format(zh['planner.meta'], { method: meta.methodZh, weights: meta.weightsZh, alpha: meta.alpha, cells, cases, at });
}

describe('the planner workspace', { timeout: 400_000 }, () => {
  it('a planner filters to one category and 90 days, sees the hot cells the API finds, drills down and back and downloads the CSV', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    await page.getByTestId('planner').waitFor();
    expect(new URL(page.url()).pathname).toBe('/planner');

    // the last 90 days through the preset: its days go into the address
    await page.locator('[data-range="90d"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('90d');
    const params = new URL(page.url()).searchParams;
    const from = params.get('from')!;
    const to = params.get('to')!;
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the sub-class residents complained about most in those days
    const top = await pageApi<TopProblemsResult>(page, `/api/analysis/top-problems?from=${from}&to=${to}&limit=1`);
    const category = top.items[0]!.categoryCode;
    await page.getByTestId('filter-category').selectOption(category);

    const url = await readyPanel(page, 'results', `category=${category}`);
    expect(url).toContain(`from=${from}`);
    expect(url).toContain(`to=${to}`);
    expect(url).toContain('method=gistar');
    const answer = await pageApi<HotspotResult>(page, url);
    const hot = answer.items.filter((c) => isHot(c.class));
    expect(hot.length).toBeGreaterThan(0);

    // the table: each row's count and class as the API answers them, the significant cells first
    const rows = await page
      .getByTestId('hotspot-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => ({ code: tr.dataset.code!, count: Number(tr.dataset.count), cls: tr.dataset.class! })));
    const byCode = new Map(answer.items.map((c) => [c.code, c]));
    expect(rows.length).toBe(Math.min(200, answer.meta.tested));
    for (const r of rows) {
      expect(r.count, r.code).toBe(byCode.get(r.code)!.count);
      expect(r.cls, r.code).toBe(byCode.get(r.code)!.class);
    }
    expect(rows.slice(0, hot.length).every((r) => isHot(r.cls))).toBe(true);
    await expect(page.getByTestId('analysis-meta').first().getAttribute('data-cases')).resolves.toBe(String(answer.meta.cases));

    // the map: drawn, its legend counting the API's classes, and the grid layer painting a hot cell red
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByTestId('planner-map').getAttribute('data-hot-cells')).resolves.toBe(String(hot.length));
    for (const cls of ['hot-99', 'hot-95', 'hot-90', 'not-significant']) {
      const n = answer.items.filter((c) => c.class === cls).length;
      await expect(page.locator(`[data-testid="planner-legend"] li[data-class="${cls}"]`).getAttribute('data-count')).resolves.toBe(
        String(n),
      );
    }
    const fill = await page.evaluate((code) => {
      const el = document.querySelector('.planner-map .map-canvas') as unknown as {
        deckLayers: Array<{ id: string; props: { getFillColor(f: unknown): number[] } }>;
      };
      const grid = el.deckLayers.find((l) => l.id === 'grid')!;
      return [grid.props.getFillColor({ properties: { code } }), grid.props.getFillColor({ properties: { code: '00000000000000' } })];
    }, hot[0]!.code);
    expect(fill[0]![0]).toBeGreaterThan(200); // red
    expect(fill[0]![3]).toBeGreaterThan(100);
    expect(fill[1]![3]).toBe(0); // not in the answer: no fill
    await h.saveScreenshot(page, 'planner-hotspots');

    // drill-down: core area → a district → a street, and back by the breadcrumb
    const drillArea = page.getByTestId('drill-area');
    await page.locator('[data-testid="drill-area"][data-level="core"]').waitFor({ timeout: MAP_TIMEOUT });
    await page.getByTestId('drill-row').first().getByRole('button').click();
    await page.locator('[data-testid="drill-area"][data-level="district"]').waitFor({ timeout: MAP_TIMEOUT });
    const street = page.locator('[data-testid="drill-row"][data-level="street"]').first();
    const streetId = (await street.getAttribute('data-id'))!;
    await street.getByRole('button').click();
    await page.locator(`[data-testid="drill-area"][data-level="street"][data-id="${streetId}"]`).waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).searchParams.get('drill')).toBe(`street:${streetId}`);
    const drillUrl = await readyPanel(page, 'drilldown', `id=${streetId}`);
    const drill = await pageApi<DrilldownResult>(page, drillUrl);
    await expect(drillArea.getAttribute('data-cases')).resolves.toBe(String(drill.area.cases));
    const communities = await page
      .getByTestId('drill-row')
      .evaluateAll((trs) => trs.map((tr) => [tr.dataset.id, Number(tr.dataset.cases)]));
    expect(communities).toEqual(drill.children.map((c) => [c.id, c.cases]));
    await expect(page.getByTestId('drill-breadcrumb').getByRole('button').count()).resolves.toBe(3);
    await page.getByTestId('drill-breadcrumb').locator('button[data-level="core"]').click();
    await page.locator('[data-testid="drill-area"][data-level="core"]').waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).searchParams.get('drill')).toBeNull();

    // the CSV download: the API's own file, and its rows the JSON answer's cells
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: MAP_TIMEOUT }),
      page.getByTestId('panel-results').locator('button[data-export="csv"]').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^hotspots-gistar-.*\.csv$/);
    const text = await readFile((await file.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // Excel reads it as UTF-8 (fetch's text() drops the mark)
    expect(text.slice(1)).toBe(await pageText(page, `${url}&format=csv`));
    const [header, ...lines] = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const columns = header!.split(',');
    const csvRows = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
    expect(csvRows.map((r) => [r.code, Number(r.count), r.class || null])).toEqual(answer.items.map((c) => [c.code, c.count, c.class]));

    // a reload restores the view from the address
    await page.reload();
    await readyPanel(page, 'results', `category=${category}`);
    await expect(page.getByTestId('filter-category').inputValue()).resolves.toBe(category);
    await expect(page.locator('[data-range="90d"]').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(problems).toEqual([]);
  });

  it('a planner narrows to finished cases by stage and downloads the cases behind the view: the counts and rows are the API’s', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    await page.getByTestId('planner').waitFor();
    await page.locator('[data-range="7d"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('7d');
    const all = await pageApi<HotspotResult>(page, await readyPanel(page, 'results', 'from='));

    await page.getByTestId('filter-stage').selectOption({ label: '已办结（结案、评价、不予受理）' });
    await expect.poll(() => new URL(page.url()).searchParams.get('stage')).toBe('closed,evaluated,rejected');
    const url = await readyPanel(page, 'results', 'stage=closed');
    const finished = await pageApi<HotspotResult>(page, url);
    // fewer cases than without the filter, and the meta line states the filtered answer's count
    expect(finished.meta.cases).toBeGreaterThan(0);
    expect(finished.meta.cases).toBeLessThan(all.meta.cases);
    await expect(page.getByTestId('panel-results').getByTestId('analysis-meta').getAttribute('data-cases')).resolves.toBe(
      String(finished.meta.cases),
    );

    // the cases behind the view: one CSV row per counted case, each finished
    const { file, bytes } = await downloaded(page, () => page.getByTestId('cases-export').locator('button[data-export="csv"]').click());
    expect(file.suggestedFilename()).toMatch(/^cases-.*\.csv$/);
    const text = bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = text.slice(1).trimEnd().split('\r\n');
    const stage = header!.split(',').indexOf('stage');
    expect(lines.length).toBe(finished.meta.cases);
    expect(lines.every((l) => ['closed', 'evaluated', 'rejected'].includes(l.split(',')[stage]!))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a visitor at /planner is told the workspace is not for their role and is sent no analysis', async () => {
    const { page, problems, requests } = await h.openPage();
    await page.goto(`${h.server.url}/planner`);
    await page.getByTestId('demo-login').click();
    await page.getByTestId('planner-denied').waitFor();
    await expect(page.getByTestId('planner-denied').textContent()).resolves.toContain('参观演示');
    expect(requests.filter((u) => u.includes('/api/analysis'))).toEqual([]);
    await expect(page.getByTestId('planner-map').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('a leader still lands on the wall, with a link to the workspace in the header', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'leader');
    await page.getByTestId('cockpit').waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('planner-link').click();
    await page.getByTestId('planner').waitFor();
    expect(new URL(page.url()).pathname).toBe('/planner');
    await readyPanel(page, 'results');
    expect(problems).toEqual([]);
  });
});

describe('the planner workspace: how it looks and what it speaks', { timeout: 300_000 }, () => {
  it('the desk is light by default; on request it turns dark, basemap and panels too, and a reload keeps it dark', async () => {
    const { page, problems, requests } = await h.openPage();
    await h.signIn(page, 'planner');
    await readyPanel(page, 'results');
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    const themeSwitch = page.getByTestId('theme-switch');
    /** The colours a planner sees, and the basemap the map shows once its tiles are in. */
    const look = async (style: 'light' | 'dark') => {
      await page.waitForFunction(
        (name) => {
          const el = document.querySelector('.planner-map .map-canvas') as unknown as {
            maplibreMap?: { getStyle(): { name?: string } | undefined; loaded(): boolean; areTilesLoaded(): boolean };
          };
          const m = el?.maplibreMap;
          return m?.getStyle()?.name === name && m.loaded() && m.areTilesLoaded();
        },
        `xiuhua-${style}`,
        { timeout: MAP_TIMEOUT },
      );
      const colours = await page.evaluate(() => {
        const of = (selector: string) => getComputedStyle(document.querySelector(selector)!);
        return {
          ground: of('[data-testid="planner"]').backgroundColor,
          text: of('[data-testid="planner"]').color,
          panel: of('[data-testid="panel-results"]').backgroundColor,
          legend: of('[data-testid="planner-legend"]').backgroundColor,
        };
      });
      const map = meanLuminance(await page.locator('.planner-map').screenshot({ timeout: MAP_TIMEOUT }));
      return { ...colours, map };
    };

    await expect(page.getByTestId('planner').getAttribute('data-theme')).resolves.toBe('light');
    await expect(themeSwitch.textContent()).resolves.toBe(zh['planner.themeDark']);
    const light = await look('light');
    expect(luminance(light.ground)).toBeGreaterThan(0.8);
    expect(luminance(light.panel)).toBeGreaterThan(0.8);
    expect(luminance(light.text)).toBeLessThan(0.3);
    expect(light.map).toBeGreaterThan(0.6);

    await themeSwitch.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('theme')).toBe('dark');
    await expect(page.getByTestId('planner').getAttribute('data-theme')).resolves.toBe('dark');
    await expect(themeSwitch.textContent()).resolves.toBe(zh['planner.themeLight']);
    const dark = await look('dark');
    expect(luminance(dark.ground)).toBeLessThan(0.2);
    expect(luminance(dark.panel)).toBeLessThan(0.2);
    expect(luminance(dark.legend)).toBeLessThan(0.2);
    expect(luminance(dark.text)).toBeGreaterThan(0.5);
    expect(dark.map).toBeLessThan(0.3);
    expect(requests.some((u) => u.endsWith('/styles/dark.json'))).toBe(true);
    await h.saveScreenshot(page, 'planner-dark');

    // the link keeps the theme: a reload opens the dark desk with the dark basemap
    await page.reload();
    await readyPanel(page, 'results');
    await expect(page.getByTestId('planner').getAttribute('data-theme')).resolves.toBe('dark');
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await page.waitForFunction(
      () =>
        (
          document.querySelector('.planner-map .map-canvas') as unknown as { maplibreMap?: { getStyle(): { name?: string } | undefined } }
        )?.maplibreMap?.getStyle()?.name === 'xiuhua-dark',
      undefined,
      { timeout: MAP_TIMEOUT },
    );

    // and back to light: the parameter leaves the address
    await themeSwitch.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('theme')).toBeNull();
    await expect(page.getByTestId('planner').getAttribute('data-theme')).resolves.toBe('light');
    expect(problems).toEqual([]);
  });

  it('a planner switches /planner to English: header, filters, legend, tables, drill-down and patrol plan speak English, after a reload too', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    const url = await readyPanel(page, 'results');
    await readyPanel(page, 'drilldown');
    await readyPanel(page, 'quadrant');
    await expect(page.locator('.planner-title').textContent()).resolves.toBe(zh['planner.title']);

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    /** Everything a reader sees in the workspace that is written in Chinese characters. */
    const chinese = () =>
      page.evaluate(() => {
        const han = /\p{Script=Han}/u;
        const out: string[] = [];
        const root = document.querySelector('[data-testid="planner"]')!;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement!;
          if (!han.test(n.textContent!) || el.closest('option, [data-testid="language-switch"]')) continue;
          if (!el.checkVisibility()) continue; // not on screen (a closed street's cells)
          if (el.closest('[data-testid="current-user"]') && !el.classList.contains('role-badge')) continue; // a person's name
          out.push(`${el.className || el.tagName}: ${n.textContent!.trim()}`);
        }
        for (const s of root.querySelectorAll('select'))
          if (han.test(s.selectedOptions[0]?.textContent ?? '')) out.push(`select: ${s.selectedOptions[0]!.textContent}`);
        for (const i of root.querySelectorAll('input')) if (han.test(i.value)) out.push(`input: ${i.value}`);
        for (const e of root.querySelectorAll('[aria-label]'))
          if (han.test(e.getAttribute('aria-label')!)) out.push(`aria-label: ${e.getAttribute('aria-label')}`);
        return out;
      });
    const english = async () => {
      await expect(page.locator('.planner-title').textContent()).resolves.toBe(en['planner.title']);
      await expect(page.getByTestId('language-switch').textContent()).resolves.toBe(en['lang.switchTo']);
      await expect(page.getByTestId('planner-legend').locator('h2').textContent()).resolves.toBe(
        format(en['planner.legend'], { analysis: en['planner.analysis.gistar'] }),
      );
      const labels = await page
        .locator('[data-testid="planner-legend"] li')
        .evaluateAll((lis) => lis.map((li) => [li.dataset.class!, li.querySelector('.legend-label')!.textContent]));
      expect(labels.length).toBeGreaterThan(0);
      for (const [cls, label] of labels) expect(label, cls).toBe(en[`class.${cls}` as keyof typeof en]);
      await expect(page.getByTestId('hotspot-table').locator('thead th').allTextContents()).resolves.toEqual([
        en['planner.col.code'],
        en['planner.col.count'],
        en['planner.col.z'],
        en['planner.col.p'],
        en['planner.col.class'],
      ]);
      await expect(page.getByTestId('drill-breadcrumb').getByRole('button').first().textContent()).resolves.toBe(en['planner.level.core']);
      // the districts under the core area by their English names
      const drill = await pageApi<DrilldownResult>(page, (await readyPanel(page, 'drilldown'))!);
      const districts = await page.getByTestId('drill-row').getByRole('button').allTextContents();
      expect(districts).toEqual(drill.children.map((c) => c.nameEn ?? c.name));
      expect(drill.children.every((c) => c.nameEn && districts.includes(c.nameEn))).toBe(true);
      // the result states itself in English
      const answer = await pageApi<HotspotResult>(page, url);
      const meta = (await page.getByTestId('panel-results').getByTestId('analysis-meta').locator('p').first().textContent())!;
      for (const part of [
        `weights ${answer.meta.weights}`,
        `α = ${answer.meta.alpha}`,
        `${answer.meta.cells.toLocaleString('en')} cells`,
        `${answer.meta.cases.toLocaleString('en')} cases`,
        ' · computed ',
      ])
        expect(meta).toContain(part);
      await expect(page.getByTestId('blind-spots').locator('h3').first().textContent()).resolves.toBe(en['planner.blindSpots']);
      // the 热线+网格 panel's method sentence too is in English
      await readyPanel(page, 'quadrant');
      expect(await chinese()).toEqual([]);
    };
    await english();

    // the choice is remembered: a reload opens the workspace in English
    await page.reload();
    await readyPanel(page, 'results');
    await readyPanel(page, 'drilldown');
    await readyPanel(page, 'quadrant');
    await english();

    await page.getByTestId('language-switch').click();
    await expect(page.locator('.planner-title').textContent()).resolves.toBe(zh['planner.title']);
    expect(problems).toEqual([]);
  });
});

describe('the planner workspace: the other analyses and their exports', { timeout: 300_000 }, () => {
  it("Local Moran's I: the map's clusters and outliers, the legend's counts and the table are the API's, and the cells leave as GeoJSON in WGS84", async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    await readyPanel(page, 'results', 'method=gistar');
    await chooseAnalysis(page, 'moran');
    const url = await readyPanel(page, 'results', 'method=moran');
    await expect(page.getByTestId('panel-results').locator('h2').first().textContent()).resolves.toBe(zh['planner.analysis.moran']);
    const answer = await pageApi<HotspotResult>(page, url);
    expect(answer.meta.method).toMatch(/Moran/);
    const classes = countsOf(answer.items.map((c) => c.class));
    expect(classes.HH).toBeGreaterThan(0);

    // the map: painted and counted by the answer's classes, the high-high clusters its hot cells
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByTestId('planner-map').getAttribute('data-analysis')).resolves.toBe('moran');
    await expect(page.getByTestId('planner-legend').locator('h2').textContent()).resolves.toBe(
      format(zh['planner.legend'], { analysis: zh['planner.analysis.moran'] }),
    );
    const legend = await legendCounts(page);
    for (const [cls, n] of Object.entries(classes)) expect(legend[cls], cls).toBe(n);
    expect(Object.values(legend).reduce((a, b) => a + b, 0)).toBe(answer.items.length);
    await expect(page.getByTestId('planner-map').getAttribute('data-hot-cells')).resolves.toBe(String(classes.HH));
    const hh = await gridFill(page, answer.items.find((c) => c.class === 'HH')!.code);
    expect(hh[0]).toBeGreaterThan(200); // red
    expect(hh[2]).toBeLessThan(100);
    expect(hh[3]).toBeGreaterThan(100);
    const ll = answer.items.find((c) => c.class === 'LL');
    if (ll) {
      const fill = await gridFill(page, ll.code);
      expect(fill[2]).toBeGreaterThan(fill[0]!); // blue
    }
    const quiet = await gridFill(page, answer.items.find((c) => c.class === 'not-significant')!.code);
    expect(quiet[3]).toBeLessThan(hh[3]!); // faint

    // the table: the answer's classes and counts, the significant cells first
    const rows = await tableRows(page, 'hotspot-table');
    const byCode = new Map(answer.items.map((c) => [c.code, c]));
    expect(rows.length).toBe(Math.min(200, answer.meta.tested));
    for (const r of rows) {
      expect(r.count, r.code).toBe(byCode.get(r.code)!.count);
      expect(r.cls, r.code).toBe(byCode.get(r.code)!.class);
    }
    const significant = answer.items.filter((c) => c.significant).length;
    expect(rows.slice(0, Math.min(significant, rows.length)).every((r) => byCode.get(r.code)!.significant)).toBe(true);

    // GeoJSON of the cells: every cell of the answer with its figures, each a polygon of about a hectare in WGS84
    const { file, bytes } = await downloaded(page, () =>
      page.getByTestId('panel-results').locator('button[data-export="geojson"]').click(),
    );
    expect(file.suggestedFilename()).toMatch(/^hotspots-moran-.*\.geojson$/);
    const geo = JSON.parse(bytes.toString('utf8')) as {
      type: string;
      meta: HotspotResult['meta'];
      features: Array<{ id: string; geometry: { type: string; coordinates: number[][][] }; properties: HotspotResult['items'][number] }>;
    };
    expect(geo.type).toBe('FeatureCollection');
    expect([geo.meta.method, geo.meta.from, geo.meta.to, geo.meta.cases]).toEqual([
      answer.meta.method,
      answer.meta.from,
      answer.meta.to,
      answer.meta.cases,
    ]);
    expect(geo.features.map((f) => f.properties)).toEqual(answer.items);
    expect(geo.features.map((f) => f.id)).toEqual(answer.items.map((c) => c.code));
    const [minLng, minLat, maxLng, maxLat] = CORE_AREA_EXTENT;
    for (const f of geo.features) {
      expect(f.geometry.type, f.id).toBe('Polygon');
      for (const [lng, lat] of f.geometry.coordinates.flat()) {
        expect(
          lng! >= minLng - 0.01 && lng! <= maxLng + 0.01 && lat! >= minLat - 0.01 && lat! <= maxLat + 0.01,
          `${f.id} ${lng},${lat}`,
        ).toBe(true);
      }
    }
    const area = turfArea(geo.features[0]! as unknown as Parameters<typeof turfArea>[0]);
    expect(area).toBeGreaterThan(5_000);
    expect(area).toBeLessThan(15_000);
    expect(problems).toEqual([]);
  });

  it('emerging hot spots: while the weeks compute the panel and the map say so; then the legend, table and cells are the answer, which states its method, weights, α, cells, cases and when', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    await readyPanel(page, 'results', 'method=gistar');

    // the answer is held back until the planner has been shown that it is being computed
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    const emergingRoute = /\/api\/analysis\/emerging\?/;
    await page.route(emergingRoute, async (route) => {
      asked++;
      await held;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => emergingRoute.test(r.url()) && r.request().method() === 'GET', { timeout: MAP_TIMEOUT });
    await chooseAnalysis(page, 'emerging');
    const panel = page.getByTestId('panel-results');
    await page.locator('[data-testid="panel-results"][data-state="computing"][data-url*="/api/analysis/emerging?"]').waitFor();
    await expect.poll(() => asked).toBe(1);
    await panel.getByRole('progressbar', { name: zh['planner.computing'] }).waitFor();
    await expect(panel.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(panel.locator('.panel-body').textContent()).resolves.toContain(zh['planner.computing']);
    const mapStatus = page.getByTestId('planner-map').locator('.map-status[role="status"]');
    await expect(mapStatus.textContent()).resolves.toContain(zh['planner.computing']);
    await expect(page.locator('.planner-map .map').getAttribute('data-state')).resolves.toBe('loading');

    release();
    const response = await answered;
    const answer = (await response.json()) as EmergingResult;
    const url = await readyPanel(page, 'results', '/api/analysis/emerging?');
    const asAsked = new URL(response.url());
    expect(asAsked.pathname + asAsked.search).toBe(url);
    await page.unroute(emergingRoute);
    await panel.getByRole('progressbar').waitFor({ state: 'detached' });
    await expect(panel.getAttribute('aria-busy')).resolves.toBe('false');

    // what the result states about itself: method, weights, α, cells, cases, when; how many cells it could test
    expect(answer.meta.weeks.length).toBeGreaterThanOrEqual(12);
    const meta = panel.getByTestId('analysis-meta');
    await expect(meta.getAttribute('data-cells')).resolves.toBe(String(answer.meta.cells));
    await expect(meta.getAttribute('data-cases')).resolves.toBe(String(answer.meta.cases));
    await expect(meta.locator('p').first().textContent()).resolves.toBe(
      `${await metaSentence(page, answer.meta)}${answer.meta.fdr ? ` · ${zh['planner.fdr']}` : ''}`,
    );
    const zhNumber = new Intl.NumberFormat('zh-CN');
    await expect(meta.locator('p').nth(1).textContent()).resolves.toBe(
      format(zh['planner.metaTested'], {
        tested: zhNumber.format(answer.meta.tested),
        tooFew: zhNumber.format(answer.meta.tooFewCases),
        minCases: answer.meta.minCases,
      }),
    );

    // the map and its legend: each category present, as many cells as the answer puts in it
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByTestId('planner-map').getAttribute('data-analysis')).resolves.toBe('emerging');
    const categories = countsOf(answer.items.map((c) => c.category));
    expect(Object.keys(categories).some((c) => c.endsWith('-hot'))).toBe(true);
    await expect(legendCounts(page)).resolves.toEqual(categories);
    const hotCells = answer.items.filter((c) => c.category?.endsWith('-hot')).length;
    await expect(page.getByTestId('planner-map').getAttribute('data-hot-cells')).resolves.toBe(String(hotCells));
    const hot = answer.items.find((c) => c.category?.endsWith('-hot'))!;
    const fill = await gridFill(page, hot.code);
    expect(fill[0]).toBeGreaterThan(fill[2]!); // a warm colour
    expect(fill[3]).toBeGreaterThan(100);

    // the table: the cells with a pattern, the most hot weeks first, their figures the answer's
    const rows = await tableRows(page, 'emerging-table');
    const patterned = answer.items.filter((c) => c.category !== null && c.category !== 'no-pattern');
    expect(rows.length).toBe(Math.min(200, patterned.length));
    const byCode = new Map(answer.items.map((c) => [c.code, c]));
    for (const r of rows) {
      expect(r.count, r.code).toBe(byCode.get(r.code)!.count);
      expect(r.cls, r.code).toBe(byCode.get(r.code)!.category);
    }
    const weeks = rows.map((r) => byCode.get(r.code)!.hotWeeks);
    expect(weeks).toEqual([...weeks].sort((a, b) => b - a));
    expect(weeks[0]).toBe(Math.max(...patterned.map((c) => c.hotWeeks)));
    expect(problems).toEqual([]);
  });

  it('热线+网格: the map paints the API’s quadrants, the scatter is drawn and leaves as a PNG, and the blind spots are listed by street as the API lists them', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'planner');
    await readyPanel(page, 'results', 'method=gistar');
    await chooseAnalysis(page, 'quadrant');
    const url = await readyPanel(page, 'results', '/api/analysis/quadrant?');
    expect(url).toContain('split=median');
    // the 热线+网格 tab below shows the same answer
    await expect(readyPanel(page, 'quadrant')).resolves.toBe(url);
    const answer = await pageApi<QuadrantResult>(page, url);
    const quadrants = countsOf(answer.cells.map((c) => c.quadrant));
    expect(quadrants['blind-spot']).toBeGreaterThan(0);
    expect(answer.blindSpots.length).toBeGreaterThan(0);
    for (const id of ['results', 'quadrant']) {
      const meta = page.getByTestId(`panel-${id}`).getByTestId('analysis-meta');
      await expect(meta.getAttribute('data-cells')).resolves.toBe(String(answer.meta.cells));
      await expect(meta.getAttribute('data-cases')).resolves.toBe(String(answer.meta.cases));
      await expect(meta.textContent()).resolves.toContain(answer.meta.methodZh);
    }

    // the map: four quadrants, as many cells in each as the answer, a blind spot painted orange
    await page.locator('.planner-map .map[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByTestId('planner-map').getAttribute('data-analysis')).resolves.toBe('quadrant');
    await expect(legendCounts(page)).resolves.toEqual({ 'both-high': 0, 'blind-spot': 0, 'patrol-high': 0, 'both-low': 0, ...quadrants });
    const blindCell = answer.blindSpots[0]!.cells[0]!;
    const orange = await gridFill(page, blindCell.code);
    expect(orange[0]).toBeGreaterThan(200);
    expect(orange[1]).toBeGreaterThan(100);
    expect(orange[2]).toBeLessThan(80);
    // the table beside the map: every cell but the both-low ones, the most hotline cases first
    const rows = await tableRows(page, 'quadrant-table');
    const byCode = new Map(answer.cells.map((c) => [c.code, c]));
    expect(rows.length).toBe(Math.min(200, answer.cells.length - (quadrants['both-low'] ?? 0)));
    for (const r of rows) {
      expect(r.count, r.code).toBe(byCode.get(r.code)!.hotline);
      expect(r.cls, r.code).toBe(byCode.get(r.code)!.quadrant);
    }
    expect(rows[0]!.count).toBe(Math.max(...answer.cells.map((c) => c.hotline)));

    // the scatter, drawn, with the split the answer used
    const scatter = page.locator('[data-testid="quadrant-scatter"][data-drawn="true"]');
    await scatter.waitFor({ timeout: MAP_TIMEOUT });
    await expect(page.getByTestId('panel-quadrant').locator('.chart-head .dim').textContent()).resolves.toBe(
      format(zh['planner.quadrant.thresholds'], {
        hotline: answer.meta.thresholds.cells.hotline,
        patrol: answer.meta.thresholds.cells.patrol,
        split: zh['planner.split.median'],
      }),
    );
    // …and as a PNG: the chart at twice its size on the panel's white, dots in each quadrant's colour
    const box = (await scatter.boundingBox())!;
    const { file, bytes } = await downloaded(page, () => page.getByTestId('panel-quadrant').locator('button[data-export="png"]').click());
    expect(file.suggestedFilename()).toBe(`quadrant-${answer.meta.from}-${answer.meta.to}.png`);
    const png = PNG.sync.read(bytes);
    expect(Math.abs(png.width - 2 * box.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(png.height - 2 * box.height)).toBeLessThanOrEqual(2);
    expect([...png.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    const dots = (rgb: readonly number[]) => {
      // a dot at opacity 0.75 over white, or dots over one another
      const over = rgb.map((c) => 0.75 * c + 0.25 * 255);
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const px = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if ([over, rgb].some((want) => want.every((c, k) => Math.abs(c - px[k]!) <= 12))) n++;
      }
      return n;
    };
    const COLOURS = { 'both-high': [215, 25, 28], 'blind-spot': [245, 140, 20], 'patrol-high': [40, 150, 120] } as const;
    for (const [q, rgb] of Object.entries(COLOURS)) if (quadrants[q]) expect(dots(rgb), q).toBeGreaterThan(20);

    // the blind spots by street: the API's streets in its order, each with its cells, their hotline and patrollers
    const list = page.getByTestId('blind-spots');
    await expect(list.locator('details').evaluateAll((ds) => ds.map((d) => (d as HTMLElement).dataset.street))).resolves.toEqual(
      answer.blindSpots.map((s) => s.streetCode),
    );
    const zhNumber = new Intl.NumberFormat('zh-CN');
    const summaries = await list.locator('details > summary').allTextContents();
    answer.blindSpots.forEach((s, i) => {
      const head = format(zh['planner.blindStreet'], { street: s.streetName, cells: s.cells.length, hotline: zhNumber.format(s.hotline) });
      expect(summaries[i], s.streetCode).toBe(`${head} · ${s.topSubclasses.map((c) => `${c.name} ${c.count}`).join('、')}`);
    });
    const first = answer.blindSpots[0]!;
    const street = list.locator(`details[data-street="${first.streetCode}"]`);
    await street.locator('summary').click();
    const cells = street.locator('.blind-cells > li');
    await cells.first().waitFor();
    await expect(cells.locator('button').allTextContents()).resolves.toEqual(first.cells.map((c) => c.code));
    const texts = await cells.allTextContents();
    first.cells.forEach((c, i) => {
      expect(texts[i], c.code).toContain(`${zh['planner.col.hotline']} ${c.hotline} · ${zh['planner.col.patrol']} ${c.patrol}`);
      expect(texts[i], c.code).toContain(c.patroller ?? zh['planner.noPatroller']);
    });
    // and the map paints those cells as blind spots
    for (const c of first.cells.slice(0, 5)) await expect(gridFill(page, c.code)).resolves.toEqual(orange);
    expect(problems).toEqual([]);
  });
});

describe('the planner saves a patrol plan (on a city of its own)', { timeout: 300_000 }, () => {
  const city = onFreshCity({ width: 1600, height: 900 });

  it('a planner saves next week’s patrol plan from the blind spots: the page posts their cells by patroller and the plan is then among the saved ones', async () => {
    const { page, problems } = await city.h.openPage();
    await city.h.signIn(page, 'planner');
    const url = await readyPanel(page, 'quadrant');
    const answer = await pageApi<QuadrantResult>(page, url);
    const before = await pageApi<PatrolPlanList>(page, '/api/patrol-plans');
    // next week's rounds for each patroller: the blind-spot cells on their beat and the alleys crossing them
    const rounds = new Map<number, { cells: Set<string>; alleys: Set<number> }>();
    for (const c of answer.blindSpots.flatMap((s) => s.cells)) {
      if (c.patrollerId === null) continue;
      const r = rounds.get(c.patrollerId) ?? { cells: new Set(), alleys: new Set() };
      r.cells.add(c.code);
      for (const a of c.alleys) r.alleys.add(a.id);
      rounds.set(c.patrollerId, r);
    }
    expect(rounds.size).toBeGreaterThan(0);

    // the week: the Monday after today, Beijing calendar
    const today = new Date(Date.now() + 8 * 3_600_000);
    const monday = new Date(today.getTime() + ((8 - today.getUTCDay()) % 7 || 7) * 86_400_000).toISOString().slice(0, 10);
    const form = page.getByTestId('blind-spots').locator('form.plan-form');
    await expect(form.locator('input[type="date"]').inputValue()).resolves.toBe(monday);
    await expect(form.locator('input:not([type])').inputValue()).resolves.toBe(format(zh['planner.plan.defaultName'], { week: monday }));
    const name = `什刹海 补巡 e2e ${today.getTime()}`;
    await form.locator('input:not([type])').fill(name);

    const isPost = (r: { url(): string; method(): string }) => r.url().endsWith('/api/patrol-plans') && r.method() === 'POST';
    const [request, response] = await Promise.all([
      page.waitForRequest(isPost),
      page.waitForResponse((r) => isPost(r.request())),
      page.getByTestId('save-plan').click(),
    ]);
    const body = request.postDataJSON() as PatrolPlanBody;
    expect([body.name, body.weekStart]).toEqual([name, monday]);
    const sorted = (items: ReadonlyArray<{ patrollerId: number; cellCodes: readonly string[]; alleyIds: readonly number[] }>) =>
      items
        .map((i) => ({ patrollerId: i.patrollerId, cellCodes: [...i.cellCodes].sort(), alleyIds: [...i.alleyIds].sort((a, b) => a - b) }))
        .sort((a, b) => a.patrollerId - b.patrollerId);
    const expected = sorted([...rounds].map(([patrollerId, r]) => ({ patrollerId, cellCodes: [...r.cells], alleyIds: [...r.alleys] })));
    expect(sorted(body.items)).toEqual(expected);
    expect(response.status()).toBe(201);
    const { items: _items, ...summary } = (await response.json()) as PatrolPlan;

    // the page says so, with what the plan holds
    const saved = page.getByTestId('plan-saved');
    await saved.waitFor();
    await expect(saved.getAttribute('data-id')).resolves.toBe(String(summary.id));
    await expect(saved.textContent()).resolves.toBe(
      format(zh['planner.plan.saved'], { id: summary.id, patrollers: summary.patrollers, cells: summary.cells, alleys: summary.alleys }),
    );
    expect(summary.patrollers).toBe(rounds.size);
    expect(summary.cells).toBe(expected.reduce((n, i) => n + i.cellCodes.length, 0));

    // the plan is now among the saved ones: in the API's list and in the page's
    const after = await pageApi<PatrolPlanList>(page, '/api/patrol-plans');
    expect(after.items.length).toBe(before.items.length + 1);
    expect(after.items.find((p) => p.id === summary.id)).toEqual(summary satisfies PatrolPlanSummary);
    const plan = await pageApi<PatrolPlan>(page, `/api/patrol-plans/${summary.id}`);
    expect(
      sorted(
        plan.items.map((i) => ({ patrollerId: i.patrollerId, cellCodes: i.cells.map((c) => c.code), alleyIds: i.alleys.map((a) => a.id) })),
      ),
    ).toEqual(expected);
    const listed = page.getByTestId('blind-spots').locator('ul.plans > li', { hasText: `#${summary.id} ${name}` });
    await listed.waitFor();
    await expect(listed.textContent()).resolves.toContain(`${monday} · ${summary.patrollers}/${summary.cells}/${summary.alleys}`);
    expect(problems).toEqual([]);
  });
});
