// The delegation tour (参观调研) at /demo: the leader's wall playing the scenes of web/tour/scenes.ts by
// itself, in a loop, in Chinese or English, as a visitor — the page issues its own visitor session, so
// nothing personal reaches it (the demo role's answers leave people out; server/privacy.test.ts). A leader
// may hand the wall over from the cockpit (参观模式) and take it back with Esc or the button.
// The address says where it is: ?scene=N (1-based) and ?lang=en; the scene's alley, case or replay
// parameters are the cockpit's own (?alley=, ?case=, ?replay=&speed=), replaced as the scenes go by.
// ?pace=N plays N times faster (a rehearsal, or a browser test).
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { AlleyCollection, CasePage } from '../../server/contracts/index.ts';
import { api } from '../api/client.ts';
import { useDemoLogin } from '../api/queries.ts';
import { useReplayMoments } from '../api/replay.ts';
import { PATHS } from '../app/routes.ts';
import { session, useSession } from '../app/session.ts';
import { replaceSearch, useSearch } from '../app/url.ts';
import type { CockpitTour } from '../cockpit/CockpitMode.tsx';
import { TOGGLES } from '../cockpit/layers.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Brand } from '../shell/Header.tsx';
import { SCENES, type TourLocale, type TourScene } from './scenes.ts';

const CockpitMode = lazy(() => import('../cockpit/CockpitMode.tsx'));

/** Around a scene's `near`: where its alley or case is looked for (about 400 m each way). */
const NEAR = 0.004;
const boxAround = ([lng, lat]: [number, number]) => [lng - NEAR, lat - NEAR, lng + NEAR, lat + NEAR].map((v) => v.toFixed(5)).join(',');

interface TourParams {
  /** 0-based */
  scene: number;
  lang: TourLocale;
  pace: number;
}

function parseTour(search: string): TourParams {
  const params = new URLSearchParams(search);
  const n = Number(params.get('scene'));
  const pace = Number(params.get('pace'));
  return {
    scene: Number.isInteger(n) && n >= 1 && n <= SCENES.length ? n - 1 : 0,
    lang: params.get('lang') === 'en' ? 'en' : 'zh-CN',
    pace: Number.isFinite(pace) && pace > 0 && pace <= 1000 ? pace : 1,
  };
}

let cachedTour = { search: '\0', params: parseTour('') };
const readTour = (search: string) => {
  if (search !== cachedTour.search) cachedTour = { search, params: parseTour(search) };
  return cachedTour.params;
};

/** The address for scene `index`, with what the scene opens (its alley, case or replay). */
function sceneSearch(p: TourParams, index: number, open: { alley?: string; case?: string; replay?: string; speed?: number }): string {
  const params = new URLSearchParams();
  params.set('scene', String(index + 1));
  if (p.lang === 'en') params.set('lang', 'en');
  if (p.pace !== 1) params.set('pace', String(p.pace));
  if (open.alley) params.set('alley', open.alley);
  if (open.case) params.set('case', open.case);
  if (open.replay) {
    params.set('replay', open.replay);
    params.set('speed', String(open.speed));
  }
  return `?${params}`;
}

export default function TourPage() {
  const { t, error } = useI18n();
  const current = useSession();
  const visitor = current?.role === 'demo';
  // a visitor session of its own, again whenever the one it has ends (expired, or a 401)
  const demo = useDemoLogin();
  const { isIdle, mutate, reset } = demo;
  useEffect(() => {
    if (visitor || !isIdle) return;
    mutate(undefined, {
      onSuccess: ({ token, role, displayName, expiresAt }) => {
        session.handOver({ token, role, displayName, expiresAt });
        reset();
      },
    });
  }, [visitor, isIdle, mutate, reset]);

  if (visitor) return <Tour />;
  return (
    <main className="tour-start" data-testid="tour-start">
      {demo.error ? (
        <p role="alert">
          <span className="error-text">{t('tour.failed', { message: error(demo.error) })}</span>{' '}
          <button type="button" onClick={() => reset()}>
            {t('tour.retry')}
          </button>
        </p>
      ) : (
        <p role="status">
          <span className="spinner" /> {t('tour.starting')}
        </p>
      )}
    </main>
  );
}

function Tour() {
  const i18n = useI18n();
  const { t, locale, setLocale } = i18n;
  const [, go] = useLocation();
  const params = useSearch(readTour);
  const scene = SCENES[params.scene]!;
  const [paused, setPaused] = useState(false);
  const handedOver = useMemo(() => session.handedOver(), []);

  // the language is the address's: ?lang=en, and L switches both
  useEffect(() => {
    if (locale !== params.lang) setLocale(params.lang);
  }, [locale, params.lang, setLocale]);

  const open = useSceneTargets(scene);
  useEffect(() => {
    replaceSearch(sceneSearch(params, params.scene, open));
  }, [params, open]);

  const goTo = useCallback(
    (index: number) => {
      const next = ((index % SCENES.length) + SCENES.length) % SCENES.length;
      replaceSearch(sceneSearch(params, next, {}));
    },
    [params],
  );
  const toggleLang = useCallback(
    () => replaceSearch(sceneSearch({ ...params, lang: params.lang === 'en' ? 'zh-CN' : 'en' }, params.scene, open)),
    [params, open],
  );
  const exit = useCallback(() => {
    if (session.takeBack()) go(PATHS.cockpit);
  }, [go]);

  // next scene when this one's time is up: the timer restarts with every scene and stops while paused, but not
  // when the address changes within a scene (its alley, case or replay found a moment after it began)
  const advance = useRef(goTo);
  advance.current = goTo;
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => advance.current(params.scene + 1), (scene.durationS * 1000) / params.pace);
    return () => clearTimeout(timer);
  }, [paused, scene, params.scene, params.pace]);

  // the keyboard and a presenter's remote (which sends PageDown / PageUp)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      // a focused button answers Space itself (the pause button clicked a moment ago): not twice
      if (e.key === ' ' && e.target instanceof HTMLButtonElement) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') goTo(params.scene + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') goTo(params.scene - 1);
      else if (e.key === ' ' || e.key === 'Pause' || e.key === 'p') setPaused((p) => !p);
      else if (e.key === 'l' || e.key === 'L') toggleLang();
      else if (e.key === 'Home') goTo(0);
      else if (e.key === 'Escape' && handedOver) exit();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [params.scene, goTo, toggleLang, exit, handedOver]);

  const caption = scene.caption[params.lang];
  const durationMs = Math.min(2500, (scene.durationS * 1000) / params.pace / 3);
  const tour = useMemo<CockpitTour>(
    () => ({
      show: Object.fromEntries(TOGGLES.map((k) => [k, scene.layers.includes(k)])) as CockpitTour['show'],
      pitched: scene.buildings === true,
      camera: { ...scene.camera, ...(open.at ? { center: open.at } : {}), durationMs },
      focus: scene.focus,
      caption: (
        <div
          key={`${scene.id}:${params.lang}`}
          className="tour-caption"
          data-testid="tour-caption"
          data-scene={scene.id}
          aria-live="polite"
        >
          <h2>{caption.title}</h2>
          <p>{caption.body}</p>
        </div>
      ),
    }),
    [scene, open.at, durationMs, caption, params.lang],
  );

  return (
    <div className="app tour" data-testid="tour" data-scene={scene.id} data-layers={scene.layers.join(' ')} data-paused={paused}>
      <header className="header tour-header">
        <h1 className="brand-heading">
          <Brand />
        </h1>
        <span className="brand-tagline">{t('tour.label')}</span>
        <div className="header-spacer" />
        <span className="tour-private">{t('tour.noPersonal')}</span>
        <nav className="tour-dots" aria-label={t('tour.label')}>
          {SCENES.map((s, i) => (
            <button
              key={s.id}
              type="button"
              aria-current={i === params.scene ? 'step' : undefined}
              aria-label={t('tour.goTo', { n: i + 1, title: s.caption[params.lang].title })}
              onClick={() => goTo(i)}
            />
          ))}
        </nav>
        <span className="tour-count" data-testid="tour-count">
          {t('tour.scene', { n: params.scene + 1, total: SCENES.length })}
          {paused && ` · ${t('tour.paused')}`}
        </span>
        <button type="button" className="ghost" aria-label={t('tour.prev')} onClick={() => goTo(params.scene - 1)}>
          ‹
        </button>
        <button type="button" className="ghost" data-testid="tour-pause" onClick={() => setPaused((p) => !p)}>
          {paused ? t('tour.play') : t('tour.pause')}
        </button>
        <button type="button" className="ghost" aria-label={t('tour.next')} onClick={() => goTo(params.scene + 1)}>
          ›
        </button>
        <button type="button" className="ghost" data-testid="tour-lang" onClick={toggleLang}>
          {params.lang === 'en' ? '中文' : 'English'}
        </button>
        {handedOver && (
          <button type="button" data-testid="tour-exit" onClick={exit}>
            {t('tour.exit')}
          </button>
        )}
      </header>
      <main className="main">
        <Suspense
          fallback={
            <p className="map-status" role="status">
              <span className="spinner" /> {t('map.loading')}
            </p>
          }
        >
          <CockpitMode mode="normal" tour={tour} />
        </Suspense>
      </main>
      {/* the presenter's keys, while paused (a running tour keeps the screen for the city) */}
      {paused && <p className="tour-keys">{t('tour.keys')}</p>}
    </div>
  );
}

/** What a scene opens, looked up in the city as it is: its alley's QR slug, its case's code and place, its
 *  replay moment's start (and place, where it has one: the camera goes there). Empty until known (and for
 *  scenes that open nothing). */
function useSceneTargets(scene: TourScene): { alley?: string; case?: string; at?: [number, number]; replay?: string; speed?: number } {
  const moments = useReplayMoments(scene.replay !== undefined);
  const alley = useQuery({
    queryKey: ['tour', 'alley', scene.alley?.name, scene.alley?.near],
    queryFn: ({ signal }) => api<AlleyCollection>(`/api/alleys?bbox=${boxAround(scene.alley!.near)}`, { signal }),
    enabled: scene.alley !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const kase = useQuery({
    queryKey: ['tour', 'case', scene.case?.stage, scene.case?.near],
    queryFn: ({ signal }) => api<CasePage>(`/api/cases?stage=${scene.case!.stage}&bbox=${boxAround(scene.case!.near)}&limit=1`, { signal }),
    enabled: scene.case !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const alleySlug = scene.alley
    ? (alley.data?.features.find((f) => f.properties.name === scene.alley!.name) ?? alley.data?.features[0])?.properties.qrSlug
    : undefined;
  const c = scene.case ? kase.data?.items[0] : undefined;
  const named = scene.replay ? moments.data?.moments.find((m) => m.name === scene.replay!.moment) : undefined;
  // the same object while nothing changes: the address and the camera are set from it
  return useMemo(
    () => ({
      ...(alleySlug ? { alley: alleySlug } : {}),
      ...(c ? { case: c.code, at: [c.lng, c.lat] as [number, number] } : {}),
      ...(named
        ? {
            replay: named.at,
            speed: scene.replay!.speed,
            ...(named.place ? { at: [named.place.lng, named.place.lat] as [number, number] } : {}),
          }
        : {}),
    }),
    [alleySlug, c, named, scene.replay],
  );
}
