// The planner's panels: each frames one analysis answer with what it states about itself (method,
// weights, α, cells, cases, when), a progress state while it computes, and its exports (the route's own
// CSV / GeoJSON, a chart as PNG). Results by cell, the drill-down, 热线+网格 with the patrol plan, top
// problems, seasonal tables and recurring places.
import type { UseQueryResult } from '@tanstack/react-query';
import { ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import type { AnalysisMeta, DescriptiveMeta } from '../../server/contracts/analysis.ts';
import {
  type DrilldownResult,
  download,
  type EmergingResult,
  exportUrl,
  type HotspotResult,
  type PatrolPlanBody,
  type QuadrantResult,
  type RecurringResult,
  type SeasonalResult,
  saveBlob,
  type TopProblemsResult,
  usePatrolPlans,
  useSavePatrolPlan,
} from '../api/analysis.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart } from '../shared/Chart.tsx';
import { classColour, QUADRANT_CLASSES, TOO_FEW } from './classes.ts';
import { type Analysis, type DrillLevel, nextMonday, type PlannerView } from './view.ts';

echarts.use([ScatterChart, MarkLineComponent]);

/** Rows a table draws; the exports hold them all. */
const SHOWN_ROWS = 200;

type Meta = AnalysisMeta | (DescriptiveMeta & Partial<Pick<AnalysisMeta, 'tested' | 'tooFewCases' | 'minCases' | 'untestable'>>);

function MetaLine({ meta }: { meta: Meta }) {
  const { t, number, dateTime, locale } = useI18n();
  const at = dateTime(meta.computedAt, true);
  // the server states its method in both languages
  const [method, weights] = locale === 'zh-CN' ? [meta.methodZh, meta.weightsZh] : [meta.method, meta.weights];
  return (
    <div className="planner-meta" data-testid="analysis-meta" data-cells={meta.cells} data-cases={meta.cases}>
      <p>
        {meta.alpha === null || meta.weights === 'none'
          ? t('planner.metaDescriptive', { method, cells: number(meta.cells), cases: number(meta.cases), at })
          : t('planner.meta', {
              method,
              weights,
              alpha: meta.alpha ?? '—',
              cells: number(meta.cells),
              cases: number(meta.cases),
              at,
            })}
        {meta.fdr && ` · ${t('planner.fdr')}`}
      </p>
      {meta.tested !== undefined && (
        <p className="dim">
          {t('planner.metaTested', { tested: number(meta.tested), tooFew: number(meta.tooFewCases ?? 0), minCases: meta.minCases ?? 0 })}
        </p>
      )}
      {meta.untestable && (
        <p className="warn" role="status">
          {t('planner.untestable', { reason: meta.untestable })}
        </p>
      )}
    </div>
  );
}

export interface ExportSpec {
  /** the answer's URL: its exports are the same URL with format= */
  url: string;
  /** CSV exports, each with its label and extra parameters (seasonal: table=hour) */
  csv?: ReadonlyArray<{ label?: string; extra?: Record<string, string> }>;
  geojson?: boolean;
  /** the chart under this element as PNG */
  png?: { box: React.RefObject<HTMLDivElement | null>; name: string };
}

/** The export buttons: files fetched with the session's token and saved under the server's file name. */
export function Exports({ url, csv = [{}], geojson = false, png }: ExportSpec) {
  const { t, error } = useI18n();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = (href: string, name: string) => {
    setBusy(true);
    setFailure(null);
    download(href, name)
      .catch(setFailure)
      .finally(() => setBusy(false));
  };
  return (
    <div className="planner-exports">
      {csv.map(({ label, extra }) => (
        <button
          key={label ?? 'csv'}
          type="button"
          className="ghost"
          data-export="csv"
          data-extra={extra ? new URLSearchParams(extra).toString() : undefined}
          disabled={busy}
          onClick={() => run(exportUrl(url, 'csv', extra), 'export.csv')}
        >
          {label ?? t('planner.export.csv')}
        </button>
      ))}
      {geojson && (
        <button
          type="button"
          className="ghost"
          data-export="geojson"
          disabled={busy}
          onClick={() => run(exportUrl(url, 'geojson'), 'export.geojson')}
        >
          {t('planner.export.geojson')}
        </button>
      )}
      {png && (
        <button
          type="button"
          className="ghost"
          data-export="png"
          onClick={() => {
            const el = png.box.current?.querySelector<HTMLDivElement>('.chart');
            const chart = el ? echarts.getInstanceByDom(el) : undefined;
            if (!chart) return;
            const background = getComputedStyle(el!).getPropertyValue('--chart-bg').trim() || '#ffffff';
            saveBlob(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }), `${png.name}.png`);
          }}
        >
          {t('planner.export.png')}
        </button>
      )}
      {failure !== null && (
        <span className="error-text" role="alert">
          {t('planner.export.failed', { message: error(failure) })}
        </span>
      )}
    </div>
  );
}

interface FrameProps<T extends { meta: Meta }> {
  id: string;
  title: string;
  url: string;
  query: UseQueryResult<T>;
  exports?: Omit<ExportSpec, 'url'>;
  className?: string;
  children(data: T): ReactNode;
}

/** One analysis panel. data-state: computing (no answer for `url` yet), ready (the answer shown is `url`'s), error. */
export function AnalysisFrame<T extends { meta: Meta }>({ id, title, url, query, exports, className, children }: FrameProps<T>) {
  const { t, error } = useI18n();
  const computing = query.isFetching || query.isPlaceholderData;
  const state = query.error ? 'error' : query.data === undefined || query.isPlaceholderData ? 'computing' : 'ready';
  return (
    <section
      className={`panel planner-panel ${className ?? ''}`}
      data-testid={`panel-${id}`}
      data-state={state}
      data-url={url}
      aria-busy={computing}
      aria-label={title}
    >
      <header>
        <h2>{title}</h2>
        {exports && <Exports url={url} {...exports} />}
      </header>
      {computing && !query.error && (
        <div className="planner-progress" role="progressbar" aria-label={t('planner.computing')}>
          <span />
        </div>
      )}
      <div className="panel-body">
        {query.error ? (
          <p className="error-text" role="alert">
            {t('panel.failed', { message: error(query.error) })}
          </p>
        ) : query.data === undefined ? (
          <p className="dim">
            <span className="spinner" /> {t('planner.computing')}
          </p>
        ) : (
          <>
            <MetaLine meta={query.data.meta} />
            {children(query.data)}
          </>
        )}
      </div>
    </section>
  );
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
const pValue = (v: number | null) => (v === null ? '—' : v < 0.001 ? v.toExponential(1) : v.toFixed(3));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function More({ shown, total }: { shown: number; total: number }) {
  const { t, number } = useI18n();
  return shown < total ? <p className="dim small">{t('planner.shown', { shown: number(shown), total: number(total) })}</p> : null;
}

// --- results by cell ---------------------------------------------------------------------------------

export function HotspotTable({ data, onCell }: { data: HotspotResult; onCell(code: string): void }) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      [...data.items]
        .filter((c) => c.z !== null)
        .sort((a, b) => Number(b.significant) - Number(a.significant) || (b.z ?? 0) - (a.z ?? 0))
        .slice(0, SHOWN_ROWS),
    [data],
  );
  return (
    <>
      <div className="scroll">
        <table className="planner-table" data-testid="hotspot-table">
          <thead>
            <tr>
              <th>{t('planner.col.code')}</th>
              <th>{t('planner.col.count')}</th>
              <th>{t('planner.col.z')}</th>
              <th>{t('planner.col.p')}</th>
              <th>{t('planner.col.class')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} data-code={c.code} data-count={c.count} data-class={c.class ?? TOO_FEW}>
                <td>
                  <button type="button" className="link mono" onClick={() => onCell(c.code)}>
                    {c.code}
                  </button>
                </td>
                <td className="num">{c.count}</td>
                <td className="num">{fixed(c.z, 2)}</td>
                <td className="num">{pValue(c.p)}</td>
                <td>
                  <ClassBadge cls={c.class ?? TOO_FEW} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More shown={rows.length} total={data.meta.tested} />
    </>
  );
}

function ClassBadge({ cls }: { cls: string }) {
  const { t } = useI18n();
  const [r, g, b] = classColour(cls);
  return (
    <span className="class-badge" data-class={cls} style={{ borderColor: `rgb(${r},${g},${b})` }}>
      <span className="swatch" style={{ background: `rgb(${r},${g},${b})` }} />
      {t(`class.${cls}` as MessageKey)}
    </span>
  );
}

export function EmergingTable({ data, onCell }: { data: EmergingResult; onCell(code: string): void }) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      [...data.items]
        .filter((c) => c.category !== null && c.category !== 'no-pattern')
        .sort((a, b) => b.hotWeeks - a.hotWeeks || b.count - a.count)
        .slice(0, SHOWN_ROWS),
    [data],
  );
  const total = data.items.filter((c) => c.category !== null && c.category !== 'no-pattern').length;
  return (
    <>
      <p className="dim small">{data.meta.weeks.length} × 1w</p>
      <div className="scroll">
        <table className="planner-table" data-testid="emerging-table">
          <thead>
            <tr>
              <th>{t('planner.col.code')}</th>
              <th>{t('planner.col.count')}</th>
              <th>{t('planner.col.category')}</th>
              <th>{t('planner.col.hotWeeks')}</th>
              <th>{t('planner.col.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} data-code={c.code} data-count={c.count} data-class={c.category ?? TOO_FEW}>
                <td>
                  <button type="button" className="link mono" onClick={() => onCell(c.code)}>
                    {c.code}
                  </button>
                </td>
                <td className="num">{c.count}</td>
                <td>
                  <ClassBadge cls={c.category ?? TOO_FEW} />
                </td>
                <td className="num">{c.hotWeeks}</td>
                <td className="num">
                  {fixed(c.trendTau, 2)} ({pValue(c.trendP)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More shown={rows.length} total={total} />
    </>
  );
}

export function QuadrantTable({ data, onCell }: { data: QuadrantResult; onCell(code: string): void }) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      [...data.cells]
        .filter((c) => c.quadrant !== 'both-low')
        .sort((a, b) => b.hotline - a.hotline || a.patrol - b.patrol)
        .slice(0, SHOWN_ROWS),
    [data],
  );
  return (
    <>
      <div className="scroll">
        <table className="planner-table" data-testid="quadrant-table">
          <thead>
            <tr>
              <th>{t('planner.col.code')}</th>
              <th>{t('planner.col.hotline')}</th>
              <th>{t('planner.col.patrol')}</th>
              <th>{t('planner.col.quadrant')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} data-code={c.code} data-count={c.hotline} data-class={c.quadrant}>
                <td>
                  <button type="button" className="link mono" onClick={() => onCell(c.code)}>
                    {c.code}
                  </button>
                </td>
                <td className="num">{c.hotline}</td>
                <td className="num">{c.patrol}</td>
                <td>
                  <ClassBadge cls={c.quadrant} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More shown={rows.length} total={data.cells.filter((c) => c.quadrant !== 'both-low').length} />
    </>
  );
}

export const resultTitleKey = (analysis: Analysis): MessageKey => `planner.analysis.${analysis}`;

// --- drill-down --------------------------------------------------------------------------------------

export function DrillBody({ data, onDrill }: { data: DrilldownResult; onDrill(level: DrillLevel, id?: string): void }) {
  const { t, name, number } = useI18n();
  const areaName = (r: { level: DrillLevel; name: string; nameEn: string | null }) =>
    r.level === 'core' ? t('planner.level.core') : name(r.name, r.nameEn);
  const a = data.area;
  return (
    <>
      <nav className="planner-breadcrumb" aria-label={t('planner.drill')} data-testid="drill-breadcrumb">
        {data.breadcrumb.map((b, i) => {
          const last = i === data.breadcrumb.length - 1;
          return (
            <span key={`${b.level}:${b.id}`}>
              {i > 0 && <span className="sep"> › </span>}
              <button
                type="button"
                className="link"
                data-level={b.level}
                data-id={b.id}
                aria-current={last ? 'page' : undefined}
                disabled={last}
                onClick={() => onDrill(b.level, b.id)}
              >
                {areaName(b)}
              </button>
            </span>
          );
        })}
      </nav>
      <dl className="planner-facts" data-testid="drill-area" data-level={a.level} data-id={a.id} data-cases={a.cases}>
        <dt>{t('planner.col.cases')}</dt>
        <dd>{number(a.cases)}</dd>
        <dt>{t('planner.col.closure')}</dt>
        <dd>{percent(a.closureRate)}</dd>
        <dt>{t('planner.col.onTime')}</dt>
        <dd>{percent(a.onTimeRate)}</dd>
        <dt>{t('planner.col.satisfaction')}</dt>
        <dd>{percent(a.satisfactionRate)}</dd>
      </dl>
      <ResolvedBar shares={a.resolvedAt} />
      <p className="dim small">
        {t('planner.resolvedAt', {
          community: percent(a.resolvedAt.community),
          street: percent(a.resolvedAt.street),
          district: percent(a.resolvedAt.district),
          city: percent(a.resolvedAt.city),
        })}
      </p>
      {data.childLevel && (
        <div className="scroll">
          <table className="planner-table" data-testid="drill-children">
            <thead>
              <tr>
                <th>{t(`planner.level.${data.childLevel}`)}</th>
                <th>{t('planner.col.cases')}</th>
                <th>{t('planner.col.closure')}</th>
                <th>{t('planner.col.satisfaction')}</th>
                <th>{t('planner.col.resolvedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {data.children.map((c) => (
                <tr key={c.id} data-testid="drill-row" data-level={c.level} data-id={c.id} data-cases={c.cases}>
                  <td>
                    <button type="button" className="link" onClick={() => onDrill(c.level, c.id)}>
                      {c.level === 'cell' ? <span className="mono">{c.id}</span> : name(c.name, c.nameEn)}
                    </button>
                  </td>
                  <td className="num">{number(c.cases)}</td>
                  <td className="num">{percent(c.closureRate)}</td>
                  <td className="num">{percent(c.satisfactionRate)}</td>
                  <td>
                    <ResolvedBar shares={c.resolvedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const LEVEL_SHADES = { community: '#2e9e6a', street: '#4c8fd6', district: '#d69a2e', city: '#b0506a' } as const;

/** Where closed cases were resolved, as one stacked bar (community → city). */
function ResolvedBar({ shares }: { shares: DrilldownResult['area']['resolvedAt'] }) {
  const { t } = useI18n();
  return (
    <span className="resolved-bar" role="img" aria-label={t('planner.col.resolvedAt')}>
      {(Object.keys(LEVEL_SHADES) as Array<keyof typeof LEVEL_SHADES>).map((k) =>
        shares[k] ? (
          <span key={k} style={{ width: `${shares[k]! * 100}%`, background: LEVEL_SHADES[k] }} title={`${k} ${percent(shares[k])}`} />
        ) : null,
      )}
    </span>
  );
}

// --- 热线+网格 -----------------------------------------------------------------------------------------

const chartColours = (theme: 'light' | 'dark') =>
  theme === 'light' ? { text: '#3c4a5e', line: '#c9d2de', bg: '#ffffff' } : { text: '#93a7c4', line: '#23344f', bg: '#0c182c' };

export function QuadrantBody({ data, theme, onCell }: { data: QuadrantResult; theme: 'light' | 'dark'; onCell(code: string): void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const colours = chartColours(theme);
  const option = useMemo(() => {
    const { hotline, patrol } = data.meta.thresholds.cells;
    return {
      animation: false,
      textStyle: { color: colours.text },
      grid: { left: 48, right: 16, top: 28, bottom: 36 },
      legend: { top: 0, textStyle: { color: colours.text }, itemWidth: 10, itemHeight: 10 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: [number, number, string] }) =>
          `${p.data[2]}<br/>${t('planner.col.patrol')} ${p.data[0]} · ${t('planner.col.hotline')} ${p.data[1]}`,
      },
      xAxis: {
        name: t('planner.col.patrol'),
        nameLocation: 'middle',
        nameGap: 22,
        type: 'value',
        splitLine: { lineStyle: { color: colours.line } },
      },
      yAxis: { name: t('planner.col.hotline'), type: 'value', splitLine: { lineStyle: { color: colours.line } } },
      series: QUADRANT_CLASSES.map((q, i) => {
        const [r, g, b] = classColour(q);
        return {
          name: t(`class.${q}`),
          type: 'scatter',
          symbolSize: 5,
          large: true,
          itemStyle: { color: `rgb(${r},${g},${b})`, opacity: 0.75 },
          data: data.cells.filter((c) => c.quadrant === q).map((c) => [c.patrol, c.hotline, c.code]),
          // the split lines once, on the first series
          ...(i === 0
            ? {
                markLine: {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: colours.text, type: 'dashed' },
                  label: { show: false },
                  data: [{ xAxis: patrol }, { yAxis: hotline }],
                },
              }
            : {}),
        };
      }),
    };
  }, [data, t, colours.text, colours.line]);
  return (
    <div className="quadrant-body">
      <div className="quadrant-chart" ref={box} style={{ ['--chart-bg' as string]: colours.bg }}>
        <div className="chart-head">
          <span className="dim small">
            {t('planner.quadrant.thresholds', {
              hotline: data.meta.thresholds.cells.hotline,
              patrol: data.meta.thresholds.cells.patrol,
              split: t(`planner.split.${data.meta.split as 'median'}`),
            })}
          </span>
          <Exports url="" csv={[]} png={{ box, name: `quadrant-${data.meta.from}-${data.meta.to}` }} />
        </div>
        <Chart option={option} label={t('planner.quadrant.scatter')} testId="quadrant-scatter" />
      </div>
      <BlindSpots data={data} onCell={onCell} />
    </div>
  );
}

function planOf(data: QuadrantResult, name: string, weekStart: string): PatrolPlanBody | null {
  const by = new Map<number, { cells: Set<string>; alleys: Set<number> }>();
  for (const street of data.blindSpots)
    for (const cell of street.cells) {
      if (cell.patrollerId === null) continue;
      const entry = by.get(cell.patrollerId) ?? { cells: new Set(), alleys: new Set() };
      entry.cells.add(cell.code);
      for (const a of cell.alleys) entry.alleys.add(a.id);
      by.set(cell.patrollerId, entry);
    }
  if (by.size === 0) return null;
  return {
    name,
    weekStart,
    items: [...by].map(([patrollerId, e]) => ({
      patrollerId,
      cellCodes: [...e.cells].slice(0, 500),
      alleyIds: [...e.alleys].slice(0, 500),
    })),
  };
}

function BlindSpots({ data, onCell }: { data: QuadrantResult; onCell(code: string): void }) {
  const { t, name, number } = useI18n();
  const week = useMemo(() => nextMonday(Date.now()), []);
  const [weekStart, setWeekStart] = useState(week);
  // the proposed name follows the language and the week until the planner types one
  const [typedName, setTypedName] = useState<string | null>(null);
  const planName = typedName ?? t('planner.plan.defaultName', { week: weekStart });
  const save = useSavePatrolPlan();
  const plans = usePatrolPlans();
  const body = planOf(data, planName, weekStart);
  return (
    <div className="blind-spots" data-testid="blind-spots">
      <h3>{t('planner.blindSpots')}</h3>
      {data.blindSpots.length === 0 ? (
        <p className="dim">{t('planner.blindSpotsNone')}</p>
      ) : (
        <div className="scroll">
          {data.blindSpots.map((s) => (
            <details key={s.streetCode} data-street={s.streetCode}>
              <summary>
                {t('planner.blindStreet', {
                  street: name(s.streetName, s.streetNameEn),
                  cells: s.cells.length,
                  hotline: number(s.hotline),
                })}
                <span className="dim small"> · {s.topSubclasses.map((c) => `${name(c.name, c.nameEn)} ${c.count}`).join('、')}</span>
              </summary>
              <ul className="blind-cells">
                {s.cells.map((c) => (
                  <li key={c.code}>
                    <button type="button" className="link mono" onClick={() => onCell(c.code)}>
                      {c.code}
                    </button>{' '}
                    {t('planner.col.hotline')} {c.hotline} · {t('planner.col.patrol')} {c.patrol} ·{' '}
                    {c.patroller ?? t('planner.noPatroller')}
                    {c.alleys.length > 0 && <span className="dim"> · {c.alleys.map((a) => a.name).join('、')}</span>}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </div>
      )}
      <form
        className="plan-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (body) save.mutate(body);
        }}
      >
        <label>
          {t('planner.plan.name')}
          <input value={planName} maxLength={200} required onChange={(e) => setTypedName(e.target.value)} />
        </label>
        <label>
          {t('planner.plan.week')}
          <input type="date" value={weekStart} required onChange={(e) => setWeekStart(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="save-plan" disabled={!body || save.isPending}>
          {t('planner.plan.save')}
        </button>
      </form>
      {data.blindSpots.length > 0 && !body && <p className="dim">{t('planner.plan.nothing')}</p>}
      {save.error && (
        <p className="error-text" role="alert">
          {t('planner.plan.failed', { message: String((save.error as Error).message) })}
        </p>
      )}
      {save.data && (
        <p role="status" data-testid="plan-saved" data-id={save.data.id}>
          {t('planner.plan.saved', {
            id: save.data.id,
            patrollers: save.data.patrollers,
            cells: save.data.cells,
            alleys: save.data.alleys,
          })}
        </p>
      )}
      {plans.data && plans.data.items.length > 0 && (
        <>
          <h3>{t('planner.plans')}</h3>
          <ul className="plans">
            {plans.data.items.slice(0, 8).map((p) => (
              <li key={p.id}>
                #{p.id} {p.name} · {p.weekStart} · {p.patrollers}/{p.cells}/{p.alleys}
                <Exports url={`/api/patrol-plans/${p.id}`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

// --- top problems, seasonal, recurring ---------------------------------------------------------------

export function TopProblemsBody({ data }: { data: TopProblemsResult }) {
  const { t, name, number } = useI18n();
  return (
    <>
      {!data.meta.previousComplete && <p className="warn small">{t('planner.previousIncomplete')}</p>}
      <div className="scroll">
        <table className="planner-table" data-testid="top-problems">
          <thead>
            <tr>
              <th>{t('planner.col.rank')}</th>
              <th>{t('planner.col.subclass')}</th>
              <th>{t('planner.col.street')}</th>
              <th>{t('planner.col.count')}</th>
              <th>{t('planner.col.previous')}</th>
              <th>{t('planner.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={`${r.categoryCode}:${r.streetCode}`} data-category={r.categoryCode} data-street={r.streetCode} data-count={r.count}>
                <td className="num">{r.rank}</td>
                <td>{name(r.categoryName, r.categoryNameEn)}</td>
                <td>{name(r.streetName, r.streetNameEn)}</td>
                <td className="num">{number(r.count)}</td>
                <td className="num">{number(r.previous)}</td>
                <td className={`num ${r.change > 0 ? 'up' : r.change < 0 ? 'down' : ''}`}>
                  {r.change > 0 ? '+' : ''}
                  {number(r.change)} {r.changeRate !== null && `(${r.changeRate > 0 ? '+' : ''}${(r.changeRate * 100).toFixed(0)}%)`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A table cell's background by its share of the table's largest count. */
const heat = (count: number, max: number) => ({ ['--heat' as string]: max > 0 ? (count / max).toFixed(3) : '0' });

export function SeasonalBody({ data, by, onBy }: { data: SeasonalResult; by: 'main' | 'sub'; onBy(by: 'main' | 'sub'): void }) {
  const { t, name } = useI18n();
  const monthMax = Math.max(0, ...data.byMonth.flatMap((r) => r.counts));
  const hourMax = Math.max(0, ...data.byHour.counts.flat());
  return (
    <div className="seasonal">
      <section>
        <h3>
          {t('planner.seasonal.month')}{' '}
          <span className="segmented">
            {(['main', 'sub'] as const).map((b) => (
              <button key={b} type="button" aria-pressed={by === b} onClick={() => onBy(b)}>
                {t(b === 'main' ? 'planner.seasonal.byMain' : 'planner.seasonal.bySub')}
              </button>
            ))}
          </span>
        </h3>
        <div className="scroll">
          <table className="planner-table heat-table" data-testid="seasonal-month">
            <thead>
              <tr>
                <th>{t('planner.col.category')}</th>
                {data.months.map((m) => (
                  <th key={m}>{m.slice(2)}</th>
                ))}
                <th>{t('planner.col.total')}</th>
              </tr>
            </thead>
            <tbody>
              {data.byMonth.map((r) => (
                <tr key={r.code} data-code={r.code}>
                  <th>{name(r.name, r.nameEn)}</th>
                  {r.counts.map((c, i) => (
                    <td key={data.months[i]} className="num heat" style={heat(c, monthMax)}>
                      {c}
                    </td>
                  ))}
                  <td className="num">{r.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h3>{t('planner.seasonal.hour')}</h3>
        <div className="scroll">
          <table className="planner-table heat-table hours" data-testid="seasonal-hour">
            <thead>
              <tr>
                <th />
                {Array.from({ length: 24 }, (_, h) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the hour is the column
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.byHour.counts.map((row, d) => (
                <tr key={data.byHour.weekdays[d]}>
                  <th>{t(`planner.weekday.${data.byHour.weekdays[d] as 'Mon'}`)}</th>
                  {row.map((c, h) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the hour is the column
                    <td key={h} className="num heat" style={heat(c, hourMax)} title={String(c)}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

export function RecurringBody({
  data,
  recur,
  onRecur,
  onCell,
}: {
  data: RecurringResult;
  recur: PlannerView['recur'];
  onRecur(r: PlannerView['recur']): void;
  onCell(code: string): void;
}) {
  const { t, name, dateTime, number } = useI18n();
  return (
    <>
      <p className="recurring-rule">
        <label>
          n{' '}
          <select value={recur.n} onChange={(e) => onRecur({ ...recur, n: Number(e.target.value) })}>
            {[2, 3, 4, 5, 8, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('planner.range')}{' '}
          <select value={recur.days} onChange={(e) => onRecur({ ...recur, days: Number(e.target.value) })}>
            {[7, 14, 30, 60, 90].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>{' '}
        <span className="dim">
          {t('planner.recurring.rule', { n: data.meta.n, days: data.meta.days })} ·{' '}
          {t('planner.recurring.places', { places: number(data.meta.places) })}
        </span>
      </p>
      <div className="scroll">
        <table className="planner-table" data-testid="recurring">
          <thead>
            <tr>
              <th>{t('planner.col.place')}</th>
              <th>{t('planner.col.subclass')}</th>
              <th>{t('planner.col.street')}</th>
              <th>{t('planner.col.cases')}</th>
              <th>{t('planner.col.maxWithin')}</th>
              <th>{t('planner.col.last')}</th>
              <th>{t('planner.col.caseCodes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={`${r.kind}:${r.place}:${r.categoryCode}`} data-place={r.place} data-cases={r.cases}>
                <td>
                  <button type="button" className="link" onClick={() => onCell(r.cellCode)}>
                    {r.kind === 'cell' ? <span className="mono">{r.place}</span> : r.placeName}
                  </button>
                </td>
                <td>{name(r.categoryName, r.categoryNameEn)}</td>
                <td>{r.streetName}</td>
                <td className="num">{r.cases}</td>
                <td className="num">{r.maxWithin}</td>
                <td>{dateTime(r.last)}</td>
                <td className="codes">
                  {r.caseCodes.slice(-4).map((code) => (
                    <a key={code} className="mono" href={`/?case=${encodeURIComponent(code)}`} target="_blank" rel="noreferrer">
                      {code}
                    </a>
                  ))}
                  {r.caseCodes.length > 4 && <span className="dim"> +{r.caseCodes.length - 4}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
