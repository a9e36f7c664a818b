// The team's time polls (open ones, or all), live from poll.updated.
import { useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import type { Poll } from '../../../protocol/meetings';
import { Button } from '../../components/Button';
import { Link } from '../../components/Link';
import { Badge, LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { POLL_STATUS_KEYS } from '../../labels';
import { isUnavailable, pollHref } from './common';
import { routeHref } from '../../../state/router';

function upsertPoll(list: Poll[] | undefined, poll: Poll, includeClosed: boolean): Poll[] {
  const rest = (list ?? []).filter((p) => p.id !== poll.id);
  if (!includeClosed && poll.status !== 'open') return rest;
  return [poll, ...rest].sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export function PollList({ teamId, canCreate }: { teamId: number; canCreate: boolean }) {
  const t = useT();
  const { api } = useServices();
  const [includeClosed, setIncludeClosed] = useState(false);
  const polls = useAsync(
    () => api.request('poll.list', { team_id: teamId, include_closed: includeClosed }).then((a) => a.polls),
    [api, teamId, includeClosed],
  );
  useOnReconnect(polls.reload);
  useSocketEvent('poll.updated', (ev) => {
    if (ev.poll.team_id === teamId) polls.setData((cur) => upsertPoll(cur, ev.poll, includeClosed));
  });
  if (isUnavailable(polls.error)) return null;

  return (
    <section className="panel" aria-labelledby="team-polls">
      <div className="panel__head">
        <h2 id="team-polls" className="section-title">{t('polls.title')}</h2>
        <div className="row-actions">
          <Button small ariaPressed={includeClosed} onClick={() => setIncludeClosed((v) => !v)}>{t('polls.show_closed')}</Button>
          {canCreate ? <Link className="button button--small button--secondary" href={routeHref({ name: 'poll_new', teamId })}>{t('polls.new')}</Link> : null}
        </div>
      </div>
      {polls.error ? <LoadError error={polls.error} onRetry={polls.reload} /> : null}
      {!polls.data && !polls.error ? <Loading /> : null}
      {polls.data && polls.data.length === 0 ? <p className="muted">{includeClosed ? t('polls.none_any') : t('polls.none')}</p> : null}
      {polls.data && polls.data.length > 0 ? (
        <ul className="poll-list" data-testid="poll-list">
          {polls.data.map((p) => (
            <li key={p.id} className="poll-list__item">
              <Link href={pollHref(teamId, p.id)}>{p.title}</Link>{' '}
              <Badge tone={p.status === 'open' ? 'accent' : 'muted'}>{t(POLL_STATUS_KEYS[p.status])}</Badge>
              <span className="cell-sub">
                {t('polls.summary', { slots: p.slots.length, respondents: p.respondents, by: p.created_by_name, at: formatDateTime(p.created_at) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
