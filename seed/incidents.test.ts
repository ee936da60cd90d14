// The seeded command log on the default-scale city (read only): each incident is what its data was — a
// 险情 only where the week's peak reached the alarm level, a drill (演练) otherwise — and each unit sent
// drives to the scene, reporting positions along its route and arriving at the scene.
import { describe, expect, it } from 'vitest';
import { fullDatabaseUrl, query } from '../test/db.ts';

describe('the seeded incident log', () => {
  it('calls an incident a drill unless its peak reached the alarm level', async () => {
    const rows = await query<{ kind: string; title: string; real: boolean }>(
      fullDatabaseUrl(),
      `select i.kind, i.title,
              case i.kind
                when 'waterlogging' then (select max(r.value) >= max(s.alarm_above) from sensor_reading r join sensor s on s.id = r.sensor_id
                                           where s.kind = 'waterlogging' and r.at = i.opened_at and st_dwithin(s.geom, i.location, 1e-6))
                else (select bool_or(n.count >= c.capacity * coalesce(c.alarm_share, 0.85)) from crowd_count n join crowd_area c on c.id = n.crowd_area_id
                       where c.code = 'shichahai' and n.at = i.opened_at)
              end as real
         from incident i order by i.opened_at`,
    );
    expect(rows.map((r) => r.kind).sort()).toEqual(['crowd_surge', 'waterlogging']);
    for (const r of rows) expect(r.title.endsWith('演练'), `${r.title}: real ${r.real}`).toBe(!r.real);
  });

  it('drives each unit to the scene along its route: nine positions reported, the first away from the scene, the last at it', async () => {
    const trips = await query<{ ref: string; n: number; first_m: number; last_m: number }>(
      fullDatabaseUrl(),
      `with p as (select e.incident_id, e.payload->>'ref' as ref, e.at, e.id,
                         st_setSRID(st_point((e.payload->>'lng')::float8, (e.payload->>'lat')::float8), 4326)::geography as g
                    from incident_event e where e.kind = 'instruction.progress' and e.payload->>'ref' like 'unit:%')
       select p.ref, count(*)::int as n,
              max(st_distance(p.g, i.location::geography)) filter (where p.id = (select min(id) from p q where q.ref = p.ref and q.incident_id = p.incident_id)) as first_m,
              min(st_distance(p.g, i.location::geography)) as last_m
         from p join incident i on i.id = p.incident_id group by p.incident_id, p.ref`,
    );
    expect(trips.length).toBe(4); // two units for each of the two incidents
    for (const t of trips) {
      expect(t.n, t.ref).toBe(9); // eight on the way and the arrival
      expect(t.last_m, t.ref).toBeLessThan(1); // arrived at the scene
      expect(t.first_m, t.ref).toBeGreaterThan(t.last_m);
    }
  });
});
