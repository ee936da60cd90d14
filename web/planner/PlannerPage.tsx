// The planner's workspace (分析研判, /planner): a desk layout for a large monitor — header, filter bar, the
// grid cells painted by the chosen analysis in the centre, the result table on the left, the drill-down on
// the right and the tables below (热线+网格 with the patrol plan, top problems, seasons, recurring places).
// Everything shown follows the address (./view.ts). Planners and leaders only; visitors are told so.
import { useCallback, useMemo } from 'react';
import { Link } from 'wouter';
import { ANALYSTS } from '../../server/contracts/constants.ts';
import {
  type DrilldownResult,
  drilldownUrl,
  type EmergingResult,
  emergingUrl,
  type HotspotResult,
  hotspotsUrl,
  type QuadrantResult,
  quadrantUrl,
  type RecurringResult,
  recurringUrl,
  type SeasonalResult,
  seasonalUrl,
  type TopProblemsResult,
  topProblemsUrl,
  useAnalysis,
} from '../api/analysis.ts';
import { PATHS } from '../app/routes.ts';
import { session, useSession } from '../app/session.ts';
import { navigate, useSearch } from '../app/url.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Brand, LanguageSwitch } from '../shell/Header.tsx';
import { cellClasses } from './classes.ts';
import { FilterBar } from './FilterBar.tsx';
import { type CellInfo, PlannerMap } from './PlannerMap.tsx';
import {
  AnalysisFrame,
  DrillBody,
  EmergingTable,
  HotspotTable,
  QuadrantBody,
  QuadrantTable,
  RecurringBody,
  resultTitleKey,
  SeasonalBody,
  TopProblemsBody,
} from './panels.tsx';
import { type DrillLevel, drillParam, type PlannerView, parseView, TABS, type Tab, withParams } from './view.ts';

/** The view in the address, and a setter that writes a patch of parameters (one history entry). */
function usePlannerView(): [PlannerView, (patch: Record<string, string | null>) => void] {
  const search = useSearch((s) => s);
  const view = useMemo(() => parseView(search, Date.now()), [search]);
  const set = useCallback((patch: Record<string, string | null>) => navigate(withParams(window.location.search, patch)), []);
  return [view, set];
}

export default function PlannerPage() {
  const { t } = useI18n();
  const current = useSession()!;
  const [view, set] = usePlannerView();
  const allowed = ANALYSTS.includes(current.role);
  return (
    <div className="planner" data-theme={view.theme} data-testid="planner">
      <header className="planner-header">
        <h1 className="brand-heading">
          <Brand />
          <span className="planner-title">{t('planner.title')}</span>
        </h1>
        <div className="header-spacer" />
        {current.role === 'leader' && (
          <Link href={PATHS.cockpit} className="header-link">
            {t('planner.toWall')}
          </Link>
        )}
        <LanguageSwitch />
        <button
          type="button"
          className="ghost"
          data-testid="theme-switch"
          aria-label={t('planner.themeLabel')}
          onClick={() => set({ theme: view.theme === 'light' ? 'dark' : null })}
        >
          {t(view.theme === 'light' ? 'planner.themeDark' : 'planner.themeLight')}
        </button>
        <div className="header-user" data-testid="current-user">
          <span>{current.displayName}</span>
          <span className="role-badge" data-role={current.role}>
            {t(`role.${current.role}`)}
          </span>
        </div>
        <button type="button" onClick={() => session.end()}>
          {t('header.logout')}
        </button>
      </header>
      {allowed ? (
        <Workspace view={view} set={set} />
      ) : (
        <main className="planner-denied">
          <p className="error-text" role="alert" data-testid="planner-denied">
            {t('planner.notForRole')}
          </p>
        </main>
      )}
    </div>
  );
}

function Workspace({ view, set }: { view: PlannerView; set(patch: Record<string, string | null>): void }) {
  const { t } = useI18n();
  const f = view.filters;
  const a = view.analysis;

  // the map's answer (the result table reads the same query)
  const hotUrl = hotspotsUrl(f, a === 'moran' ? 'moran' : 'gistar');
  const emUrl = emergingUrl(f);
  const quadUrl = quadrantUrl(f, view.split);
  const hot = useAnalysis<HotspotResult>(hotUrl, a === 'gistar' || a === 'moran');
  const emerging = useAnalysis<EmergingResult>(emUrl, a === 'emerging');
  // the quadrant tab and the quadrant map share one answer
  const quadrant = useAnalysis<QuadrantResult>(quadUrl, a === 'quadrant' || view.tab === 'quadrant');
  const mapQuery = a === 'emerging' ? emerging : a === 'quadrant' ? quadrant : hot;
  const mapUrl = a === 'emerging' ? emUrl : a === 'quadrant' ? quadUrl : hotUrl;
  const mapReady = mapQuery.data !== undefined && !mapQuery.isPlaceholderData;

  const cells = useMemo(() => {
    const classes = cellClasses(a, mapQuery.data);
    const out = new Map<string, CellInfo>();
    const counts = new Map<string, string>();
    const d = mapQuery.data;
    if (d && 'cells' in d)
      for (const c of d.cells) counts.set(c.code, `${t('planner.col.hotline')} ${c.hotline} · ${t('planner.col.patrol')} ${c.patrol}`);
    else if (d) for (const c of d.items) counts.set(c.code, `${t('planner.col.count')} ${c.count}`);
    for (const [code, cls] of classes) out.set(code, { cls, count: counts.get(code) ?? '' });
    return out;
  }, [a, mapQuery.data, t]);

  const drillUrl = drilldownUrl(f, view.drill.level, view.drill.id);
  const drill = useAnalysis<DrilldownResult>(drillUrl);
  const onDrill = useCallback((level: DrillLevel, id?: string) => set({ drill: drillParam(level, id) }), [set]);
  const onCell = useCallback((code: string) => set({ drill: drillParam('cell', code) }), [set]);

  const topUrl = topProblemsUrl(f);
  const seasonUrl = seasonalUrl(f, view.by);
  const recurUrl = recurringUrl(f, view.recur.n, view.recur.days);
  const top = useAnalysis<TopProblemsResult>(topUrl, view.tab === 'top');
  const seasonal = useAnalysis<SeasonalResult>(seasonUrl, view.tab === 'seasonal');
  const recurring = useAnalysis<RecurringResult>(recurUrl, view.tab === 'recurring');

  const cellExports = { geojson: true } as const;
  return (
    <main className="planner-main">
      <FilterBar view={view} set={set} />
      <div className="planner-grid">
        <div className="planner-results">
          {a === 'emerging' ? (
            <AnalysisFrame id="results" title={t(resultTitleKey(a))} url={emUrl} query={emerging} exports={cellExports}>
              {(d) => <EmergingTable data={d} onCell={onCell} />}
            </AnalysisFrame>
          ) : a === 'quadrant' ? (
            <AnalysisFrame id="results" title={t(resultTitleKey(a))} url={quadUrl} query={quadrant} exports={cellExports}>
              {(d) => <QuadrantTable data={d} onCell={onCell} />}
            </AnalysisFrame>
          ) : (
            <AnalysisFrame id="results" title={t(resultTitleKey(a))} url={hotUrl} query={hot} exports={cellExports}>
              {(d) => <HotspotTable data={d} onCell={onCell} />}
            </AnalysisFrame>
          )}
        </div>
        <section className="planner-map-cell" aria-label={t('planner.label')}>
          <PlannerMap
            analysis={a}
            cells={cells}
            resultKey={mapUrl}
            resultReady={mapReady}
            drill={view.drill}
            theme={view.theme}
            onCell={onCell}
          />
        </section>
        <div className="planner-drill">
          <AnalysisFrame id="drilldown" title={t('planner.drill')} url={drillUrl} query={drill} exports={{}}>
            {(d) => <DrillBody data={d} onDrill={onDrill} />}
          </AnalysisFrame>
        </div>
        <div className="planner-tabs">
          <div role="tablist" className="tabs" aria-label={t('planner.results')}>
            {TABS.map((tab: Tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                data-tab={tab}
                aria-selected={view.tab === tab}
                onClick={() => set({ tab: tab === 'quadrant' ? null : tab })}
              >
                {t(`planner.tab.${tab}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="tab-panel">
            {view.tab === 'quadrant' && (
              <AnalysisFrame id="quadrant" title={t('planner.tab.quadrant')} url={quadUrl} query={quadrant} exports={cellExports}>
                {(d) => <QuadrantBody data={d} theme={view.theme} onCell={onCell} />}
              </AnalysisFrame>
            )}
            {view.tab === 'top' && (
              <AnalysisFrame id="top" title={t('planner.tab.top')} url={topUrl} query={top} exports={{}}>
                {(d) => <TopProblemsBody data={d} />}
              </AnalysisFrame>
            )}
            {view.tab === 'seasonal' && (
              <AnalysisFrame
                id="seasonal"
                title={t('planner.tab.seasonal')}
                url={seasonUrl}
                query={seasonal}
                exports={{
                  csv: [
                    { label: `${t('planner.seasonal.month')} CSV`, extra: { table: 'month' } },
                    { label: `${t('planner.seasonal.hour')} CSV`, extra: { table: 'hour' } },
                  ],
                }}
              >
                {(d) => <SeasonalBody data={d} by={view.by} onBy={(by) => set({ by: by === 'main' ? null : by })} />}
              </AnalysisFrame>
            )}
            {view.tab === 'recurring' && (
              <AnalysisFrame id="recurring" title={t('planner.tab.recurring')} url={recurUrl} query={recurring} exports={{}}>
                {(d) => (
                  <RecurringBody
                    data={d}
                    recur={view.recur}
                    onRecur={(r) => set({ n: String(r.n), days: String(r.days) })}
                    onCell={onCell}
                  />
                )}
              </AnalysisFrame>
            )}
          </div>
        </div>
      </div>
    </main>
  );
}
