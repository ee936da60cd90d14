// The replay's named moments on the seeded city: each is where the data says (the storm day is the day with
// the most road-waterlogging reports, the flood 20 minutes before the seeded waterlogging incident, the crowd moment an hour before Shichahai's largest count, the Monday
// a Monday at 08:00 Beijing) and every one lies within the history's bounds, which end no later than now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import type { ReplayMoments } from './moments.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
}, 120_000);
afterAll(() => t?.close());

describe('GET /api/replay/moments', () => {
  it('finds the storm, the seeded flood incident, the Shichahai crowd and a Monday morning in the recorded history, for visitors too', async () => {
    const res = await t.get('/api/replay/moments', 'demo');
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<ReplayMoments>();
    const [bounds] = await query<{ first: Date; storm: string; peak: Date; flood: Date; floodPlace: { lng: number; lat: number } }>(
      t.url,
      `select (select min(reported_at) from cases) as first,
              (select (reported_at at time zone 'Asia/Shanghai')::date::text from cases where category_code = '20405'
                group by 1 order by count(*) desc limit 1) as storm,
              (select n.at from crowd_count n join crowd_area a on a.id = n.crowd_area_id where a.code = 'shichahai'
                order by n.count desc, n.at limit 1) as peak,
              (select opened_at from incident where kind = 'waterlogging' order by severity desc, opened_at desc limit 1) as flood,
              (select json_build_object('lng', st_x(location), 'lat', st_y(location)) from incident where kind = 'waterlogging'
                order by severity desc, opened_at desc limit 1) as "floodPlace"`,
    );
    expect(new Date(answer.first).getTime()).toBe(bounds!.first.getTime());
    expect(new Date(answer.last).getTime()).toBeLessThanOrEqual(Date.now());
    const at = Object.fromEntries(answer.moments.map((m) => [m.name, new Date(m.at)]));
    expect(Object.keys(at).sort()).toEqual(['crowd', 'flood', 'monday', 'storm']);
    for (const m of Object.values(at)) {
      expect(m.getTime()).toBeGreaterThanOrEqual(new Date(answer.first).getTime());
      expect(m.getTime()).toBeLessThanOrEqual(new Date(answer.last).getTime());
    }
    const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000);
    // two hours before the storm day's busiest hour: on that day, or in the evening before it
    const stormEnd = beijing(new Date(at.storm!.getTime() + 2 * 3600_000));
    expect(stormEnd.toISOString().slice(0, 10)).toBe(bounds!.storm);
    expect(at.crowd!.getTime()).toBe(bounds!.peak.getTime() - 3600_000);
    expect(at.flood!.getTime()).toBe(bounds!.flood.getTime() - 20 * 60_000);
    // the tour's camera goes to where it happened
    expect(answer.moments.find((m) => m.name === 'flood')!.place).toEqual(bounds!.floodPlace);
    expect(answer.moments.find((m) => m.name === 'monday')!.place).toBeUndefined();
    const monday = beijing(at.monday!);
    expect([monday.getUTCDay(), monday.getUTCHours(), monday.getUTCMinutes()]).toEqual([1, 8, 0]);
  });
});
