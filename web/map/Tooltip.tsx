// The hover tooltip: a grid cell's code and class, an alley's name, score and chief, or a sensor's reading.
import type { PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type AlleyTileProps, type GridTileProps, LAYER_IDS, type SensorTileProps } from './layers.ts';

export function Tooltip({ info }: { info: PickingInfo | null }) {
  const { t, number } = useI18n();
  if (!info?.object || !info.layer) return null;
  let title: string;
  let lines: string[];
  if (info.layer.id === LAYER_IDS.alleys) {
    const p = (info.object as Feature<never, AlleyTileProps>).properties;
    title = t('tooltip.alley', { name: p.name });
    lines = [
      t('tooltip.score', { score: p.score }),
      t('tooltip.chief', { name: p.chief }),
      t('tooltip.openCases', { count: number(p.open_cases) }),
    ];
  } else if (info.layer.id === LAYER_IDS.grid) {
    const p = (info.object as Feature<never, GridTileProps>).properties;
    title = t('tooltip.cell', { code: p.code });
    lines = [t(`gridClass.${p.class as 'ordinary'}`), t('tooltip.openCases', { count: number(p.open_cases) })];
  } else if (info.layer.id === LAYER_IDS.sensors) {
    const p = (info.object as Feature<never, SensorTileProps>).properties;
    title = p.name;
    lines = [`${p.last_value ?? '—'} ${p.unit}`, t(`sensorStatus.${p.status as 'normal'}`)];
  } else {
    return null;
  }
  return (
    <div className="tooltip" role="tooltip" style={{ left: info.x, top: info.y }}>
      <div className="tooltip-title">{title}</div>
      {lines.map((line) => (
        <div key={line} className="dim">
          {line}
        </div>
      ))}
    </div>
  );
}
