// A unit grid cell (单元网格): where it is, its class, who patrols it, and its cases.
import { useGridCell } from '../api/queries.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { SidePanel } from './SidePanel.tsx';

export function GridCellPanel({ code, onClose }: { code: string; onClose(): void }) {
  const { t, name, number } = useI18n();
  const cell = useGridCell(code);
  const c = cell.data;
  return (
    <SidePanel kind={t('cell.title')} title={c ? c.code : code} loading={cell.isPending} error={cell.error} onClose={onClose}>
      {c && (
        <>
          <section>
            <dl className="facts">
              <dt>{t('cell.class')}</dt>
              <dd data-testid="cell-class">{t(`gridClass.${c.class}`)}</dd>
              <dt>{t('cell.street')}</dt>
              <dd>{name(c.street.name, c.street.nameEn)}</dd>
              <dt>{t('cell.community')}</dt>
              <dd>{name(c.community.name, c.community.nameEn)}</dd>
              <dt>{t('cell.area')}</dt>
              <dd>{t('cell.areaValue', { area: number(c.areaM2) })}</dd>
            </dl>
          </section>
          <section>
            <h3>{t('cell.patroller')}</h3>
            {c.patroller ? (
              <ul className="people">
                <li>
                  <span>{c.patroller.name}</span>
                  {c.patroller.phone && <span className="mono">{c.patroller.phone}</span>}
                </li>
              </ul>
            ) : (
              <p className="dim">{t('cell.noPatroller')}</p>
            )}
          </section>
          <section>
            <dl className="facts">
              <dt>{t('cell.openCases')}</dt>
              <dd className="figure">{number(c.openCases)}</dd>
              <dt>{t('cell.casesLast30Days')}</dt>
              <dd className="figure">{number(c.casesLast30Days)}</dd>
            </dl>
          </section>
        </>
      )}
    </SidePanel>
  );
}
