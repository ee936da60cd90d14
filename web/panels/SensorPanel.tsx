// A sensor: kind, status, its last reading against the alarm level, and the last 24 hours.

import { useMemo } from 'react';
import { useSensorSeries, useSensors } from '../api/cockpit.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart, chartText } from '../shared/Chart.tsx';
import { RaiseFromAlarm } from '../shared/RaiseFromAlarm.tsx';
import { useUiScale } from '../theme/useUiScale.ts';
import { SidePanel } from './SidePanel.tsx';

export function SensorPanel({ code, onClose }: { code: string; onClose(): void }) {
  const { t, dateTime } = useI18n();
  const scale = useUiScale();
  // the list holds every sensor's state; one kind's list is small and usually cached already
  const all = useSensors();
  const sensor = all.data?.find((s) => s.code === code);
  const series = useSensorSeries(code);
  const option = useMemo(() => {
    const text = chartText(scale);
    return {
      textStyle: text,
      grid: { left: 4 * scale, right: 8 * scale, top: 10 * scale, bottom: 2 * scale, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: text },
      yAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: 'rgba(148,163,184,0.12)' } } },
      series: [
        {
          type: 'line',
          showSymbol: false,
          data: (series.data ?? []).map((r) => [r.at, r.value]),
          lineStyle: { color: '#38bdf8' },
          markLine:
            sensor?.alarmAbove != null
              ? { symbol: 'none', lineStyle: { color: '#ef5350', type: 'dashed' }, data: [{ yAxis: sensor.alarmAbove }] }
              : undefined,
        },
      ],
    };
  }, [series.data, sensor, scale]);
  return (
    <SidePanel
      kind={t('sensor.title')}
      title={sensor?.name ?? code}
      loading={all.isPending}
      error={all.error ?? (all.data && !sensor ? new Error(code) : null)}
      onClose={onClose}
    >
      {sensor && (
        <>
          <section>
            <dl className="facts" data-testid="sensor-facts">
              <dt>{t('sensor.kind')}</dt>
              <dd>{t(`sensorKind.${sensor.kind}` as MessageKey)}</dd>
              <dt>{t('sensor.status')}</dt>
              <dd data-status={sensor.status}>{t(`sensorStatus.${sensor.status}`)}</dd>
              <dt>{t('sensor.lastValue')}</dt>
              <dd className="figure">
                {sensor.lastValue ?? '—'} {sensor.unit}
              </dd>
              {sensor.lastReadingAt && (
                <>
                  <dt />
                  <dd className="dim small">{dateTime(sensor.lastReadingAt, true)}</dd>
                </>
              )}
              {sensor.alarmAbove !== null && (
                <>
                  <dt>{t('sensor.threshold')}</dt>
                  <dd>
                    {sensor.alarmAbove} {sensor.unit}
                  </dd>
                </>
              )}
            </dl>
            {sensor.status === 'alarm' && (
              <div className="panel-actions">
                <RaiseFromAlarm source={{ sensor: code }} label={t('em.fromAlarm')} onRaised={onClose} />
              </div>
            )}
          </section>
          <section className="sensor-series">
            <h3>{t('sensor.series')}</h3>
            <Chart option={option} label={t('sensor.series')} />
          </section>
        </>
      )}
    </SidePanel>
  );
}
