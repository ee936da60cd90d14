// The colour ramps a viewer reads the map by.
import { describe, expect, it } from 'vitest';
import { GRID_CLASS_COLORS, GRID_CLASS_ORDER, gridCellFill, openCasesFill, scoreColor, scoreGradient } from './colors.ts';

describe('alley score colours', () => {
  it('an alley at the full standard is green and one far below it is red', () => {
    expect(scoreColor(20)).toEqual([46, 204, 113]);
    expect(scoreColor(5)).toEqual([214, 40, 57]);
  });

  it('a middling alley sits between the stops', () => {
    expect(scoreColor(14)).toEqual([231, 111, 57]);
    expect(scoreColor(16)).toEqual([247, 181, 56]);
  });

  it('scores outside 0–20 take the end colours', () => {
    expect(scoreColor(-3)).toEqual(scoreColor(0));
    expect(scoreColor(25)).toEqual(scoreColor(20));
  });

  it('the legend gradient runs from 0% to 100%', () => {
    expect(scoreGradient()).toMatch(/^linear-gradient\(to right, rgba\(214, 40, 57, 1\) 0%, .* 100%\)$/);
  });
});

describe('grid cell colours', () => {
  it('every class has its own colour', () => {
    const colours = new Set(GRID_CLASS_ORDER.map((c) => GRID_CLASS_COLORS[c].join()));
    expect(colours.size).toBe(GRID_CLASS_ORDER.length);
  });

  it('ordinary cells are fainter than managed ones', () => {
    expect(gridCellFill('ordinary')[3]).toBeLessThan(gridCellFill('key_control')[3]);
  });

  it('colours grid cells by their open cases in four buckets', () => {
    expect(openCasesFill(0)).toEqual([37, 99, 160, 45]);
    expect(openCasesFill(2)).toEqual(openCasesFill(1));
    expect(openCasesFill(4)[3]).toBeGreaterThan(openCasesFill(2)[3]);
    expect(openCasesFill(40)).toEqual([236, 72, 153, 185]);
  });
});
