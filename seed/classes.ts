// Grid cell classes (分级分类): key control zones first (Tiananmen, Zhongnanhai, the legation
// quarter), then crowded places (the key crowd areas and subway stations), then key content —
// cells crossed by many back alleys — and ordinary cells for the rest.
import type { Generator, SeedContext } from './context.ts';
import { KEY_CONTROL_ZONES } from './data/basemap.ts';
import { loadSubwayStops } from './geo.ts';

/** Alley length (m) inside a cell from which the cell counts as key content (背街小巷). */
const KEY_CONTENT_ALLEY_M = 120;

const generator: Generator = {
  name: 'classes',
  async run(ctx: SeedContext) {
    const db = ctx.db;
    const step = ctx.progress.step('grid classes', 3);
    const zones = KEY_CONTROL_ZONES.map((z) => ({ ring: z.ring.map(([x, y]) => `${x} ${y}`).join(',') }));
    const stations = loadSubwayStops()
      .filter((s) => s.locationType === 1)
      .map((s) => ({ lng: s.lngLat[0], lat: s.lngLat[1] }));
    await db.query(
      `update grid_cell g set class = 'key_content'
      from (select c.id, sum(c.len) as len
              from alley a, lateral (select g.id, st_length(st_intersection(a.geom, g.geom)::geography) as len
                                       from grid_cell g where st_intersects(g.geom, a.geom)) c
             group by c.id) x
     where x.id = g.id and x.len >= $1`,
      [KEY_CONTENT_ALLEY_M],
    );
    step.tick();
    // within 60 m of a station: 60 / cos(latitude) Web Mercator units, so the 3857 index serves
    await db.query(
      `update grid_cell g set class = 'crowded'
     where exists (select 1 from crowd_area c where st_intersects(c.geom, g.geom))
        or exists (select 1 from json_to_recordset($1::json) as s(lng float8, lat float8)
                    where st_dwithin(g.geom_3857, st_transform(st_setsrid(st_makepoint(s.lng, s.lat), 4326), 3857),
                                     60 / cos(radians(s.lat))))`,
      [JSON.stringify(stations)],
    );
    step.tick();
    await db.query(
      `update grid_cell g set class = 'key_control'
      from json_to_recordset($1::json) as z(ring text)
     where st_intersects(g.geom, st_geomFromText('POLYGON((' || z.ring || '))', 4326))`,
      [JSON.stringify(zones)],
    );
    step.done();
  },
};
export default generator;
