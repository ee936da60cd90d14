// Vector tiles from the seeded city, decoded as a map client would: the right features and properties
// at known places, tile sizes within budget, bad input refused, and live invalidation across processes.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../server/db/pool.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { freshDatabase } from '../test/db.ts';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { tileOf } from './cache.ts';
import { LAYERS } from './layers.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(() => t.close());

async function tile(path: string, app = t.app) {
  const res = await app.inject({ method: 'GET', url: path });
  return { res, tile: res.statusCode === 200 ? new VectorTile(new PbfReader(res.rawPayload)) : null };
}

function features(vt: VectorTile | null, layer: string) {
  const l = vt?.layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

async function sql<T>(text: string, params: unknown[] = [], url = t.url): Promise<T[]> {
  const db = createClient(url);
  await db.connect();
  try { return (await db.query(text, params)).rows as T[]; } finally { await db.end(); }
}

describe('tiles', () => {
  it('puts a seeded alley, with its name, score and chief, in the tile that covers it', async () => {
    const [a] = await sql<{ id: number; name: string; chief: string; lng: number; lat: number }>(`
      select a.id, a.name, p.name as chief, st_x(m) as lng, st_y(m) as lat
        from alley a join person p on p.id = a.chief_id, st_lineInterpolatePoint(a.geom, 0.5) m order by a.id limit 1`);
    const [x, y] = tileOf(a!.lng, a!.lat, 15);
    const { tile: vt } = await tile(`/tiles/alleys/15/${x}/${y}.mvt`);
    const f = features(vt, 'alleys').find((f) => f.id === a!.id);
    expect(f?.properties.name).toBe(a!.name);
    expect(f?.properties.chief).toBe(a!.chief);
    expect(f?.properties.score).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(f?.properties)).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/); // no phone
  });

  it("gives a grid cell's open-case count as SQL counts it", async () => {
    const [g] = await sql<{ id: number; open: number; lng: number; lat: number }>(`
      select g.id, count(*)::int as open, st_x(st_pointOnSurface(g.geom)) as lng, st_y(st_pointOnSurface(g.geom)) as lat
        from cases c join grid_cell g on g.id = c.grid_cell_id
       where c.stage not in ('closed', 'evaluated', 'rejected')
       group by g.id order by count(*) desc, g.id limit 1`);
    const [x, y] = tileOf(g!.lng, g!.lat, 16);
    const { tile: vt } = await tile(`/tiles/grid/16/${x}/${y}.mvt`);
    const f = features(vt, 'grid').find((f) => f.id === g!.id);
    expect(f?.properties.open_cases).toBe(g!.open);
    expect(g!.open).toBeGreaterThan(0);
  });

  it('draws single cases at z15+ and counted bins below, honouring the filters', async () => {
    const [x, y] = tileOf(116.39, 39.915, 12);
    const all = features((await tile(`/tiles/cases/12/${x}/${y}.mvt`)).tile, 'case_bins');
    const hotline = features((await tile(`/tiles/cases/12/${x}/${y}.mvt?source=hotline`)).tile, 'case_bins');
    const sum = (fs: typeof all) => fs.reduce((s, f) => s + Number(f.properties.count), 0);
    expect(sum(all)).toBeGreaterThan(1000);
    expect(sum(hotline)).toBeGreaterThan(0);
    expect(sum(hotline)).toBeLessThan(sum(all));
    const [px, py] = tileOf(116.39, 39.915, 16);
    const points = features((await tile(`/tiles/cases/16/${px}/${py}.mvt?stage=evaluated`)).tile, 'cases');
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((f) => f.properties.stage === 'evaluated')).toBe(true);
  });

  it('keeps every tile of every layer under 500 KB at z10–z16 over the core area', async () => {
    const largest: Record<string, number> = {};
    for (const layer of LAYERS) {
      for (let z = Math.max(10, layer.minzoom); z <= 16; z += 2) {
        const [x0, y1] = tileOf(116.34, 39.86, z);
        const [x1, y0] = tileOf(116.45, 39.97, z);
        // every tile up to z12; a diagonal sample deeper down (the densest area is the centre)
        const step = z <= 12 ? 1 : Math.ceil((x1 - x0 + 1) / 6);
        for (let x = x0; x <= x1; x += step) {
          for (let y = y0; y <= y1; y += step) {
            const res = await t.app.inject({ method: 'GET', url: `/tiles/${layer.name}/${z}/${x}/${y}.mvt` });
            expect([200, 204]).toContain(res.statusCode);
            largest[layer.name] = Math.max(largest[layer.name] ?? 0, res.rawPayload.length);
          }
        }
      }
    }
    for (const [name, bytes] of Object.entries(largest)) expect(bytes, name).toBeLessThan(500 * 1024);
    expect(largest.grid).toBeGreaterThan(10_000);
  }, 120_000);

  it('answers 304 to a matching ETag and serves TileJSON and styles from its own origin only', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/tiles/admin/12/3372/1551.mvt' });
    const again = await t.app.inject({ method: 'GET', url: '/tiles/admin/12/3372/1551.mvt', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const tj = (await t.app.inject({ method: 'GET', url: '/tiles/grid.json', headers: { host: 'wall.local:8080' } })).json();
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles).toEqual(['http://wall.local:8080/tiles/grid/{z}/{x}/{y}.mvt']);
    expect(tj.vector_layers[0].fields).toMatchObject({ open_cases: 'Number', class: 'String' });
    for (const name of ['dark', 'light']) {
      const style = (await t.app.inject({ method: 'GET', url: `/styles/${name}.json`, headers: { host: 'wall.local:8080' } })).json();
      const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
      expect(urls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u.startsWith('http://wall.local:8080/')).toBe(true);
      expect(style.glyphs).toBeUndefined();
    }
  });

  it('refuses bad tile requests with a message', async () => {
    const cases: [string, number, RegExp][] = [
      ['/tiles/grid/23/0/0.mvt', 400, /zoom level from 0 to 22/],
      ['/tiles/grid/3/8/0.mvt', 400, /x and y run from 0 to 7/],
      ['/tiles/grid/3/0/9.mvt', 400, /x and y run from 0 to 7/],
      ['/tiles/grid/3/0/x.mvt', 400, /<row>\.mvt/],
      ['/tiles/rivers/3/0/0.mvt', 404, /no tile layer "rivers"/],
      ['/tiles/cases/12/0/0.mvt?stage=lost', 400, /stage/],
      ['/tiles/cases/12/0/0.mvt?from=yesterday', 400, /from/],
      ['/tiles/grid/12/0/0.mvt?stage=closed', 400, /takes no query parameters/],
      ['/styles/neon.json', 404, /no style "neon"/],
    ];
    for (const [url, status, message] of cases) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().message, url).toMatch(message);
    }
  });
});

describe('live invalidation', () => {
  it('shows a new case in the next fetch of its tile, in a second server process too', async () => {
    const db = await freshDatabase();
    const config = { ...loadConfig(db.url), logLevel: 'silent', poolSize: 2 };
    const one = await buildApp({ config });
    const two = await buildApp({ config });
    try {
      const [c] = await sql<{ lng: number; lat: number }>(
        'select st_x(st_pointOnSurface(geom)) as lng, st_y(st_pointOnSurface(geom)) as lat from grid_cell order by id limit 1', [], db.url);
      const [x, y] = tileOf(c!.lng, c!.lat, 17);
      const path = `/tiles/cases/17/${x}/${y}.mvt`;
      const before = [one, two].map(async (app) => features((await tile(path, app)).tile, 'cases').length);
      const [n1, n2] = await Promise.all(before);
      await sql(`insert into cases (code, source, category_code, description, geom, reported_at)
        values ('TILE-TEST-1', 'hotline', '20102', '暴露垃圾', st_setsrid(st_makePoint($1, $2), 4326), now())`, [c!.lng, c!.lat], db.url);
      for (const [app, n] of [[one, n1], [two, n2]] as const) {
        await expect.poll(async () => features((await tile(path, app)).tile, 'cases').map((f) => f.properties.code),
          { timeout: 2000, interval: 100 }).toContain('TILE-TEST-1');
        expect(features((await tile(path, app)).tile, 'cases').length).toBe(n! + 1);
      }
    } finally {
      await one.close();
      await two.close();
      await db.drop();
    }
  });
});
