// The shell: the login until someone is signed in, then the header over the current mode.
import { lazy, Suspense, useState } from 'react';
import { LoginPage } from '../auth/LoginPage.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AboutDialog } from '../shell/AboutDialog.tsx';
import { Header } from '../shell/Header.tsx';
import { useMe } from '../api/queries.ts';
import { session, useSession } from './session.ts';

// The map and its libraries are most of the code: the login page does not wait for them.
const OverviewMode = lazy(() => import('../modes/OverviewMode.tsx'));

function Loading() {
  const { t } = useI18n();
  return <div className="map-status" role="status"><span className="spinner" />{t('map.loading')}</div>;
}

export function App() {
  const current = useSession();
  const [aboutOpen, setAboutOpen] = useState(false);
  useMe(current !== null); // a 401 here ends the session (web/api/client.ts)
  if (!current) return <LoginPage />;
  return (
    <div className="app">
      <Header session={current} onAbout={() => setAboutOpen(true)} onLogout={() => session.end()} />
      <main className="main">
        <Suspense fallback={<Loading />}>
          <OverviewMode />
        </Suspense>
      </main>
      <AboutDialog open={aboutOpen} onClose={() => setAboutOpen(false)} />
    </div>
  );
}
