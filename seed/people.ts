// Departments and the people who run the loop: each district's command centre dispatchers, the
// departments' officers, one grid patroller per few unit-grid cells (their beat), leaders, and the
// product's log-in accounts. Alley chiefs and stewards are created with their alleys (alleys.ts).
import { hashPassword } from '../server/auth/password.ts';
import { DISTRICTS } from './areas.ts';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { personName, phoneNumber } from './names.ts';

interface DepartmentSpec {
  kind: string;
  name: string;
  nameEn: string;
}

/** Departments each district government runs. */
const DISTRICT_DEPARTMENTS: DepartmentSpec[] = [
  { kind: 'enforcement', name: '城市管理综合执法局', nameEn: 'Urban Management Enforcement Bureau' },
  { kind: 'sanitation', name: '环境卫生服务中心', nameEn: 'Sanitation Service Centre' },
  { kind: 'greening', name: '园林绿化局', nameEn: 'Landscaping Bureau' },
  { kind: 'traffic', name: '交通支队', nameEn: 'Traffic Detachment' },
  { kind: 'police', name: '公安分局', nameEn: 'Public Security Sub-bureau' },
  { kind: 'housing', name: '住房和城乡建设委员会', nameEn: 'Housing and Construction Commission' },
  { kind: 'market', name: '市场监督管理局', nameEn: 'Market Regulation Bureau' },
];
/** City-wide utilities, one for both districts. */
const UTILITIES: DepartmentSpec[] = [
  { kind: 'drainage', name: '北京城市排水集团', nameEn: 'Beijing Drainage Group' },
  { kind: 'water', name: '北京自来水集团', nameEn: 'Beijing Waterworks Group' },
  { kind: 'power', name: '国网北京市电力公司', nameEn: 'State Grid Beijing Electric Power' },
  { kind: 'heating', name: '北京热力集团', nameEn: 'Beijing District Heating Group' },
  { kind: 'gas', name: '北京燃气集团', nameEn: 'Beijing Gas Group' },
  { kind: 'telecom', name: '北京通信管线公司', nameEn: 'Beijing Telecom Ducts' },
];

/** Unit-grid cells per patroller's beat (Dongcheng's 2004 model: a patroller walks a few cells). */
const CELLS_PER_PATROLLER = 4;
const DISPATCHERS_PER_DISTRICT = 12;

/** The product's log-in accounts; the password is xiuhua-<username> (README: change them). */
export const ACCOUNTS = [
  { username: 'leader', role: 'leader', displayName: '区领导', personRole: 'leader' },
  { username: 'commander', role: 'commander', displayName: '应急指挥长', personRole: 'leader' },
  { username: 'planner', role: 'planner', displayName: '规划分析员', personRole: null },
  { username: 'dispatcher', role: 'dispatcher', displayName: '指挥中心派遣员', personRole: 'dispatcher' },
  { username: 'field', role: 'field', displayName: '网格员', personRole: 'grid_patroller' },
  { username: 'demo', role: 'demo', displayName: '参观演示', personRole: null },
] as const;

const generator: Generator = {
  name: 'people',
  async run(ctx: SeedContext) {
    const { db } = ctx;
    const rng = ctx.rng('people');
    const step = ctx.progress.step('people', 4);
    const districts = (
      await db.query<{ id: number; code: string; name: string }>(
        `select id, code, name from admin_area where level = 'district' order by code`,
      )
    ).rows;
    const streets = (
      await db.query<{ id: number; code: string; name: string; district_id: number }>(
        `select id, code, name, parent_id as district_id from admin_area where level = 'street' order by code`,
      )
    ).rows;

    // departments
    const departments: (string | number | null)[][] = [];
    let deptId = 0;
    for (const d of districts) {
      const short = DISTRICTS.find((x) => x.code === d.code)!;
      for (const spec of DISTRICT_DEPARTMENTS) {
        departments.push([
          ++deptId,
          `${d.code}-${spec.kind}`,
          `${d.name}${spec.name}`,
          `${short.nameEn.replace(' District', '')} ${spec.nameEn}`,
          spec.kind,
          d.id,
          null,
        ]);
      }
    }
    for (const spec of UTILITIES) departments.push([++deptId, `110000-${spec.kind}`, spec.name, spec.nameEn, spec.kind, null, null]);
    for (const s of streets) {
      departments.push([
        ++deptId,
        `${s.code}-street_office`,
        `${s.name}街道办事处`,
        `${s.name} Street Office`,
        'street_office',
        s.district_id,
        s.id,
      ]);
    }
    await ctx.copy('department', ['id', 'code', 'name', 'name_en', 'kind', 'district_id', 'street_id'], departments);
    await db.query(`select setval(pg_get_serial_sequence('department', 'id'), (select max(id) from department))`);
    step.tick();

    const people: (string | number | Date | null)[][] = [];
    let personId = 0;
    const positionAt = new Date(ctx.anchor.getTime() - 5 * 60_000);
    const add = (role: string, organisation: string, extra: { department?: number; street?: number; position?: string } = {}) => {
      people.push([
        ++personId,
        role,
        personName(rng),
        phoneNumber(rng),
        organisation,
        extra.department ?? null,
        extra.street ?? null,
        extra.position ?? null,
        extra.position ? positionAt : null,
      ]);
      return personId;
    };
    const leaders = districts.flatMap((d) =>
      ['区长', '常务副区长', '城市管理委员会主任'].map((title) => add('leader', `${d.name} · ${title}`)),
    );
    for (const d of districts) {
      for (let i = 0; i < DISPATCHERS_PER_DISTRICT; i++) add('dispatcher', `${d.name}城市管理指挥中心`);
    }
    for (const [id, , name, , kind] of departments) {
      const n = kind === 'street_office' ? 3 : 4;
      for (let i = 0; i < n; i++) add('department_officer', String(name), { department: Number(id) });
    }
    step.tick();

    // grid patrollers: consecutive cells of one community form a beat
    const cells = (
      await db.query<{ id: number; community_id: number; street_id: number; street: string; lng: number; lat: number }>(
        `select g.id, g.community_id, g.street_id, s.name as street, st_x(p) as lng, st_y(p) as lat
         from grid_cell g join admin_area s on s.id = g.street_id, st_pointOnSurface(g.geom) p
        order by g.code`,
      )
    ).rows;
    const beats: [cell: number, patroller: number][] = [];
    for (let i = 0; i < cells.length; ) {
      const first = cells[i]!;
      const patroller = add('grid_patroller', `${first.street}街道网格巡查队`, {
        street: first.street_id,
        position: ewkt.point(first.lng, first.lat),
      });
      let n = 0;
      while (i < cells.length && n < CELLS_PER_PATROLLER && cells[i]!.community_id === first.community_id) {
        beats.push([cells[i]!.id, patroller]);
        i++;
        n++;
      }
    }
    await ctx.copy(
      'person',
      ['id', 'role', 'name', 'phone', 'organisation', 'department_id', 'street_id', 'position', 'position_at'],
      people,
    );
    await db.query(`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`);
    await db.query(
      `update grid_cell g set patroller_id = b.patroller
      from unnest($1::int[], $2::int[]) as b(cell, patroller) where g.id = b.cell`,
      [beats.map((b) => b[0]), beats.map((b) => b[1])],
    );
    step.tick();

    // accounts: deterministic salts keep the seed reproducible byte for byte
    const firstOf = (role: string) => people.find((p) => p[1] === role)?.[0] ?? null;
    const accounts = ACCOUNTS.map((a, i) => {
      const salt = Buffer.from(Array.from({ length: 16 }, () => rng.int(0, 255)));
      const person = a.username === 'commander' ? leaders[1]! : a.personRole ? firstOf(a.personRole) : null;
      return [i + 1, a.username, a.role, a.displayName, hashPassword(`xiuhua-${a.username}`, salt), person];
    });
    await ctx.copy('account', ['id', 'username', 'role', 'display_name', 'password_hash', 'person_id'], accounts);
    await db.query(`select setval(pg_get_serial_sequence('account', 'id'), (select max(id) from account))`);
    step.done();
  },
};
export default generator;
