import { useState } from 'react';
import type { ConnectionStatus } from '../net/socket';
import { LANGUAGES, type Language } from '../protocol/types';
import type { Route } from '../state/router';
import { Button } from './components/Button';
import { Link } from './components/Link';
import { useServices } from './context';
import { NotificationMenu } from './screens/chat/NotificationMenu';
import { useConnectionStatus, useLocationState, useSession, useT } from './hooks/useStores';

const STATUS_KEYS = {
  connecting: 'connection.connecting',
  online: 'connection.online',
  offline: 'connection.offline',
  reconnecting: 'connection.reconnecting',
} as const satisfies Record<ConnectionStatus, string>;

function ConnectionIndicator() {
  const t = useT();
  const status = useConnectionStatus();
  return (
    <p className={`connection connection--${status}`} role="status" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('connection.label')}: </span>
      {t(STATUS_KEYS[status])}
    </p>
  );
}

const LANGUAGE_NAMES: Record<Language, string> = { nb: 'Norsk', en: 'English' };

function LanguageSwitch() {
  const t = useT();
  const { session } = useServices();
  const { language } = useSession();
  const [failed, setFailed] = useState(false);
  const choose = (next: Language) => {
    if (next === language) return;
    setFailed(false);
    session.setLanguage(next).catch(() => setFailed(true));
  };
  return (
    <div className="language-switch" role="group" aria-label={t('language.switch')}>
      {LANGUAGES.map((lang) => (
        <Button
          key={lang}
          small
          variant="link"
          lang={lang}
          ariaPressed={lang === language}
          onClick={() => choose(lang)}
        >
          {LANGUAGE_NAMES[lang]}
        </Button>
      ))}
      {failed ? <span className="language-switch__error" role="alert">{t('language.save_failed')}</span> : null}
    </div>
  );
}

const SUPPLIER_ROUTES: readonly Route['name'][] = [
  'suppliers', 'supplier_priorities', 'supplier_new', 'supplier_import', 'supplier', 'supplier_edit', 'case_new', 'case',
  'notes', 'note_new', 'note', 'note_edit',
];

function navCurrent(route: Route, section: 'teams' | 'library' | 'suppliers' | 'admin' | 'profile'): 'page' | undefined {
  if (section === 'suppliers') return SUPPLIER_ROUTES.includes(route.name) ? 'page' : undefined;
  if (section === 'teams') {
    return ['teams', 'team', 'team_search', 'draft', 'meetings', 'meeting', 'meeting_new', 'meeting_edit', 'poll', 'poll_new'].includes(route.name) ? 'page' : undefined;
  }
  return route.name === section ? 'page' : undefined;
}

export function Header() {
  const t = useT();
  const { session, navigator } = useServices();
  const { phase, user } = useSession();
  const { route } = useLocationState();
  const [leaving, setLeaving] = useState(false);

  const logout = async () => {
    setLeaving(true);
    try {
      await session.logout();
      navigator.navigate('/login', { replace: true });
    } catch {
      // Server unreachable: the session stays; the status indicator says why.
    } finally {
      setLeaving(false);
    }
  };

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <div className="brand">
          <Link href="/" className="brand__name">{t('app.name')}</Link>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        {phase === 'signed_in' && user ? (
          <nav className="main-nav" aria-label={t('nav.label')}>
            <ul>
              <li><Link href="/" ariaCurrent={navCurrent(route, 'teams')}>{t('nav.teams')}</Link></li>
              <li><Link href="/library" ariaCurrent={navCurrent(route, 'library')}>{t('nav.library')}</Link></li>
              <li><Link href="/suppliers" ariaCurrent={navCurrent(route, 'suppliers')}>{t('nav.suppliers')}</Link></li>
              {user.is_admin ? (
                <li><Link href="/admin" ariaCurrent={navCurrent(route, 'admin')}>{t('nav.admin')}</Link></li>
              ) : null}
              <li><Link href="/profile" ariaCurrent={navCurrent(route, 'profile')}>{t('nav.profile')}</Link></li>
            </ul>
          </nav>
        ) : null}
        <div className="site-header__tools">
          {phase === 'signed_in' ? <ConnectionIndicator /> : null}
          {phase === 'signed_in' && user ? <NotificationMenu key={user.id} /> : null}
          <LanguageSwitch />
          {phase === 'signed_in' && user ? (
            <div className="user-menu">
              <span className="user-menu__name">{user.display_name}</span>
              <Button small busy={leaving} onClick={() => void logout()}>{t('nav.logout')}</Button>
            </div>
          ) : null}
        </div>
      </div>
    </header>
  );
}
