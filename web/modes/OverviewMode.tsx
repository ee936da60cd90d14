// The overview: the capital core area on our own basemap, with grid cells, alleys and sensors from the
// server's vector tiles, a legend, and a side panel for the alley or grid cell clicked (kept in the URL).
import { useEffect, useMemo, useRef, useState } from 'react';
import { bbox } from '@turf/turf';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { useAlley, useGridCell } from '../api/queries.ts';
import { sameSelection, useSelection, type Selection } from '../app/selection.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { cityLayers, LAYER_IDS, type AlleyTileProps, type CellTileProps } from '../map/layers.ts';
import { savedBasemap, saveBasemap, type StyleName } from '../map/basemap.ts';
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

  const [basemap, setBasemap] = useState<StyleName>(savedBasemap);
  // The map is ready once the grid and alley tiles in view have arrived (tiles load as one pans).
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  const [tileError, setTileError] = useState<Error | null>(null);
  const dataReady = loaded.has(LAYER_IDS.cells) && loaded.has(LAYER_IDS.alleys);
  const events = useMemo(() => ({
    onLoaded: (id: string) => setLoaded((s) => (s.has(id) ? s : new Set([...s, id]))),
    onError: (err: Error) => setTileError(err),
  }), []);

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

  const layers = useMemo(() => cityLayers(selectionGeometry, { scale }, events), [selectionGeometry, scale, events]);

  function onClick(info: PickingInfo) {
    let next: Selection | null = null;
    if (info.layer?.id === LAYER_IDS.alleys) {
      next = { kind: 'alley', idOrSlug: (info.object as Feature<never, AlleyTileProps>).properties.slug };
    } else if (info.layer?.id === LAYER_IDS.cells) {
      next = { kind: 'cell', code: (info.object as Feature<never, CellTileProps>).properties.code };
    }
    clicked.current = next;
    select(next);
  }

  return (
    <MapView ref={mapRef} layers={layers} dataReady={dataReady} label={t('map.label')} basemap={basemap} pickingRadius={Math.round(4 * scale)}
      onHover={(info) => setHover(info.object ? info : null)} onClick={onClick}>
      <div className="map-tools">
        <button type="button" onClick={() => mapRef.current?.resetView()}>{t('map.resetView')}</button>
        <button type="button" data-testid="basemap-switch" aria-label={t('map.basemap.label')}
          onClick={() => { const next = basemap === 'dark' ? 'light' : 'dark'; saveBasemap(next); setBasemap(next); }}>
          {t(basemap === 'dark' ? 'map.basemap.light' : 'map.basemap.dark')}
        </button>
      </div>
      {tileError ? (
        <div className="map-status" role="alert">
          <span className="error-text">{t('map.tileError', { message: error(tileError) })}</span>
          <button type="button" onClick={() => setTileError(null)}>{t('map.retry')}</button>
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
