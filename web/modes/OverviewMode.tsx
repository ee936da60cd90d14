// The overview: the capital core area's districts, streets, communities, grid cells and alleys on
// one map, a legend, and a side panel for the alley or grid cell clicked (kept in the URL).
import { useEffect, useMemo, useRef, useState } from 'react';
import { bbox } from '@turf/turf';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import type { AlleyProperties, GridCellProperties } from '../../server/contracts/index.ts';
import { useAlley, useAlleys, useAreas, useGridCell, useGridCells } from '../api/queries.ts';
import { sameSelection, useSelection, type Selection } from '../app/selection.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { cityLayers, LAYER_IDS } from '../map/layers.ts';
import { Legend } from '../map/Legend.tsx';
import { MapView, type MapHandle } from '../map/MapView.tsx';
import { Tooltip } from '../map/Tooltip.tsx';
import { AlleyPanel } from '../panels/AlleyPanel.tsx';
import { GridCellPanel } from '../panels/GridCellPanel.tsx';
import { BASE_FONT_PX, useUiScale } from '../theme/useUiScale.ts';

/** --panel-w in theme.css. */
const PANEL_WIDTH_REM = 25;

export default function OverviewMode() {
  const { t, error } = useI18n();
  const scale = useUiScale();
  const mapRef = useRef<MapHandle>(null);
  const [hover, setHover] = useState<PickingInfo | null>(null);
  const [selection, select] = useSelection();

  const districts = useAreas('district');
  const streets = useAreas('street');
  const communities = useAreas('community');
  const cells = useGridCells();
  const alleys = useAlleys();
  const sources = [districts, streets, communities, cells, alleys];
  const failed = sources.find((q) => q.isError);
  const dataReady = sources.every((q) => q.isSuccess);

  // The panel's query, shared through the cache: its geometry outlines the selected feature.
  const selectedAlley = useAlley(selection?.kind === 'alley' ? selection.idOrSlug : null);
  const selectedCell = useGridCell(selection?.kind === 'cell' ? selection.code : null);
  const selectionGeometry = selection?.kind === 'alley' ? selectedAlley.data?.geometry
    : selection?.kind === 'cell' ? selectedCell.data?.geometry : null;

  // A selection that arrives by URL (a link, a reload, the back button) is brought into view; one
  // clicked on the map is already in view and the map stays put.
  const clicked = useRef<Selection | null>(null);
  const shown = useRef<Selection | null>(null);
  useEffect(() => {
    if (!selection || !selectionGeometry || sameSelection(shown.current, selection)) return;
    shown.current = selection;
    if (sameSelection(clicked.current, selection)) return;
    const [minLng, minLat, maxLng, maxLat] = bbox(selectionGeometry as Parameters<typeof bbox>[0]);
    mapRef.current?.flyToBox([minLng, minLat, maxLng, maxLat], PANEL_WIDTH_REM * BASE_FONT_PX * scale);
  }, [selection, selectionGeometry, scale]);

  const layers = useMemo(() => cityLayers({
    districts: districts.data,
    streets: streets.data,
    communities: communities.data,
    cells: cells.data,
    alleys: alleys.data,
    selection: selectionGeometry,
  }, { scale }), [districts.data, streets.data, communities.data, cells.data, alleys.data, selectionGeometry, scale]);

  function onClick(info: PickingInfo) {
    let next: Selection | null = null;
    if (info.layer?.id === LAYER_IDS.alleys) {
      next = { kind: 'alley', idOrSlug: String((info.object as Feature<never, AlleyProperties>).properties.id) };
    } else if (info.layer?.id === LAYER_IDS.cells) {
      next = { kind: 'cell', code: (info.object as Feature<never, GridCellProperties>).properties.code };
    }
    clicked.current = next;
    select(next);
  }

  return (
    <MapView ref={mapRef} layers={layers} dataReady={dataReady} label={t('map.label')} pickingRadius={Math.round(4 * scale)}
      onHover={(info) => setHover(info.object ? info : null)} onClick={onClick}>
      <div className="map-tools">
        <button type="button" onClick={() => mapRef.current?.resetView()}>{t('map.resetView')}</button>
      </div>
      {failed ? (
        <div className="map-status" role="alert">
          <span className="error-text">{t('map.loadFailed', { message: error(failed.error) })}</span>
          <button type="button" onClick={() => { for (const q of sources) if (q.isError) void q.refetch(); }}>{t('map.retry')}</button>
        </div>
      ) : !dataReady && (
        <div className="map-status" role="status"><span className="spinner" />{t('map.loading')}</div>
      )}
      <Tooltip info={hover} />
      <Legend />
      {selection?.kind === 'alley' && <AlleyPanel idOrSlug={selection.idOrSlug} onClose={() => select(null)} />}
      {selection?.kind === 'cell' && <GridCellPanel code={selection.code} onClose={() => select(null)} />}
    </MapView>
  );
}
