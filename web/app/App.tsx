// The shell: a client-side router over the pages (web/app/routes.ts). Signed-in pages show the login
// until someone is signed in; each page is its own chunk, so a phone's field page never loads the map.
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useMe } from '../api/queries.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AboutDialog } from '../shell/AboutDialog.tsx';
import { Header, LanguageSwitch } from '../shell/Header.tsx';
import { useMode } from './mode.ts';
import { PATHS } from './routes.ts';
import { session, useSession } from './session.ts';

// The map and its libraries are most of the code: the login page does not wait for them.
const CockpitMode = lazy(() => import('../cockpit/CockpitMode.tsx'));
// The field terminal is a page of its own, for phones: none of the map's code.
const FieldPage = lazy(() => import('../field/FieldPage.tsx').then((m) => ({ default: m.FieldPage })));
// The planner's workspace: the map's code and the analysis panels.
const PlannerPage = lazy(() => import('../planner/PlannerPage.tsx'));
// The delegation tour: no sign-in (it issues its own visitor session), the wall's code.
const TourPage = lazy(() => import('../tour/TourPage.tsx'));

function Loading() {
  const { t } = useI18n();
  return (
    <div className="map-status" role="status">
      <span className="spinner" />
      {t('map.loading')}
    </div>
  );
}

/** A page for signed-in users: the login until the session exists (and while the server accepts it). */
function SignedIn({ children }: { children: ReactNode }) {
  const current = useSession();
  useMe(current !== null); // a 401 here ends the session (web/api/client.ts)
  if (!current) return <LoginPage />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** The wall at /: a planner who arrives without a view to open (a plain sign-in) goes to the workspace. */
function Wall() {
  const current = useSession()!;
  if (current.role === 'planner' && window.location.search === '') return <Redirect to={PATHS.planner} replace />;
  return <Cockpit />;
}

function Cockpit() {
  const { t } = useI18n();
  const current = useSession()!;
  const [aboutOpen, setAboutOpen] = useState(false);
  const [mode, setMode] = useMode();
  return (
    <div className="app" data-mode={mode}>
      <Header session={current} mode={mode} onMode={setMode} onAbout={() => setAboutOpen(true)} onLogout={() => session.end()} />
      {mode === 'emergency' && (
        <div className="emergency-banner" role="status" data-testid="emergency-banner">
          <strong>{t('cockpit.emergencyTitle')}</strong>
          <span>{t('cockpit.emergencyHint')}</span>
        </div>
      )}
      <main className="main">
        <Suspense fallback={<Loading />}>
          <CockpitMode mode={mode} />
        </Suspense>
      </main>
      <AboutDialog open={aboutOpen} onClose={() => setAboutOpen(false)} />
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  const [path] = useLocation();
  return (
    <main className="not-found" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <Link href={PATHS.cockpit}>{t('notFound.home')}</Link> · <LanguageSwitch />
      </p>
    </main>
  );
}

export function App() {
  return (
    <Switch>
      <Route path={PATHS.cockpit}>
        <SignedIn>
          <Wall />
        </SignedIn>
      </Route>
      <Route path={PATHS.planner}>
        <SignedIn>
          <PlannerPage />
        </SignedIn>
      </Route>
      <Route path={PATHS.demo}>
        <Suspense fallback={<Loading />}>
          <TourPage />
        </Suspense>
      </Route>
      <Route path={PATHS.field}>
        <SignedIn>
          <FieldPage />
        </SignedIn>
      </Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}
