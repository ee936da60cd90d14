// The shell: the login until someone is signed in, then the header over the current mode.
import { lazy, Suspense, useState } from 'react';
import { useMe } from '../api/queries.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AboutDialog } from '../shell/AboutDialog.tsx';
import { Header } from '../shell/Header.tsx';
import { useMode } from './mode.ts';
import { session, useSession } from './session.ts';

// The map and its libraries are most of the code: the login page does not wait for them.
const CockpitMode = lazy(() => import('../cockpit/CockpitMode.tsx'));
// The field terminal is a page of its own, for phones: none of the map's code.
const FieldPage = lazy(() => import('../field/FieldPage.tsx').then((m) => ({ default: m.FieldPage })));

function Loading() {
  const { t } = useI18n();
  return (
    <div className="map-status" role="status">
      <span className="spinner" />
      {t('map.loading')}
    </div>
  );
}

export function App() {
  const { t } = useI18n();
  const current = useSession();
  const [aboutOpen, setAboutOpen] = useState(false);
  const [mode, setMode] = useMode();
  useMe(current !== null); // a 401 here ends the session (web/api/client.ts)
  if (!current) return <LoginPage />;
  if (window.location.pathname.startsWith('/field'))
    return (
      <Suspense fallback={<Loading />}>
        <FieldPage />
      </Suspense>
    );
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
