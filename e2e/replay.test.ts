// The replay (时光回放) on the leader's wall in Chromium, on the shared seeded city (read only): a replay
// link opens the wall at an instant of the past, paused; the cases the map's layer draws there (its rows
// and the GPU time filter's range, read from the layer in the page) and each one's stage equal an
// independent query over case_event as of that instant, at three instants (one in the seeded storm); the
// headline figures as of the clock equal the replay API's at that instant; the control opens in one click;
// leaving replay returns to live in one click and drops the parameters; English shows the English banner;
// every request stays on the page's origin.
import { RecordBatchReader, Table } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STAGES } from '../server/contracts/constants.ts';
import type { TokenAnswer } from '../server/contracts/index.ts';
import { fullDatabaseUrl, query } from '../test/db.ts';
import { type Harness, MAP_TIMEOUT, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(fullDatabaseUrl(), { width: 1600, height: 900 });
});
afterEach(() => h.closePages());
afterAll(() => h?.close());

const HOUR = 3_600_000;
/** How long a finished case stays drawn (web/replay/chunks.ts LINGER_MS). */
const LINGER = '1 hour';

/** Each case drawn at the instant and its stage, from the trail alone: the last event up to the instant decides;
 *  a finished case (closed, evaluated, rejected) is drawn for an hour after that event. */
async function oracle(instant: Date): Promise<Map<number, string>> {
  const rows = await query<{ id: number; stage: string }>(
    fullDatabaseUrl(),
    `select case_id::int as id, to_stage as stage
       from (select distinct on (case_id) case_id, to_stage, at from case_event where at <= $1
              order by case_id, at desc, id desc) last
      where to_stage not in ('closed', 'evaluated', 'rejected') or at > $1::timestamptz - interval '${LINGER}'`,
    [instant],
  );
  return new Map(rows.map((r) => [r.id, r.stage]));
}

/** The cases the replay's layer draws now: its rows whose time span the filter range holds, as the GPU tests them. */
const drawnCases = (page: Page) =>
  page.evaluate(() => {
    type Layer = {
      id: string;
      props: {
        filterRange: [[number, number], [number, number]];
        data: { segments: { cases: Int32Array; stages: Int8Array }; attributes: { getFilterValue: { value: Float32Array } } };
      };
    };
    const el = document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: Layer[] };
    const layer = el.deckLayers?.find((l) => l.id === 'replay-cases');
    if (!layer) return null;
    const [[a0, a1], [b0, b1]] = layer.props.filterRange.map((r) => r.map((x) => Math.fround(x))) as [[number, number], [number, number]];
    const spans = layer.props.data.attributes.getFilterValue.value;
    const { cases, stages } = layer.props.data.segments;
    const out: [number, number][] = [];
    for (let i = 0; i < cases.length; i++) {
      const s = spans[2 * i]!;
      const e = spans[2 * i + 1]!;
      if (s >= a0 && s <= a1 && e >= b0 && e <= b1) out.push([cases[i]!, stages[i]!]);
    }
    return out;
  });

async function token(): Promise<string> {
  const res = await fetch(`${h.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: 'xiuhua-leader' }),
  });
  return ((await res.json()) as TokenAnswer).token;
}

/** The headline figures as the replay API has them at the instant: the window from it. */
async function apiFigures(instant: Date) {
  const from = instant.toISOString();
  const to = new Date(instant.getTime() + 60_000).toISOString();
  const res = await fetch(`${h.server.url}/api/replay?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&tables=cases`, {
    headers: { authorization: `Bearer ${await token()}` },
  });
  expect(res.status).toBe(200);
  const tables = new Map<string, Table>();
  for (const reader of RecordBatchReader.readAll(new Uint8Array(await res.arrayBuffer())))
    tables.set(reader.schema.metadata.get('name')!, new Table(reader.readAll()));
  const open = tables.get('open')!;
  const deadlines = open.getChild('deadline')!.toArray() as Float64Array;
  return {
    today: (tables.get('window')!.getChild('reportedToday')!.toArray() as Int32Array)[0],
    open: open.numRows,
    overdue: deadlines.filter((d) => d < 0).length,
  };
}

const figure = async (page: Page, id: string) =>
  Number(await page.getByTestId(`fig-${id}`).locator('.fig-value').getAttribute('data-value'));

describe('replay on the leader’s wall', { timeout: 600_000 }, () => {
  it('draws the cases and their stages as case_event has them at three instants, with the figures of the API', async () => {
    // half a second past the minute: the seeded trail's steps fall on whole seconds, so no step sits at the clock
    const [storm] = await query<{ at: Date }>(
      fullDatabaseUrl(),
      `select ((reported_at at time zone 'Asia/Shanghai')::date + interval '16 hours 0.5 seconds') at time zone 'Asia/Shanghai' as at
         from cases where category_code = '20405' group by (reported_at at time zone 'Asia/Shanghai')::date order by count(*) desc limit 1`,
    );
    const [monday] = await query<{ at: Date }>(
      fullDatabaseUrl(),
      `select (date_trunc('week', (now() at time zone 'Asia/Shanghai') - interval '14 days') + interval '9 hours 30 minutes 0.5 seconds')
                at time zone 'Asia/Shanghai' as at`,
    );
    const [spring] = await query<{ at: Date }>(
      fullDatabaseUrl(),
      "select date_trunc('minute', min(reported_at)) + interval '120 days 14 hours 0.5 seconds' as at from cases",
    );

    const w = await h.openPage();
    const { page, problems } = w;
    await h.signIn(page, 'leader');
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    // one click opens the control with its named moments
    await page.getByTestId('replay-open').click();
    await page.locator('[data-testid="replay-control"] [data-moment]').nth(2).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="replay-control"] [data-moment]').count()).toBe(4);

    for (const instant of [storm!.at, monday!.at, spring!.at]) {
      const start = new Date(instant.getTime() - 2 * HOUR).toISOString();
      await page.goto(`${h.server.url}/?replay=${encodeURIComponent(start)}&speed=600&t=${encodeURIComponent(instant.toISOString())}`);
      await page
        .locator(`[data-testid="replay"][data-active="true"][data-playing="false"][data-clock="${instant.toISOString()}"]`)
        .waitFor({ timeout: MAP_TIMEOUT });
      await page.locator('[data-testid="figures"][data-replay="true"]').waitFor({ timeout: MAP_TIMEOUT });
      await expect.poll(() => drawnCases(page), { timeout: MAP_TIMEOUT, interval: 500 }).not.toBeNull();
      const drawn = (await drawnCases(page))!;
      const expected = await oracle(instant);
      const seen = new Map(drawn.map(([id, s]) => [id, CASE_STAGES[s]!]));
      expect(drawn.length, `one row per case at ${instant.toISOString()}`).toBe(seen.size);
      expect(seen.size, `cases drawn at ${instant.toISOString()}`).toBe(expected.size);
      expect(seen.size).toBeGreaterThan(100);
      const wrong = [...expected].filter(([id, stage]) => seen.get(id) !== stage);
      expect(wrong.slice(0, 5), `cases whose stage differs at ${instant.toISOString()}`).toEqual([]);

      const api = await apiFigures(instant);
      expect({ today: await figure(page, 'today'), open: await figure(page, 'open'), overdue: await figure(page, 'overdue') }).toEqual(api);
      await expect.poll(() => page.getByTestId('replay-banner').textContent()).toContain('正在回放');
    }

    // play moves the clock on from where it stood; pause writes where it stopped into the address
    const paused = spring!.at.getTime();
    await page.getByTestId('replay-play').click();
    await page.locator('[data-testid="replay"][data-playing="true"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => Date.parse((await page.getByTestId('replay').getAttribute('data-clock')) ?? ''), { timeout: 60_000 })
      .toBeGreaterThan(paused);
    expect(new URL(page.url()).searchParams.has('t')).toBe(false);
    await page.getByTestId('replay-play').click();
    await page.locator('[data-testid="replay"][data-playing="false"]').waitFor({ timeout: 30_000 });
    const stopped = await page.getByTestId('replay').getAttribute('data-clock');
    await expect.poll(() => new URL(page.url()).searchParams.get('t')).toBe(stopped);

    // English
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('replay-banner').textContent()).toContain('Replaying the past');

    // back to live in one click, the address without the replay
    await page.getByTestId('replay-exit').click();
    await page.getByTestId('fig-supervised').waitFor({ timeout: MAP_TIMEOUT });
    const search = new URLSearchParams(new URL(page.url()).search);
    expect(['replay', 'speed', 't'].filter((p) => search.has(p))).toEqual([]);
    expect(await page.getByTestId('replay-banner').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('draws the units on their way to the seeded flood along their reported positions, each where it was at the clock', async () => {
    // the flood's units' steps with a position, from the timeline alone (people are not replayed)
    const steps = await query<{ unit: string; t: number; lng: number; lat: number; scene_lng: number; scene_lat: number; code: string }>(
      fullDatabaseUrl(),
      `select substr(e.payload->>'ref', 6) as unit, extract(epoch from e.at) * 1000 as t, i.code,
              (e.payload->>'lng')::float8 as lng, (e.payload->>'lat')::float8 as lat,
              st_x(i.location) as scene_lng, st_y(i.location) as scene_lat
         from incident_event e join incident i on i.id = e.incident_id
        where i.kind = 'waterlogging' and i.sensor_alarm_id is null and e.payload->>'ref' like 'unit:%' and e.payload ? 'lng'
        order by e.at, e.id`,
    );
    const units = [...new Set(steps.map((s) => s.unit))];
    expect(units.length).toBe(2);
    const first = steps.filter((s) => s.unit === units[0]);
    expect(first.length).toBeGreaterThanOrEqual(5); // acknowledged, on the way along the route, arrived
    // between two of its reports on the way, both in the wall's 6-hour chunk (web/replay/chunks.ts: a UTC grid)
    const CHUNK = 6 * HOUR;
    const k = first.findIndex((p, i) => i >= 1 && i + 1 < first.length && Math.floor(p.t / CHUNK) === Math.floor(first[i + 1]!.t / CHUNK));
    expect(k).toBeGreaterThan(0);
    const [a, b] = [first[k]!, first[k + 1]!];
    const instant = new Date((a.t + b.t) / 2 + 0.5);
    const end = (Math.floor(instant.getTime() / CHUNK) + 1) * CHUNK;
    const share = (instant.getTime() - a.t) / (b.t - a.t);
    const expected = [a.lng + (b.lng - a.lng) * share, a.lat + (b.lat - a.lat) * share];

    const { page, problems } = await h.openPage();
    await h.signIn(page, 'leader');
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    const start = new Date(instant.getTime() - HOUR).toISOString();
    await page.goto(`${h.server.url}/?replay=${encodeURIComponent(start)}&speed=600&t=${encodeURIComponent(instant.toISOString())}`);
    await page.locator('[data-testid="replay"][data-active="true"][data-playing="false"]').waitFor({ timeout: MAP_TIMEOUT });
    const layer = (id: string) =>
      page.evaluate((lid) => {
        const el = document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: { id: string; props: Record<string, unknown> }[] };
        const l = el.deckLayers?.find((x) => x.id === lid);
        return l ? { data: l.props.data as unknown[], currentTime: l.props.currentTime as number | undefined } : null;
      }, id);
    await expect.poll(async () => (await layer('replay-trips'))?.data.length ?? 0, { timeout: MAP_TIMEOUT }).toBeGreaterThanOrEqual(2);
    const trips = (await layer('replay-trips'))!.data as { unit: string; path: [number, number][] }[];
    for (const u of units) {
      const trip = trips.find((x) => x.unit === u)!;
      // every position it reported before the chunk's end, the steps that stayed put (done where it arrived) once
      const reported = steps
        .filter((s) => s.unit === u && s.t < end)
        .filter((s, j, all) => j === 0 || s.lng !== all[j - 1]!.lng || s.lat !== all[j - 1]!.lat);
      expect(trip.path).toEqual(reported.map((s) => [expect.closeTo(s.lng, 4), expect.closeTo(s.lat, 4)]));
    }
    const heads = (await layer('replay-units'))!.data as { unit: string; lng: number; lat: number; moving: boolean }[];
    const head = heads.find((x) => x.unit === units[0])!;
    expect(head).toMatchObject({ moving: true, lng: expect.closeTo(expected[0]!, 4), lat: expect.closeTo(expected[1]!, 4) });
    const incidents = (await layer('replay-incidents'))!.data as { lng: number; lat: number }[];
    expect(incidents).toEqual([
      expect.objectContaining({ lng: expect.closeTo(steps[0]!.scene_lng, 4), lat: expect.closeTo(steps[0]!.scene_lat, 4) }),
    ]);
    // the strip under the map: the whole window (not only the chunk at the clock), the incident marked on it
    const strip = page.getByTestId('replay-timeline');
    await expect.poll(() => strip.getAttribute('data-whole'), { timeout: 30_000 }).toBe('true');
    expect((await strip.getAttribute('data-incidents'))?.split(' ')).toContain(steps[0]!.code);
    await h.saveScreenshot(page, 'replay-trips');
    expect(problems).toEqual([]);
  });

  it('falls back to live, with no error, on a replay link that does not fit', async () => {
    const w = await h.openPage();
    await h.signIn(w.page, 'leader');
    await w.page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    for (const search of ['?replay=yesterday', '?replay=1999-01-01T00:00:00Z&speed=600', '?replay=2026-01-01T00:00:00Z&speed=-3']) {
      await w.page.goto(`${h.server.url}/${search}`);
      await w.page.getByTestId('fig-supervised').waitFor({ timeout: MAP_TIMEOUT });
      await expect.poll(() => new URL(w.page.url()).searchParams.has('replay') && search.includes('1999'), { timeout: 30_000 }).toBe(false);
      expect(await w.page.getByTestId('replay-banner').count()).toBe(0);
    }
    expect(w.problems).toEqual([]);
  });
});
