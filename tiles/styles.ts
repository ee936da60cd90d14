// The basemap's maplibre styles, built from our own tiles only: no glyphs URL and no sprite, so
// maplibre draws every label with the browser's local fonts (the map sets localIdeographFontFamily)
// and the page makes no request outside its origin. "dark" for the video wall, "light" for desks.
export const STYLE_NAMES = ['dark', 'light'] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

const PALETTES = {
  dark: {
    background: '#0b1220',
    water: '#12324f',
    green: '#0f2a22',
    building: '#1b2536',
    buildingTop: '#23304a',
    road: '#2a3952',
    ring: '#3d5478',
    label: '#9fb3d1',
    halo: '#0b1220',
    // the web legend's boundary colours (web/map/colors.ts BOUNDARY_COLORS)
    district: 'rgba(255, 214, 120, 1)',
    street: 'rgba(120, 220, 255, 0.86)',
    community: 'rgba(150, 190, 230, 0.43)',
  },
  light: {
    background: '#f3f1ec',
    water: '#aacbe6',
    green: '#cfe3c4',
    building: '#dcd6cc',
    buildingTop: '#cfc7ba',
    road: '#ffffff',
    ring: '#f6cf7a',
    label: '#3c4656',
    halo: '#ffffff',
    district: '#5b6b86',
    street: '#8a94a6',
    community: 'rgba(138, 148, 166, 0.5)',
  },
} as const;

/** Each style's ground colour (the web app's pixel checks compare against it). */
export const BACKGROUNDS: Record<StyleName, string> = { dark: PALETTES.dark.background, light: PALETTES.light.background };

/** The map's credit for the OpenStreetMap data in the basemap (the About note has the full table). */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

export function basemapStyle(name: StyleName, origin: string) {
  const c = PALETTES[name];
  return {
    version: 8,
    name: `xiuhua-${name}`,
    sources: {
      // the roads, lanes and the north strip are OpenStreetMap's: ODbL asks for the credit on the map itself
      basemap: { type: 'vector', url: `${origin}/tiles/basemap.json`, attribution: OSM_ATTRIBUTION },
      admin: { type: 'vector', url: `${origin}/tiles/admin.json` },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': c.background } },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': c.water } },
      { id: 'green', type: 'fill', source: 'basemap', 'source-layer': 'green', paint: { 'fill-color': c.green } },
      {
        id: 'buildings',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'buildings',
        minzoom: 14,
        paint: { 'fill-color': c.building, 'fill-outline-color': c.buildingTop },
      },
      {
        id: 'roads-local',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['lane', 'path']]],
        minzoom: 15,
        paint: { 'line-color': c.road, 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.6, 18, 3], 'line-opacity': 0.8 },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['secondary', 'local']]],
        paint: {
          'line-color': c.road,
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            12,
            ['match', ['get', 'class'], 'secondary', 0.8, 0.4],
            16,
            ['match', ['get', 'class'], 'secondary', 5, 3],
          ],
        },
      },
      {
        id: 'roads-main',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['ring', 'arterial']]],
        paint: {
          'line-color': ['match', ['get', 'class'], 'ring', c.ring, c.road],
          'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 16, 10],
        },
      },
      {
        id: 'admin-communities',
        type: 'line',
        source: 'admin',
        'source-layer': 'admin',
        minzoom: 13,
        filter: ['==', ['get', 'level'], 'community'],
        paint: { 'line-color': c.community, 'line-width': 0.8 },
      },
      {
        id: 'admin-streets',
        type: 'line',
        source: 'admin',
        'source-layer': 'admin',
        filter: ['==', ['get', 'level'], 'street'],
        paint: { 'line-color': c.street, 'line-width': 1, 'line-dasharray': [3, 2] },
      },
      {
        id: 'admin-districts',
        type: 'line',
        source: 'admin',
        'source-layer': 'admin',
        filter: ['==', ['get', 'level'], 'district'],
        paint: { 'line-color': c.district, 'line-width': 2.5 },
      },
      // Shown by the cockpit when the map is pitched (web/map/MapView.tsx): courtyard roofs at their height.
      {
        id: 'buildings-3d',
        type: 'fill-extrusion',
        source: 'basemap',
        'source-layer': 'buildings',
        minzoom: 14,
        layout: { visibility: 'none' },
        paint: {
          'fill-extrusion-color': c.buildingTop,
          'fill-extrusion-height': ['coalesce', ['get', 'height'], 6],
          'fill-extrusion-opacity': 0.85,
        },
      },
      {
        id: 'road-labels',
        type: 'symbol',
        source: 'basemap',
        'source-layer': 'roads',
        minzoom: 13,
        filter: ['has', 'name'],
        layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-size': 12 },
        paint: { 'text-color': c.label, 'text-halo-color': c.halo, 'text-halo-width': 1.5 },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'basemap',
        'source-layer': 'places',
        layout: {
          'text-field': ['get', 'name'],
          'text-size': ['match', ['get', 'kind'], 'district', 18, 'street', 14, 12],
          'symbol-sort-key': ['get', 'rank'],
        },
        paint: { 'text-color': c.label, 'text-halo-color': c.halo, 'text-halo-width': 1.5 },
      },
    ],
  };
}
