// Vector tiles from the seeded city, decoded as a map client would: the right features and properties
// at known places, tile sizes within budget, bad input refused, and live invalidation across processes.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createClient } from '../server/db/pool.ts';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { freshDatabase } from '../test/db.ts';
import { TileCache, tileOf } from './cache.ts';
import { LAYERS } from './layers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
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
  try {
    return (await db.query(text, params)).rows as T[];
  } finally {
    await db.end();
  }
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

  it('draws single cases, honouring the filters', async () => {
    const [x, y] = tileOf(116.39, 39.915, 16);
    const all = features((await tile(`/tiles/cases/16/${x}/${y}.mvt`)).tile, 'cases');
    const evaluated = features((await tile(`/tiles/cases/16/${x}/${y}.mvt?stage=evaluated`)).tile, 'cases');
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThan(all.length);
    expect(evaluated.every((f) => f.properties.stage === 'evaluated')).toBe(true);
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
    const again = await t.app.inject({
      method: 'GET',
      url: '/tiles/admin/12/3372/1551.mvt',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const tj = (await t.app.inject({ method: 'GET', url: '/tiles/grid.json', headers: { host: 'wall.local:8080' } })).json();
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.name).toBe('grid');
    expect(tj.tiles).toEqual(['http://wall.local:8080/tiles/grid/{z}/{x}/{y}.mvt']);
    expect(tj.vector_layers).toEqual([expect.objectContaining({ id: 'grid', minzoom: 12, maxzoom: 18 })]);
    expect(tj.vector_layers[0].fields).toMatchObject({ open_cases: 'Number', class: 'String' });
    for (const name of ['dark', 'light']) {
      const style = (await t.app.inject({ method: 'GET', url: `/styles/${name}.json`, headers: { host: 'wall.local:8080' } })).json();
      const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
      expect(urls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u.startsWith('http://wall.local:8080/')).toBe(true);
      expect(style.glyphs).toBeUndefined();
    }
  });

  it("gives each layer's zoom range in its TileJSON, and bounds that hold all of the layer's data", async () => {
    // every table a layer draws from, with the zoom its features start at
    const extent = async (table: string) =>
      (
        await sql<{ box: [number, number, number, number] }>(
          `select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as box from (select st_extent(geom) as e from ${table}) x`,
        )
      )[0]!.box;
    for (const layer of LAYERS) {
      const tj = (await t.app.inject({ method: 'GET', url: `/tiles/${layer.name}.json` })).json();
      expect([tj.name, tj.minzoom, tj.maxzoom], layer.name).toEqual([layer.name, layer.minzoom, layer.maxzoom]);
      expect(tj.center[2]).toBeGreaterThanOrEqual(layer.minzoom);
      expect(tj.center[2]).toBeLessThanOrEqual(layer.maxzoom);
      expect(tj.vector_layers.map((v: { id: string }) => v.id)).toEqual(Object.keys(layer.vectorLayers));
      const [w, s, e, n] = tj.bounds as number[];
      for (const table of layer.dependsOn) {
        const [x0, y0, x1, y1] = await extent(table);
        expect([x0 >= w!, y0 >= s!, x1 <= e!, y1 <= n!], `${layer.name}: ${table} spans ${[x0, y0, x1, y1]}, bounds ${tj.bounds}`).toEqual([
          true,
          true,
          true,
          true,
        ]);
      }
    }
    const basemap = (await t.app.inject({ method: 'GET', url: '/tiles/basemap.json' })).json();
    expect(basemap.vector_layers.find((v: { id: string }) => v.id === 'buildings').minzoom).toBe(14);
  });

  it('refuses bad tile requests with a message', async () => {
    const cases: [string, number, RegExp][] = [
      ['/tiles/grid/23/0/0.mvt', 400, /zoom level from 0 to 22/],
      ['/tiles/grid/3/8/0.mvt', 400, /x and y run from 0 to 7/],
      ['/tiles/grid/3/0/9.mvt', 400, /x and y run from 0 to 7/],
      ['/tiles/grid/3/0/x.mvt', 400, /<row>\.mvt/],
      ['/tiles/rivers/3/0/0.mvt', 404, /no tile layer "rivers"/],
      ['/tiles/cases/16/0/0.mvt?stage=lost', 400, /stage/],
      ['/tiles/cases/16/0/0.mvt?from=yesterday', 400, /from/],
      ['/tiles/grid/12/0/0.mvt?stage=closed', 400, /takes no query parameters/],
      ['/tiles/cases/16/0/0.mvt?street=110102999', 400, /no street has code 110102999/],
      ['/tiles/cases/16/0/0.mvt?category=199', 400, /no category code starts with 199/],
      ['/tiles/cases/16/0/0.mvt?limit=5', 400, /limit/],
      ['/tiles/crowds/12/0/0.mvt', 404, /no tile layer "crowds"/],
      ['/styles/neon.json', 404, /no style "neon"/],
    ];
    for (const [url, status, message] of cases) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().message, url).toMatch(message);
    }
  });
});

describe('tile cache', () => {
  it('drops a tile older than its layer allows, and keeps one of a layer without a limit', () => {
    let now = 1_000_000;
    const cache = new TileCache(1 << 20, { now: () => now });
    const tile = { body: Buffer.from('tile'), gzip: null, etag: '"t"' };
    cache.set('sensors/16/1/1?', tile, 60);
    cache.set('admin/16/1/1?', tile);
    now += 59_000;
    expect(cache.get('sensors/16/1/1?')).toBe(tile);
    now += 2_000;
    expect(cache.get('sensors/16/1/1?')).toBeUndefined();
    expect(cache.get('admin/16/1/1?')).toBe(tile);
  });
});

describe('the case tiles and the case list', () => {
  /** Every case code the list gives for a query, page after page. */
  async function listed(query: string): Promise<string[]> {
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.get(`/api/cases?${query}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, 'leader');
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      const page = res.json() as { items: { code: string }[]; nextCursor: string | null };
      codes.push(...page.items.map((c) => c.code));
      cursor = page.nextCursor;
    } while (cursor);
    return codes;
  }

  it('draw exactly the cases the list gives for the same filter', async () => {
    // a block of 2 × 2 z16 tiles around the busiest grid cell, and the same block as the list's bbox
    const z = 16;
    const [cell] = await sql<{ lng: number; lat: number }>(`
      select st_x(st_centroid(g.geom)) as lng, st_y(st_centroid(g.geom)) as lat
        from cases c join grid_cell g on g.id = c.grid_cell_id group by g.id order by count(*) desc, g.id limit 1`);
    const [x0, y0] = tileOf(cell!.lng, cell!.lat, z);
    const tiles = [
      [x0, y0],
      [x0 + 1, y0],
      [x0, y0 + 1],
      [x0 + 1, y0 + 1],
    ] as const;
    const [box] = await sql<{ w: number; s: number; e: number; n: number }>(
      `
      select st_xmin(b) as w, st_ymin(b) as s, st_xmax(b) as e, st_ymax(b) as n
        from st_transform(st_envelope(st_collect(st_tileEnvelope($1, $2, $3), st_tileEnvelope($1, $2 + 1, $3 + 1))), 4326) b`,
      [z, x0, y0],
    );
    const bbox = [box!.w, box!.s, box!.e, box!.n].join(',');
    const inBlock = `c.geom && st_makeEnvelope($1, $2, $3, $4, 4326)`;
    const most = async (column: string, extra = 'true') =>
      (
        await sql<{ v: string }>(
          `select ${column}::text as v from cases c where ${inBlock} and ${extra} group by 1 order by count(*) desc, 1 limit 1`,
          [box!.w, box!.s, box!.e, box!.n],
        )
      )[0]!.v;
    const [{ day }] = (await sql<{ day: string }>(
      `select to_char(max(reported_at) - interval '20 days', 'YYYY-MM-DD') as day from cases`,
    )) as [{ day: string }];
    const street = (
      await sql<{ code: string }>(
        `select s.code from admin_area s where s.level = 'street'
      and st_intersects(s.geom, st_makeEnvelope($1, $2, $3, $4, 4326)) order by s.code limit 1`,
        [box!.w, box!.s, box!.e, box!.n],
      )
    )[0]!.code;
    const filters = [
      `source=${await most('c.source')}`,
      `category=${(await most('c.category_code')).slice(0, 3)}&stage=closed,evaluated`,
      `category=${await most('c.category_code')}&from=${day}`,
      `overdue=true`,
      `overdue=false&source=hotline,public_app&from=${day}`,
      `street=${street}&from=${day}&to=${day}`,
      `from=${day}`,
    ];
    for (const filter of filters) {
      const drawn = new Set<string>();
      for (const [x, y] of tiles) {
        const res = await tile(`/tiles/cases/${z}/${x}/${y}.mvt?${filter}`);
        expect([200, 204], `${filter}: ${res.res.body}`).toContain(res.res.statusCode);
        for (const f of features(res.tile, 'cases')) drawn.add(String(f.properties.code));
      }
      const codes = await listed(`${filter}&bbox=${bbox}`);
      expect(codes.length, filter).toBeGreaterThan(0);
      expect(drawn.size, filter).toBe(codes.length);
      expect([...drawn].sort(), filter).toEqual([...codes].sort());
    }
  }, 60_000);
});

describe('live invalidation', () => {
  it('shows a new case in the next fetch of its tile, in a second server process too', async () => {
    const db = await freshDatabase();
    const config = { ...loadConfig(db.url), logLevel: 'silent', poolSize: 2 };
    const one = await buildApp({ config });
    const two = await buildApp({ config });
    try {
      const [c] = await sql<{ lng: number; lat: number }>(
        'select st_x(st_pointOnSurface(geom)) as lng, st_y(st_pointOnSurface(geom)) as lat from grid_cell order by id limit 1',
        [],
        db.url,
      );
      const [x, y] = tileOf(c!.lng, c!.lat, 17);
      const path = `/tiles/cases/17/${x}/${y}.mvt`;
      const before = [one, two].map(async (app) => features((await tile(path, app)).tile, 'cases').length);
      const [n1, n2] = await Promise.all(before);
      await sql(
        `insert into cases (code, source, category_code, description, geom, reported_at)
        values ('TILE-TEST-1', 'hotline', '20102', '暴露垃圾', st_setsrid(st_makePoint($1, $2), 4326), now())`,
        [c!.lng, c!.lat],
        db.url,
      );
      for (const [app, n] of [
        [one, n1],
        [two, n2],
      ] as const) {
        await expect
          .poll(async () => features((await tile(path, app)).tile, 'cases').map((f) => f.properties.code), { timeout: 2000, interval: 100 })
          .toContain('TILE-TEST-1');
        expect(features((await tile(path, app)).tile, 'cases').length).toBe(n! + 1);
      }
    } finally {
      await one.close();
      await two.close();
      await db.drop();
    }
  });
});
