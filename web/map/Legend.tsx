// The legend: grid cells by open cases, the case heatmap, and the alley score ramp (same stops as the layers).
import { useI18n } from '../i18n/I18nProvider.tsx';
import { BOUNDARY_COLORS, css, heatGradient, OPEN_CASE_STOPS, scoreGradient } from './colors.ts';

export function Legend() {
  const { t } = useI18n();
  return (
    <aside className="legend" aria-label={t('legend.title')} data-testid="legend">
      <h2>{t('legend.title')}</h2>
      <h3>{t('legend.cells')}</h3>
      <ul className="buckets">
        {OPEN_CASE_STOPS.map(([min, color], i) => {
          const next = OPEN_CASE_STOPS[i + 1]?.[0];
          const label = next === undefined ? `≥${min}` : next - 1 === min ? String(min) : `${min}–${next - 1}`;
          return (
            <li key={min}>
              <span className="swatch" style={{ background: css(color, color[3] / 255 + 0.2) }} />
              {label}
            </li>
          );
        })}
      </ul>
      <h3>{t('legend.heat')}</h3>
      <div className="ramp" style={{ background: heatGradient() }} />
      <h3>{t('legend.alleys')}</h3>
      <div className="ramp" style={{ background: scoreGradient() }} />
      <div className="ramp-ticks">
        <span>0</span>
        <span>10</span>
        <span>20</span>
      </div>
      <ul className="boundaries">
        {(['districts', 'streets', 'communities'] as const).map((level) => (
          <li key={level}>
            <span className="swatch line" data-level={level} style={{ borderColor: css(BOUNDARY_COLORS[level]) }} />
            {t(`legend.${level}`)}
          </li>
        ))}
      </ul>
    </aside>
  );
}
