// The loop as data: allowed and refused moves, and whole trails.
import { describe, expect, it } from 'vitest';
import { nextStage, trailError } from './caseflow.ts';

describe('case loop', () => {
  it('moves a case forward one stage at a time and refuses shortcuts', () => {
    expect(nextStage(null, 'report')).toBe('reported');
    expect(nextStage('reported', 'accept')).toBe('accepted');
    expect(nextStage('handled', 'rework')).toBe('dispatched');
    expect(nextStage('returned', 'dispatch')).toBe('dispatched');
    expect(nextStage('reported', 'close')).toBeNull();
    expect(nextStage('closed', 'handle')).toBeNull();
    expect(nextStage('rejected', 'accept')).toBeNull();
  });

  it('accepts a full trail with a rework and an urge, and names the first broken step', () => {
    const t = (action: string, fromStage: string | null, toStage: string) => ({ action, fromStage, toStage });
    const trail = [
      t('report', null, 'reported'),
      t('accept', 'reported', 'accepted'),
      t('file', 'accepted', 'filed'),
      t('dispatch', 'filed', 'dispatched'),
      t('urge', 'dispatched', 'dispatched'),
      t('handle', 'dispatched', 'handled'),
      t('rework', 'handled', 'dispatched'),
      t('handle', 'dispatched', 'handled'),
      t('close', 'handled', 'closed'),
      t('evaluate', 'closed', 'evaluated'),
    ];
    expect(trailError(trail)).toBeNull();
    expect(trailError([trail[0]!, trail[2]!])).toMatch(/step 1 \(file\)/);
    expect(trailError([...trail, t('urge', 'evaluated', 'evaluated')])).toMatch(/open case/);
    expect(trailError([])).toBe('empty trail');
  });
});
