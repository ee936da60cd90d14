// The emergency story, played through the public API like everything the simulator does: an open
// waterlogging alarm or crowd alarm at a scenic area → the leader raises an incident from it → the nearest pump trucks (or
// patrol cars) and the nearest alley chief are instructed → each addressee's terminal reports the
// instruction delivered, acknowledges it, travels to the scene reporting its position, works there and
// reports done (driving along the road graph's route) → the leader closes the incident once the work is done and the alarm has cleared.
import { along, length, lineString } from '@turf/turf';
import type { Rng } from '../seed/rng.ts';
import type { Incident, Instruction, NearUnit } from '../server/contracts/emergency.ts';
import { MINUTE } from '../server/domain/beijing.ts';
import { ApiError, type Session } from './api.ts';

/** Stories at once: a storm floods many underpasses, the city's units are not infinite. */
const MAX_STORIES = 3;
/** Simulated minutes between position reports of a unit on its way. */
const REPORT_EVERY_MIN = 2;
interface Alarm {
  sensor: string;
  kind: string;
  raisedAt: string;
  clearedAt: string | null;
}
interface CrowdArea {
  code: string;
  kind: string;
  alarm: boolean;
}

const KMH: Record<string, number> = {
  pump_truck: 20,
  repair_crew: 20,
  patrol_car: 25,
  rescue_team: 20,
  grid_patroller: 4.5,
  alley_chief: 4.5,
};

interface Mover {
  id: number;
  ref: string;
  kind: string;
  lng: number;
  lat: number;
  /** The route the ranking answered (road graph, or the labelled straight line), unit → scene. */
  route: [number, number][];
  /** Metres driven (or walked) along it so far. */
  travelled: number;
  status: 'sent' | 'delivered' | 'acknowledged' | 'arrived' | 'done';
  /** Simulated time of its next report. */
  at: number;
}

interface Story {
  source: { sensor: string } | { crowdArea: string };
  alarmKey: string;
  code: string | null;
  lng: number;
  lat: number;
  kind: string;
  /** Simulated time of the leader's next move (raise, instruct). */
  at: number;
  movers: Mover[] | null;
}

export class EmergencyStory {
  private readonly stories = new Map<string, Story>();
  private readonly handled = new Set<string>();
  private openAlarms = new Set<string>();

  constructor(
    private readonly leader: Session,
    private readonly unit: Session,
    private readonly rng: Rng,
    private readonly count: (action: string) => void,
  ) {}

  /** Which alarms are open now (after each round of readings). */
  async watch(now: number): Promise<void> {
    const [alarms, crowds] = await Promise.all([
      this.leader.get<Alarm[]>('/api/alarms?open=true'),
      this.leader.get<CrowdArea[]>('/api/crowds'),
    ]);
    const open = new Map<string, Story['source']>();
    for (const a of alarms)
      if (a.kind === 'waterlogging' && a.clearedAt === null) open.set(`sensor:${a.sensor}:${a.raisedAt}`, { sensor: a.sensor });
    for (const c of crowds) if (c.alarm && c.kind !== 'station') open.set(`crowd:${c.code}`, { crowdArea: c.code });
    this.openAlarms = new Set(open.keys());
    for (const [key, source] of open) {
      if (this.handled.has(key) || this.stories.size >= MAX_STORIES) continue;
      this.handled.add(key);
      // the duty leader takes a few minutes to look at the alarm before raising the incident
      this.stories.set(key, {
        source,
        alarmKey: key,
        code: null,
        lng: 0,
        lat: 0,
        kind: 'sensor' in source ? 'waterlogging' : 'crowd_surge',
        at: now + this.rng.range(1, 4) * MINUTE,
        movers: null,
      });
    }
  }

  async tick(now: number): Promise<void> {
    for (const [key, story] of this.stories) {
      try {
        if (await this.step(story, now)) this.stories.delete(key);
      } catch (err) {
        // closed or moved by a person in the cockpit meanwhile: the story ends here
        if (err instanceof ApiError && (err.status === 409 || err.status === 404)) {
          this.stories.delete(key);
          continue;
        }
        throw err;
      }
    }
  }

  /** One story's due moves; true when it is over. */
  private async step(story: Story, now: number): Promise<boolean> {
    if (story.code === null) {
      if (story.at > now) return false;
      const incident = await this.leader.post<Incident>('/api/incidents', {
        ...story.source,
        severity: story.kind === 'crowd_surge' ? 2 : 3,
      });
      Object.assign(story, { code: incident.code, lng: incident.lng, lat: incident.lat, at: now + this.rng.range(1, 3) * MINUTE });
      this.count('incident');
      return false;
    }
    const path = `/api/incidents/${story.code}`;
    if (story.movers === null) {
      if (story.at > now) return false;
      // someone else commands it already (a person at the wall, another simulator): leave it to them
      if ((await this.leader.get<Instruction[]>(`${path}/instructions`)).length > 0) return true;
      const crowd = story.kind === 'crowd_surge';
      const [units, chiefs] = await Promise.all([
        this.leader.get<NearUnit[]>(`${path}/units?kind=${crowd ? 'patrol_car' : 'pump_truck'}&limit=2`),
        this.leader.get<NearUnit[]>(`${path}/units?kind=alley_chief&limit=1`),
      ]);
      const near = [...units, ...chiefs];
      if (near.length === 0) return true; // nobody free: the story waits for a person at the wall
      const text = crowd ? '立即赶赴现场疏导人流，实施单向通行，防止踩踏' : '立即赶赴现场抽排积水，设置警示围挡，到场后回报';
      const sent = await this.leader.post<Instruction>(`${path}/instructions`, { text, targets: near.map((u) => u.ref) });
      story.movers = sent.targets.map((t) => {
        const u = near.find((x) => x.ref === t.ref)!;
        return {
          id: t.id,
          ref: t.ref,
          kind: u.kind,
          lng: u.lng,
          lat: u.lat,
          route:
            u.route.length >= 2
              ? u.route
              : [
                  [u.lng, u.lat],
                  [story.lng, story.lat],
                ],
          travelled: 0,
          status: 'sent',
          at: now + this.rng.range(0.2, 1) * MINUTE,
        };
      });
      this.count('instruction');
      return false;
    }
    for (const m of story.movers) if (m.at <= now && m.status !== 'done') await this.move(story, m, now);
    if (story.movers.every((m) => m.status === 'done') && !this.openAlarms.has(story.alarmKey)) {
      await this.leader.post(`${path}/close`, {});
      this.count('incident.close');
      return true;
    }
    return false;
  }

  private async move(story: Story, m: Mover, now: number): Promise<void> {
    const report = (status: string, extra: object = {}) => this.unit.post(`/api/field/targets/${m.id}`, { status, ...extra });
    switch (m.status) {
      case 'sent':
        await report('delivered');
        Object.assign(m, { status: 'delivered', at: now + this.rng.range(0.5, 2) * MINUTE });
        break;
      case 'delivered':
        await report('acknowledged', { lng: m.lng, lat: m.lat });
        Object.assign(m, { status: 'acknowledged', at: now + REPORT_EVERY_MIN * MINUTE });
        break;
      case 'acknowledged': {
        // on the way: along the route the ranking gave (the road graph's, so one-way streets are kept) at the
        // kind's city speed
        const line = lineString(m.route);
        const total = length(line, { units: 'meters' });
        const step = (((KMH[m.kind] ?? 20) * 1000) / 60) * REPORT_EVERY_MIN;
        m.travelled = Math.min(total, m.travelled + step);
        const f = m.travelled >= total ? 1 : m.travelled / total;
        const [lng, lat] = f === 1 ? [story.lng, story.lat] : along(line, m.travelled, { units: 'meters' }).geometry.coordinates;
        m.lng = round6(lng!);
        m.lat = round6(lat!);
        const left = total - m.travelled + step;
        const arrived = f === 1;
        await report('acknowledged', { lng: m.lng, lat: m.lat, note: arrived ? '已到达现场' : `距现场约 ${Math.round(left - step)} 米` });
        Object.assign(
          m,
          arrived ? { status: 'arrived', at: now + this.rng.range(10, 30) * MINUTE } : { at: now + REPORT_EVERY_MIN * MINUTE },
        );
        break;
      }
      case 'arrived':
        await report('done', {
          lng: m.lng,
          lat: m.lat,
          note: story.kind === 'crowd_surge' ? '人流已疏导，秩序正常' : '积水已抽排，道路恢复通行',
        });
        m.status = 'done';
        break;
    }
    this.count(`unit.${m.status}`);
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
