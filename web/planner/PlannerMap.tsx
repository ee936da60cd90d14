// The planner's map: the unit-grid cells (the `grid` tile layer) painted by the chosen analysis's class per
// cell, the drilled-into area outlined, a legend with each class's count, and a click on a cell drilling
// into it. The map's element carries the counts it was given (data-cells, data-hot-cells) for tests.
import type { PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import { useQuery } from '@tanstack/react-query';
import { bbox } from '@turf/turf';
import type { Feature, Geometry as GeoJsonGeometry } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AreaDetail } from '../../server/contracts/areas.ts';
import { api } from '../api/client.ts';
import { useGridCell } from '../api/queries.ts';
import { useTileSources } from '../api/tiles.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type GridTileProps, LAYER_IDS, tiles } from '../map/layers.ts';
import { type MapHandle, MapView } from '../map/MapView.tsx';
import { type CellClass, classColour, classCounts, classesOf, isHot } from './classes.ts';
import type { Analysis, PlannerView } from './view.ts';

export interface CellInfo {
  cls: CellClass;
  count: string;
}

export interface PlannerMapProps {
  analysis: Analysis;
  /** each cell's class and its figure for the tooltip; empty until the answer arrives */
  cells: ReadonlyMap<string, CellInfo>;
  /** the answer's URL: a new one repaints the cells */
  resultKey: string;
  resultReady: boolean;
  drill: PlannerView['drill'];
  theme: 'light' | 'dark';
  onCell(code: string): void;
}

const LINE: Record<'light' | 'dark', [number, number, number, number]> = { light: [70, 85, 110, 55], dark: [110, 160, 210, 70] };

/** The drilled-into area's outline: a street's or community's from /api/areas, a cell's from /api/grid-cells. */
function useDrillOutline(drill: PlannerView['drill']) {
  const areaCode = drill.level === 'district' || drill.level === 'street' || drill.level === 'community' ? drill.id! : null;
  const area = useQuery({
    queryKey: ['area', areaCode],
    queryFn: ({ signal }) => api<AreaDetail>(`/api/areas/${areaCode}`, { signal }),
    enabled: areaCode !== null,
    staleTime: Infinity,
  });
  const cell = useGridCell(drill.level === 'cell' ? drill.id! : null);
  if (drill.level === 'cell') return cell.data?.geometry ?? null;
  return areaCode ? (area.data?.geometry ?? null) : null;
}

export function PlannerMap({ analysis, cells, resultKey, resultReady, drill, theme, onCell }: PlannerMapProps) {
  const { t, error } = useI18n();
  const mapRef = useRef<MapHandle>(null);
  const sources = useTileSources();
  const [gridLoaded, setGridLoaded] = useState(false);
  const [tileError, setTileError] = useState<Error | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; code: string } | null>(null);
  const outline = useDrillOutline(drill);

  const events = useMemo(() => ({ onLoaded: () => setGridLoaded(true), onError: (err: Error) => setTileError(err) }), []);
  const layers = useMemo(() => {
    if (!sources.data) return [];
    const grid = tiles<GridTileProps>(LAYER_IDS.grid, sources.data.grid, events, {
      filled: true,
      stroked: true,
      getFillColor: (f: Feature<never, GridTileProps>) => classColour(cells.get(f.properties.code)?.cls),
      updateTriggers: { getFillColor: resultKey },
      getLineColor: LINE[theme],
      getLineWidth: 0.5,
      lineWidthUnits: 'pixels',
      pickable: true,
      autoHighlight: true,
      uniqueIdProperty: 'code',
      highlightColor: theme === 'light' ? [20, 30, 60, 70] : [255, 255, 255, 90],
    });
    if (!outline) return [grid];
    return [
      grid,
      new GeoJsonLayer({
        id: LAYER_IDS.selection,
        data: { type: 'Feature', geometry: outline as unknown as GeoJsonGeometry, properties: {} },
        filled: false,
        stroked: true,
        getLineColor: theme === 'light' ? [20, 60, 140, 230] : [255, 255, 255, 230],
        getLineWidth: 3,
        lineWidthUnits: 'pixels',
        pickable: false,
      }),
    ];
  }, [sources.data, events, cells, resultKey, theme, outline]);

  // a drill into an area brings it into view; back at the core area, the whole area
  useEffect(() => {
    if (drill.level === 'core') mapRef.current?.resetView();
    else if (outline) {
      const [minLng, minLat, maxLng, maxLat] = bbox(outline as Parameters<typeof bbox>[0]);
      mapRef.current?.flyToBox([minLng, minLat, maxLng, maxLat], 0);
    }
  }, [drill.level, outline]);

  const counts = useMemo(() => classCounts(new Map([...cells].map(([code, c]) => [code, c.cls]))), [cells]);
  const hot = Object.entries(counts).reduce((n, [cls, k]) => (isHot(cls) ? n + k : n), 0);
  const info = hover ? cells.get(hover.code) : undefined;
  const mapError = tileError ?? sources.error;

  return (
    <div className="planner-map" data-testid="planner-map" data-analysis={analysis} data-cells={cells.size} data-hot-cells={hot}>
      <MapView
        ref={mapRef}
        layers={layers}
        dataReady={gridLoaded && resultReady}
        label={t('map.label')}
        basemap={theme}
        pickingRadius={2}
        onHover={(p: PickingInfo) => {
          const code = (p.object as Feature<never, GridTileProps> | undefined)?.properties?.code;
          setHover(code ? { x: p.x, y: p.y, code } : null);
        }}
        onClick={(p: PickingInfo) => {
          const code = (p.object as Feature<never, GridTileProps> | undefined)?.properties?.code;
          if (code) onCell(code);
        }}
      >
        <div className="map-tools">
          <button type="button" onClick={() => mapRef.current?.resetView()}>
            {t('map.resetView')}
          </button>
        </div>
        <aside className="legend planner-legend" data-testid="planner-legend" aria-label={t('legend.title')}>
          <h2>{t('planner.legend', { analysis: t(`planner.analysis.${analysis}`) })}</h2>
          <ul>
            {classesOf(analysis)
              // eighteen emerging categories: only those present
              .filter((cls) => analysis !== 'emerging' || counts[cls])
              .map((cls) => (
                <li key={cls} data-class={cls} data-count={counts[cls] ?? 0}>
                  <span
                    className="swatch"
                    style={{ background: `rgba(${classColour(cls).slice(0, 3).join(',')},${Math.max(0.25, classColour(cls)[3] / 255)})` }}
                  />
                  <span className="legend-label">{t(`class.${cls}` as MessageKey)}</span>
                  <b>{counts[cls] ?? 0}</b>
                </li>
              ))}
          </ul>
        </aside>
        {hover && info && (
          <div className="tooltip" role="tooltip" style={{ left: hover.x, top: hover.y }}>
            <div className="tooltip-title mono">{hover.code}</div>
            <div>{t(`class.${info.cls}` as MessageKey)}</div>
            <div>{info.count}</div>
          </div>
        )}
        {mapError ? (
          <div className="map-status" role="alert">
            <span className="error-text">{t('map.tileError', { message: error(mapError) })}</span>
          </div>
        ) : (
          !(gridLoaded && resultReady) && (
            <div className="map-status" role="status">
              <span className="spinner" />
              {resultReady ? t('map.loading') : t('planner.computing')}
            </div>
          )
        )}
      </MapView>
    </div>
  );
}
