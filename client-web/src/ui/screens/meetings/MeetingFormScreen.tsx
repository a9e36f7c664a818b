// The pages around MeetingForm: a new meeting (/teams/<id>/meetings/new?date=…) and an edit of
// a meeting, one occurrence, or this and the following ones (/teams/<id>/meetings/<m>/edit).
import { useMemo } from 'react';
import { DISPLAY_TIME_ZONE } from '../../../config';
import { isApiError } from '../../../protocol/errors';
import type { MeetingFields, MeetingScope } from '../../../protocol/meetings';
import { formatLocalDate, todayInOslo } from '../../../state/calendar';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT } from '../../hooks/useStores';
import { MEETING_SCOPE_KEYS } from '../../labels';
import { calendarHref, isUnavailable, meetingHref } from './common';
import { allSuppliers } from '../suppliers/common';
import {
  ALL_FIELDS, buildFields, changedFields, MeetingForm, meetingValues, newMeetingValues, OCCURRENCE_FIELDS,
  type AgendaLinkOption,
} from './MeetingForm';

function useTeamBits(teamId: number) {
  const { api } = useServices();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const members = useAsync(() => api.request('team.members', { team_id: teamId }).then((a) => a.members), [api, teamId]);
  // Agenda links: the team's drafts and chat topics, and the register's suppliers. Each is
  // optional: what cannot be loaded is simply not offered.
  const t = useT();
  const drafts = useAsync(async (): Promise<AgendaLinkOption[]> => {
    const [d, topics, sup] = await Promise.all([
      api.request('draft.list', { team_id: teamId }).then((a) => a.drafts, () => []),
      api.request('channel.list', { team_id: teamId }).then(
        (a) => Promise.all(a.channels.map((ch) => api.request('topic.list', { team_id: teamId, channel_id: ch.id })
          .then((x) => x.topics.map((tp) => ({ value: `topic:${tp.id}`, label: `${t('meetings.agenda_link_topic')}: #${ch.name} › ${tp.name}` })), () => []))),
        () => [],
      ),
      allSuppliers(api).catch(() => []),
    ]);
    return [
      ...d.map((x) => ({ value: `draft:${x.id}`, label: `${t('meetings.agenda_link_draft')}: ${x.identifier} ${x.title}` })),
      ...topics.flat(),
      ...sup.map((x) => ({ value: `supplier:${x.id}`, label: `${t('meetings.agenda_link_supplier')}: ${x.name}` })),
    ];
  }, [api, teamId, t]);
  return { team, members, drafts };
}

export function NewMeetingScreen({ teamId, date }: { teamId: number; date: string | null }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const { team, members, drafts } = useTeamBits(teamId);
  const initial = useMemo(() => newMeetingValues(date ?? todayInOslo()), [date]);
  const back = <Link href={calendarHref(teamId)}>{team.data ? t('calendar.title_team', { team: team.data.name }) : t('calendar.title')}</Link>;
  const error = team.error ?? members.error;
  if (error) return <Page title={t('meetings.new')} eyebrow={back}><LoadError error={error} onRetry={() => { team.reload(); members.reload(); }} /></Page>;
  if (!team.data || !members.data || !drafts.data) return <Loading />;
  if (!(user?.is_admin || team.data.my_role === 'facilitator')) {
    return <Page title={t('meetings.new')} eyebrow={back}><Notice kind="warning">{t('meetings.facilitators_only')}</Notice></Page>;
  }
  const submit = async (fields: MeetingFields) => {
    const res = await api.request('meeting.create', { team_id: teamId, ...fields });
    navigator.navigate(meetingHref(teamId, res.meeting.id));
  };
  return (
    <Page title={t('meetings.new')} eyebrow={back}>
      <section className="panel">
        <MeetingForm
          teamId={teamId} initial={initial} scope="create" members={members.data} links={drafts.data} tz={DISPLAY_TIME_ZONE}
          submitLabel={t('meetings.create_submit')} onSubmit={submit} onCancel={() => navigator.navigate(calendarHref(teamId))}
        />
      </section>
    </Page>
  );
}

export function EditMeetingScreen({ teamId, meetingId, scope: askedScope, occurrence }: {
  teamId: number; meetingId: number; scope: MeetingScope; occurrence: string | null;
}) {
  const t = useT();
  const { api, navigator } = useServices();
  const { team, members, drafts } = useTeamBits(teamId);
  const info = useAsync(
    () => api.request('meeting.get', { team_id: teamId, meeting_id: meetingId, ...(occurrence ? { occurrence } : {}) }),
    [api, teamId, meetingId, occurrence],
  );
  // One meeting (no rule): "this occurrence" is the whole meeting.
  const scope: MeetingScope = info.data && !info.data.meeting.recurrence ? 'series' : askedScope;
  const back = <Link href={meetingHref(teamId, meetingId, occurrence)}>{info.data?.occurrence.title ?? t('meetings.title_fallback')}</Link>;
  const title = info.data
    ? (info.data.meeting.recurrence ? t('meetings.edit_title_scope', { scope: t(MEETING_SCOPE_KEYS[scope]) }) : t('meetings.edit_title'))
    : t('meetings.edit_title');
  const initial = useMemo(() => {
    if (!info.data) return null;
    return meetingValues(info.data.meeting, scope === 'series' ? null : info.data.occurrence);
  }, [info.data, scope]);

  const error = info.error ?? team.error ?? members.error;
  if (error) {
    return (
      <Page title={title} eyebrow={back}>
        {isUnavailable(error) ? <Notice kind="info">{t('meetings.unavailable')}</Notice>
          : isApiError(error, 'not_found') ? <Notice kind="error">{t('meetings.not_found')}</Notice>
            : <LoadError error={error} onRetry={() => { info.reload(); team.reload(); members.reload(); }} />}
      </Page>
    );
  }
  if (!info.data || !initial || !members.data || !drafts.data) return <Loading />;
  const data = info.data;
  if (!data.can_edit) return <Page title={title} eyebrow={back}><Notice kind="warning">{t('meetings.facilitators_only')}</Notice></Page>;
  const submit = async (fields: MeetingFields) => {
    const before = buildFields(initial, t).fields;
    const changed = changedFields(fields, before, scope === 'occurrence' ? OCCURRENCE_FIELDS : ALL_FIELDS);
    if (Object.keys(changed).length === 0) {
      navigator.navigate(meetingHref(teamId, meetingId, occurrence));
      return;
    }
    const res = await api.request('meeting.update', {
      team_id: teamId, meeting_id: meetingId, scope, ...(scope === 'series' ? {} : { occurrence: data.occurrence.occurrence }), ...changed,
    });
    if (scope === 'following') navigator.navigate(meetingHref(teamId, res.meeting.id));
    else navigator.navigate(meetingHref(teamId, res.meeting.id, scope === 'occurrence' ? data.occurrence.occurrence : occurrence));
  };

  return (
    <Page title={title} eyebrow={back}>
      {scope === 'occurrence' ? <Notice kind="info">{t('meetings.editing_occurrence', { date: formatLocalDate(data.occurrence.occurrence) })}</Notice> : null}
      {scope === 'following' ? <Notice kind="info">{t('meetings.editing_following', { date: formatLocalDate(data.occurrence.occurrence) })}</Notice> : null}
      <section className="panel">
        <MeetingForm
          teamId={teamId} initial={initial} scope={scope} members={members.data} links={drafts.data} tz={data.meeting.tz}
          submitLabel={t('meetings.save_changes')} onSubmit={submit} onCancel={() => navigator.navigate(meetingHref(teamId, meetingId, occurrence))}
        />
      </section>
    </Page>
  );
}
