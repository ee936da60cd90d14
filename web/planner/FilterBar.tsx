// The filter bar: time range (presets, a month, a season, custom days), category (main or sub-class),
// source, stage, street and community, the cases behind them as a file, and the map's analysis. Every control writes the address (./view.ts).
import { CASE_SOURCES, CASE_STAGES, FINISHED_STAGES } from '../../server/contracts/constants.ts';
import { ANALYSIS_PATHS, analysisUrl, useCategories, useCommunities, useStreets } from '../api/analysis.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Exports } from './panels.tsx';
import { ANALYSES, type PlannerView, PRESETS, rangePatch, recentMonths, recentSeasons } from './view.ts';

/** The stage choices that stand for several stages, as the comma lists the server reads (sorted, as it sorts them). */
const OPEN_STAGES = CASE_STAGES.filter((s) => !(FINISHED_STAGES as readonly string[]).includes(s))
  .sort()
  .join(',');
const DONE_STAGES = [...FINISHED_STAGES].sort().join(',');

export interface FilterBarProps {
  view: PlannerView;
  set(patch: Record<string, string | null>): void;
}

export function FilterBar({ view, set }: FilterBarProps) {
  const { t, name } = useI18n();
  const now = Date.now();
  const categories = useCategories();
  const streets = useStreets();
  const communities = useCommunities(view.filters.street !== undefined);
  const f = view.filters;
  const month = view.range?.startsWith('month:') ? view.range.slice(6) : '';
  const season = view.range?.startsWith('season:') ? view.range.slice(7) : '';
  // main classes (3-digit kind + main prefix) each followed by its sub-classes
  const groups = new Map<string, { label: string; subs: Array<{ code: string; label: string }> }>();
  for (const c of categories.data ?? []) {
    const prefix = c.code.slice(0, 3);
    const group = groups.get(prefix) ?? {
      label: `${t(`category.${c.kind}`)} · ${name(c.mainName, c.mainNameEn)}`,
      subs: [],
    };
    group.subs.push({ code: c.code, label: name(c.name, c.nameEn) });
    groups.set(prefix, group);
  }

  return (
    <form className="planner-filters" data-testid="planner-filters" aria-label={t('planner.filters')} onSubmit={(e) => e.preventDefault()}>
      <fieldset className="segmented" aria-label={t('planner.range')}>
        <legend className="sr-only">{t('planner.range')}</legend>
        {PRESETS.map((p) => (
          <button key={p} type="button" data-range={p} aria-pressed={view.range === p} onClick={() => set(rangePatch(p, now))}>
            {t(`planner.range.${p}`)}
          </button>
        ))}
      </fieldset>
      <label>
        {t('planner.month')}
        <select
          data-testid="filter-month"
          value={month}
          onChange={(e) => e.target.value && set(rangePatch(`month:${e.target.value}`, now))}
        >
          <option value="">{t('planner.pick')}</option>
          {recentMonths(now).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planner.season')}
        <select
          data-testid="filter-season"
          value={season}
          onChange={(e) => e.target.value && set(rangePatch(`season:${e.target.value}`, now))}
        >
          <option value="">{t('planner.pick')}</option>
          {recentSeasons(now).map((s) => {
            const [year, which] = s.split('-') as [string, 'spring'];
            return (
              <option key={s} value={s}>
                {t(`planner.season.${which}`, { year })}
              </option>
            );
          })}
        </select>
      </label>
      <label>
        {t('planner.from')}
        <input
          type="date"
          data-testid="filter-from"
          value={f.from}
          max={f.to}
          onChange={(e) => e.target.value && set({ from: e.target.value, range: null })}
        />
      </label>
      <label>
        {t('planner.to')}
        <input
          type="date"
          data-testid="filter-to"
          value={f.to}
          min={f.from}
          onChange={(e) => e.target.value && set({ to: e.target.value, range: null })}
        />
      </label>
      <label>
        {t('planner.category')}
        <select data-testid="filter-category" value={f.category ?? ''} onChange={(e) => set({ category: e.target.value })}>
          <option value="">{t('planner.allCategories')}</option>
          {[...groups].map(([prefix, g]) => (
            <optgroup key={prefix} label={g.label}>
              <option value={prefix}>
                {g.label} {t('planner.mainClass')}
              </option>
              {g.subs.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('planner.source')}
        <select
          data-testid="filter-source"
          value={f.source ?? ''}
          disabled={view.analysis === 'quadrant'}
          onChange={(e) => set({ source: e.target.value })}
        >
          <option value="">{t('planner.allSources')}</option>
          {CASE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`source.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planner.stage')}
        <select data-testid="filter-stage" value={f.stage ?? ''} onChange={(e) => set({ stage: e.target.value })}>
          <option value="">{t('planner.allStages')}</option>
          <option value={OPEN_STAGES}>{t('planner.openStages')}</option>
          <option value={DONE_STAGES}>{t('planner.finishedStages')}</option>
          {CASE_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planner.street')}
        <select data-testid="filter-street" value={f.street ?? ''} onChange={(e) => set({ street: e.target.value, community: null })}>
          <option value="">{t('planner.allStreets')}</option>
          {(streets.data ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {name(s.name, s.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planner.community')}
        <select
          data-testid="filter-community"
          value={f.community ?? ''}
          disabled={!f.street}
          onChange={(e) => set({ community: e.target.value })}
        >
          <option value="">{t('planner.allCommunities')}</option>
          {(communities.data ?? [])
            .filter((c) => c.parentCode === f.street)
            .map((c) => (
              <option key={c.code} value={c.code}>
                {name(c.name, c.nameEn)}
              </option>
            ))}
        </select>
      </label>
      <button
        type="button"
        className="ghost"
        onClick={() => set({ category: null, source: null, stage: null, street: null, community: null, ...rangePatch('90d', now) })}
      >
        {t('planner.reset')}
      </button>
      <span className="planner-cases-export" data-testid="cases-export" title={t('planner.exportCases.hint')}>
        <Exports url={analysisUrl(ANALYSIS_PATHS.cases, f)} csv={[{ label: t('planner.exportCases') }]} geojson />
      </span>
      <span className="planner-filters-gap" />
      <fieldset className="segmented" aria-label={t('planner.analysis')} data-testid="analysis-switch">
        <legend className="sr-only">{t('planner.analysis')}</legend>
        {ANALYSES.map((a) => (
          <button key={a} type="button" data-analysis={a} aria-pressed={view.analysis === a} onClick={() => set({ analysis: a })}>
            {t(`planner.analysis.${a}`)}
          </button>
        ))}
      </fieldset>
      {view.analysis === 'quadrant' && (
        <label>
          {t('planner.split')}
          <select value={view.split} onChange={(e) => set({ split: e.target.value })}>
            <option value="median">{t('planner.split.median')}</option>
            <option value="q3">{t('planner.split.q3')}</option>
          </select>
        </label>
      )}
    </form>
  );
}
