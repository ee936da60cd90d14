// The leader cockpit (领导驾驶舱): the map in the centre — live case heatmap, grid cells by open
// cases, alleys by score, pulsing alarms, crowd flows, 3D buildings when pitched — between panels of
// figures, rates, trend, ranking, overdue cases, the live feed, the flood watch and the crowds.
// A click on a cell, alley, sensor, case or feed entry opens the drawer (kept in the URL). In
// emergency mode the map stays and command's panels and layers (web/emergency/) take the places around it.

import type { PickingInfo } from '@deck.gl/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { bbox } from '@turf/turf';
import type { Feature } from 'geojson';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { CockpitWindow } from '../../server/contracts/index.ts';
import { type Alarm, useCrowds, useFeed, useHeat, useOpenAlarms, useOverdue, useRanking, useSummary, useWater } from '../api/cockpit.ts';
import { useAlley, useGridCell } from '../api/queries.ts';
import { useTileSources } from '../api/tiles.ts';
import type { Mode } from '../app/mode.ts';
import { type Selection, sameSelection, useSelection } from '../app/selection.ts';
import { useEmergencyCommand } from '../emergency/EmergencyCommand.tsx';
import { IncidentAlert } from '../emergency/panels.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type StyleName, saveBasemap, savedBasemap } from '../map/basemap.ts';
import { Legend } from '../map/Legend.tsx';
import { type AlleyTileProps, cityLayers, type GridTileProps, LAYER_IDS, type SensorTileProps } from '../map/layers.ts';
import { type Camera, type MapHandle, MapView } from '../map/MapView.tsx';
import { Tooltip } from '../map/Tooltip.tsx';
import { useTileVersions } from '../map/tileVersions.ts';
import { AlleyPanel } from '../panels/AlleyPanel.tsx';
import { CasePanel } from '../panels/CasePanel.tsx';
import { GridCellPanel } from '../panels/GridCellPanel.tsx';
import { SensorPanel } from '../panels/SensorPanel.tsx';
import { useReplay } from '../replay/useReplay.tsx';
import { FEED_KEY, type FeedItem, type LiveStatus, seedFeed, useLiveStream } from '../shared/live.ts';
import { milestone } from '../shared/perf.ts';
import { useAnimationClock } from '../shared/useAnimationClock.ts';
import { BASE_FONT_PX, useUiScale } from '../theme/useUiScale.ts';
import {
  animatedLayers,
  type CaseTileProps,
  COCKPIT_LAYER_IDS,
  cockpitLayers,
  crowdFlows,
  FLOW_LOOP_MS,
  TOGGLES,
  type Toggle,
} from './layers.ts';
import {
  CrowdPanel,
  FeedPanel,
  FiguresStrip,
  ListsPanel,
  RankingPanel,
  RatesPanel,
  TodayPanel,
  TrendPanel,
  WaterPanel,
} from './panels.tsx';

/** --panel-w in theme.css. */
const PANEL_WIDTH_REM = 25;
const WINDOWS: CockpitWindow[] = ['24h', '7d', '30d'];
const ALL_SHOWN: Record<Toggle, boolean> = { heat: true, grid: true, alleys: true, sensors: true, crowds: true, cases: true };
milestone('cockpit-module'); // the map's chunk fetched, parsed and evaluated

/** The tour (web/tour/) drives the wall: which layers, tilt and camera, which panel it talks about, and its
 *  caption over the map; the wall's own controls are not offered (a kiosk). */
export interface CockpitTour {
  show: Record<Toggle, boolean>;
  pitched: boolean;
  camera: Camera;
  focus?: string;
  caption: ReactNode;
}

export default function CockpitMode({ mode, tour }: { mode: Mode; tour?: CockpitTour }) {
  const i18n = useI18n();
  const { t, error } = i18n;
  const scale = useUiScale();
  const client = useQueryClient();
  const live = useLiveStream(client);
  const mapRef = useRef<MapHandle>(null);
  const [hover, setHover] = useState<PickingInfo | null>(null);
  const [selection, select] = useSelection();
  const [basemap, setBasemap] = useState<StyleName>(savedBasemap);
  const [ownShow, setShow] = useState(ALL_SHOWN);
  const [window, setWindow] = useState<CockpitWindow>('24h');
  const [ownPitched, setPitched] = useState(false);
  const show = tour?.show ?? ownShow;
  const pitched = tour?.pitched ?? ownPitched;
  const emergency = mode === 'emergency';
  const command = useEmergencyCommand(emergency, mapRef, scale, i18n.locale);
  // the past on the wall (时光回放): its layers, figures and banner take the live ones' places while it is on
  const replay = useReplay(scale);

  // the cockpit's reads; the panels use the same cached queries
  const heat = useHeat(window);
  const feedPage = useFeed();
  const alarms = useOpenAlarms();
  const crowds = useCrowds();
  const queries = [useSummary(), heat, useRanking(), feedPage, useOverdue(), useWater(), alarms, crowds];
  const feed = useQuery<FeedItem[]>({ queryKey: FEED_KEY, queryFn: () => [], initialData: [], staleTime: Infinity });
  useEffect(() => {
    if (feedPage.data) seedFeed(client, feedPage.data);
  }, [client, feedPage.data]);

  // The wall is usable once every panel has its answer, the basemap's style has loaded and the grid and
  // alley layers have their first tiles: the map fills in from there. It does not wait for the map to
  // draw every tile in view, which without a GPU takes a software renderer many seconds; the map says
  // when it has (its own data-state, for tests that look at pixels).
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  const [styleLoaded, setStyleLoaded] = useState(false);
  const [tileError, setTileError] = useState<Error | null>(null);
  const gates = [LAYER_IDS.grid, LAYER_IDS.alleys];
  const dataReady = replay.active ? replay.layers.length > 0 : gates.every((id) => loaded.has(id)) && heat.data !== undefined;
  // in replay the live tile layers are not drawn: the map has started with its style
  const mapStarted = styleLoaded && (replay.active || gates.every((id) => arrived.has(id)));
  const events = useMemo(
    () => ({
      onTile: (id: string) => {
        milestone(`tiles-first:${id}`);
        setArrived((s) => (s.has(id) ? s : new Set([...s, id])));
      },
      onLoaded: (id: string) => {
        milestone(`tiles-loaded:${id}`);
        setLoaded((s) => (s.has(id) ? s : new Set([...s, id])));
      },
      onError: (err: Error) => setTileError(err),
    }),
    [],
  );
  const answered = queries.filter((q) => !q.isPending).length;
  const settled = answered + (mapStarted ? 1 : 0);
  const total = queries.length + 1;
  const usable = settled === total;
  useEffect(() => {
    milestone('cockpit-mount');
  }, []);
  useEffect(() => {
    if (answered === queries.length) milestone('panels-answered');
  }, [answered, queries.length]);
  useEffect(() => {
    if (usable && performance.getEntriesByName('cockpit-usable').length === 0) performance.mark('cockpit-usable');
  }, [usable]);

  // The drawer's query, shared through the cache: its geometry outlines the selected feature.
  const selectedAlley = useAlley(selection?.kind === 'alley' ? selection.idOrSlug : null);
  const selectedCell = useGridCell(selection?.kind === 'cell' ? selection.code : null);
  const selectionGeometry =
    selection?.kind === 'alley' ? selectedAlley.data?.geometry : selection?.kind === 'cell' ? selectedCell.data?.geometry : null;

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

  const versions = useTileVersions();
  const flows = useMemo(() => crowdFlows(crowds.data ?? []), [crowds.data]);
  const data = useMemo(
    () => ({ heat: heat.data?.points, alarms: alarms.data, crowds: crowds.data, flows }),
    [heat.data, alarms.data, crowds.data, flows],
  );
  const tileSources = useTileSources();
  const sources = tileSources.data;
  const mapError = tileError ?? tileSources.error;
  const staticLayers = useMemo(() => {
    if (!sources) return command.layers; // the tile layers wait for their TileJSON (one quick read)
    const [grid, ...city] = cityLayers(selectionGeometry, sources, { scale, show, cellColour: 'open', versions }, events);
    const [heatLayer, ...own] = cockpitLayers(data, sources, show, scale, events, i18n.locale, versions.cases);
    // the heatmap over the grid's fill and under the alleys, sensors and the rest
    return [grid!, heatLayer!, ...city, ...own, ...command.layers];
  }, [selectionGeometry, sources, scale, show, events, data, i18n.locale, command.layers, versions]);
  const clock = useAnimationClock(show.crowds || show.sensors || emergency, FLOW_LOOP_MS * 0.6);
  // moving parts on top, rebuilt with the clock
  const layers = useMemo(
    () => (replay.active ? replay.layers : [...staticLayers, ...animatedLayers(data, show, scale, clock), ...command.marker(clock)]),
    [replay.active, replay.layers, staticLayers, data, show, scale, clock, command.marker],
  );

  function onClick(info: PickingInfo) {
    if (command.onMapClick(info)) return;
    let next: Selection | null = null;
    const id = info.layer?.id;
    if (id === LAYER_IDS.alleys) next = { kind: 'alley', idOrSlug: (info.object as Feature<never, AlleyTileProps>).properties.slug };
    else if (id === LAYER_IDS.grid) next = { kind: 'cell', code: (info.object as Feature<never, GridTileProps>).properties.code };
    else if (id === LAYER_IDS.sensors) next = { kind: 'sensor', code: (info.object as Feature<never, SensorTileProps>).properties.code };
    else if (id === COCKPIT_LAYER_IDS.alarms) next = { kind: 'sensor', code: (info.object as Alarm).sensor };
    else if (id === COCKPIT_LAYER_IDS.cases) next = { kind: 'case', code: (info.object as Feature<never, CaseTileProps>).properties.code };
    clicked.current = next;
    select(next);
  }
  const panel = {
    scale,
    onCase: (code: string) => select({ kind: 'case', code }),
    onSensor: (code: string) => select({ kind: 'sensor', code }),
  };

  return (
    <div
      className="cockpit"
      data-testid="cockpit"
      data-mode={mode}
      data-incident={command.code ?? undefined}
      data-focus={tour?.focus}
      data-state={usable ? 'ready' : 'loading'}
      aria-busy={!usable}
    >
      {!usable && (
        <div
          className="load-progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={settled}
          aria-label={t('cockpit.loading', { done: settled, total })}
        >
          <span style={{ width: `${(settled / total) * 100}%` }} />
        </div>
      )}
      <div className="figures-cell" style={{ gridArea: 'figures' }}>
        {replay.active ? replay.figures : emergency ? command.figures : <FiguresStrip />}
        <LiveBadge status={live} />
      </div>
      {emergency ? (
        command.panels
      ) : (
        <>
          <TodayPanel {...panel} />
          <RatesPanel {...panel} />
          <TrendPanel {...panel} />
          <RankingPanel />
          <ListsPanel {...panel} />
          <FeedPanel {...panel} items={feed.data} />
          <WaterPanel {...panel} />
          <CrowdPanel {...panel} />
        </>
      )}
      <div className="map-cell" style={{ gridArea: 'map' }} data-raising={command.raising}>
        <MapView
          ref={mapRef}
          layers={layers}
          dataReady={dataReady}
          label={t('map.label')}
          basemap={basemap}
          pitched={pitched}
          camera={tour?.camera}
          onStyleLoad={() => setStyleLoaded(true)}
          pickingRadius={Math.round(4 * scale)}
          onHover={(info) => setHover(info.object ? info : null)}
          onClick={onClick}
        >
          {!tour && (
            <>
              <div className="map-tools">
                <button type="button" onClick={() => mapRef.current?.resetView()}>
                  {t('map.resetView')}
                </button>
                <button
                  type="button"
                  data-testid="basemap-switch"
                  aria-label={t('map.basemap.label')}
                  onClick={() => {
                    const next = basemap === 'dark' ? 'light' : 'dark';
                    saveBasemap(next);
                    setBasemap(next);
                  }}
                >
                  {t(basemap === 'dark' ? 'map.basemap.light' : 'map.basemap.dark')}
                </button>
                <button type="button" aria-pressed={pitched} data-testid="toggle-3d" onClick={() => setPitched((p) => !p)}>
                  {t('layers.buildings3d')}
                </button>
                {replay.button}
              </div>
              <fieldset className="layer-control" data-testid="layer-control">
                <legend>{t('layers.title')}</legend>
                {TOGGLES.map((key) => (
                  <label key={key}>
                    <input
                      type="checkbox"
                      checked={show[key]}
                      data-layer={key}
                      onChange={(e) => setShow((s) => ({ ...s, [key]: e.target.checked }))}
                    />
                    {t(`layers.${key}`)}
                  </label>
                ))}
                <fieldset className="segmented" aria-label={t('window.label')}>
                  {WINDOWS.map((w) => (
                    <button key={w} type="button" aria-pressed={window === w} data-window={w} onClick={() => setWindow(w)}>
                      {t(`window.${w}`)}
                    </button>
                  ))}
                </fieldset>
              </fieldset>
            </>
          )}
          {tour?.caption}
          {mapError ? (
            <div className="map-status" role="alert">
              <span className="error-text">{t('map.tileError', { message: error(mapError) })}</span>
              <button
                type="button"
                onClick={() => {
                  setTileError(null);
                  if (tileSources.error) void tileSources.refetch();
                }}
              >
                {t('map.retry')}
              </button>
            </div>
          ) : (
            !dataReady && (
              <div className="map-status" role="status">
                <span className="spinner" />
                {t('map.loading')}
              </div>
            )
          )}
          {command.overlay}
          {replay.overlay}
          {!emergency && <IncidentAlert />}
          <Tooltip info={hover} />
          {command.legend ?? <Legend />}
          {selection?.kind === 'alley' && <AlleyPanel idOrSlug={selection.idOrSlug} onClose={() => select(null)} />}
          {selection?.kind === 'cell' && <GridCellPanel code={selection.code} onClose={() => select(null)} />}
          {selection?.kind === 'case' && <CasePanel code={selection.code} onClose={() => select(null)} />}
          {selection?.kind === 'sensor' && <SensorPanel code={selection.code} onClose={() => select(null)} />}
        </MapView>
      </div>
    </div>
  );
}

function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  return (
    <span className="live-badge" data-testid="live-status" data-status={status}>
      <span className="dot" />
      {t(`cockpit.live.${status}`)}
    </span>
  );
}
