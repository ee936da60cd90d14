// The field terminal (现场终端): a phone-sized page per unit (/field?unit=unit:PT-D01-01 or
// person:<id>). Instructions arrive live; an arrival is reported back as delivered at once; the unit
// acknowledges and reports done with a note and its position (the phone's, when it may tell).

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FIELD_REPORTERS } from '../../server/contracts/constants.ts';
import type { Instruction } from '../../server/contracts/emergency.ts';
import { useFieldOrders, useFieldReport } from '../api/emergency.ts';
import { session, useSession } from '../app/session.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useLiveStream } from '../shared/live.ts';
import { LanguageSwitch } from '../shell/Header.tsx';

const REF = /^(unit:[A-Za-z0-9-]{1,40}|person:[0-9]{1,9})$/;

type Position = { lng: number; lat: number };

/** The phone's position, or nothing if it has none or may not tell within a few seconds. */
function position(): Promise<Position | undefined> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) {
      resolve(undefined);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) }),
      () => resolve(undefined),
      { timeout: 5000, maximumAge: 30_000, enableHighAccuracy: true },
    );
  });
}

export function FieldPage() {
  const { t } = useI18n();
  const current = useSession();
  const unit = new URLSearchParams(window.location.search).get('unit');
  if (!current) return null;
  return (
    <main className="field-page" data-testid="field-page">
      <header>
        <h1>{t('field.title')}</h1>
        <span>
          <LanguageSwitch />{' '}
          <button type="button" className="ghost" onClick={() => session.end()}>
            {t('field.logout')}
          </button>
        </span>
      </header>
      {!FIELD_REPORTERS.includes(current.role) ? (
        <p className="error-text" role="alert">
          {t('field.notForRole')}
        </p>
      ) : unit !== null && REF.test(unit) ? (
        <Orders unit={unit} />
      ) : (
        <ChooseUnit />
      )}
    </main>
  );
}

function ChooseUnit() {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const valid = REF.test(value.trim());
  function submit(e: FormEvent) {
    e.preventDefault();
    if (valid) window.location.search = `?unit=${encodeURIComponent(value.trim())}`;
  }
  return (
    <form className="field-card" onSubmit={submit}>
      <label>
        {t('field.chooseUnit')}
        <input value={value} onChange={(e) => setValue(e.target.value)} placeholder="unit:PT-D01-01" />
      </label>
      <button type="submit" className="primary" disabled={!valid}>
        {t('field.open')}
      </button>
    </form>
  );
}

function Orders({ unit }: { unit: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const live = useLiveStream(client);
  const orders = useFieldOrders(unit);
  const report = useFieldReport(unit, position);

  // what has arrived is reported as delivered, once; the phone buzzes
  const reported = useRef(new Set<number>());
  const { mutate } = report;
  useEffect(() => {
    for (const n of orders.data ?? []) {
      const mine = n.targets.find((x) => x.ref === unit);
      if (mine?.status !== 'sent' || reported.current.has(mine.id)) continue;
      reported.current.add(mine.id);
      navigator.vibrate?.([200, 100, 200]);
      mutate({ id: mine.id, status: 'delivered' });
    }
  }, [orders.data, unit, mutate]);

  const name = orders.data?.flatMap((n) => n.targets).find((x) => x.ref === unit)?.name;
  return (
    <>
      <p className="dim" data-testid="field-unit">
        {t('field.unit', { unit: name ? `${name} (${unit})` : unit })} ·{' '}
        <span data-testid="live-status" data-status={live}>
          {t(`cockpit.live.${live}`)}
        </span>
      </p>
      {orders.error && (
        <p className="error-text" role="alert">
          {i18n.error(orders.error)}
        </p>
      )}
      {report.error && (
        <p className="error-text" role="alert">
          {i18n.error(report.error)}
        </p>
      )}
      {orders.data?.length === 0 && <p className="dim">{t('field.none')}</p>}
      {orders.data?.map((n) => {
        const mine = n.targets.find((x) => x.ref === unit);
        return (
          mine && (
            <OrderCard
              key={n.id}
              order={n}
              target={mine}
              busy={report.isPending}
              onReport={(status, note) => report.mutate({ id: mine.id, status, note })}
            />
          )
        );
      })}
    </>
  );
}

function OrderCard({
  order,
  target,
  busy,
  onReport,
}: {
  order: Instruction;
  target: Instruction['targets'][number];
  busy: boolean;
  onReport(status: 'acknowledged' | 'done', note?: string): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [note, setNote] = useState('');
  return (
    <article className="field-card" data-testid="field-order" data-instruction={order.id} data-status={target.status}>
      <div className="dim small">
        {order.incident} · {t('field.from', { who: order.issuedBy, at: i18n.dateTime(order.issuedAt, true) })}
      </div>
      <div className="text">{order.text}</div>
      <div>
        <span className="target-status" data-status={target.status}>
          {t(`target.${target.status}` as MessageKey)}
        </span>
        {target.note && <span className="dim small"> · {target.note}</span>}
      </div>
      {target.status !== 'done' && (
        <>
          {target.status !== 'sent' && target.status !== 'delivered' && (
            <textarea
              aria-label={t('field.note')}
              placeholder={t('field.note')}
              rows={2}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
          <div className="panel-actions">
            {target.status === 'acknowledged' ? (
              <>
                <button
                  type="button"
                  data-testid="field-progress"
                  disabled={busy}
                  onClick={() => {
                    onReport('acknowledged', note.trim() || undefined);
                    setNote('');
                  }}
                >
                  {t('field.progress')}
                </button>
                <button
                  type="button"
                  className="primary"
                  data-testid="field-done"
                  disabled={busy}
                  onClick={() => onReport('done', note.trim() || undefined)}
                >
                  {t('field.done')}
                </button>
              </>
            ) : (
              <button type="button" className="danger" data-testid="field-ack" disabled={busy} onClick={() => onReport('acknowledged')}>
                {t('field.ack')}
              </button>
            )}
          </div>
        </>
      )}
    </article>
  );
}
