// Sign-in: a seeded account with its password, or the delegation demo (no password, no personal data).
import { type FormEvent, useState } from 'react';
import type { TokenAnswer } from '../../server/contracts/index.ts';
import { useDemoLogin, useLogin } from '../api/queries.ts';
import { session } from '../app/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Brand, LanguageSwitch } from '../shell/Header.tsx';

const begin = ({ token, role, displayName, expiresAt }: TokenAnswer) => session.start({ token, role, displayName, expiresAt });

export function LoginPage() {
  const { t, error } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const demo = useDemoLogin();
  const busy = login.isPending || demo.isPending;
  const failure = login.error ?? demo.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    demo.reset();
    login.mutate({ username: username.trim(), password }, { onSuccess: begin });
  }

  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <h1 className="brand-heading">
          <Brand />
        </h1>
        <span className="brand-tagline">{t('product.tagline')}</span>
        <form onSubmit={submit} aria-label={t('login.title')}>
          <label>
            {t('login.username')}
            <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label>
            {t('login.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {failure && (
            <p className="error-text" role="alert">
              {t('login.failed', { message: error(failure) })}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <div className="divider">—</div>
        <button
          type="button"
          className="demo"
          data-testid="demo-login"
          disabled={busy}
          onClick={() => {
            login.reset();
            demo.mutate(undefined, { onSuccess: begin });
          }}
        >
          {t('login.demo')}
        </button>
        <p className="hint">{t('login.demoHint')}</p>
        <p className="hint">{t('login.accountsHint')}</p>
      </div>
    </main>
  );
}
