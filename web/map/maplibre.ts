// maplibre-gl with its worker served from our own origin: by default it would be resolved at
// runtime, and a CDN fallback would break the air-gapped wall. Import maplibre from here only.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
