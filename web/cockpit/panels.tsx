// The cockpit's panels: figures, today's sources and classes, this month's rates, the 30-day trend,
// the street ranking, overdue and supervised cases, the live feed, the flood watch and the crowds.
// Each draws its query's answer as it is; the figures tables beside the charts hold the same numbers.
import { useMemo } from 'react';
import type { CaseSummary } from '../../server/contracts/index.ts';
import { useCrowds, useOpenAlarms, useOverdue, useRanking, useSummary, useWater } from '../api/cockpit.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart, chartText } from '../shared/Chart.tsx';
import type { FeedItem } from '../shared/live.ts';
import { FigureTable, Panel } from '../shared/Panel.tsx';
import { RaiseFromAlarm } from '../shared/RaiseFromAlarm.tsx';

const PALETTE = ['#38bdf8', '#f2c066', '#2ecc71', '#a78bfa', '#f472b6', '#fb923c', '#22d3ee', '#94a3b8'];
const timeOfDay = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
/** Beijing wall-clock time of day (the feed is today's news). */
const clock = (iso: string) => timeOfDay.format(new Date(iso));
const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

export interface PanelContext {
  scale: number;
  onCase(code: string): void;
  onSensor(code: string): void;
}

export function FiguresStrip() {
  const { t, number } = useI18n();
  const summary = useSummary();
  const alarms = useOpenAlarms();
  const crowds = useCrowds();
  const s = summary.data;
  const items: [string, MessageKey, number | undefined, boolean][] = [
    ['today', 'fig.today', s?.today.total, false],
    ['open', 'fig.open', s?.open.total, false],
    ['overdue', 'fig.overdue', s?.open.overdue, true],
    ['supervised', 'fig.supervised', s?.open.supervised, true],
    ['alarms', 'fig.alarms', alarms.data?.length, true],
    ['crowdAlarms', 'fig.crowdAlarms', crowds.data?.filter((a) => a.alarm).length, true],
  ];
  return (
    <div className="figures" data-testid="figures">
      {items.map(([id, key, value, warn]) => (
        <div key={id} className="fig" data-testid={`fig-${id}`} data-warn={warn && (value ?? 0) > 0}>
          <span className="fig-label">{t(key)}</span>
          <span className="fig-value" data-value={value ?? ''}>
            {value === undefined ? '…' : number(value)}
          </span>
        </div>
      ))}
    </div>
  );
}

export function TodayPanel({ scale }: PanelContext) {
  const i18n = useI18n();
  const { t } = i18n;
  const summary = useSummary();
  const s = summary.data;
  const option = useMemo(() => {
    if (!s) return {};
    const text = chartText(scale);
    const sources = s.today.bySource.filter((x) => x.count > 0);
    const classes = [...s.today.byCategory].reverse();
    // a main class name may be both a component and an event class (市容环境): say which
    const names = classes.map((c) => i18n.name(c.name, c.nameEn));
    const label = (i: number) =>
      names.filter((n) => n === names[i]).length > 1
        ? `${names[i]}·${t(classes[i]!.code.startsWith('1') ? 'category.component' : 'category.event')}`
        : names[i]!;
    return {
      color: PALETTE,
      textStyle: text,
      tooltip: { trigger: 'item' },
      grid: { left: '46%', right: 34 * scale, top: 4 * scale, bottom: 4 * scale, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: classes.map((_, i) => label(i)),
        axisLabel: { ...text, width: 100 * scale, overflow: 'truncate' },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'pie',
          radius: ['24%', '40%'],
          center: ['22%', '50%'],
          label: { show: false },
          data: sources.map((x) => ({ name: t(`source.${x.source}` as MessageKey), value: x.count })),
        },
        {
          type: 'bar',
          data: classes.map((c) => c.count),
          barWidth: '55%',
          itemStyle: { color: '#38bdf8', borderRadius: 2 },
          label: { show: true, position: 'right', ...text },
        },
      ],
    };
  }, [s, scale, i18n, t]);
  return (
    <Panel id="today" title={t('panel.today')} state={summary}>
      {s && (
        <>
          <Chart option={option} label={t('panel.today')} testId="chart-today" />
          <FigureTable testId="today-sources" rows={s.today.bySource.map((x) => [x.source, x.count])} />
          <FigureTable testId="today-classes" rows={s.today.byCategory.map((x) => [x.code, x.count])} />
        </>
      )}
    </Panel>
  );
}

export function RatesPanel({ scale }: PanelContext) {
  const { t, dateTime } = useI18n();
  const summary = useSummary();
  const m = summary.data?.month;
  const rates = useMemo<[string, MessageKey, number | null][]>(
    () =>
      m
        ? [
            ['closure', 'rate.closure', m.closureRate],
            ['onTime', 'rate.onTime', m.onTimeRate],
            ['satisfaction', 'rate.satisfaction', m.satisfactionRate],
          ]
        : [],
    [m],
  );
  const option = useMemo(() => {
    const text = chartText(scale);
    return {
      series: rates.map(([, key, value], i) => ({
        type: 'gauge',
        center: [`${17 + i * 33}%`, '56%'],
        radius: '68%',
        min: 0,
        max: 100,
        startAngle: 210,
        endAngle: -30,
        progress: { show: true, width: 8 * scale, itemStyle: { color: PALETTE[i] } },
        axisLine: { lineStyle: { width: 8 * scale, color: [[1, 'rgba(255,255,255,0.08)']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        title: { offsetCenter: [0, '62%'], ...text },
        detail: {
          offsetCenter: [0, '0%'],
          fontSize: Math.round(17 * scale),
          fontWeight: 700,
          color: '#e6eefb',
          formatter: (v: number) => (value === null ? '—' : `${v.toFixed(1)}%`),
        },
        data: [{ value: value === null ? 0 : Math.round(value * 1000) / 10, name: t(key) }],
      })),
    };
  }, [rates, scale, t]);
  return (
    <Panel id="rates" title={t('panel.rates')} state={summary} aside={m && <span className="dim small">{m.month}</span>}>
      {m && (
        <>
          <Chart option={option} label={t('panel.rates')} testId="chart-rates" />
          <div className="rate-row" data-testid="rates">
            {(
              [
                ['response', 'rate.response', m.responseRate],
                ['resolution', 'rate.resolution', m.resolutionRate],
              ] as const
            ).map(([id, key, v]) => (
              <span key={id} data-rate={id}>
                {t(key)} <b>{pct(v)}</b>
              </span>
            ))}
            <span className="dim small">{summary.data && dateTime(summary.data.at, true)}</span>
          </div>
          <FigureTable testId="rates-figures" rows={rates.map(([id, , v]) => [id, pct(v)])} />
        </>
      )}
    </Panel>
  );
}

export function TrendPanel({ scale }: PanelContext) {
  const { t } = useI18n();
  const summary = useSummary();
  const trend = summary.data?.trend;
  const option = useMemo(() => {
    if (!trend) return {};
    const text = chartText(scale);
    return {
      color: ['#38bdf8', '#2ecc71'],
      textStyle: text,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0, textStyle: text, itemWidth: 14 * scale, itemHeight: 8 * scale },
      grid: { left: 4 * scale, right: 8 * scale, top: 22 * scale, bottom: 2 * scale, containLabel: true },
      xAxis: { type: 'category', data: trend.map((d) => d.day.slice(5)), axisLabel: text, axisLine: { lineStyle: { color: '#334155' } } },
      yAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: 'rgba(148,163,184,0.12)' } } },
      series: [
        {
          name: t('trend.reported'),
          type: 'line',
          smooth: true,
          showSymbol: false,
          areaStyle: { opacity: 0.15 },
          data: trend.map((d) => d.reported),
        },
        { name: t('trend.closed'), type: 'line', smooth: true, showSymbol: false, data: trend.map((d) => d.closed) },
      ],
    };
  }, [trend, scale, t]);
  return (
    <Panel id="trend" title={t('panel.trend')} state={summary}>
      {trend && (
        <>
          <Chart option={option} label={t('panel.trend')} testId="chart-trend" />
          <FigureTable testId="trend-figures" rows={trend.map((d) => [d.day, `${d.reported}/${d.closed}`])} />
        </>
      )}
    </Panel>
  );
}

export function RankingPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const ranking = useRanking();
  return (
    <Panel
      id="ranking"
      title={t('panel.ranking')}
      state={ranking}
      aside={ranking.data && <span className="dim small">{t('ranking.month', { month: ranking.data.month })}</span>}
    >
      <div className="scroll">
        <table className="ranking" data-testid="ranking">
          <thead>
            <tr>
              <th>{t('ranking.rank')}</th>
              <th>{t('ranking.street')}</th>
              <th>{t('rate.response')}</th>
              <th>{t('rate.resolution')}</th>
              <th>{t('rate.satisfaction')}</th>
              <th>{t('ranking.score')}</th>
            </tr>
          </thead>
          <tbody>
            {ranking.data?.items.map((r) => (
              <tr key={r.code} data-street={r.code}>
                <td className="rank" data-top={r.rank <= 3}>
                  {r.rank}
                </td>
                <td className="name">{i18n.name(r.name, r.nameEn)}</td>
                <td>{pct(r.responseRate)}</td>
                <td>{pct(r.resolutionRate)}</td>
                <td>{pct(r.satisfactionRate)}</td>
                <td className="score" data-score={r.score ?? ''}>
                  {r.score === null ? '—' : r.score.toFixed(2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function CaseRow({ c, onCase }: { c: CaseSummary; onCase(code: string): void }) {
  const i18n = useI18n();
  const hours = c.deadline ? Math.max(0, Math.floor((Date.now() - Date.parse(c.deadline)) / 3_600_000)) : 0;
  return (
    <li>
      <button type="button" className="row-button" onClick={() => onCase(c.code)} data-case={c.code}>
        <span className="row-main">{i18n.locale === 'en' ? c.categoryNameEn : c.categoryName}</span>
        <span className="row-sub dim">
          {i18n.name(c.streetName, c.streetNameEn)} · {i18n.t('lists.overdueBy', { hours })}
        </span>
      </button>
    </li>
  );
}

export function ListsPanel({ onCase }: PanelContext) {
  const { t } = useI18n();
  const overdue = useOverdue();
  const summary = useSummary();
  return (
    <Panel
      id="lists"
      title={t('panel.lists')}
      state={overdue}
      aside={
        summary.data && (
          <span className="small">
            <b className="bad">{t('lists.overdue', { count: summary.data.open.overdue })}</b> ·{' '}
            <b className="warn">{t('lists.supervised', { count: summary.data.open.supervised })}</b>
          </span>
        )
      }
    >
      <ul className="rows scroll" data-testid="overdue-list">
        {overdue.data?.items.map((c) => (
          <CaseRow key={c.code} c={c} onCase={onCase} />
        ))}
      </ul>
    </Panel>
  );
}

export function FeedPanel({ items, onCase, onSensor }: PanelContext & { items: FeedItem[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Panel id="feed" title={t('panel.feed')} state={{ isPending: false, error: null }}>
      {items.length === 0 ? (
        <p className="dim">{t('feed.empty')}</p>
      ) : (
        <ul className="rows scroll feed" data-testid="live-feed">
          {items.map((x) => (
            <li key={x.id} data-kind={x.kind} data-received-at={x.receivedAt || undefined}>
              <button
                type="button"
                className="row-button"
                data-code={x.code}
                onClick={() => (x.kind === 'case' ? onCase(x.code) : x.caseCode ? onCase(x.caseCode) : onSensor(x.code))}
              >
                <span className="row-main">
                  <span className="badge" data-kind={x.kind}>
                    {t(x.kind === 'case' ? 'feed.case' : 'feed.alarm')}
                  </span>
                  {x.kind === 'case' ? t(`source.${x.what}` as MessageKey) : `${t(`sensorKind.${x.what}` as MessageKey)} ${x.detail}`}
                </span>
                <span className="row-sub dim mono">
                  {clock(x.at)} · {x.code}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function WaterPanel({ scale, onSensor }: PanelContext) {
  const i18n = useI18n();
  const { t } = i18n;
  const water = useWater();
  const d = water.data;
  const option = useMemo(() => {
    if (!d) return {};
    const text = chartText(scale);
    const rain = [...d.rain].sort((a, b) => (b.lastValue ?? 0) - (a.lastValue ?? 0)).slice(0, 8);
    const depth = [...d.water].sort((a, b) => (b.lastValue ?? 0) - (a.lastValue ?? 0)).slice(0, 8);
    const bar = (list: typeof rain, xIndex: number, color: string) => ({
      type: 'bar',
      xAxisIndex: xIndex,
      yAxisIndex: xIndex,
      barWidth: '55%',
      data: list.map((s) => ({
        value: s.lastValue ?? 0,
        itemStyle: { color: s.status === 'alarm' ? '#ef5350' : s.status === 'offline' ? '#64748b' : color },
      })),
      markLine:
        list[0]?.alarmAbove != null
          ? {
              symbol: 'none',
              lineStyle: { color: '#ef5350', type: 'dashed' },
              label: { show: false },
              data: [{ yAxis: list[0].alarmAbove }],
            }
          : undefined,
    });
    return {
      textStyle: text,
      tooltip: { trigger: 'axis' },
      grid: [
        { left: 4 * scale, right: '52%', top: 20 * scale, bottom: 2 * scale, containLabel: true },
        { left: '52%', right: 4 * scale, top: 20 * scale, bottom: 2 * scale, containLabel: true },
      ],
      title: undefined,
      xAxis: [rain, depth].map((list, i) => ({
        gridIndex: i,
        type: 'category',
        data: list.map((s) => s.code.slice(-3)),
        axisLabel: { ...text, fontSize: Math.round(10 * scale) },
      })),
      yAxis: [t('water.rain'), t('water.depth')].map((name, i) => ({
        gridIndex: i,
        type: 'value',
        name,
        nameTextStyle: text,
        axisLabel: text,
        splitLine: { lineStyle: { color: 'rgba(148,163,184,0.12)' } },
      })),
      series: [bar(rain, 0, '#38bdf8'), bar(depth, 1, '#22d3ee')],
    };
  }, [d, scale, t]);
  const alarms = d ? [...d.rain, ...d.water].filter((s) => s.status === 'alarm') : [];
  return (
    <Panel id="water" title={t('panel.water')} state={water}>
      {d && (
        <>
          <Chart option={option} label={t('panel.water')} testId="chart-water" />
          {alarms.length > 0 && (
            <div className="chips">
              {alarms.map((s) => (
                <button key={s.code} type="button" className="chip bad" data-sensor={s.code} onClick={() => onSensor(s.code)}>
                  {s.name} {s.lastValue}
                  {s.unit}
                </button>
              ))}
            </div>
          )}
          <FigureTable testId="water-figures" rows={[...d.rain, ...d.water].map((s) => [s.code, s.lastValue ?? ''])} />
        </>
      )}
    </Panel>
  );
}

export function CrowdPanel({ scale }: PanelContext) {
  const i18n = useI18n();
  const { t } = i18n;
  const crowds = useCrowds();
  const key = crowds.data?.filter((a) => a.kind !== 'station').sort((a, b) => (b.share ?? 0) - (a.share ?? 0));
  const option = useMemo(() => {
    if (!key) return {};
    const text = chartText(scale);
    const list = [...key].reverse();
    return {
      textStyle: text,
      tooltip: { trigger: 'axis' },
      grid: { left: 4 * scale, right: 40 * scale, top: 4 * scale, bottom: 2 * scale, containLabel: true },
      xAxis: {
        type: 'value',
        max: 100,
        axisLabel: { ...text, formatter: '{value}%' },
        splitLine: { lineStyle: { color: 'rgba(148,163,184,0.12)' } },
      },
      yAxis: {
        type: 'category',
        data: list.map((a) => i18n.name(a.name, a.nameEn)),
        axisLabel: { ...text, width: 110 * scale, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          barWidth: '55%',
          data: list.map((a) => ({
            value: Math.round((a.share ?? 0) * 1000) / 10,
            itemStyle: { color: a.alarm ? '#ef5350' : (a.share ?? 0) >= a.alarmShare - 0.1 ? '#f5a623' : '#2ecc71' },
          })),
          label: {
            show: true,
            position: 'right',
            ...text,
            formatter: (p: { dataIndex: number }) => i18n.number(list[p.dataIndex]!.count ?? 0),
          },
          markLine: {
            symbol: 'none',
            lineStyle: { color: '#ef5350', type: 'dashed' },
            label: { show: false },
            data: [{ xAxis: (list[0]?.alarmShare ?? 0.8) * 100 }],
          },
        },
      ],
    };
  }, [key, scale, i18n]);
  return (
    <Panel id="crowds" title={t('panel.crowds')} state={crowds}>
      {key && (
        <>
          <Chart option={option} label={t('panel.crowds')} testId="chart-crowds" />
          {key.some((a) => a.alarm) && (
            <div className="chips">
              {key
                .filter((a) => a.alarm)
                .map((a) => (
                  <RaiseFromAlarm
                    key={a.code}
                    className="chip bad"
                    source={{ crowdArea: a.code }}
                    label={t('em.raiseCrowd', { area: i18n.name(a.name, a.nameEn) })}
                  />
                ))}
            </div>
          )}
          <FigureTable testId="crowd-figures" rows={key.map((a) => [a.code, `${a.count ?? ''}/${a.capacity}`])} />
        </>
      )}
    </Panel>
  );
}
