// The frame every detail panel shares: a kind label, a title, a close button, and the loading and
// error states, so a slow or failed request reads as a message rather than a blank panel.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export interface SidePanelProps {
  kind: string;
  title: string | undefined;
  loading: boolean;
  error: unknown;
  onClose(): void;
  children?: ReactNode;
}

export function SidePanel({ kind, title, loading, error, onClose, children }: SidePanelProps) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <aside className="side-panel" aria-label={kind} data-testid="side-panel" aria-busy={loading}>
      <header>
        <div>
          <div className="kind">{kind}</div>
          <h2>{title ?? (loading ? t('panel.loading') : '—')}</h2>
        </div>
        <button type="button" className="ghost" onClick={onClose} aria-label={t('panel.close')}>
          ✕
        </button>
      </header>
      <div className="body">
        {error ? (
          <p className="error-text" role="alert">
            {t('panel.failed', { message: i18n.error(error) })}
          </p>
        ) : loading ? (
          <p className="dim">{t('panel.loading')}</p>
        ) : (
          children
        )}
      </div>
    </aside>
  );
}
