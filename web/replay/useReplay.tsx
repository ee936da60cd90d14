// The replay on the leader's wall (时光回放): its state in the address (web/replay/url.ts), the clock
// running at its speed within the recorded history, the chunk at the clock and the one ahead, and what the
// cockpit shows in its place while it is on: the map's layers, the banner with the clock, the headline
// figures as of the clock, the timeline strip and the control (start, named moments, speed, play/pause,
// scrub, step). A replay link that does not fit the history falls back to live without an error.
import type { Layer } from '@deck.gl/core';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useReplayActivity, useReplayFrames, useReplayMoments } from '../api/replay.ts';
import { navigate, useSearch } from '../app/url.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart } from '../shared/Chart.tsx';
import { CHUNK_MS } from './chunks.ts';
import { type Bounds, clamp, clockAt, fromLocalInput, stepped, toLocalInput } from './clock.ts';
import { figuresAt, hourlyReports } from './frame.ts';
import { replayLayers } from './layers.ts';
import { DEFAULT_SPEED, fromKey, MAX_SPEED, type ReplayParams, replayKey, SPEEDS, withReplay } from './url.ts';

/** The CPU-side layers (heat, sensors, crowds) and the figures move in steps of this much replay time. */
const SLOW_MS = 60_000;

export interface Replay {
  active: boolean;
  layers: Layer[];
  /** the toolbar button that opens the control */
  button: ReactNode;
  /** banner + control + timeline, shown over and under the map */
  overlay: ReactNode;
  figures: ReactNode;
}

const go = (r: ReplayParams | null) => navigate(withReplay(window.location.search, r));

export function useReplay(scale: number): Replay {
  const { t, number } = useI18n();
  const params = fromKey(useSearch(replayKey));
  const [panel, setPanel] = useState(false);
  const moments = useReplayMoments(params !== null || panel);
  const bounds: Bounds | null = moments.data ? { first: Date.parse(moments.data.first), last: Date.parse(moments.data.last) } : null;

  // a link outside the history is no replay: back to live, quietly
  const fits =
    params !== null &&
    bounds !== null &&
    params.start >= bounds.first &&
    params.start <= bounds.last &&
    (params.clock === null || (params.clock >= bounds.first && params.clock <= bounds.last));
  useEffect(() => {
    if (params && bounds && !fits) go(null);
  }, [params, bounds, fits]);
  useEffect(() => {
    if (params === null && moments.isError) setPanel(false);
  }, [params, moments.isError]);

  // the clock: from the address when it changes there (a link, the back button), else run by play
  const [clock, setClock] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const written = useRef<string>('');
  const key = params ? `${params.start}|${params.speed}|${params.clock ?? ''}` : '';
  useEffect(() => {
    if (key === written.current) return;
    written.current = key;
    const p = fromKey(key);
    setClock(p ? (p.clock ?? p.start) : null);
    setPlaying(p !== null && p.clock === null);
  }, [key]);
  const write = useCallback((r: ReplayParams | null) => {
    written.current = r ? `${r.start}|${r.speed}|${r.clock ?? ''}` : '';
    go(r);
  }, []);

  const on = fits && clock !== null && bounds !== null;
  const speed = params?.speed ?? DEFAULT_SPEED;
  // the loop starts from the clock as it is when play, speed or a jump restart it, not on its own ticks
  const clockNow = useRef(clock);
  clockNow.current = clock;
  const first = bounds?.first ?? 0;
  const last = bounds?.last ?? 0;
  useEffect(() => {
    if (!on || !playing || clockNow.current === null) return;
    const run = { from: clockNow.current, wallAt: performance.now(), speed };
    const within = { first, last };
    let ticked = 0;
    let frame = requestAnimationFrame(function tick(now) {
      if (now - ticked >= 100) {
        ticked = now;
        const next = clockAt(run, now, within);
        setClock(next);
        if (next >= last) {
          setPlaying(false);
          return;
        }
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [on, playing, speed, first, last]);

  const { here } = useReplayFrames(on ? clock : null, bounds?.last ?? null);
  const slow = clock === null ? 0 : Math.floor(clock / SLOW_MS) * SLOW_MS;
  // the frame answers only the clocks of its own chunk: until the next one arrives, nothing is drawn wrong
  const frame = here && clock !== null && clock >= here.chunk.start && clock < here.chunk.end ? here : undefined;
  const layers = useMemo(() => (on && frame ? replayLayers(frame, clock!, slow, scale) : []), [on, frame, clock, slow, scale]);
  const figures = useMemo(() => (on && frame ? figuresAt(frame, clock!) : null), [on, frame, clock]);

  const pause = (at = clock!) => {
    setPlaying(false);
    setClock(at);
    write({ start: params!.start, speed, clock: at });
  };
  const play = () => {
    write({ start: params!.start, speed, clock: null });
    setPlaying(true);
  };
  const jump = (at: number) => {
    if (!playing) return pause(at);
    // a jump while playing restarts the loop from there
    setPlaying(false);
    setClock(at);
    queueMicrotask(() => setPlaying(true));
  };
  const startAt = (at: number, run: boolean) => {
    const r = { start: at, speed, clock: run ? null : at };
    write(r);
    setClock(at);
    setPlaying(run);
  };
  const setSpeed = (s: number) => {
    if (!(s > 0 && s <= MAX_SPEED) || !params) return;
    write({ ...params, speed: s, clock: playing ? null : clock });
  };

  const button = (
    <button type="button" data-testid="replay-open" aria-pressed={params !== null || panel} onClick={() => setPanel((p) => !p)}>
      {t('replay.open')}
    </button>
  );

  const fmt = (ms: number) => new Date(ms).toLocaleString(undefined, { timeZone: 'Asia/Shanghai', hour12: false });
  const windowEnd = params && bounds ? Math.min(params.start + 24 * 3_600_000, bounds.last) : 0;
  // the strip shows the whole window (start + 24 h, or to the end of the history), from its own small read;
  // until that arrives, the chunk at the clock
  const activity = useReplayActivity(on ? params!.start : null, on ? windowEnd : null);
  const timeline = useMemo(() => {
    if (clock === null || (!frame && !activity.data)) return null;
    const bars = activity.data
      ? activity.data.hours.map((h) => [Date.parse(h.at) + 1_800_000, h.reports] as [number, number])
      : hourlyReports(frame!).map(([h, n]) => [h + 1_800_000, n] as [number, number]);
    const incidents = activity.data
      ? activity.data.incidents.map((i) => ({ code: i.code, opened: Date.parse(i.openedAt) }))
      : frame!.incidents.filter((i) => i.opened >= frame!.chunk.start && i.opened < frame!.chunk.end);
    return {
      animation: false,
      grid: { left: 40 * scale, right: 12 * scale, top: 8 * scale, bottom: 20 * scale },
      xAxis: { type: 'time', axisLabel: { color: '#9fb3c8', fontSize: 11 * scale } },
      yAxis: { type: 'value', splitLine: { show: false }, axisLabel: { color: '#9fb3c8', fontSize: 11 * scale } },
      series: [
        {
          type: 'bar',
          data: bars,
          itemStyle: { color: '#38bdf8' },
          markLine: {
            symbol: 'none',
            animation: false,
            data: [
              { xAxis: clock, lineStyle: { color: '#facc15', width: 2 }, label: { show: false } },
              ...incidents.map((i) => ({
                xAxis: i.opened,
                lineStyle: { color: '#ef4444', type: 'dashed' },
                label: { formatter: i.code, color: '#fca5a5' },
              })),
            ],
          },
        },
      ],
    };
  }, [frame, activity.data, clock, scale]);
  const stripBars = activity.data?.hours.length ?? (frame ? hourlyReports(frame).length : 0);

  const overlay =
    params === null && !panel ? null : (
      <div
        className="replay"
        data-testid="replay"
        data-active={on}
        data-clock={on ? new Date(clock!).toISOString() : undefined}
        data-playing={playing}
      >
        {on && (
          <div className="replay-banner" role="status" data-testid="replay-banner">
            {t('replay.banner', { clock: fmt(clock!), speed: number(speed) })}
            {clock! >= bounds!.last && <span> · {t('replay.end')}</span>}
            <button
              type="button"
              data-testid="replay-exit"
              onClick={() => {
                setPanel(false);
                write(null);
              }}
            >
              {t('replay.exit')}
            </button>
          </div>
        )}
        <div className="replay-control" data-testid="replay-control">
          <label>
            {t('replay.start')}
            <input
              type="datetime-local"
              data-testid="replay-start"
              min={bounds ? toLocalInput(bounds.first) : undefined}
              max={bounds ? toLocalInput(bounds.last) : undefined}
              value={params ? toLocalInput(params.start) : ''}
              onChange={(e) => {
                const at = fromLocalInput(e.target.value);
                if (at !== null && bounds) startAt(clamp(at, bounds), false);
              }}
            />
          </label>
          <fieldset className="segmented" aria-label={t('replay.moments')}>
            {moments.data?.moments.map((m) => (
              <button key={m.name} type="button" data-moment={m.name} title={m.description} onClick={() => startAt(Date.parse(m.at), true)}>
                {t(`replay.moment.${m.name}`)}
              </button>
            ))}
          </fieldset>
          {on && (
            <>
              <fieldset className="segmented" aria-label={t('replay.speed')}>
                {SPEEDS.map((s) => (
                  <button key={s} type="button" data-speed={s} aria-pressed={speed === s} onClick={() => setSpeed(s)}>
                    {s}×
                  </button>
                ))}
                <input
                  type="number"
                  min={1}
                  max={MAX_SPEED}
                  aria-label={t('replay.speedTyped')}
                  data-testid="replay-speed"
                  defaultValue={speed}
                  key={speed}
                  onKeyDown={(e) => e.key === 'Enter' && setSpeed(Number((e.target as HTMLInputElement).value))}
                />
              </fieldset>
              <button type="button" aria-label={t('replay.stepBack')} onClick={() => jump(stepped(clock!, speed, -1, bounds!))}>
                ⏮
              </button>
              <button type="button" data-testid="replay-play" onClick={() => (playing ? pause() : play())}>
                {t(playing ? 'replay.pause' : 'replay.play')}
              </button>
              <button type="button" aria-label={t('replay.stepForward')} onClick={() => jump(stepped(clock!, speed, 1, bounds!))}>
                ⏭
              </button>
              <input
                type="range"
                data-testid="replay-scrub"
                aria-label={t('replay.scrub')}
                min={params!.start}
                max={Math.max(windowEnd, params!.start + CHUNK_MS / 6)}
                step={60_000}
                value={clock!}
                onChange={(e) => pause(clamp(Number(e.target.value), bounds!))}
              />
            </>
          )}
          {on && !frame && <span className="replay-loading">{t('replay.loading')}</span>}
        </div>
        {timeline && (
          <div
            className="replay-timeline"
            data-testid="replay-timeline"
            data-hours={stripBars}
            data-whole={activity.data !== undefined}
            data-incidents={activity.data?.incidents.map((i) => i.code).join(' ')}
          >
            <Chart option={timeline} label={t('replay.timeline')} />
          </div>
        )}
      </div>
    );

  const figureStrip = figures && (
    <div className="figures" data-testid="figures" data-replay="true">
      {(
        [
          ['today', 'fig.today', figures.today],
          ['open', 'fig.open', figures.open],
          ['overdue', 'fig.overdue', figures.overdue],
        ] as const
      ).map(([id, k, value]) => (
        <div key={id} className="fig" data-testid={`fig-${id}`}>
          <span className="fig-label">{t(k)}</span>
          <span className="fig-value" data-value={value}>
            {number(value)}
          </span>
        </div>
      ))}
    </div>
  );

  return { active: on, layers, button, overlay, figures: figureStrip };
}
