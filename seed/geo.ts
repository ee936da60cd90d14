// Small geometry helpers for generators that work in Node: a local metric plane around the core
// area (good to a few centimetres over 20 km), point sampling and the real-data loaders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { realDataDir } from '../server/paths.ts';
import type { Rng } from './rng.ts';

export type XY = [number, number];

/** Equirectangular plane centred on the core area: x east, y north, in metres. */
const LNG0 = 116.395;
const LAT0 = 39.905;
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG = 111_320 * Math.cos((LAT0 * Math.PI) / 180);

export function toXY([lng, lat]: Position): XY {
  return [(lng! - LNG0) * M_PER_DEG_LNG, (lat! - LAT0) * M_PER_DEG_LAT];
}

export function toLngLat([x, y]: XY): [number, number] {
  return [LNG0 + x / M_PER_DEG_LNG, LAT0 + y / M_PER_DEG_LAT];
}

export type Area = Polygon | MultiPolygon;

export function bbox(geom: Area): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = geom.type === 'Polygon' ? geom.coordinates : geom.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x! < minX) minX = x!;
      if (y! < minY) minY = y!;
      if (x! > maxX) maxX = x!;
      if (y! > maxY) maxY = y!;
    }
  }
  return [minX, minY, maxX, maxY];
}

export function contains(geom: Area, lngLat: Position): boolean {
  return booleanPointInPolygon(lngLat, geom);
}

/** n points uniformly inside geom (rejection sampling in its bounding box). */
export function samplePoints(geom: Area, n: number, rng: Rng): [number, number][] {
  const [minX, minY, maxX, maxY] = bbox(geom);
  const out: [number, number][] = [];
  for (let tries = 0; out.length < n && tries < n * 200; tries++) {
    const p: [number, number] = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (contains(geom, p)) out.push(p);
  }
  return out;
}

export interface RealStreet {
  code: string;
  name: string;
  district: string;
  geometry: Area;
}

export interface RealCommunity {
  code: string;
  streetCode: string;
  name: string;
  centre: [number, number] | null;
}

export function loadRealStreets(): RealStreet[] {
  const fc = JSON.parse(readFileSync(join(realDataDir, 'core_area_streets.geojson'), 'utf8')) as {
    features: Feature<Area, { adcode9: string; name: string; district: string }>[];
  };
  return fc.features
    .map((f) => ({ code: f.properties.adcode9, name: f.properties.name, district: f.properties.district, geometry: f.geometry }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export function loadRealCommunities(): RealCommunity[] {
  const [header, ...lines] = readFileSync(join(realDataDir, 'core_area_communities.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines
    .map((line) => line.split(','))
    .map((f) => ({
      code: f[at('adcode12')]!,
      streetCode: f[at('street_adcode9')]!,
      name: f[at('community')]!,
      centre: f[at('lng_wgs84')] ? ([Number(f[at('lng_wgs84')]), Number(f[at('lat_wgs84')])] as [number, number]) : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export interface SubwayStop {
  id: string;
  name: string;
  locationType: number;
  lngLat: [number, number];
}

export function loadSubwayStops(): SubwayStop[] {
  const fc = JSON.parse(readFileSync(join(realDataDir, 'core_area_subway_stops.geojson'), 'utf8')) as {
    features: Feature<{ type: 'Point'; coordinates: [number, number] }, { stop_id: string; name: string; location_type: number }>[];
  };
  return fc.features.map((f) => ({
    id: f.properties.stop_id,
    name: f.properties.name,
    locationType: f.properties.location_type,
    lngLat: f.geometry.coordinates,
  }));
}
