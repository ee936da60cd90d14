// The offline basemap's reference layers: main roads, water, parks and squares, and place labels
// (districts, streets, communities, landmarks, subway stations). Buildings and the local lanes
// come later (seed/buildings.ts, seed/alleys.ts) because they fill the blocks these layers leave.
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { type AreaDef, LANDMARKS, PARKS, ROADS, WATER } from './data/basemap.ts';
import { loadSubwayStops } from './geo.ts';
import { romanize } from './names.ts';

function polygonEwkt(area: AreaDef): string {
  const rings = [area.ring, ...(area.holes ?? [])];
  return `SRID=4326;POLYGON(${rings.map((r) => `(${r.map(([x, y]) => `${x} ${y}`).join(',')})`).join(',')})`;
}

const generator: Generator = {
  name: 'basemap',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('basemap', 5);
    await ctx.copy(
      'basemap_road',
      ['name', 'name_en', 'class', 'geom'],
      ROADS.map((r) => [r.name, r.nameEn, r.class, ewkt.line(r.path)]),
    );
    step.tick();
    await ctx.copy(
      'basemap_water',
      ['name', 'name_en', 'geom'],
      WATER.map((w) => [w.name, w.nameEn, polygonEwkt(w)]),
    );
    step.tick();
    await ctx.copy(
      'basemap_green',
      ['name', 'name_en', 'kind', 'geom'],
      PARKS.map((p) => [p.name, p.nameEn, 'park', polygonEwkt(p)]),
    );
    step.tick();

    // Subway stations (location_type 1) carry platform duplicates: one label per name.
    const stations = new Map<string, [number, number]>();
    for (const s of loadSubwayStops()) {
      const name = s.name.replace(/\(.*\)$/, '');
      if (s.locationType === 1 && !stations.has(name)) stations.set(name, s.lngLat);
    }
    await ctx.copy(
      'basemap_place',
      ['name', 'name_en', 'kind', 'rank', 'geom'],
      [
        ...LANDMARKS.map((l) => [l.name, l.nameEn, 'landmark', l.rank, ewkt.point(...l.at)] as const),
        ...[...stations].map(([name, at]) => [name, romanize(name), 'station', 3, ewkt.point(...at)] as const),
      ],
    );
    await ctx.db.query(`insert into basemap_place (name, name_en, kind, rank, geom)
      select replace(name, '居委会', ''), name_en, level, case level when 'district' then 1 when 'street' then 2 else 4 end,
             coalesce(label_point, st_pointOnSurface(geom))
        from admin_area order by level, code`);
    step.done();
  },
};
export default generator;
