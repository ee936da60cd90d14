// The planner's workspace in Chromium against the seeded city: a planner lands on /planner, filters
// through the UI, sees hot cells on the map and a table equal to the API's answer, drills down and back,
// downloads the CSV the API serves, and the page asks nothing of another origin. Visitors see no data.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DrilldownResult, HotspotResult, TopProblemsResult } from '../server/contracts/analysis.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { type Harness, MAP_TIMEOUT, startHarness } from './harness.ts';
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
