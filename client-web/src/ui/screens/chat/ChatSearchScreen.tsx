// Search over the team's messages: text, channel, author, dates (typed dd.mm.yyyy like every
// date field of the app, sent as YYYY-MM-DD, days in Europe/Oslo), order. Snippets come from the server with <mark> around hits and are
// sanitised again here, keeping nothing but <mark>.
import { useState, type FormEvent } from 'react';
import { SEARCH_LIMIT } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import type { SearchResult } from '../../../protocol/chat';
import { isApiError } from '../../../protocol/errors';
import { dateFromField } from '../../../state/calendar';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { markdown } from '../../markdown';

export function ChatSearchScreen({ teamId }: { teamId: number }) {
  const t = useT();
  const { api } = useServices();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const channels = useAsync(() => api.request('channel.list', { team_id: teamId }).then((a) => a.channels), [api, teamId]);
  const members = useAsync(() => api.request('team.members', { team_id: teamId }).then((a) => a.members), [api, teamId]);
  const [query, setQuery] = useState('');
  const [channelId, setChannelId] = useState('');
  const [authorId, setAuthorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [order, setOrder] = useState<'relevance' | 'time'>('relevance');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [dateErrors, setDateErrors] = useState<{ from?: string; to?: string }>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const queryError = query.trim() === '' ? t('validation.required') : null;
    const fromDay = dateFromField(from);
    const toDay = dateFromField(to);
    const found: { from?: string; to?: string } = {};
    if (fromDay === undefined) found.from = t('meetings.invalid_date');
    if (toDay === undefined) found.to = t('meetings.invalid_date');
    else if (fromDay && toDay && toDay < fromDay) found.to = t('search.to_before_from');
    setFormError(queryError);
    setDateErrors(found);
    const first = queryError ? 'search-query' : found.from ? 'search-from' : found.to ? 'search-to' : null;
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const a = await api.request('chat.search', {
        query: query.trim(), team_id: teamId, order, limit: SEARCH_LIMIT,
        ...(channelId ? { channel_id: Number(channelId) } : {}),
        ...(authorId ? { author_id: Number(authorId) } : {}),
        ...(fromDay ? { from: fromDay } : {}),
        ...(toDay ? { to: toDay } : {}),
      });
      setResults(a.results);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (team.error) return <Page title={t('search.title')}><LoadError error={team.error} onRetry={team.reload} /></Page>;
  if (!team.data) return <Loading />;
  if (channels.error && isApiError(channels.error, 'unknown_op')) {
    return <Page title={t('search.title')}><Notice kind="info">{t('chat.unavailable')}</Notice></Page>;
  }
  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? '';
  return (
    <Page title={t('search.title')} eyebrow={<Link href={`/teams/${teamId}`}>{team.data.name}</Link>}>
      <form className="search-form" onSubmit={(e) => void submit(e)} role="search" noValidate>
        <div className="field">
          <label htmlFor="search-query" className="field__label">{t('search.query')}</label>
          <p id="search-query-hint" className="field__hint">{t('search.query_hint')}</p>
          <input id="search-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)}
            aria-describedby={`search-query-hint${formError ? ' search-query-error' : ''}`} aria-invalid={formError ? true : undefined} />
          {formError ? <p id="search-query-error" className="field__error">{formError}</p> : null}
        </div>
        <div className="search-form__filters">
          <div className="field">
            <label htmlFor="search-channel" className="field__label">{t('search.channel')}</label>
            <select id="search-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              <option value="">{t('search.all_channels')}</option>
              {channels.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-author" className="field__label">{t('search.author')}</label>
            <select id="search-author" value={authorId} onChange={(e) => setAuthorId(e.target.value)}>
              <option value="">{t('search.all_authors')}</option>
              {members.data?.map((m) => <option key={m.user_id} value={m.user_id}>{m.display_name}</option>)}
            </select>
          </div>
          <TextField id="search-from" label={t('search.from')} hint={t('meetings.date_hint')} optionalText={t('common.optional')}
            value={from} onChange={setFrom} error={dateErrors.from} autoComplete="off" />
          <TextField id="search-to" label={t('search.to')} hint={t('meetings.date_hint')} optionalText={t('common.optional')}
            value={to} onChange={setTo} error={dateErrors.to} autoComplete="off" />
          <div className="field">
            <label htmlFor="search-order" className="field__label">{t('search.order')}</label>
            <select id="search-order" value={order} onChange={(e) => setOrder(e.target.value as 'relevance' | 'time')}>
              <option value="relevance">{t('search.order_relevance')}</option>
              <option value="time">{t('search.order_time')}</option>
            </select>
          </div>
        </div>
        <Button type="submit" variant="primary" busy={busy}>{t('search.submit')}</Button>
      </form>
      {error ? <LoadError error={error} /> : null}
      {results ? (
        <section aria-labelledby="search-results-heading" className="search-results">
          <h2 id="search-results-heading" role="status">{t('search.count', { count: results.length })}</h2>
          <ol>
            {results.map((r) => (
              <li key={`${r.message.channel_id}:${r.message.seq}`} className="search-result">
                <p className="search-result__meta">
                  <Link href={`/teams/${teamId}?channel=${r.message.channel_id}&topic=${encodeURIComponent(r.message.topic)}`}>
                    # {channelName(r.message.channel_id)} › {r.message.topic}
                  </Link>
                  {' · '}{r.message.author_name}{' · '}{formatDateTime(r.message.created_at)}
                </p>
                <p className="search-result__snippet" data-testid="search-snippet" dangerouslySetInnerHTML={{ __html: markdown().snippet(r.snippet) }} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Page>
  );
}
