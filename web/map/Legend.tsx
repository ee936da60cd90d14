// The legend: what the grid-cell colours and the alley score ramp mean (same functions as the layers).
import { useI18n } from '../i18n/I18nProvider.tsx';
import { BOUNDARY_COLORS, css, GRID_CLASS_COLORS, GRID_CLASS_ORDER, gridCellFill, scoreGradient } from './colors.ts';

export function Legend() {
  const { t } = useI18n();
  return (
    <aside className="legend" aria-label={t('legend.title')} data-testid="legend">
      <h2>{t('legend.title')}</h2>
      <h3>{t('legend.cells')}</h3>
      <ul>
        {GRID_CLASS_ORDER.map((cls) => (
          <li key={cls}>
            <span className="swatch" style={{ background: css(gridCellFill(cls), gridCellFill(cls)[3] / 255 + 0.25), borderColor: css(GRID_CLASS_COLORS[cls]) }} />
            {t(`gridClass.${cls}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.alleys')}</h3>
      <div className="ramp" style={{ background: scoreGradient() }} />
      <div className="ramp-ticks"><span>0</span><span>10</span><span>20</span></div>
      <ul className="boundaries">
        {(['districts', 'streets', 'communities'] as const).map((level) => (
          <li key={level}><span className="swatch line" data-level={level} style={{ borderColor: css(BOUNDARY_COLORS[level]) }} />{t(`legend.${level}`)}</li>
        ))}
      </ul>
    </aside>
  );
}
