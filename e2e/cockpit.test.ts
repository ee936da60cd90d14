// The leader cockpit in Chromium on a city of its own (a fresh copy: this test reports cases): it
// loads without console errors and with every request to its own origin; every panel shows what the
// API answers; a case reported through the API reaches the live feed and the heatmap's data within
// 2 s; a feed entry opens the case drawer with its trail; the emergency switch is one click away and
// in the URL; screenshots at 1920×1080, 3840×2160 and a 32:9 wall (3840×1080) have no overlapping panels
// and no clipped text.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CasePage, CaseDetail, CockpitSummary, TokenAnswer } from '../server/contracts/index.ts';
import { MAP_TIMEOUT, onFreshCity } from './harness.ts';
import { layoutProblems, pageApi } from './page.ts';

const city = onFreshCity({ width: 1920, height: 1080 });

async function openCockpit(username = 'leader', viewport?: { width: number; height: number }, search = '') {
  const w = await city.h.openPage(viewport);
  await city.h.signIn(w.page, username, search);
  await w.page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
  return w;
}

/** A figures table (key → text) as the page holds it. */
const table = (page: Page, testId: string) => page.getByTestId(testId).evaluate((el) =>
  Object.fromEntries([...el.querySelectorAll('td')].map((td) => [td.dataset.key!, td.textContent!])));

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The number of points behind the heatmap layer, and whether one sits at lng/lat. */
const heatHas = (page: Page, lng: number, lat: number) => page.evaluate(([x, y]) => {
  const el = document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: { id: string; props: { data: [number, number, number][] } }[] };
  const heat = el.deckLayers?.find((l) => l.id === 'heat');
  return { count: heat?.props.data.length ?? -1, found: heat?.props.data.some((p) => Math.abs(p[0] - x!) < 1e-5 && Math.abs(p[1] - y!) < 1e-5) ?? false };
}, [lng, lat]);

describe('the leader cockpit', { timeout: 400_000 }, () => {
  it('loads without errors, every request to its own origin, and every panel shows what the API answers', async () => {
    const { page, problems, requests } = await openCockpit();
    const summary = await pageApi<CockpitSummary>(page, '/api/cockpit/summary');
    const figure = async (id: string) => Number(await page.getByTestId(`fig-${id}`).locator('.fig-value').getAttribute('data-value'));
    expect(await figure('today')).toBe(summary.today.total);
    expect(await figure('open')).toBe(summary.open.total);
    expect(await figure('overdue')).toBe(summary.open.overdue);
    expect(await figure('supervised')).toBe(summary.open.supervised);
    expect(await figure('alarms')).toBe((await pageApi<unknown[]>(page, '/api/alarms?open=true')).length);
    const crowds = await pageApi<{ code: string; kind: string; count: number | null; capacity: number; alarm: boolean }[]>(page, '/api/crowds');
    expect(await figure('crowdAlarms')).toBe(crowds.filter((a) => a.alarm).length);

    expect(await table(page, 'today-sources')).toEqual(Object.fromEntries(summary.today.bySource.map((s) => [s.source, String(s.count)])));
    expect(await table(page, 'today-classes')).toEqual(Object.fromEntries(summary.today.byCategory.map((c) => [c.code, String(c.count)])));
    expect(await table(page, 'rates-figures')).toEqual({ closure: pct(summary.month.closureRate), onTime: pct(summary.month.onTimeRate), satisfaction: pct(summary.month.satisfactionRate) });
    expect(await table(page, 'trend-figures')).toEqual(Object.fromEntries(summary.trend.map((d) => [d.day, `${d.reported}/${d.closed}`])));
    expect(summary.trend.some((d) => d.reported > 0)).toBe(true);

    const ranking = await pageApi<{ items: { code: string; score: number | null }[] }>(page, '/api/kpi/streets');
    const rows = await page.getByTestId('ranking').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.street, tr.querySelector('.score')!.getAttribute('data-score')]));
    expect(rows).toEqual(ranking.items.map((r) => [r.code, r.score === null ? '' : String(r.score)]));
    expect(rows).toHaveLength(32);

    const overdue = await pageApi<CasePage>(page, '/api/cases?overdue=true&limit=12');
    expect(await page.getByTestId('overdue-list').locator('[data-case]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.case)))
      .toEqual(overdue.items.map((c) => c.code));
    const newest = await pageApi<CasePage>(page, '/api/cases?limit=12');
    expect(await page.getByTestId('live-feed').locator('li[data-kind="case"] [data-code]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code)))
      .toEqual(newest.items.map((c) => c.code));

    const [rain, water] = await Promise.all([pageApi<{ code: string; lastValue: number | null }[]>(page, '/api/sensors?kind=rain_gauge'),
      pageApi<{ code: string; lastValue: number | null }[]>(page, '/api/sensors?kind=waterlogging')]);
    expect(await table(page, 'water-figures')).toEqual(Object.fromEntries([...rain, ...water].map((s) => [s.code, String(s.lastValue ?? '')])));
    expect(await table(page, 'crowd-figures')).toEqual(Object.fromEntries(crowds.filter((a) => a.kind !== 'station').map((a) => [a.code, `${a.count ?? ''}/${a.capacity}`])));

    const heat = await pageApi<{ points: unknown[] }>(page, '/api/cockpit/heat?window=24h');
    expect((await heatHas(page, 0, 0)).count).toBe(heat.points.length);
    await expect(page.getByTestId('live-status').getAttribute('data-status')).resolves.toBe('open');

    const paths = requests.map((u) => new URL(u).pathname);
    expect(paths.some((p) => p.startsWith('/api/live'))).toBe(true);
    expect(paths.some((p) => /^\/tiles\/grid\/\d+\/\d+\/\d+\.mvt$/.test(p))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a case reported through the API in the live feed and the heatmap within 2 s, and opens its trail', async () => {
    const { page, problems } = await openCockpit();
    const before = Number(await page.getByTestId('fig-today').locator('.fig-value').getAttribute('data-value'));
    const { token } = await (await fetch(`${city.h.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'xiuhua-dispatcher' }),
    })).json() as TokenAnswer;
    const lng = 116.40321;
    const lat = 39.92712;
    const res = await fetch(`${city.h.server.url}/api/cases`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ source: 'hotline', categoryCode: '20101', lng, lat, description: '胡同口堆放建筑垃圾', idempotencyKey: `e2e-cockpit-${Date.now()}` }),
    });
    const accepted = Date.now();
    expect(res.status).toBe(201);
    const { code } = await res.json() as { code: string };
    // Read in the page without waiting for animation frames: software WebGL may take seconds to
    // draw the frame after an update, which a GPU does in milliseconds. The page stamps when the
    // event reached the feed and when the layers holding the point were handed to deck.gl.
    const arrival = () => page.evaluate(([c, x, y]) => {
      const item = document.querySelector<HTMLElement>(`[data-testid="live-feed"] li:has([data-code="${c}"])`);
      const map = document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: { id: string; props: { data: number[][] } }[]; deckLayersAt?: number };
      const inHeat = map.deckLayers?.find((l) => l.id === 'heat')?.props.data.some((p) => Math.abs(p[0]! - (x as number)) < 1e-5 && Math.abs(p[1]! - (y as number)) < 1e-5);
      return { feedAt: item ? Number(item.dataset.receivedAt) : null, heatAt: inHeat ? map.deckLayersAt! : null };
    }, [code, lng, lat] as const);
    let seen = await arrival();
    for (const started = Date.now(); (seen.feedAt === null || seen.heatAt === null) && Date.now() - started < 30_000;) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await arrival();
    }
    expect(seen.feedAt! - accepted, 'accepted → in the live feed (ms)').toBeLessThan(2_000);
    expect(seen.heatAt! - accepted, 'accepted → in the heatmap layer\'s data (ms)').toBeLessThan(2_000);
    expect(Number(await page.getByTestId('fig-today').locator('.fig-value').getAttribute('data-value'))).toBe(before + 1);

    await page.locator(`[data-testid="live-feed"] [data-code="${code}"]`).click();
    await expect(page.waitForURL(new RegExp(`[?&]case=${code}`))).resolves.toBeUndefined();
    const trail = page.getByTestId('case-trail');
    await trail.waitFor();
    const detail = await pageApi<CaseDetail>(page, `/api/cases/${code}`);
    await expect(trail.locator('li').count()).resolves.toBe(detail.trail.length);
    await expect(page.getByTestId('case-stage').textContent()).resolves.toContain('上报');
    expect(problems).toEqual([]);
  });

  it('switches into emergency command mode in one click, kept in the URL, and back', async () => {
    const { page, problems } = await openCockpit();
    await page.getByTestId('emergency-switch').click();
    await page.getByTestId('emergency-banner').waitFor();
    expect(new URL(page.url()).searchParams.get('mode')).toBe('emergency');
    await expect(page.locator('.app').getAttribute('data-mode')).resolves.toBe('emergency');
    await page.reload();
    await page.getByTestId('emergency-banner').waitFor();
    await page.getByTestId('normal-switch').click();
    await expect(page.getByTestId('emergency-banner').count()).resolves.toBe(0);
    expect(new URL(page.url()).searchParams.get('mode')).toBeNull();
    await page.getByTestId('emergency-switch').waitFor();
    expect(problems).toEqual([]);
  });

  for (const [width, height] of [[1920, 1080], [3840, 2160], [3840, 1080]] as const) {
    it(`is legible at ${width}×${height}: panels apart and on screen, no text clipped`, async () => {
      const { page, problems } = await openCockpit('leader', { width, height });
      await page.waitForTimeout(500); // the charts' first frame
      await city.h.saveScreenshot(page, `cockpit-${width}x${height}`);
      expect(await layoutProblems(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});
