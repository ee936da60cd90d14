// The About note: where every kind of data comes from, under which licence, and whether it is
// real or synthetic (GET /api/meta), so no visitor mistakes generated people or cases for real ones.
import { useEffect, useRef } from 'react';
import { useMeta } from '../api/queries.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function AboutDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, locale, dateTime, error } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const meta = useMeta();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // `close` fires for Esc as well as for the button, so React's state follows the dialog.
    <dialog ref={ref} className="about" aria-labelledby="about-title" onClose={onClose}>
      <div className="content">
        <h2 id="about-title">{t('about.title')}</h2>
        <p className="dim">{t('about.intro')}</p>
        {meta.isPending && <p>{t('panel.loading')}</p>}
        {meta.isError && <p className="error-text">{t('panel.failed', { message: error(meta.error) })}</p>}
        {meta.data && (
          <table data-testid="data-sources">
            <thead>
              <tr>
                <th>{t('about.what')}</th>
                <th>{t('about.kind')}</th>
                <th>{t('about.source')}</th>
                <th>{t('about.licence')}</th>
              </tr>
            </thead>
            <tbody>
              {meta.data.dataSources.map((s) => (
                <tr key={s.key} data-source={s.key}>
                  <td>{locale === 'en' ? s.what : s.whatZh}</td>
                  <td>
                    <span className="kind-badge" data-real={s.real}>
                      {t(s.real ? 'about.real' : 'about.synthetic')}
                    </span>
                  </td>
                  <td>{s.source}</td>
                  <td>{s.licence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <footer>
          <span className="dim">
            {meta.data && t('about.version', { version: meta.data.version })}
            {meta.data?.seed && (
              <> · {t('about.seed', { seed: meta.data.seed.seed, scale: meta.data.seed.scale, anchor: dateTime(meta.data.seed.anchor) })}</>
            )}
          </span>
          <button type="button" onClick={onClose}>
            {t('about.close')}
          </button>
        </footer>
      </div>
    </dialog>
  );
}
