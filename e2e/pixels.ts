// Reads a screenshot and says how much of it is drawn: the share of pixels that differ from the
// map's ground colour, so "the map is drawn" is a number a test can check.
import { PNG } from 'pngjs';

export type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/**
 * Share (0–1) of the PNG's pixels whose colour differs from `ground` by more than `tolerance`
 * on some channel. The tolerance absorbs antialiasing and dithering of the ground itself.
 */
export function drawnShare(png: Buffer, ground: Rgb, tolerance = 10): number {
  const { data, width, height } = PNG.sync.read(png);
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (
      Math.abs(data[i]! - ground[0]) > tolerance ||
      Math.abs(data[i + 1]! - ground[1]) > tolerance ||
      Math.abs(data[i + 2]! - ground[2]) > tolerance
    )
      drawn++;
  }
  return drawn / (width * height);
}

/** How many pixels differ (by more than `tolerance` on some channel) between two same-sized PNGs. */
export function differingPixels(a: Buffer, b: Buffer, tolerance = 24): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) throw new Error('screenshots of different sizes');
  let n = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    if (
      Math.abs(pa.data[i]! - pb.data[i]!) > tolerance ||
      Math.abs(pa.data[i + 1]! - pb.data[i + 1]!) > tolerance ||
      Math.abs(pa.data[i + 2]! - pb.data[i + 2]!) > tolerance
    )
      n++;
  }
  return n;
}
