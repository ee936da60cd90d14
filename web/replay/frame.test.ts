// The city as of a clock, from one chunk's rows: each case's stage segments (open at from, then its trail),
// the rows the GPU filter shows at a clock, a finished case lingering an hour, and the headline figures.
import { describe, expect, it } from 'vitest';
import { CASE_STAGES } from '../../server/contracts/constants.ts';
import { type ChunkFrame, figuresAt, heatAt, segmentsOf, tripsOf, unitsAt, visibleRows } from './frame.ts';

const S = (name: (typeof CASE_STAGES)[number]) => CASE_STAGES.indexOf(name);
const H = 3_600_000;
const zero = Date.parse('2026-07-21T00:00:00Z'); // 08:00 Beijing

/** case 1 open (dispatched) at from; case 2 reported at 1 h, accepted, dispatched, closed at 3 h; an urge on 1 at 2 h. */
function frame(): ChunkFrame {
  const segments = segmentsOf(
    {
      open: { id: [1], stage: [S('dispatched')], lng: [116.4], lat: [39.9], deadline: [-H] },
      events: {
        t: [H, 1.5 * H, 2 * H, 2 * H, 3 * H],
        case: [2, 2, 1, 2, 2],
        stage: [S('reported'), S('accepted'), S('dispatched'), S('dispatched'), S('closed')],
        lng: [116.41, 116.41, 116.4, 116.41, 116.41],
        lat: [39.91, 39.91, 39.9, 39.91, 39.91],
        deadline: [10 * H, 10 * H, -H, 10 * H, 10 * H],
      },
    },
    zero,
  );
  const reports = { t: new Float64Array([zero + H]), positions: new Float32Array([116.41, 39.91]) };
  return {
    chunk: { start: zero, end: zero + 6 * H, from: zero, to: zero + 6 * H },
    zero,
    reportedBeforeZero: 7,
    segments,
    reports,
  } as ChunkFrame;
}

const stagesAt = (f: ChunkFrame, clock: number) =>
  Object.fromEntries(visibleRows(f, clock).map((i) => [f.segments.cases[i], CASE_STAGES[f.segments.stages[i]!]]));

describe('replay frame', () => {
  it('keeps one row per stage a case held (an urge makes none)', () => {
    const f = frame();
    expect(Array.from(f.segments.cases)).toEqual([1, 2, 2, 2, 2]);
    expect(Array.from(f.segments.stages, (s) => CASE_STAGES[s])).toEqual(['dispatched', 'reported', 'accepted', 'dispatched', 'closed']);
  });

  it('draws each case in its stage as of the clock, from its report, and a closed one for an hour', () => {
    const f = frame();
    expect(stagesAt(f, zero + 0.5 * H)).toEqual({ 1: 'dispatched' });
    expect(stagesAt(f, zero + H)).toEqual({ 1: 'dispatched', 2: 'reported' }); // an event at the clock counts
    expect(stagesAt(f, zero + 1.7 * H)).toEqual({ 1: 'dispatched', 2: 'accepted' });
    expect(stagesAt(f, zero + 3.5 * H)).toEqual({ 1: 'dispatched', 2: 'closed' });
    expect(stagesAt(f, zero + 4.01 * H)).toEqual({ 1: 'dispatched' });
  });

  it('counts today’s cases, the open ones and those past a filed deadline as of the clock', () => {
    const f = frame();
    expect(figuresAt(f, zero + 0.5 * H)).toEqual({ today: 7, open: 1, overdue: 1 });
    expect(figuresAt(f, zero + 1.2 * H)).toEqual({ today: 8, open: 2, overdue: 1 }); // case 2 unfiled: not overdue
    expect(figuresAt(f, zero + 3.5 * H)).toEqual({ today: 8, open: 1, overdue: 1 });
    // after Beijing midnight the day starts again from the chunk's own reports
    expect(figuresAt(f, zero + 16 * H + 1).today).toBe(0);
  });

  it('heats the cases reported in the hours before the clock', () => {
    const f = frame();
    expect(heatAt(f, zero + 0.5 * H)).toEqual([]);
    expect(heatAt(f, zero + 2 * H)).toHaveLength(1);
    expect(heatAt(f, zero + 8 * H)).toEqual([]);
  });

  it('makes each unit’s steps with a position into its trip, and puts the unit on it at a clock', () => {
    const M = 60_000;
    // truck P1 acknowledged at its depot, two positions on the way, arrived, done where it arrived; the chief
    // (no unit: people are not replayed) and the incident's own steps carry none
    const steps = {
      t: [0, 2 * M, 4 * M, 6 * M, 8 * M, 9 * M, 40 * M],
      incident: [5, 5, 5, 5, 5, 5, 5],
      unit: [null, 'P1', null, 'P1', 'P1', 'P1', 'P1'],
      lng: [Number.NaN, 116.4, Number.NaN, 116.41, 116.42, 116.43, 116.43],
      lat: [Number.NaN, 39.9, Number.NaN, 39.9, 39.91, 39.91, 39.91],
    };
    const trips = tripsOf(steps, zero);
    expect(trips).toEqual([
      {
        unit: 'P1',
        incident: 5,
        path: [
          [116.4, 39.9],
          [116.41, 39.9],
          [116.42, 39.91],
          [116.43, 39.91],
        ],
        times: [zero + 2 * M, zero + 6 * M, zero + 8 * M, zero + 9 * M],
      },
    ]);
    const f = { zero, trips } as ChunkFrame;
    expect(unitsAt(f, zero + M, 30 * M)).toEqual([]); // not yet on its way
    const [half] = unitsAt(f, zero + 7 * M, 30 * M); // halfway between its second and third report
    expect(half!.lng).toBeCloseTo(116.415, 6);
    expect(half!.lat).toBeCloseTo(39.905, 6);
    expect(half!.moving).toBe(true);
    expect(unitsAt(f, zero + 20 * M, 30 * M)).toEqual([{ unit: 'P1', lng: 116.43, lat: 39.91, moving: false }]); // at the scene
    expect(unitsAt(f, zero + 40 * M, 30 * M)).toEqual([]); // gone half an hour after arriving
  });
});
