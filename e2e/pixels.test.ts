// The drawn-share measure the browser test relies on, on PNGs made here.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { differingPixels, drawnShare, hexToRgb } from './pixels.ts';

function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = paint(x, y);
      image.data[i] = r;
      image.data[i + 1] = g;
      image.data[i + 2] = b;
      image.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(image);
}

describe('drawn share of a screenshot', () => {
  const ground = hexToRgb('#08111f');

  it('an empty map is not drawn at all', () => {
    expect(
      drawnShare(
        png(10, 10, () => ground),
        ground,
      ),
    ).toBe(0);
  });

  it('counts the pixels painted over the ground', () => {
    const half = png(10, 10, (x) => (x < 5 ? [200, 60, 120] : ground));
    expect(drawnShare(half, ground)).toBe(0.5);
  });

  it('ignores differences within the tolerance', () => {
    const noisy = png(4, 4, () => [ground[0] + 3, ground[1] - 2, ground[2] + 5]);
    expect(drawnShare(noisy, ground)).toBe(0);
  });

  it('reads #rrggbb colours', () => {
    expect(hexToRgb('#08111f')).toEqual([8, 17, 31]);
    expect(() => hexToRgb('navy')).toThrow(/#rrggbb/);
  });
});

describe('pixels that differ between two screenshots', () => {
  it('counts the pixels that changed beyond the tolerance, and refuses different sizes', () => {
    const a = png(10, 10, () => [10, 10, 10]);
    const b = png(10, 10, (x, y) => (x === 0 && y < 3 ? [200, 200, 200] : [20, 20, 20]));
    expect(differingPixels(a, a)).toBe(0);
    expect(differingPixels(a, b)).toBe(3);
    expect(() =>
      differingPixels(
        a,
        png(5, 5, () => [0, 0, 0]),
      ),
    ).toThrow(/different sizes/);
  });
});
