// The frame of every cockpit panel: a title, the loading and error states (a readable message,
// never a blank box), and the figures.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export interface PanelProps {
  id: string;
  title: string;
  /** the query behind the panel */
  state: { isPending: boolean; error: unknown };
  aside?: ReactNode;
  children?: ReactNode;
}

export function Panel({ id, title, state, aside, children }: PanelProps) {
  const i18n = useI18n();
  return (
    <section className="panel" data-testid={`panel-${id}`} aria-busy={state.isPending} style={{ gridArea: id }}>
      <header>
        <h2>{title}</h2>
        {aside}
      </header>
      <div className="panel-body">
        {state.error ? (
          <p className="error-text" role="alert">
            {i18n.t('panel.failed', { message: i18n.error(state.error) })}
          </p>
        ) : state.isPending ? (
          <p className="dim">
            <span className="spinner" /> {i18n.t('panel.loading')}
          </p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

/** The figures a chart draws, as a table for screen readers (and the tests that read them). */
export function FigureTable({ testId, rows }: { testId: string; rows: readonly (readonly [string, string | number])[] }) {
  return (
    <table className="sr-only" data-testid={testId}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td data-key={k}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
