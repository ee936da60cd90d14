// The basemap: the server's own styles (/styles/dark.json for the wall, light.json for the desk),
// drawn from our PostGIS tiles with no glyphs or sprites, so the page loads nothing from outside.
import { BACKGROUNDS, type StyleName } from '../../tiles/styles.ts';

export type { StyleName } from '../../tiles/styles.ts';

/** The capital core area (the extent of Dongcheng + Xicheng's real street polygons): the map's first view. */
export const CORE_AREA_BOUNDS: [[number, number], [number, number]] = [
  [116.3147, 39.8566],
  [116.4447, 39.9727],
];

/** The dark style's ground: the e2e test counts pixels that differ from it (also --map-ground in theme.css). */
export const MAP_GROUND = BACKGROUNDS.dark;

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
