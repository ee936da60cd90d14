// The language the UI speaks: zh-CN by default, English on request, remembered in localStorage.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { type Catalog, format, LOCALES, type Locale, type MessageKey } from './catalog.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

const CATALOGS: Record<Locale, Catalog> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'xiuhua.locale';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  /** Numbers with the locale's grouping (12,345). */
  number(value: number, maximumFractionDigits?: number): string;
  /** A date (and time) as Beijing wall-clock time: the city's clock, whatever the viewer's machine says. */
  dateTime(iso: string, withTime?: boolean): string;
  /** Picks the right one of a pair of names the API gives in both languages. */
  name(zhName: string, enName: string | null | undefined): string;
  /** What went wrong, for a person: the server's own message, or "cannot reach the server". */
  error(err: unknown): string;
}

function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    /* storage may be blocked: fall back to the default */
  }
  return 'zh-CN';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not persisted, still switched */
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[locale];
    const numberFormats = new Map<number, Intl.NumberFormat>();
    const dateFormat = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'medium' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t: (key, values) => format(catalog[key], values),
      number(v, digits = 0) {
        let f = numberFormats.get(digits);
        if (!f) {
          f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
          numberFormats.set(digits, f);
        }
        return f.format(v);
      },
      dateTime: (iso, withTime = false) => (withTime ? dateTimeFormat : dateFormat).format(new Date(iso)),
      name: (zhName, enName) => (locale === 'en' && enName ? enName : zhName),
      error: (err) =>
        err instanceof ApiError && err.status === 0
          ? format(catalog['error.network'], {})
          : err instanceof Error
            ? err.message
            : String(err),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  return i18n;
}
