// The web app's entry: theme, language, the query cache, then the shell.

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { queryClient } from './app/queryClient.ts';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { milestone } from './shared/perf.ts';
import './theme/theme.css';

milestone('app-start'); // the entry chunk fetched, parsed and evaluated

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
