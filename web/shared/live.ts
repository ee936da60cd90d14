// The live stream into the cockpit's caches. One EventSource per page (the server carries every
// process's events through PostgreSQL, so any process will do); the browser reconnects by itself
// and the server replays what was missed from Last-Event-ID. What each event does:
//   case.created       its point joins the heatmaps, it heads the feed, today's counts go up at once;
//   case.stage / kpi   the figures, the ranking and the overdue list are marked stale (throttled);
//   alarm.*            the flood watch, the open alarms and the feed follow;
//   crowd.count        the area's count is written into the crowd list;
//   reset              the gap was too old to replay: everything is refetched.
// and the tile layers the event concerns get a new data version (../map/tileVersions.ts).

import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CasePage, CaseSummary, CockpitSummary, CockpitWindow, HeatPoints } from '../../server/contracts/index.ts';
import type { LiveEvent } from '../../server/live/events.ts';
import { type CrowdArea, KEYS, LIST_LENGTH } from '../api/cockpit.ts';
import { EMERGENCY_KEYS } from '../api/emergency.ts';
import { session } from '../app/session.ts';
import { DATA_TILE_LAYERS, layersTouchedBy, tileVersions } from '../map/tileVersions.ts';

/** At most one refetch of a slow-moving figure per this many ms, however many events arrive. */
export const FIGURES_REFRESH_MS = 10_000;
const WINDOWS: CockpitWindow[] = ['24h', '7d', '30d'];

export type LiveStatus = 'connecting' | 'open' | 'down';

/** A live-feed entry: a case or an alarm, newest first. */
export interface FeedItem {
  id: string;
  kind: 'case' | 'alarm';
  at: string;
  code: string;
  /** case: source; alarm: sensor kind */
  what: string;
  /** case: category code; alarm: the value */
  detail: string;
  caseCode: string | null;
  /** When the page received it (ms since epoch; 0 for entries read at start). */
  receivedAt: number;
}
export const FEED_KEY = ['cockpit', 'live-feed'] as const;
const FEED_LENGTH = 30;

function throttled(client: QueryClient) {
  const due = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    mark(key: QueryKey) {
      due.set(JSON.stringify(key), key);
      timer ??= setTimeout(() => {
        timer = null;
        const keys = [...due.values()];
        due.clear();
        for (const queryKey of keys) void client.invalidateQueries({ queryKey });
      }, FIGURES_REFRESH_MS);
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}

export function applyEvent(client: QueryClient, event: LiveEvent, later: { mark(key: QueryKey): void }): void {
  switch (event.kind) {
    case 'case.created': {
      const p = event.payload;
      for (const window of WINDOWS) {
        client.setQueryData<HeatPoints>(
          KEYS.heat(window),
          (old) => old && { ...old, to: p.reportedAt, points: [...old.points, [p.lng, p.lat, p.priority]] },
        );
      }
      client.setQueryData<CockpitSummary>(
        KEYS.summary,
        (old) =>
          old && {
            ...old,
            today: {
              ...old.today,
              total: old.today.total + 1,
              bySource: old.today.bySource
                .map((s) => (s.source === p.source ? { ...s, count: s.count + 1 } : s))
                .sort((a, b) => b.count - a.count),
            },
            open: { ...old.open, total: old.open.total + 1 },
          },
      );
      pushFeed(client, {
        id: `case-${p.code}`,
        kind: 'case',
        at: p.reportedAt,
        code: p.code,
        what: p.source,
        detail: p.categoryCode,
        caseCode: p.code,
        receivedAt: Date.now(),
      });
      later.mark(KEYS.summary); // the main classes and the trend come with the next read
      break;
    }
    case 'case.stage':
      later.mark(KEYS.summary);
      later.mark(KEYS.overdue);
      void client.invalidateQueries({ queryKey: KEYS.case(event.payload.code) });
      break;
    case 'kpi.changed':
      later.mark(KEYS.ranking);
      later.mark(KEYS.summary);
      break;
    case 'alarm.raised':
    case 'alarm.cleared': {
      const p = event.payload;
      if (event.kind === 'alarm.raised') {
        pushFeed(client, {
          id: `alarm-${p.sensorCode}-${p.at}`,
          kind: 'alarm',
          at: p.at,
          code: p.sensorCode,
          what: p.sensorKind,
          detail: String(p.value),
          caseCode: p.caseCode,
          receivedAt: Date.now(),
        });
      }
      void client.invalidateQueries({ queryKey: KEYS.alarms });
      later.mark(KEYS.water);
      break;
    }
    case 'crowd.count': {
      const p = event.payload;
      client.setQueryData<CrowdArea[]>(KEYS.crowds, (old) =>
        old?.map((a) =>
          a.code === p.areaCode
            ? {
                ...a,
                count: p.count,
                inflow: p.inflow,
                outflow: p.outflow,
                at: p.at,
                share: Math.round((p.count / a.capacity) * 1000) / 1000,
              }
            : a,
        ),
      );
      break;
    }
    case 'crowd.alarm.raised':
    case 'crowd.alarm.cleared':
      void client.invalidateQueries({ queryKey: KEYS.crowds });
      break;
    // emergency command: at once, not throttled (a leader is waiting for the acknowledgement)
    case 'incident.opened':
    case 'incident.closed':
      void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.incidents });
      void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.incident(event.payload.code) });
      break;
    case 'instruction.sent':
    case 'instruction.status':
      void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.instructions(event.payload.incident) });
      void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.incident(event.payload.incident), exact: true });
      if (event.kind === 'instruction.status' && event.payload.lng !== null)
        void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.units(event.payload.incident) });
      for (const ref of event.kind === 'instruction.sent' ? event.payload.targets.map((x) => x.ref) : [event.payload.ref]) {
        void client.invalidateQueries({ queryKey: EMERGENCY_KEYS.field(ref) });
      }
      break;
  }
}

function pushFeed(client: QueryClient, item: FeedItem) {
  client.setQueryData<FeedItem[]>(FEED_KEY, (old = []) => (old.some((x) => x.id === item.id) ? old : [item, ...old].slice(0, FEED_LENGTH)));
}

/** The feed's start from the newest cases, before the stream adds to it. */
export function seedFeed(client: QueryClient, page: CasePage): void {
  const seeded: FeedItem[] = page.items.slice(0, LIST_LENGTH).map((c: CaseSummary) => ({
    id: `case-${c.code}`,
    kind: 'case',
    at: c.reportedAt,
    code: c.code,
    what: c.source,
    detail: c.categoryCode,
    caseCode: c.code,
    receivedAt: 0,
  }));
  client.setQueryData<FeedItem[]>(FEED_KEY, (old = []) => {
    const ids = new Set(old.map((x) => x.id));
    return [...old, ...seeded.filter((x) => !ids.has(x.id))].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, FEED_LENGTH);
  });
}

/** Opens the stream while signed in; returns its state for the header's indicator. */
export function useLiveStream(client: QueryClient): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    const token = session.get()?.token;
    if (!token) return;
    const later = throttled(client);
    const source = new EventSource(`/api/live?access_token=${encodeURIComponent(token)}`);
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    source.onmessage = (message: MessageEvent<string>) => {
      try {
        const event = JSON.parse(message.data) as LiveEvent;
        applyEvent(client, event, later);
        for (const layer of layersTouchedBy(event)) tileVersions.touch(layer);
      } catch (err) {
        console.warn('live event not understood', err);
      }
    };
    source.addEventListener('reset', () => {
      void client.invalidateQueries();
      for (const layer of DATA_TILE_LAYERS) tileVersions.touch(layer);
    });
    return () => {
      later.stop();
      source.close();
    };
  }, [client]);
  return status;
}
