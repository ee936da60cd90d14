// The header across the top: product name, language switch, About, who is signed in, sign-out.
import { Link } from 'wouter';
import { ANALYSTS, COMMANDERS } from '../../server/contracts/constants.ts';
import type { Mode } from '../app/mode.ts';
import { PATHS } from '../app/routes.ts';
import type { Session } from '../app/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export interface HeaderProps {
  session: Session;
  mode: Mode;
  onMode(mode: Mode): void;
  onAbout(): void;
  onLogout(): void;
}

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      className="ghost"
      data-testid="language-switch"
      aria-label={t('lang.switchLabel')}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
    >
      {t('lang.switchTo')}
    </button>
  );
}

export function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <span className="brand-name">{t('product.name')}</span>
      <span className="brand-sep">·</span>
      <span className="brand-area">{t('product.area')}</span>
    </div>
  );
}

export function Header({ session, mode, onMode, onAbout, onLogout }: HeaderProps) {
  const { t } = useI18n();
  return (
    <header className="header">
      <h1 className="brand-heading">
        <Brand />
      </h1>
      <span className="brand-tagline">{mode === 'emergency' ? t('cockpit.emergencyTitle') : t('product.tagline')}</span>
      <div className="header-spacer" />
      {/* visitors are offered no command (their answers leave people out, and the server refuses them) */}
      {session.role === 'demo' ? null : mode === 'normal' ? (
        <button type="button" className="emergency-switch" data-testid="emergency-switch" onClick={() => onMode('emergency')}>
          <span className="siren" aria-hidden="true" />
          {t('cockpit.emergency')}
        </button>
      ) : (
        <button type="button" className="normal-switch" data-testid="normal-switch" onClick={() => onMode('normal')}>
          {t('cockpit.backToNormal')}
        </button>
      )}
      {COMMANDERS.includes(session.role) && mode === 'normal' && (
        <Link href={PATHS.demo} className="header-link" data-testid="hand-over" title={t('tour.handOverHint')}>
          {t('tour.handOver')}
        </Link>
      )}
      {ANALYSTS.includes(session.role) && (
        <Link href={PATHS.planner} className="header-link" data-testid="planner-link">
          {t('planner.toPlanner')}
        </Link>
      )}
      <LanguageSwitch />
      <button type="button" className="ghost" onClick={onAbout}>
        {t('header.about')}
      </button>
      <div className="header-user" data-testid="current-user">
        <span>{session.displayName}</span>
        <span className="role-badge" data-role={session.role}>
          {t(`role.${session.role}`)}
        </span>
      </div>
      <button type="button" onClick={onLogout}>
        {t('header.logout')}
      </button>
    </header>
  );
}
