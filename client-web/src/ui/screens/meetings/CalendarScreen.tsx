// The team calendar: month, week and list views of the team's meeting occurrences (Monday
// first, ISO week numbers, today marked, cancelled ones struck through), the open time polls,
// and for facilitators the ways to plan a new meeting. Follows meeting.updated, meeting.answered
// and poll.updated for the team.
import { useMemo } from 'react';
import type { Occurrence } from '../../../protocol/meetings';
import {
  addDays, dayHeading, formatLocalDate, groupByOsloDate, isoWeek, isoWeekday, monthGrid, monthHeading, osloParts,
  sameMonth, stepDate, todayInOslo, viewRange, weekDays, weekdayName, weekHeading, type CalendarView,
  type LocalDate,
} from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import { Button } from '../../components/Button';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { MEETING_ANSWER_KEYS } from '../../labels';
import { clockRange, isUnavailable, meetingHref, OccurrenceTime } from './common';
import { TeamActionItems } from './ActionItems';
import { PollList } from './PollList';

const VIEW_KEYS = { month: 'calendar.view_month', week: 'calendar.view_week', list: 'calendar.view_list' } as const;

function Entry({ teamId, occ, compact }: { teamId: number; occ: Occurrence; compact: boolean }) {
  const t = useT();
  const label = (
    <>
      <span className="calendar-entry__time">{compact ? osloParts(occ.start_utc).time : clockRange(occ.start_utc, occ.end_utc)}</span>
      {' '}
      <span className="calendar-entry__title">{occ.title}</span>
    </>
  );
  return (
    <li className={occ.cancelled ? 'calendar-entry calendar-entry--cancelled' : 'calendar-entry'} data-testid="calendar-entry" data-cancelled={occ.cancelled ? 'yes' : 'no'}>
      <Link href={meetingHref(teamId, occ.meeting_id, occ.occurrence)}>
        {occ.cancelled ? <s>{label}</s> : label}
        {occ.cancelled ? <span className="visually-hidden"> ({t('meetings.cancelled')})</span> : null}
      </Link>
      {!compact && occ.location ? <span className="cell-sub">{occ.location}</span> : null}
      {!compact && occ.my_answer ? <span className="cell-sub">{t('meetings.my_answer_is', { answer: t(MEETING_ANSWER_KEYS[occ.my_answer]) })}</span> : null}
      {!compact && occ.recurring ? <span className="visually-hidden">{t('meetings.recurring')}</span> : null}
    </li>
  );
}

function MonthView({ teamId, date, today, byDate }: { teamId: number; date: LocalDate; today: LocalDate; byDate: Map<LocalDate, Occurrence[]> }) {
  const t = useT();
  const weeks = monthGrid(date);
  return (
    <div className="table-wrap">
      <table className="calendar-month" data-testid="calendar-month">
        <caption className="visually-hidden">{monthHeading(t, date)}</caption>
        <thead>
          <tr>
            <th scope="col" className="calendar-month__weekcol">{t('calendar.week_short')}</th>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <th scope="col" key={d}>
                <span aria-hidden="true">{weekdayName(t, d, true)}</span>
                <span className="visually-hidden">{weekdayName(t, d)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.days[0]}>
              <th scope="row" className="calendar-month__week" data-testid="calendar-week">
                <span className="visually-hidden">{t('calendar.week_label')} </span>{w.week}
              </th>
              {w.days.map((day) => {
                const list = byDate.get(day) ?? [];
                const classes = ['calendar-day'];
                if (!sameMonth(day, date)) classes.push('calendar-day--outside');
                if (day === today) classes.push('calendar-day--today');
                if (isoWeekday(day) >= 6) classes.push('calendar-day--weekend');
                return (
                  <td key={day} className={classes.join(' ')} aria-current={day === today ? 'date' : undefined} data-date={day}>
                    <span className="calendar-day__number" aria-hidden="true">{Number(day.slice(8, 10))}</span>
                    <span className="visually-hidden">
                      {dayHeading(t, day)}{day === today ? ` (${t('calendar.today')})` : ''}
                      {list.length === 0 ? `: ${t('calendar.no_meetings_day')}` : ''}
                    </span>
                    {list.length > 0 ? (
                      <ul className="calendar-day__list">
                        {list.map((o) => <Entry key={`${o.meeting_id}/${o.occurrence}`} teamId={teamId} occ={o} compact />)}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DayList({ teamId, days, today, byDate, showEmpty }: {
  teamId: number; days: LocalDate[]; today: LocalDate; byDate: Map<LocalDate, Occurrence[]>; showEmpty: boolean;
}) {
  const t = useT();
  const shown = showEmpty ? days : days.filter((d) => (byDate.get(d) ?? []).length > 0);
  if (shown.length === 0) return <p className="muted">{t('calendar.no_meetings_month')}</p>;
  return (
    <ol className="calendar-days">
      {shown.map((day) => {
        const list = byDate.get(day) ?? [];
        return (
          <li key={day} className={day === today ? 'calendar-days__day calendar-days__day--today' : 'calendar-days__day'} aria-current={day === today ? 'date' : undefined} data-date={day}>
            <h3 className="calendar-days__heading">
              {dayHeading(t, day)}
              {day === today ? <> <Badge tone="accent">{t('calendar.today')}</Badge></> : null}
            </h3>
            {list.length === 0 ? <p className="muted calendar-days__empty">{t('calendar.no_meetings_day')}</p> : (
              <ul className="calendar-days__list">
                {list.map((o) => <Entry key={`${o.meeting_id}/${o.occurrence}`} teamId={teamId} occ={o} compact={false} />)}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export default function CalendarScreen({ teamId, view, date }: { teamId: number; view: CalendarView; date: string | null }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const today = todayInOslo();
  const current = date ?? today;
  const range = viewRange(view, current);
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const list = useAsync(
    () => api.request('meeting.list', { team_id: teamId, from: range.from, to: range.to }).then((a) => a.occurrences),
    [api, teamId, range.from, range.to],
  );
  useOnReconnect(() => {
    team.reload();
    list.reload();
  });
  useSocketEvent('meeting.updated', (ev) => {
    if (ev.meeting.team_id === teamId) list.reload();
  });
  useSocketEvent('meeting.answered', (ev) => {
    // Only our own answer shows in the calendar.
    if (ev.answer.user_id === user?.id && list.data?.some((o) => o.meeting_id === ev.meeting_id)) list.reload();
  });

  const byDate = useMemo(() => groupByOsloDate(list.data ?? []), [list.data]);
  const go = (next: { view?: CalendarView; date?: string | null }) => {
    navigator.navigate(routeHref({ name: 'meetings', teamId, view: next.view ?? view, date: next.date === undefined ? date : next.date }));
  };
  const isFacilitator = user?.is_admin === true || team.data?.my_role === 'facilitator';
  const heading = view === 'week' ? weekHeading(t, current) : monthHeading(t, current);

  if (isUnavailable(list.error)) {
    return (
      <Page title={t('calendar.title')} eyebrow={<Link href={`/teams/${teamId}`}>{team.data?.name ?? t('drafts.back')}</Link>}>
        <Notice kind="info">{t('meetings.unavailable')}</Notice>
      </Page>
    );
  }

  let body;
  if (list.error) body = <LoadError error={list.error} onRetry={list.reload} />;
  else if (!list.data) body = <Loading />;
  else if (view === 'month') body = <MonthView teamId={teamId} date={current} today={today} byDate={byDate} />;
  else if (view === 'week') body = <DayList teamId={teamId} days={weekDays(current)} today={today} byDate={byDate} showEmpty />;
  else {
    const days: LocalDate[] = [];
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
    body = <DayList teamId={teamId} days={days} today={today} byDate={byDate} showEmpty={false} />;
  }

  const next = list.data?.find((o) => !o.cancelled && Date.parse(o.end_utc) > Date.now());

  return (
    <Page
      title={team.data ? t('calendar.title_team', { team: team.data.name }) : t('calendar.title')}
      eyebrow={<Link href={`/teams/${teamId}`}>{team.data?.name ?? t('drafts.back')}</Link>}
      actions={isFacilitator ? (
        <>
          <Link className="button button--primary" href={routeHref({ name: 'meeting_new', teamId, date: date && date > today ? date : null })}>{t('meetings.new')}</Link>
          <Link className="button button--secondary" href={routeHref({ name: 'poll_new', teamId })}>{t('polls.new')}</Link>
        </>
      ) : null}
    >
      <section className="panel calendar" aria-labelledby="calendar-heading">
        <div className="calendar__toolbar">
          <div className="row-actions" role="group" aria-label={t('calendar.navigation')}>
            <Button small onClick={() => go({ date: stepDate(view, current, -1) })} ariaLabel={view === 'week' ? t('calendar.prev_week') : t('calendar.prev_month')}>
              <span aria-hidden="true">‹ </span>{t('calendar.prev')}
            </Button>
            <Button small onClick={() => go({ date: null })} ariaPressed={date === null || date === today}>{t('calendar.today')}</Button>
            <Button small onClick={() => go({ date: stepDate(view, current, 1) })} ariaLabel={view === 'week' ? t('calendar.next_week') : t('calendar.next_month')}>
              {t('calendar.next')}<span aria-hidden="true"> ›</span>
            </Button>
          </div>
          <h2 id="calendar-heading" className="section-title calendar__heading" aria-live="polite">{heading}</h2>
          <div className="row-actions" role="group" aria-label={t('calendar.view')}>
            {(['month', 'week', 'list'] as const).map((v) => (
              <Button key={v} small variant="link" ariaPressed={v === view} onClick={() => go({ view: v })}>{t(VIEW_KEYS[v])}</Button>
            ))}
          </div>
        </div>
        {view !== 'week' ? null : <p className="muted calendar__sub">{t('calendar.week_of_year', { week: isoWeek(current).week, year: isoWeek(current).year })}</p>}
        {body}
        {next && view !== 'list' ? (
          <p className="calendar__next">
            {t('calendar.next_meeting')}{' '}
            <Link href={meetingHref(teamId, next.meeting_id, next.occurrence)}>{next.title}</Link>{', '}
            <OccurrenceTime occurrence={next} />
          </p>
        ) : null}
        <p className="muted calendar__tz">{t('calendar.timezone_note', { today: formatLocalDate(today) })}</p>
      </section>
      <PollList teamId={teamId} canCreate={isFacilitator} />
      <TeamActionItems teamId={teamId} />
    </Page>
  );
}
