// Emergency resources (应急力量) with a last known position: the drainage group's pump trucks
// (排水抢险泵车) the rainstorm story needs, the utilities' repair crews, police and enforcement patrol
// cars, and the housing commission's rescue teams — parked in grid cells spread over their districts.
// Synthetic: numbers in the order of one district's published flood-season reserve.
import type { Generator, SeedContext } from './context.ts';

interface UnitSpec {
  kind: string;
  prefix: string;
  departmentKinds: string[];
  perDepartment: number;
  name: string;
  nameEn: string;
}

const UNITS: UnitSpec[] = [
  {
    kind: 'pump_truck',
    prefix: 'PT',
    departmentKinds: ['drainage'],
    perDepartment: 12,
    name: '排水抢险泵车',
    nameEn: 'Drainage pump truck',
  },
  {
    kind: 'repair_crew',
    prefix: 'RC',
    departmentKinds: ['power', 'gas', 'water', 'heating'],
    perDepartment: 3,
    name: '抢修队',
    nameEn: 'Repair crew',
  },
  { kind: 'patrol_car', prefix: 'PC', departmentKinds: ['police', 'enforcement'], perDepartment: 4, name: '巡逻车', nameEn: 'Patrol car' },
  { kind: 'rescue_team', prefix: 'RT', departmentKinds: ['housing'], perDepartment: 2, name: '抢险救援队', nameEn: 'Rescue team' },
];

const generator: Generator = {
  name: 'units',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('emergency units', UNITS.length);
    for (const u of UNITS) {
      // each department's units in distinct cells of its district (utilities: anywhere), chosen by a
      // hash of the seed and the cell code so the same seed parks them in the same places
      await ctx.db.query(
        `
        insert into resource_unit (code, kind, name, name_en, department_id, position, position_at)
        select $8 || '-' || d.code || '-' || lpad(k.n::text, 2, '0'), $1,
               $2 || k.n || '号', $3 || ' ' || k.n, d.id,
               st_pointOnSurface(k.geom), $6
          from department d
          cross join lateral (
            select row_number() over (order by md5(g.code || $5::text)) as n, g.geom
              from grid_cell g
             where d.district_id is null or g.district_id = d.district_id
             order by md5(g.code || $5::text) limit $4) k
         where d.kind = any($7)
         order by d.code, k.n`,
        [u.kind, u.name, u.nameEn, u.perDepartment, ctx.seed, ctx.anchor, u.departmentKinds, u.prefix],
      );
      step.tick();
    }
    step.done();
  },
};

export default generator;
