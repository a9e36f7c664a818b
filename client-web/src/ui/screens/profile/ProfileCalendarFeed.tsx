// The personal calendar subscription (calendar.feed / feed_reset / feed_revoke): a secret URL
// that calendar programs poll for every meeting of the user's teams. The URL is shown once,
// right after it is made; a new one stops the old one.
import { useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { isUnavailable } from '../meetings/common';

/** The feed path as an absolute URL for calendar programs. */
export function feedUrl(url: string, origin: string): string {
  return /^https?:\/\//i.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
}

export function ProfileCalendarFeed() {
  const t = useT();
  const { api } = useServices();
  const feed = useAsync(() => api.request('calendar.feed', {}), [api]);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (isUnavailable(feed.error)) return null;

  const reset = async () => {
    setError(null);
    setBusy(true);
    try {
      const res = await api.request('calendar.feed_reset', {});
      setSecret(feedUrl(res.url, window.location.origin));
      feed.setData(() => ({ active: true, created_at: res.created_at }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async () => {
    setError(null);
    try {
      await api.request('calendar.feed_revoke', {});
      setSecret(null);
      feed.setData(() => ({ active: false, created_at: null }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="panel" aria-labelledby="profile-calendar">
      <h2 id="profile-calendar" className="section-title">{t('feed.title')}</h2>
      <p className="muted">{t('feed.intro')}</p>
      {feed.error ? <LoadError error={feed.error} onRetry={feed.reload} /> : null}
      {!feed.data && !feed.error ? <Loading /> : null}
      {feed.data ? (
        <p data-testid="feed-state">
          {feed.data.active
            ? t('feed.active_since', { at: feed.data.created_at ? formatDateTime(feed.data.created_at) : '' })
            : t('feed.inactive')}
        </p>
      ) : null}
      {secret ? (
        <div className="created-secret" role="region" aria-label={t('feed.created_title')}>
          <Notice kind="warning">{t('feed.shown_once')}</Notice>
          <CopyField id="feed-url" label={t('feed.url')} value={secret} hint={t('feed.url_hint')} />
          <Button small onClick={() => setSecret(null)}>{t('tokens.hide')}</Button>
        </div>
      ) : null}
      {error ? <Notice kind="error">{t(errorKey(error))}</Notice> : null}
      {feed.data ? (
        <div className="row-actions">
          {feed.data.active ? (
            <>
              <ConfirmButton variant="secondary" label={t('feed.reset')} question={t('feed.reset_question')} confirmLabel={t('feed.reset_confirm')} onConfirm={reset} />
              <ConfirmButton label={t('feed.revoke')} question={t('feed.revoke_question')} confirmLabel={t('feed.revoke_confirm')} onConfirm={revoke} />
            </>
          ) : (
            <Button variant="primary" busy={busy} onClick={() => void reset()}>{t('feed.create')}</Button>
          )}
        </div>
      ) : null}
    </section>
  );
}
