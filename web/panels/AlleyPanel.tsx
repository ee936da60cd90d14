// An alley (背街小巷): its chief and stewards, the 十有十无 checklist, its story and QR sign —
// what scanning the alley's QR code shows a resident.

import { TEN_HAVES, TEN_NONES } from '../../server/contracts/constants.ts';
import type { AlleyDetail } from '../../server/contracts/index.ts';
import { useAlley } from '../api/queries.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { css, scoreColor } from '../map/colors.ts';
import { SidePanel } from './SidePanel.tsx';

// The standard's own wording lives with the standard (server/domain/checklist.ts), in both languages.
const ITEM_LABELS = new Map<string, { zh: string; en: string }>([...TEN_HAVES, ...TEN_NONES].map((item) => [item.key, item]));

type ChecklistItems = AlleyDetail['checklist']['haves'];

function Checklist({ title, items }: { title: string; items: ChecklistItems }) {
  const { t, locale } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <ul className="checklist">
        {items.map((item) => {
          const label = ITEM_LABELS.get(item.key);
          return (
            <li key={item.key} data-holds={item.holds}>
              <span className="mark" role="img" aria-label={t(item.holds ? 'alley.holds' : 'alley.fails')}>
                {item.holds ? '✓' : '✗'}
              </span>
              <span>{label ? (locale === 'en' ? label.en : label.zh) : item.key}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function AlleyPanel({ idOrSlug, onClose }: { idOrSlug: string; onClose(): void }) {
  const { t, name, number, dateTime } = useI18n();
  const alley = useAlley(idOrSlug);
  const a = alley.data;
  return (
    <SidePanel kind={t('alley.title')} title={a?.name} loading={alley.isPending} error={alley.error} onClose={onClose}>
      {a && (
        <>
          <section>
            <dl className="facts">
              <dt>{t('alley.street')}</dt>
              <dd>{name(a.street.name, a.street.nameEn)}</dd>
              {a.community && (
                <>
                  <dt>{t('alley.community')}</dt>
                  <dd>{name(a.community.name, a.community.nameEn)}</dd>
                </>
              )}
              <dt>{t('alley.length')}</dt>
              <dd>{t('alley.lengthValue', { length: number(a.lengthM) })}</dd>
            </dl>
          </section>
          <section data-testid="alley-people">
            <h3>{t('alley.chief')}</h3>
            <ul className="people">
              <li>
                <span>{a.chief.name}</span>
                {a.chief.phone && <span className="mono">{a.chief.phone}</span>}
              </li>
            </ul>
            <h3>{t('alley.stewards')}</h3>
            {a.stewards.length ? (
              <ul className="people">
                {a.stewards.map((s) => (
                  <li key={`${s.name}:${s.phone ?? ''}`}>
                    <span>{s.name}</span>
                    {s.phone && <span className="mono">{s.phone}</span>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="dim">{t('alley.noStewards')}</p>
            )}
          </section>
          <section data-testid="alley-checklist">
            <div className="score-line">
              <h3>{t('alley.checklist')}</h3>
              <strong style={{ color: css(scoreColor(a.checklist.score)) }}>{t('alley.score', { score: a.checklist.score })}</strong>
            </div>
            <div className="score-bar" aria-hidden>
              <span style={{ width: `${(a.checklist.score / 20) * 100}%`, background: css(scoreColor(a.checklist.score)) }} />
            </div>
            <p className="dim">
              {a.checklist.inspectedAt ? t('alley.inspectedAt', { date: dateTime(a.checklist.inspectedAt) }) : t('alley.notInspected')}
            </p>
            <Checklist title={t('alley.haves')} items={a.checklist.haves} />
            <Checklist title={t('alley.nones')} items={a.checklist.nones} />
          </section>
          {a.story && (
            <section>
              <h3>{t('alley.story')}</h3>
              <p className="story">{a.story}</p>
            </section>
          )}
          <p className="dim mono">{t('alley.qr', { slug: a.qrSlug })}</p>
        </>
      )}
    </SidePanel>
  );
}
