// Emergency command mode inside the cockpit: which incident is commanded (the URL's, else the newest
// open one), the units ticked as addressees, marking a new incident on the map, the map's layers and
// the panels around it. The cockpit keeps the map; this supplies what goes on and around it.

import type { PickingInfo } from '@deck.gl/core';
import { bbox } from '@turf/turf';
import { type ReactNode, type RefObject, useCallback, useEffect, useMemo, useState } from 'react';
import { INCIDENT_KINDS } from '../../server/contracts/constants.ts';
import type { IncidentCreate, NearUnit } from '../../server/contracts/emergency.ts';
import { type UnitKind, useIncident, useIncidents, useInstructions, useOpenIncident, useUnits } from '../api/emergency.ts';
import { useIncidentParam } from '../app/mode.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MapHandle } from '../map/MapView.tsx';
import { EMERGENCY_LAYER_IDS, emergencyLayers, engagedUnits, incidentMarker } from './layers.ts';
import {
  EmergencyFigures,
  EmergencyLegend,
  ImpactPanel,
  IncidentPanel,
  OrdersPanel,
  StatusPanel,
  TimelinePanel,
  UnitsPanel,
} from './panels.tsx';

export interface EmergencyCommand {
  code: string | null;
  /** Waiting for a click on the map that places a new incident. */
  raising: boolean;
  /** Static layers (zone, units) and the pulsing marker for the animation clock. */
  layers: ReturnType<typeof emergencyLayers>;
  marker(clock: number): ReturnType<typeof incidentMarker>;
  /** Handles a map click the mode owns (placing a new incident, ticking a unit); false otherwise. */
  onMapClick(info: PickingInfo): boolean;
  panels: ReactNode;
  figures: ReactNode;
  /** Drawn over the map: the new-incident form. */
  overlay: ReactNode;
  /** The map's key in command mode (null: the normal legend). */
  legend: ReactNode;
}

export function useEmergencyCommand(active: boolean, mapRef: RefObject<MapHandle | null>, scale: number, locale: string): EmergencyCommand {
  const [param, setParam] = useIncidentParam();
  const incidents = useIncidents();
  const code = active ? (param ?? incidents.data?.find((i) => i.status === 'open')?.code ?? null) : null;
  const incident = useIncident(code);
  const [kind, setKind] = useState<UnitKind | null>(null);
  const units = useUnits(code, kind);
  const instructions = useInstructions(code);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [raising, setRaising] = useState(false);
  const [point, setPoint] = useState<[number, number] | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the picks belong to one incident; another one starts with none
  useEffect(() => {
    setPicked(new Set());
  }, [code]);
  useEffect(() => {
    if (!active) {
      setRaising(false);
      setPoint(null);
    }
  }, [active]);

  // the map flies to the incident's zone when one comes into command
  const zone = incident.data?.zone;
  useEffect(() => {
    if (!active || !zone) return;
    const [minLng, minLat, maxLng, maxLat] = bbox(zone as Parameters<typeof bbox>[0]);
    const pad = 0.004; // ~400 m around the zone, for the units nearby
    mapRef.current?.flyToBox([minLng - pad, minLat - pad, maxLng + pad, maxLat + pad], 0);
  }, [active, zone, mapRef]);

  const engaged = useMemo(() => engagedUnits(instructions.data), [instructions.data]);
  const layers = useMemo(
    () => (active ? emergencyLayers({ incident: incident.data, units: units.data, engaged, picked }, scale, locale) : []),
    [active, incident.data, units.data, engaged, picked, scale, locale],
  );

  const pick = (ref: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });

  function onMapClick(info: PickingInfo): boolean {
    if (!active) return false;
    if (raising && info.coordinate) {
      setPoint([info.coordinate[0]!, info.coordinate[1]!]);
      return true;
    }
    if (info.layer?.id === EMERGENCY_LAYER_IDS.units && info.object) {
      const ref = (info.object as NearUnit).ref;
      pick(ref, !picked.has(ref));
      return true;
    }
    return false;
  }

  const marker = useCallback(
    (clock: number) => (active ? incidentMarker(incident.data, scale, clock) : []),
    [active, incident.data, scale],
  );
  const select = (next: string) => setParam(next);
  return {
    code,
    raising: active && raising,
    layers,
    marker,
    onMapClick,
    figures: active ? <EmergencyFigures incident={incident.data} /> : null,
    legend: active ? <EmergencyLegend /> : null,
    panels: active ? (
      <>
        <IncidentPanel
          code={code}
          onSelect={select}
          raising={raising}
          onRaise={(on) => {
            setRaising(on);
            setPoint(null);
          }}
        />
        <UnitsPanel code={code} kind={kind} onKind={setKind} picked={picked} onPick={pick} />
        <ImpactPanel code={code} />
        <OrdersPanel code={code} picked={picked} onPick={pick} onSent={() => setPicked(new Set())} />
        <StatusPanel code={code} />
        <TimelinePanel code={code} />
      </>
    ) : null,
    overlay:
      active && raising && point ? (
        <RaiseForm
          point={point}
          onCancel={() => {
            setPoint(null);
            setRaising(false);
          }}
          onRaised={(c) => {
            setPoint(null);
            setRaising(false);
            select(c);
          }}
        />
      ) : null,
  };
}

function RaiseForm({ point, onCancel, onRaised }: { point: [number, number]; onCancel(): void; onRaised(code: string): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const open = useOpenIncident();
  const [kind, setKind] = useState<IncidentCreate['kind']>('waterlogging');
  const [severity, setSeverity] = useState(3);
  const [radius, setRadius] = useState(300);
  const [title, setTitle] = useState('');
  return (
    <form
      className="raise-form"
      data-testid="raise-form"
      aria-label={t('em.raiseTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate(
          { kind, severity, radiusM: radius, lng: point[0], lat: point[1], ...(title.trim() ? { title: title.trim() } : {}) },
          { onSuccess: (made) => onRaised(made.code) },
        );
      }}
    >
      <h3>{t('em.raiseTitle')}</h3>
      <p className="dim small mono">
        {point[0].toFixed(5)}, {point[1].toFixed(5)}
      </p>
      <label>
        {t('em.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as IncidentCreate['kind'])}>
          {INCIDENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`incidentKind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('em.severity')}
        <select value={severity} onChange={(e) => setSeverity(Number(e.target.value))}>
          {[1, 2, 3, 4].map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('em.radius')}
        <input type="number" min={20} max={5000} step={10} value={radius} onChange={(e) => setRadius(Number(e.target.value))} />
      </label>
      <label>
        {t('em.titleLabel')}
        <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {open.error && (
        <p className="error-text" role="alert">
          {i18n.error(open.error)}
        </p>
      )}
      <div className="panel-actions">
        <button type="button" onClick={onCancel}>
          {t('em.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="raise-submit" disabled={open.isPending}>
          {t('em.raise')}
        </button>
      </div>
    </form>
  );
}
