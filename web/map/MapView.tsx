// The map: a maplibre-gl basemap that owns the camera, with deck.gl layers drawn over it
// (MapboxOverlay in overlaid mode — the interleaved mode needs maplibre's removed `map.transform`).
// Layers arrive as data; `data-state="ready"` says the map has drawn them (browser tests wait on it).

import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { type ReactNode, type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { milestone, span } from '../shared/perf.ts';
import { CORE_AREA_BOUNDS, LOCAL_IDEOGRAPH_FONTS, type StyleName, styleUrl } from './basemap.ts';
import { maplibregl } from './maplibre.ts';

/** What a parent may ask of the map. */
export interface MapHandle {
  /** Flies back to the whole core area. */
  resetView(): void;
  /** Flies to a box [minLng, minLat, maxLng, maxLat], keeping `rightInset` pixels free for a panel. */
  flyToBox(box: [number, number, number, number], rightInset: number): void;
}

export interface Camera {
  center: [number, number];
  zoom: number;
  pitch?: number;
  bearing?: number;
  /** how long the flight takes, ms */
  durationMs?: number;
}

export interface MapViewProps {
  ref?: Ref<MapHandle>;
  layers: Layer[];
  /** True once every layer has its data; the map reports ready only after drawing them. */
  dataReady: boolean;
  /** An accessible name for the map region. */
  label: string;
  /** The server's basemap style: dark for the wall, light for the desk. */
  basemap: StyleName;
  /** Pixels around the pointer that still pick a thin alley line. */
  pickingRadius: number;
  /** Tilts the camera and raises the buildings (3D); flat otherwise. */
  pitched?: boolean;
  /** Where the camera goes (the tour's scenes): flown to whenever it changes — maplibre jumps instead for
   *  whoever asked the system for reduced motion — and its pitch wins over the 3D tilt's. */
  camera?: Camera | null;
  onHover?(info: PickingInfo): void;
  onClick?(info: PickingInfo): void;
  /** The basemap's style has arrived and been parsed (before any of its tiles is drawn). */
  onStyleLoad?(): void;
  /** Overlays positioned over the map (legend, tooltip, panels). */
  children?: ReactNode;
}

export function MapView({
  ref,
  layers,
  dataReady,
  label,
  basemap,
  pickingRadius,
  pitched = false,
  camera = null,
  onHover,
  onClick,
  onStyleLoad,
  children,
}: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  // The latest handlers, read by the overlay's callbacks without recreating the map.
  const handlers = useRef({ onHover, onClick, onStyleLoad });
  handlers.current = { onHover, onClick, onStyleLoad };
  const [mapLoaded, setMapLoaded] = useState(false);
  const [drawn, setDrawn] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: one map for the component's life; later basemap and pitch changes are applied to it by the effects below
  useEffect(() => {
    const map = new maplibregl.Map({
      container: containerRef.current!,
      style: styleUrl(basemap),
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
      bounds: CORE_AREA_BOUNDS,
      fitBoundsOptions: { padding: 16 },
      minZoom: 9,
      maxZoom: 19,
      // compact: a small ⓘ that opens the OSM credit the basemap's source carries; the rest is in the About note
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 60,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

    milestone('map-created');
    map.once('style.load', () => {
      milestone('style-loaded');
      handlers.current.onStyleLoad?.();
    });
    map.once('idle', () => milestone('map-idle'));
    let frameStart = 0;
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      // each deck.gl frame as a measure: without a GPU, drawing is where a wall's time goes
      onBeforeRender: () => {
        frameStart = performance.now();
      },
      onAfterRender: () => {
        span('deck-frame', frameStart);
        milestone('deck-first-frame');
      },
      pickingRadius,
      onHover: (info) => handlers.current.onHover?.(info),
      onClick: (info) => handlers.current.onClick?.(info),
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
    });
    map.addControl(overlay);
    mapRef.current = map;
    overlayRef.current = overlay;
    // For browser tests and the console: the map and the deck.gl overlay under this element (neither
    // keeps a global); the overlay answers pickObject with the features as drawn.
    Object.assign(containerRef.current!, { maplibreMap: map, deckOverlay: overlay });
    map.once('load', () => {
      milestone('map-load');
      setMapLoaded(true);
    });

    return () => {
      mapRef.current = null;
      overlayRef.current = null;
      map.remove();
      setMapLoaded(false);
      setDrawn(false);
    };
    // The map is made once per mount; later prop changes reach it through setProps and setStyle below.
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      resetView: () => mapRef.current?.fitBounds(CORE_AREA_BOUNDS, { padding: 16, duration: 800 }),
      flyToBox: ([minLng, minLat, maxLng, maxLat], rightInset) =>
        mapRef.current?.fitBounds(
          [
            [minLng, minLat],
            [maxLng, maxLat],
          ],
          {
            padding: { top: 48, bottom: 48, left: 48, right: rightInset + 48 },
            maxZoom: 16,
            duration: 1200,
          },
        ),
    }),
    [],
  );

  const shownStyle = useRef(basemap);
  useEffect(() => {
    if (!mapRef.current || shownStyle.current === basemap) return;
    shownStyle.current = basemap;
    mapRef.current.setStyle(styleUrl(basemap));
  }, [basemap]);

  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay) return;
    overlay.setProps({ layers, pickingRadius });
    // For browser tests: the layers as last given to deck.gl (ids, props and data), and when.
    Object.assign(containerRef.current!, { deckLayers: layers, deckLayersAt: Date.now() });
  }, [layers, pickingRadius]);

  // 3D: the camera tilts and the style's extruded buildings appear (again after a basemap switch).
  // biome-ignore lint/correctness/useExhaustiveDependencies: mapLoaded re-runs it once the map (a ref) exists
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => {
      if (map.getLayer('buildings-3d')) map.setLayoutProperty('buildings-3d', 'visibility', pitched ? 'visible' : 'none');
    };
    apply();
    map.on('styledata', apply);
    const pitch = pitched ? 55 : 0;
    if (!camera && map.getPitch() !== pitch) map.easeTo({ pitch, duration: 900 });
    return () => {
      map.off('styledata', apply);
    };
  }, [pitched, mapLoaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: mapLoaded re-runs it once the map (a ref) exists
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !camera) return;
    // not `essential`: maplibre honours prefers-reduced-motion by jumping
    map.flyTo({
      center: camera.center,
      zoom: camera.zoom,
      pitch: camera.pitch ?? 0,
      bearing: camera.bearing ?? 0,
      duration: camera.durationMs ?? 2500,
    });
  }, [camera, mapLoaded]);

  // Ready = the tiles in view have arrived and the overlay has drawn them: deck redraws on the
  // frame after a tile lands, so two animation frames after the last one the picture is complete.
  useEffect(() => {
    // new data on its way: the picture on screen is the old one until it has been drawn
    if (!dataReady) {
      setDrawn(false);
      return;
    }
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setDrawn(true));
    });
    return () => cancelAnimationFrame(frame);
  }, [dataReady]);

  const ready = mapLoaded && dataReady && drawn;
  useEffect(() => {
    if (ready) milestone('map-drawn');
  }, [ready]);
  return (
    <section className="map" aria-label={label} aria-busy={!ready} data-state={ready ? 'ready' : 'loading'}>
      <div ref={containerRef} className="map-canvas" />
      {children}
    </section>
  );
}
