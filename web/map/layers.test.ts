// The layer stack the map draws from query results.
import { describe, expect, it } from 'vitest';
import type { AlleyCollection, AreaCollection, GridCellCollection } from '../../server/contracts/index.ts';
import { cityLayers } from './layers.ts';

const square = { type: 'Polygon', coordinates: [[[116.39, 39.91], [116.4, 39.91], [116.4, 39.92], [116.39, 39.91]]] };
const area = (level: 'district' | 'street' | 'community'): AreaCollection => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', id: 1, geometry: square, properties: { id: 1, code: '110101', name: '东城区', nameEn: 'Dongcheng', level, parentCode: null, areaM2: 1 } }],
});
const cells: GridCellCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', id: 1, geometry: square, properties: { id: 1, code: '11010100100101', class: 'crowded', communityCode: '110101001001', streetCode: '110101001', areaM2: 9_000 } }],
};
const alleys: AlleyCollection = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature', id: 7, geometry: { type: 'LineString', coordinates: [[116.39, 39.915], [116.4, 39.915]] },
    properties: { id: 7, name: '砖塔胡同', streetCode: '110102001', lengthM: 850, score: 17, chiefName: '张三', qrSlug: 'a110102001-0007' },
  }],
};

describe('the city layer stack', () => {
  it('draws cells under the boundaries, the selection halo under the alleys', () => {
    const layers = cityLayers({
      districts: area('district'), streets: area('street'), communities: area('community'), cells, alleys, selection: alleys.features[0]!.geometry,
    }, { scale: 1 });
    expect(layers.map((l) => l.id)).toEqual(['cells', 'communities', 'streets', 'districts', 'selection', 'alleys']);
  });

  it('adds a layer only once its data has arrived', () => {
    expect(cityLayers({}, { scale: 1 })).toEqual([]);
    expect(cityLayers({ alleys }, { scale: 1 }).map((l) => l.id)).toEqual(['alleys']);
  });

  it('only grid cells and alleys answer to the pointer', () => {
    const layers = cityLayers({ districts: area('district'), streets: area('street'), communities: area('community'), cells, alleys }, { scale: 1 });
    expect(layers.filter((l) => l.props.pickable).map((l) => l.id)).toEqual(['cells', 'alleys']);
  });

  it('widens strokes on a bigger screen', () => {
    const width = (scale: number) => (cityLayers({ streets: area('street') }, { scale })[0]!.props as unknown as { getLineWidth: number }).getLineWidth;
    expect(width(2)).toBe(2 * width(1));
  });
});
