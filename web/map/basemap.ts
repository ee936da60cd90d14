// The basemap: the server's own styles (/styles/dark.json for the wall, light.json for the desk),
// drawn from our PostGIS tiles with no glyphs or sprites, so the page loads nothing from outside.
import { CORE_AREA_EXTENT } from '../../server/contracts/constants.ts';
import type { StyleName } from '../../tiles/styles.ts';

export type { StyleName } from '../../tiles/styles.ts';

/** The capital core area (the extent of Dongcheng + Xicheng's real street polygons): the map's first view. */
export const CORE_AREA_BOUNDS: [[number, number], [number, number]] = [
  [CORE_AREA_EXTENT[0], CORE_AREA_EXTENT[1]],
  [CORE_AREA_EXTENT[2], CORE_AREA_EXTENT[3]],
];

export const styleUrl = (name: StyleName) => `/styles/${name}.json`;

/** Chinese labels come from the browser's own CJK fonts (no glyph server exists on a closed network). */
export const LOCAL_IDEOGRAPH_FONTS =
  '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

const STORAGE_KEY = 'xiuhua.basemap';
export function savedBasemap(): StyleName {
  return localStorage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark';
}
export function saveBasemap(name: StyleName): void {
  localStorage.setItem(STORAGE_KEY, name);
}
