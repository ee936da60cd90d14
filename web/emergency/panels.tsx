// Emergency command's panels around the map: the incident (and the incident list), what its impact
// zone holds, the nearest units (tick to address), the instruction composer (leaders and
// commanders), each instruction's delivery per addressee with the time to acknowledge, and the
// timeline with a replay at a chosen speed.
import { useEffect, useState } from 'react';
import { COMMANDERS, UNIT_KINDS } from '../../server/contracts/constants.ts';
import type { Incident, IncidentDetail } from '../../server/contracts/emergency.ts';
import {
  type UnitKind,
  useCloseIncident,
  useDepartments,
  useImpact,
  useIncident,
  useIncidents,
  useInstructions,
  useSendInstruction,
  useUnits,
} from '../api/emergency.ts';
import { enterEmergency } from '../app/mode.ts';
import { useSession } from '../app/session.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { FigureTable, Panel } from '../shared/Panel.tsx';
import { STATUS_COLOURS, UNIT_COLOURS } from './layers.ts';

const timeOfDay = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const clock = (iso: string) => timeOfDay.format(new Date(iso));
const SEVERITY_MARK: Record<number, string> = { 1: 'Ⅰ', 2: 'Ⅱ', 3: 'Ⅲ', 4: 'Ⅳ' };
const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
/** Whether the time falls on today's Beijing date. */
const sameDay = (iso: string) => dayOf.format(new Date(iso)) === dayOf.format(new Date());

export function EmergencyFigures({ incident }: { incident: Incident | undefined }) {
  const { t, number } = useI18n();
  const incidents = useIncidents();
  const instructions = useInstructions(incident?.code ?? null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(id);
  }, []);
  const open = incidents.data?.filter((i) => i.status === 'open').length;
  const targets = instructions.data?.flatMap((n) => n.targets) ?? [];
  const acknowledged = targets.filter((x) => x.status === 'acknowledged' || x.status === 'done').length;
  const minutes = incident
    ? Math.max(0, Math.floor(((incident.closedAt ? Date.parse(incident.closedAt) : now) - Date.parse(incident.openedAt)) / 60_000))
    : null;
  const fig = (id: string, label: string, value: string, data?: number) => (
    <div className="fig" data-testid={`efig-${id}`}>
      <span className="fig-label">{label}</span>
      <span className="fig-value" data-value={data ?? ''}>
        {value}
      </span>
    </div>
  );
  return (
    <div className="figures emergency-figures" data-testid="emergency-figures">
      <div className="fig wide">
        <span className="fig-label">
          {incident ? `${t(`severity.${incident.severity}` as MessageKey)} · ${incident.code}` : t('em.incidents')}
        </span>
        <span className="fig-value" data-testid="incident-title" title={incident?.title}>
          {incident?.title ?? t('em.none')}
        </span>
      </div>
      {fig('open', t('em.openCount'), open === undefined ? '…' : number(open), open)}
      {fig('opened', t('em.openedAt'), incident ? clock(incident.openedAt).slice(0, 5) : '—')}
      {fig('elapsed', t('em.elapsedLabel'), minutes === null ? '—' : t('em.minutes', { minutes: number(minutes) }), minutes ?? undefined)}
      {fig(
        'acknowledged',
        t('em.acknowledgedLabel'),
        targets.length ? `${number(acknowledged)}/${number(targets.length)}` : '—',
        acknowledged,
      )}
    </div>
  );
}

export function IncidentPanel({
  code,
  onSelect,
  raising,
  onRaise,
}: {
  code: string | null;
  onSelect(code: string): void;
  raising: boolean;
  onRaise(on: boolean): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const role = useSession()?.role;
  const incidents = useIncidents();
  const detail = useIncident(code);
  const close = useCloseIncident();
  const i = detail.data;
  return (
    <Panel id="incident" title={t('em.incidents')} state={incidents}>
      <div className="scroll">
        {i ? (
          <dl className="facts" data-testid="incident-facts">
            <dt>{t('em.kind')}</dt>
            <dd>{t(`incidentKind.${i.kind}` as MessageKey)}</dd>
            <dt>{t('em.severity')}</dt>
            <dd className="bad">{t(`severity.${i.severity}` as MessageKey)}</dd>
            <dt>{t('em.commander')}</dt>
            <dd>{i.commander}</dd>
            <dt>{t('em.openedAt')}</dt>
            <dd>{i18n.dateTime(i.openedAt, true)}</dd>
            {i.radiusM !== null && (
              <>
                <dt>{t('em.radius')}</dt>
                <dd>{i.radiusM}</dd>
              </>
            )}
            {i.status === 'closed' && (
              <>
                <dt />
                <dd className="dim">{t('em.closed')}</dd>
              </>
            )}
          </dl>
        ) : (
          <p className="dim small">{t('em.noIncident')}</p>
        )}
        <ul className="rows" data-testid="incident-list">
          {incidents.data?.slice(0, 12).map((x) => (
            <li key={x.code} data-selected={x.code === code}>
              <button type="button" className="row-button" data-incident={x.code} onClick={() => onSelect(x.code)}>
                <span className="row-main">
                  {x.status === 'open' && <span className="badge bad">{SEVERITY_MARK[x.severity]}</span>}
                  {x.title}
                </span>
                <span className="row-sub dim mono">
                  {sameDay(x.openedAt) ? clock(x.openedAt) : i18n.dateTime(x.openedAt, true)} · {x.code}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      {role && COMMANDERS.includes(role) && (
        <div className="panel-actions">
          <button type="button" aria-pressed={raising} data-testid="raise-on-map" onClick={() => onRaise(!raising)}>
            {raising ? t('em.raiseHint') : t('em.raiseOnMap')}
          </button>
          {i?.status === 'open' && (
            <button
              type="button"
              className="danger"
              data-testid="close-incident"
              disabled={close.isPending}
              onClick={() => close.mutate(i.code)}
            >
              {t('em.close')}
            </button>
          )}
        </div>
      )}
    </Panel>
  );
}

export function ImpactPanel({ code }: { code: string | null }) {
  const { t, number } = useI18n();
  const impact = useImpact(code);
  const d = impact.data;
  return (
    <Panel id="impact" title={t('em.impact')} state={code ? impact : { isPending: false, error: null }}>
      {d && (
        <div className="scroll impact" data-testid="impact">
          <p className="impact-counts">
            <b data-count="cells">{t('em.cells', { count: number(d.cells.length) })}</b> ·{' '}
            <b data-count="alleys">{t('em.alleys', { count: number(d.alleys.length) })}</b> ·{' '}
            <b data-count="cases">{t('em.openCases', { count: number(d.openCases.length) })}</b>
          </p>
          <h3>{t('em.chiefs')}</h3>
          <ul className="plain" data-testid="impact-chiefs">
            {d.chiefs.map((c) => (
              <li key={c.id}>
                {c.name}
                <span className="dim small"> · {c.alleys.join('、')}</span>
              </li>
            ))}
          </ul>
          <h3>{t('em.sensors')}</h3>
          <ul className="plain" data-testid="impact-sensors">
            {d.sensors.map((s) => (
              <li key={s.code} data-status={s.status}>
                {s.name} <span className={s.status === 'alarm' ? 'bad' : 'dim'}>{s.lastValue ?? '—'}</span>
              </li>
            ))}
          </ul>
          {d.crowdAreas.length > 0 && (
            <>
              <h3>{t('em.crowdAreas')}</h3>
              <ul className="plain">
                {d.crowdAreas.map((c) => (
                  <li key={c.code}>
                    {c.name} {c.count === null ? '' : `${number(c.count)}/${number(c.capacity)}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <FigureTable
            testId="impact-figures"
            rows={[
              ['cells', d.cells.length],
              ['alleys', d.alleys.length],
              ['sensors', d.sensors.length],
              ['crowdAreas', d.crowdAreas.length],
              ['openCases', d.openCases.length],
            ]}
          />
        </div>
      )}
    </Panel>
  );
}

export function UnitsPanel({
  code,
  kind,
  onKind,
  picked,
  onPick,
}: {
  code: string | null;
  kind: UnitKind | null;
  onKind(kind: UnitKind | null): void;
  picked: ReadonlySet<string>;
  onPick(ref: string, on: boolean): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const units = useUnits(code, kind);
  return (
    <Panel
      id="units"
      title={t('em.units')}
      state={code ? units : { isPending: false, error: null }}
      aside={
        <select
          className="unit-kind"
          aria-label={t('em.unitKind')}
          data-testid="unit-kind"
          value={kind ?? ''}
          onChange={(e) => onKind((e.target.value || null) as UnitKind | null)}
        >
          <option value="">{t('em.allKinds')}</option>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unitKind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      }
    >
      <ol className="rows scroll units" data-testid="units">
        {units.data?.map((u) => (
          <li key={u.ref}>
            <label className="unit-row">
              <input type="checkbox" checked={picked.has(u.ref)} data-ref={u.ref} onChange={(e) => onPick(u.ref, e.target.checked)} />
              <span className="row-main">
                <span className="badge">{t(`unitKind.${u.kind}` as MessageKey)}</span>
                {u.name}
              </span>
              <span className="row-sub dim" data-distance={u.distanceM} data-travel={u.travelS} data-routing={u.routing}>
                {u.routing === 'road'
                  ? t('em.travelRoad', { eta: u.etaMin, route: i18n.number(u.routeM) })
                  : t('em.travelStraight', { eta: u.etaMin, distance: i18n.number(u.distanceM) })}
                {u.department ? ` · ${u.department}` : ''}
              </span>
            </label>
          </li>
        ))}
      </ol>
    </Panel>
  );
}

const PRESETS: MessageKey[] = ['em.preset.pump', 'em.preset.evacuate', 'em.preset.report'];

export function OrdersPanel({
  code,
  picked,
  onPick,
  onSent,
}: {
  code: string | null;
  picked: ReadonlySet<string>;
  onPick(ref: string, on: boolean): void;
  onSent(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const role = useSession()?.role;
  const [text, setText] = useState('');
  const send = useSendInstruction(code ?? '');
  const detail = useIncident(code);
  const departments = useDepartments();
  const chosen = [...picked]
    .filter((ref) => ref.startsWith('department:'))
    .map(
      (ref) => departments.data?.find((d) => `department:${d.code}` === ref) ?? { code: ref.slice(11), name: ref.slice(11), nameEn: null },
    );
  const allowed = role !== undefined && COMMANDERS.includes(role);
  const open = detail.data?.status === 'open';
  return (
    <Panel id="orders" title={t('em.orders')} state={{ isPending: false, error: null }}>
      {!allowed ? (
        <p className="dim">{t('em.onlyLeaders')}</p>
      ) : (
        <form
          className="orders"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate(
              { text, targets: [...picked] },
              {
                onSuccess: () => {
                  setText('');
                  onSent();
                },
              },
            );
          }}
        >
          <div className="chips">
            {PRESETS.map((k) => (
              <button key={k} type="button" className="chip" onClick={() => setText(t(k))}>
                {t(k)}
              </button>
            ))}
          </div>
          <div className="chips">
            <select
              className="unit-kind"
              aria-label={t('em.addDepartment')}
              data-testid="add-department"
              value=""
              onChange={(e) => {
                if (e.target.value) onPick(`department:${e.target.value}`, true);
              }}
            >
              <option value="">{t('em.addDepartment')}</option>
              {departments.data?.map((d) => (
                <option key={d.code} value={d.code}>
                  {i18n.name(d.name, d.nameEn)}
                </option>
              ))}
            </select>
            {chosen.map((d) => (
              <button
                key={d.code}
                type="button"
                className="chip"
                data-department={d.code}
                title={t('em.remove')}
                onClick={() => onPick(`department:${d.code}`, false)}
              >
                {i18n.name(d.name, d.nameEn)} ×
              </button>
            ))}
          </div>
          <textarea
            aria-label={t('em.text')}
            data-testid="order-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            maxLength={500}
          />
          {send.error && (
            <p className="error-text" role="alert">
              {i18n.error(send.error)}
            </p>
          )}
          <button
            type="submit"
            className="primary"
            data-testid="send-order"
            disabled={!open || !text.trim() || picked.size === 0 || send.isPending}
          >
            {picked.size === 0 ? t('em.pickUnits') : t('em.send', { count: picked.size })}
          </button>
        </form>
      )}
    </Panel>
  );
}

export function StatusPanel({ code }: { code: string | null }) {
  const { t } = useI18n();
  const instructions = useInstructions(code);
  return (
    <Panel id="status" title={t('em.status')} state={code ? instructions : { isPending: false, error: null }}>
      {instructions.data?.length === 0 ? (
        <p className="dim">{t('em.noOrders')}</p>
      ) : (
        <ul className="rows scroll" data-testid="instructions">
          {instructions.data?.map((n) => (
            <li key={n.id} data-instruction={n.id}>
              <div className="row-main">{n.text}</div>
              <div className="row-sub dim">
                {n.issuedBy} · {clock(n.issuedAt)}
              </div>
              <ul className="targets">
                {n.targets.map((x) => (
                  <li key={x.id} data-target={x.ref} data-status={x.status}>
                    <span>{x.name}</span>
                    <span className="target-status" data-status={x.status}>
                      {t(`target.${x.status}` as MessageKey)}
                    </span>
                    {x.secondsToAcknowledge !== null && (
                      <span className="dim small" data-ack-seconds={x.secondsToAcknowledge}>
                        {t('em.ack', { seconds: x.secondsToAcknowledge })}
                      </span>
                    )}
                    {x.note && <span className="dim small target-note">{x.note}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

const SPEEDS = [1, 10, 60] as const;

/** Replays the timeline as it was when replay began: from the first entry, the rest at their real
 * spacing divided by the speed (entries arriving meanwhile wait for the end of the replay). */
function useReplay(timeline: IncidentDetail['timeline'] | undefined) {
  const [replaying, setReplaying] = useState<{ speed: number; entries: IncidentDetail['timeline'] } | null>(null);
  const [shown, setShown] = useState(1);
  useEffect(() => {
    if (!replaying?.entries.length) return;
    const { speed, entries } = replaying;
    const start = Date.parse(entries[0]!.at);
    const timers = entries.map((e, i) => setTimeout(() => setShown(i + 1), (Date.parse(e.at) - start) / speed));
    const end = setTimeout(() => setReplaying(null), (Date.parse(entries.at(-1)!.at) - start) / speed + 3000);
    return () => {
      timers.forEach(clearTimeout);
      clearTimeout(end);
    };
  }, [replaying]);
  return {
    speed: replaying?.speed ?? null,
    entries: replaying ? replaying.entries.slice(0, shown) : (timeline ?? []),
    play(speed: number) {
      setShown(1);
      setReplaying({ speed, entries: timeline ?? [] });
    },
    stop() {
      setReplaying(null);
    },
  };
}

export function TimelinePanel({ code }: { code: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const detail = useIncident(code);
  const timeline = detail.data?.timeline;
  const replay = useReplay(timeline);
  const { entries } = replay;
  return (
    <Panel
      id="timeline"
      title={t('em.timeline')}
      state={code ? detail : { isPending: false, error: null }}
      aside={
        timeline &&
        timeline.length > 1 && (
          <fieldset className="segmented" aria-label={t('em.replaySpeed')}>
            {replay.speed !== null ? (
              <button type="button" data-testid="replay-stop" onClick={replay.stop}>
                {t('em.stopReplay')}
              </button>
            ) : (
              SPEEDS.map((s) => (
                <button key={s} type="button" data-replay={s} onClick={() => replay.play(s)}>
                  {t('em.replay')} {s}×
                </button>
              ))
            )}
          </fieldset>
        )
      }
    >
      <ol className="timeline scroll" data-testid="timeline" data-replaying={replay.speed !== null}>
        {entries.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end (a replay shows a prefix of it), so an entry's place is its identity
          <li key={i} data-kind={e.kind}>
            <span className="mono dim">{clock(e.at)}</span>
            <span>{t(`tl.${e.kind}` as MessageKey)}</span>
            <span className="dim small">
              {e.actor}
              {[e.payload.text, e.payload.ref, e.payload.note]
                .filter((x) => typeof x === 'string')
                .map((x) => ` · ${x as string}`)
                .join('')}
            </span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** The map's key in command mode: the zone, the units by kind, the addressed by how far they have got. */
export function EmergencyLegend() {
  const { t } = useI18n();
  const dot = (rgb: readonly number[]) => ({ background: `rgb(${rgb.join(',')})`, borderRadius: '50%' });
  return (
    <aside className="legend" aria-label={t('legend.title')} data-testid="emergency-legend">
      <h2>{t('legend.title')}</h2>
      <ul>
        <li>
          <span className="swatch zone" />
          {t('em.zone')}
        </li>
      </ul>
      <h3>{t('em.units')}</h3>
      <ul className="legend-grid">
        {UNIT_KINDS.map((k) => (
          <li key={k}>
            <span className="swatch" style={dot(UNIT_COLOURS[k])} />
            {t(`unitKind.${k}` as MessageKey)}
          </li>
        ))}
      </ul>
      <h3>{t('em.status')}</h3>
      <ul className="legend-grid">
        {TARGET_ORDER.map((k) => (
          <li key={k}>
            <span className="swatch ring" style={{ ...dot(STATUS_COLOURS[k]) }} />
            {t(`target.${k}` as MessageKey)}
          </li>
        ))}
      </ul>
    </aside>
  );
}

const TARGET_ORDER = ['sent', 'delivered', 'acknowledged', 'done'] as const;

/** In normal mode: an open incident is announced, one click from commanding it. */
export function IncidentAlert() {
  const { t } = useI18n();
  const incidents = useIncidents();
  const open = incidents.data?.filter((i) => i.status === 'open') ?? [];
  if (open.length === 0) return null;
  const newest = open[0]!;
  return (
    <button
      type="button"
      className="incident-alert"
      data-testid="incident-alert"
      data-incident={newest.code}
      onClick={() => enterEmergency(newest.code)}
    >
      <span className="siren" aria-hidden="true" />
      <span className="incident-alert-text">
        <b>{t('em.alert', { count: open.length })}</b>
        <span>{newest.title}</span>
      </span>
    </button>
  );
}
