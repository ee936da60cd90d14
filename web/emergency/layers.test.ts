// Who is on the map as engaged: each addressee once, in the state of its newest instruction, and
// only where it has a position.
import { describe, expect, it } from 'vitest';
import type { Instruction, NearUnit } from '../../server/contracts/emergency.ts';
import { engagedUnits, routesToDraw, stackAt } from './layers.ts';

const target = (id: number, ref: string, status: Instruction['targets'][number]['status'], at: [number, number] | null) => ({
  id,
  ref,
  name: ref,
  status,
  deliveredAt: null,
  acknowledgedAt: null,
  doneAt: null,
  secondsToAcknowledge: null,
  note: null,
  lng: at?.[0] ?? null,
  lat: at?.[1] ?? null,
});
const instruction = (id: number, targets: Instruction['targets']): Instruction => ({
  id,
  incident: 'YJ1',
  text: 'x',
  issuedBy: 'l',
  issuedAt: '2026-11-23T00:00:00Z',
  targets,
});

describe('engaged units', () => {
  it('takes each addressee once, from the newest instruction, and skips those with no position', () => {
    const newest = instruction(2, [target(3, 'unit:PT-1', 'sent', [116.4, 39.9]), target(4, 'department:D1', 'sent', null)]);
    const older = instruction(1, [target(1, 'unit:PT-1', 'done', [116.41, 39.91]), target(2, 'person:7', 'acknowledged', [116.42, 39.92])]);
    expect(engagedUnits([newest, older])).toEqual([
      { ref: 'unit:PT-1', name: 'unit:PT-1', status: 'sent', lng: 116.4, lat: 39.9 },
      { ref: 'person:7', name: 'person:7', status: 'acknowledged', lng: 116.42, lat: 39.92 },
    ]);
    expect(engagedUnits(undefined)).toEqual([]);
  });
});

describe('labels at the scene', () => {
  it('stacks the names of addressees at the same place and leaves lone ones alone', () => {
    const at = (ref: string, lng: number, lat: number) => ({ ref, name: ref, status: 'acknowledged' as const, lng, lat });
    expect([...stackAt([at('a', 116.4, 39.9), at('b', 116.40001, 39.90001), at('c', 116.41, 39.9), at('d', 116.4, 39.9)])]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
      ['d', 2],
    ]);
  });
});

describe('unit routes', () => {
  const unit = (ref: string) => ({ ref }) as NearUnit;
  it('draws the ticked units’ routes, else the first three of the ranking', () => {
    const units = ['a', 'b', 'c', 'd'].map(unit);
    expect(routesToDraw(units, new Set()).map((u) => u.ref)).toEqual(['a', 'b', 'c']);
    expect(routesToDraw(units, new Set(['d'])).map((u) => u.ref)).toEqual(['d']);
  });
});
