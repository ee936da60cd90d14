// A case (案件): what, where, when, its deadline and departments, and its whole trail (全程留痕).
import { useCase } from '../api/cockpit.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { SidePanel } from './SidePanel.tsx';

export function CasePanel({ code, onClose }: { code: string; onClose(): void }) {
  const i18n = useI18n();
  const { t, dateTime, name } = i18n;
  const query = useCase(code);
  const c = query.data;
  return (
    <SidePanel
      kind={t('case.title')}
      title={c ? (i18n.locale === 'en' ? c.categoryNameEn : c.categoryName) : code}
      loading={query.isPending}
      error={query.error}
      onClose={onClose}
    >
      {c && (
        <>
          <section>
            <dl className="facts" data-testid="case-facts">
              <dt>{t('case.code')}</dt>
              <dd className="mono">{c.code}</dd>
              <dt>{t('case.stage')}</dt>
              <dd data-testid="case-stage">
                {t(`stage.${c.stage}` as MessageKey)}
                {c.overdue && <span className="badge bad">{t('case.overdue')}</span>}
                {c.supervised && <span className="badge warn">{t('case.supervised')}</span>}
              </dd>
              <dt>{t('case.source')}</dt>
              <dd>{t(`source.${c.source}` as MessageKey)}</dd>
              <dt>{t('case.reportedAt')}</dt>
              <dd>{dateTime(c.reportedAt, true)}</dd>
              {c.deadline && (
                <>
                  <dt>{t('case.deadline')}</dt>
                  <dd>{dateTime(c.deadline, true)}</dd>
                </>
              )}
              <dt>{t('case.place')}</dt>
              <dd>
                {name(c.streetName, c.streetNameEn)}
                {c.alleyName ? ` · ${c.alleyName}` : ''} · <span className="mono">{c.gridCode}</span>
              </dd>
              {c.departments.length > 0 && (
                <>
                  <dt>{t('case.departments')}</dt>
                  <dd>{c.departments.map((d) => d.name).join('、')}</dd>
                </>
              )}
            </dl>
            <p className="story">{c.description}</p>
            {c.reworkCount > 0 && <p className="dim">{t('case.reworks', { count: c.reworkCount })}</p>}
          </section>
          <section>
            <h3>{t('case.trail')}</h3>
            <ol className="trail" data-testid="case-trail">
              {c.trail.map((e) => (
                <li key={`${e.at}:${e.action}:${e.toStage}`} data-action={e.action}>
                  <span className="trail-stage">{t(`stage.${e.toStage}` as MessageKey)}</span>
                  <span className="dim mono small">{dateTime(e.at, true)}</span>
                  <span className="small">
                    {e.actor}
                    {e.department ? ` · ${e.department}` : ''}
                  </span>
                  {e.note && <span className="small dim">{e.note}</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </SidePanel>
  );
}
