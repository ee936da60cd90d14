// Which live events make which tile layers stale, and how often a layer is asked to reload.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../server/live/events.ts';
import { layersTouchedBy, TILE_REFRESH_MS, TILE_SETTLE_MS, versionStore } from './tileVersions.ts';

const created: LiveEvent = {
  kind: 'case.created',
  payload: {
    code: 'AJ1',
    source: 'hotline',
    categoryCode: '20101',
    stage: 'reported',
    priority: 2,
    lng: 116.4,
    lat: 39.92,
    streetCode: '110101001',
    gridCode: '11010100100101',
    reportedAt: '2026-11-23T08:00:00+08:00',
  },
};
const stage = (fromStage: 'reported' | 'accepted', toStage: 'reported' | 'accepted'): LiveEvent => ({
  kind: 'case.stage',
  payload: {
    code: 'AJ1',
    action: 'accept',
    fromStage,
    toStage,
    at: '2026-11-23T08:01:00+08:00',
    streetCode: '110101001',
    lng: 116.4,
    lat: 39.92,
  },
});

describe('tile layers touched by live events', () => {
  it('a new case or a stage change touches the cells, the alleys and the case points; an alarm the sensors', () => {
    expect(layersTouchedBy(created)).toEqual(['grid', 'alleys', 'cases']);
    expect(layersTouchedBy(stage('reported', 'accepted'))).toEqual(['grid', 'alleys', 'cases']);
    expect(
      layersTouchedBy({
        kind: 'alarm.raised',
        payload: { sensorCode: 'WL-1', sensorKind: 'waterlogging', value: 30, at: '', lng: 0, lat: 0, caseCode: null },
      }),
    ).toEqual(['sensors']);
  });

  it('a note that keeps the stage (urge, supervise) and events of other things touch nothing', () => {
    expect(layersTouchedBy(stage('accepted', 'accepted'))).toEqual([]);
    expect(layersTouchedBy({ kind: 'kpi.changed', payload: { month: '2026-11', streetCodes: [] } })).toEqual([]);
  });
});

describe("a layer's data version", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes up once for a burst of events, and at most once per refresh period after that', () => {
    const store = versionStore();
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get().grid));
    for (let i = 0; i < 50; i++) store.touch('grid');
    vi.advanceTimersByTime(TILE_SETTLE_MS);
    expect(seen).toEqual([1]);
    for (let i = 0; i < 50; i++) store.touch('grid');
    vi.advanceTimersByTime(TILE_REFRESH_MS - 1);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 2]);
    expect(store.get()).toEqual({ grid: 2, alleys: 0, sensors: 0, cases: 0 });
  });

  it("keeps each layer's limit apart, and a quiet layer answers its first event after the settling time", () => {
    const store = versionStore();
    store.touch('grid');
    vi.advanceTimersByTime(TILE_SETTLE_MS);
    store.touch('sensors');
    vi.advanceTimersByTime(TILE_SETTLE_MS);
    expect(store.get()).toEqual({ grid: 1, alleys: 0, sensors: 1, cases: 0 });
    vi.advanceTimersByTime(10 * TILE_REFRESH_MS);
    store.touch('grid');
    vi.advanceTimersByTime(TILE_SETTLE_MS);
    expect(store.get().grid).toBe(2);
    store.stop();
  });
});
