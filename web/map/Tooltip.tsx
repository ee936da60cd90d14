// The hover tooltip: a grid cell's code and class, or an alley's name, score and chief.
import type { PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import type { AlleyProperties, GridCellProperties } from '../../server/contracts/index.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LAYER_IDS } from './layers.ts';

export function Tooltip({ info }: { info: PickingInfo | null }) {
  const { t, number } = useI18n();
  if (!info?.object || !info.layer) return null;
  let title: string;
  let lines: string[];
  if (info.layer.id === LAYER_IDS.alleys) {
    const p = (info.object as Feature<never, AlleyProperties>).properties;
    title = t('tooltip.alley', { name: p.name });
    lines = [t('tooltip.score', { score: p.score }), t('tooltip.chief', { name: p.chiefName }), t('tooltip.length', { length: number(p.lengthM) })];
  } else if (info.layer.id === LAYER_IDS.cells) {
    const p = (info.object as Feature<never, GridCellProperties>).properties;
    title = t('tooltip.cell', { code: p.code });
    lines = [t(`gridClass.${p.class}`)];
  } else {
    return null;
  }
  return (
    <div className="tooltip" role="tooltip" style={{ left: info.x, top: info.y }}>
      <div className="tooltip-title">{title}</div>
      {lines.map((line) => <div key={line} className="dim">{line}</div>)}
    </div>
  );
}
