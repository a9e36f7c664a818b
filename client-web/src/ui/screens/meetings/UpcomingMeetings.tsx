// The team page's next meetings (meeting.upcoming for the team), with a link to the calendar.
// Hidden when the server has no meetings yet (unknown_op).
import { UPCOMING_MEETINGS_LIMIT } from '../../../config';
import { Link } from '../../components/Link';
import { LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { MEETING_ANSWER_KEYS } from '../../labels';
import { calendarHref, isUnavailable, meetingHref, OccurrenceTime } from './common';

export function UpcomingMeetings({ teamId }: { teamId: number }) {
  const t = useT();
  const { api } = useServices();
  const { user } = useSession();
  const list = useAsync(
    () => api.request('meeting.upcoming', { team_id: teamId, limit: UPCOMING_MEETINGS_LIMIT }).then((a) => a.occurrences),
    [api, teamId],
  );
  useOnReconnect(list.reload);
  useSocketEvent('meeting.updated', (ev) => {
    if (ev.meeting.team_id === teamId) list.reload();
  });
  useSocketEvent('meeting.answered', (ev) => {
    if (ev.answer.user_id === user?.id && list.data?.some((o) => o.meeting_id === ev.meeting_id)) list.reload();
  });
  if (isUnavailable(list.error)) return null;

  return (
    <section className="panel" aria-labelledby="team-meetings">
      <div className="panel__head">
        <h2 id="team-meetings" className="section-title">{t('meetings.upcoming')}</h2>
        <Link className="button button--small button--secondary" href={calendarHref(teamId)}>{t('meetings.open_calendar')}</Link>
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p className="muted">{t('meetings.upcoming_none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <ul className="upcoming" data-testid="upcoming-meetings">
          {list.data.map((o) => (
            <li key={`${o.meeting_id}/${o.occurrence}`} className="upcoming__item">
              <Link href={meetingHref(teamId, o.meeting_id, o.occurrence)}>{o.title}</Link>
              <span className="cell-sub">
                <OccurrenceTime occurrence={o} />
                {o.location ? ` · ${o.location}` : ''}
                {o.my_answer ? ` · ${t('meetings.my_answer_is', { answer: t(MEETING_ANSWER_KEYS[o.my_answer]) })}` : ` · ${t('meetings.not_answered_yet')}`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
