// One occurrence of a meeting: when and where (Oslo time), the agenda, everyone's answers (the
// caller's own answer form; for facilitators who said what, who has not answered, and the
// attendance after the start), the minutes, action items, bound topics, the iCalendar file, and
// editing and cancelling with the scope choice of a series. Follows meeting.updated and
// meeting.answered live.
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { isApiError } from '../../../protocol/errors';
import {
  answerCounts, MEETING_ANSWERS, meetingIcsPath, upsertAnswer, type AgendaItem, type MeetingAnswer,
  type MeetingAnswerValue, type MeetingGetAnswer, type MeetingScope,
} from '../../../protocol/meetings';
import { describeRecurrence, splitLocalDateTime } from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { MEETING_ANSWER_KEYS, MEETING_SCOPE_KEYS } from '../../labels';
import { draftHref } from '../drafts/DraftList';
import { ActionItemList } from './ActionItems';
import { calendarHref, formErrorText, isUnavailable, meetingHref, OccurrenceTime } from './common';

const COMMENT_MAX = 500;

function AnswerForm({ data, myRow, onSaved }: { data: MeetingGetAnswer; myRow: MeetingAnswer | null; onSaved: (a: MeetingAnswer) => void }) {
  const t = useT();
  const { api } = useServices();
  const [answer, setAnswer] = useState<MeetingAnswerValue | ''>(myRow?.answer ?? '');
  const [comment, setComment] = useState(myRow?.comment ?? '');
  const [saved, setSaved] = useState(false);
  const [choiceError, setChoiceError] = useState(false);
  const submit = useSubmit();
  // Another tab (or the facilitator's attendance) may change our row: follow it.
  useEffect(() => {
    setAnswer(myRow?.answer ?? '');
    setComment(myRow?.comment ?? '');
  }, [myRow?.answer, myRow?.comment]);

  const onSubmit = () => submit.run(async () => {
    setSaved(false);
    if (answer === '') {
      setChoiceError(true);
      document.getElementById('my-answer-yes')?.focus();
      return;
    }
    setChoiceError(false);
    const res = await api.request('meeting.answer', {
      team_id: data.meeting.team_id, meeting_id: data.meeting.id, occurrence: data.occurrence.occurrence,
      answer, comment: comment.trim(),
    });
    onSaved(res.answer);
    setSaved(true);
  });

  return (
    <section className="panel" aria-labelledby="my-answer-heading">
      <h2 id="my-answer-heading" className="section-title">{t('meetings.my_answer')}</h2>
      <Form onSubmit={onSubmit} error={formErrorText(t, submit.error)} success={saved ? t('meetings.answer_saved') : null} labelledBy="my-answer-heading">
        <RadioGroup
          name="my-answer" legend={t('meetings.will_you_come')} value={answer}
          onChange={(v) => { setAnswer(v as MeetingAnswerValue); setSaved(false); }}
          options={MEETING_ANSWERS.map((a) => ({ value: a, label: t(MEETING_ANSWER_KEYS[a]) }))}
        />
        {choiceError ? <p className="field__error" role="alert">{t('validation.choose')}</p> : null}
        <TextAreaField
          id="my-answer-comment" label={t('meetings.comment')} optionalText={t('common.optional')} value={comment}
          onChange={(v) => { setComment(v); setSaved(false); }} maxLength={COMMENT_MAX} rows={2}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('meetings.save_answer')}</Button>
          {myRow?.answered_at ? <span className="muted">{t('meetings.answered_at', { at: formatDateTime(myRow.answered_at) })}</span> : null}
        </div>
      </Form>
    </section>
  );
}

function AnswerCounts({ answers }: { answers: MeetingAnswer[] }) {
  const t = useT();
  const c = answerCounts(answers);
  return (
    <dl className="facts answer-counts" data-testid="answer-counts">
      <div><dt>{t('meetings.answer_yes')}</dt><dd data-count="yes">{c.yes}</dd></div>
      <div><dt>{t('meetings.answer_maybe')}</dt><dd data-count="maybe">{c.maybe}</dd></div>
      <div><dt>{t('meetings.answer_no')}</dt><dd data-count="no">{c.no}</dd></div>
      <div><dt>{t('meetings.not_answered')}</dt><dd data-count="none">{c.none}</dd></div>
    </dl>
  );
}

function AnswerTable({ answers, showAttendance }: { answers: MeetingAnswer[]; showAttendance: boolean }) {
  const t = useT();
  const answered = answers.filter((a) => a.answer !== null);
  const missing = answers.filter((a) => a.answer === null);
  return (
    <>
      {answered.length === 0 ? <p className="muted">{t('meetings.no_answers')}</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="answer-table">
            <caption className="visually-hidden">{t('meetings.answers')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.display_name')}</th>
                <th scope="col">{t('meetings.answer')}</th>
                <th scope="col">{t('meetings.comment')}</th>
                <th scope="col">{t('meetings.answered')}</th>
                {showAttendance ? <th scope="col">{t('meetings.attended')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {answered.map((a) => (
                <tr key={a.user_id} data-user={a.display_name} data-answer={a.answer ?? ''}>
                  <th scope="row">
                    {a.display_name}
                    {a.guest ? <> <Badge tone="muted">{t('meetings.guest')}</Badge></> : null}
                    {a.org_name ? <span className="cell-sub">{a.org_name}</span> : null}
                  </th>
                  <td><span className={`answer answer--${a.answer}`}>{a.answer ? t(MEETING_ANSWER_KEYS[a.answer]) : ''}</span></td>
                  <td className="answer-comment">{a.comment}</td>
                  <td>{a.answered_at ? formatDateTime(a.answered_at) : ''}</td>
                  {showAttendance ? <td>{a.attended === null ? '–' : a.attended ? t('common.yes') : t('common.no')}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="subsection-title">{t('meetings.not_answered_list', { count: missing.length })}</h3>
      {missing.length === 0 ? <p className="muted">{t('meetings.all_answered')}</p> : (
        <ul className="name-list" data-testid="not-answered">
          {missing.map((a) => <li key={a.user_id}>{a.display_name}{a.guest ? ` (${t('meetings.guest')})` : ''}</li>)}
        </ul>
      )}
    </>
  );
}

function AttendanceForm({ data, answers, onSaved }: { data: MeetingGetAnswer; answers: MeetingAnswer[]; onSaved: (list: MeetingAnswer[]) => void }) {
  const t = useT();
  const { api } = useServices();
  const initial = () => new Set(answers.filter((a) => a.attended ?? a.answer === 'yes').map((a) => a.user_id));
  const [present, setPresent] = useState<Set<number>>(initial);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const onSubmit = () => submit.run(async () => {
    setSaved(false);
    const res = await api.request('meeting.attendance', {
      team_id: data.meeting.team_id, meeting_id: data.meeting.id, occurrence: data.occurrence.occurrence, attended: [...present],
    });
    onSaved(res.answers);
    setSaved(true);
  });
  return (
    <section className="panel" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading" className="section-title">{t('meetings.attendance')}</h2>
      <p className="muted">{t('meetings.attendance_hint')}</p>
      <Form onSubmit={onSubmit} error={formErrorText(t, submit.error)} success={saved ? t('meetings.attendance_saved') : null} labelledBy="attendance-heading">
        <fieldset className="fieldset attendance-list">
          <legend className="visually-hidden">{t('meetings.attended')}</legend>
          {answers.map((a) => (
            <CheckboxField
              key={a.user_id} id={`attended-${a.user_id}`} label={a.display_name} checked={present.has(a.user_id)}
              onChange={(on) => {
                setSaved(false);
                setPresent((cur) => {
                  const next = new Set(cur);
                  if (on) next.add(a.user_id);
                  else next.delete(a.user_id);
                  return next;
                });
              }}
            />
          ))}
        </fieldset>
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('meetings.save_attendance')}</Button>
        </div>
      </Form>
    </section>
  );
}

function Agenda({ teamId, items, topics }: { teamId: number; items: AgendaItem[]; topics: MeetingGetAnswer['meeting']['topics'] }) {
  const t = useT();
  const total = items.reduce((sum, i) => sum + (i.minutes ?? 0), 0);
  const linkOf = (item: AgendaItem) => {
    if (!item.link) return null;
    if (item.link.kind === 'draft') return <Link href={draftHref({ team_id: teamId, id: item.link.id })}>{item.link.label}</Link>;
    if (item.link.kind === 'topic') {
      const topic = topics.find((tp) => tp.topic_id === item.link!.id);
      return topic
        ? <Link href={`/teams/${teamId}?channel=${topic.channel_id}&topic=${encodeURIComponent(topic.name)}`}>{item.link.label}</Link>
        : <span>{item.link.label}</span>;
    }
    return <span>{item.link.label}</span>;
  };
  return (
    <section className="panel" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading" className="section-title">{t('meetings.agenda')}</h2>
      {items.length === 0 ? <p className="muted">{t('meetings.agenda_empty')}</p> : (
        <>
          <ol className="agenda" data-testid="agenda">
            {items.map((item, i) => (
              <li key={i} className="agenda__item">
                <span className="agenda__title">{item.title}</span>
                <span className="cell-sub">
                  {[
                    item.owner_name ? t('meetings.agenda_owner', { name: item.owner_name }) : null,
                    item.minutes !== null ? t('meetings.minutes_n', { minutes: item.minutes }) : null,
                  ].filter(Boolean).join(' · ')}
                </span>
                {item.link ? <span className="cell-sub">{t('meetings.agenda_link')}: {linkOf(item)}</span> : null}
              </li>
            ))}
          </ol>
          {total > 0 ? <p className="muted">{t('meetings.agenda_total', { minutes: total })}</p> : null}
        </>
      )}
    </section>
  );
}

function ScopeAction({ kind, recurring, onChoose, busy }: {
  kind: 'edit' | 'cancel'; recurring: boolean; onChoose: (scope: MeetingScope) => Promise<void> | void; busy: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<MeetingScope>('occurrence');
  const groupRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLSpanElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Into the choice when it opens, back to the button when it closes.
    if (open) groupRef.current?.querySelector<HTMLElement>('input:checked, button')?.focus();
    else if (wasOpen.current) buttonRef.current?.querySelector('button')?.focus();
    wasOpen.current = open;
  }, [open]);
  const id = `meeting-${kind}-scope`;
  const label = kind === 'edit' ? t('common.edit') : t('meetings.cancel_meeting');
  if (!open) {
    return (
      <span ref={buttonRef}>
        <Button small variant={kind === 'cancel' ? 'danger' : 'secondary'} onClick={() => setOpen(true)}>
          {label}
        </Button>
      </span>
    );
  }
  return (
    <div id={id} ref={groupRef} className="scope-choice" role="group" aria-label={kind === 'edit' ? t('meetings.edit_which') : t('meetings.cancel_which')}>
      {recurring ? (
        <RadioGroup
          name={`${kind}-scope`} legend={kind === 'edit' ? t('meetings.edit_which') : t('meetings.cancel_which')} value={scope}
          onChange={(v) => setScope(v as MeetingScope)}
          options={(['occurrence', 'following', 'series'] as const).map((s) => ({ value: s, label: t(MEETING_SCOPE_KEYS[s]) }))}
        />
      ) : <p className="confirm__question">{kind === 'edit' ? t('meetings.edit_question') : t('meetings.cancel_question')}</p>}
      <div className="row-actions">
        <Button small variant={kind === 'cancel' ? 'danger' : 'primary'} busy={busy} onClick={() => void onChoose(recurring ? scope : 'series')}>
          {kind === 'edit' ? t('meetings.edit_continue') : t('meetings.cancel_confirm')}
        </Button>
        <Button small onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
      </div>
    </div>
  );
}

export default function MeetingScreen({ teamId, meetingId, occurrence }: { teamId: number; meetingId: number; occurrence: string | null }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const info = useAsync(
    () => api.request('meeting.get', { team_id: teamId, meeting_id: meetingId, ...(occurrence ? { occurrence } : {}) }),
    [api, teamId, meetingId, occurrence],
  );
  const [actionError, setActionError] = useState<unknown>(null);
  const [cancelBusy, setCancelBusy] = useState(false);
  const [minutesBusy, setMinutesBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [, setTick] = useState(0);

  useOnReconnect(() => info.reload());
  useSocketEvent('meeting.updated', (ev) => {
    if (ev.meeting.id === meetingId) info.reload();
  });
  useSocketEvent('meeting.answered', (ev) => {
    const key = info.data?.occurrence.occurrence;
    if (ev.meeting_id !== meetingId || ev.occurrence !== key) return;
    info.setData((cur) => (cur ? { ...cur, answers: upsertAnswer(cur.answers, ev.answer) } : cur));
  });
  // The answer form closes at the end and attendance opens at the start: look again each minute.
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const back = <Link href={calendarHref(teamId)}>{team.data ? t('calendar.title_team', { team: team.data.name }) : t('calendar.title')}</Link>;
  if (info.error) {
    return (
      <Page title={t('meetings.title_fallback')} eyebrow={back}>
        {isUnavailable(info.error) ? <Notice kind="info">{t('meetings.unavailable')}</Notice>
          : isApiError(info.error, 'not_found') ? <Notice kind="error">{t('meetings.not_found')}</Notice>
            : <LoadError error={info.error} onRetry={info.reload} />}
      </Page>
    );
  }
  if (!info.data) return <Loading />;

  const data = info.data;
  const { meeting, occurrence: occ } = data;
  const now = Date.now();
  const started = Date.parse(occ.start_utc) <= now;
  const ended = Date.parse(occ.end_utc) <= now;
  const myRow = data.answers.find((a) => a.user_id === user?.id) ?? null;
  const canWrite = user?.is_admin === true || team.data?.my_role === 'member' || team.data?.my_role === 'facilitator';
  const recurrenceText = describeRecurrence(t, meeting.recurrence, splitLocalDateTime(meeting.start).date);

  const cancel = async (scope: MeetingScope) => {
    setActionError(null);
    setCancelBusy(true);
    try {
      await api.request('meeting.cancel', {
        team_id: teamId, meeting_id: meetingId, scope, ...(scope === 'series' ? {} : { occurrence: occ.occurrence }),
      });
      setNotice(t('meetings.cancelled_notice'));
      info.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setCancelBusy(false);
    }
  };
  const edit = (scope: MeetingScope) => {
    navigator.navigate(routeHref({
      name: 'meeting_edit', teamId, meetingId, scope, occurrence: scope === 'series' && !meeting.recurrence ? null : occ.occurrence,
    }));
  };
  const openMinutes = async () => {
    setActionError(null);
    setMinutesBusy(true);
    try {
      const res = await api.request('meeting.minutes', { team_id: teamId, meeting_id: meetingId, occurrence: occ.occurrence });
      navigator.navigate(draftHref(res.draft));
    } catch (e) {
      setActionError(e);
      setMinutesBusy(false);
    }
  };

  return (
    <Page
      title={occ.title}
      eyebrow={back}
      actions={
        <span className="badges">
          {occ.cancelled ? <Badge tone="warning">{t('meetings.cancelled')}</Badge> : null}
          {occ.moved ? <Badge>{t('meetings.moved')}</Badge> : null}
          {occ.is_open ? <Badge tone="accent">{t('meetings.open_meeting')}</Badge> : null}
          {occ.recurring ? <Badge tone="muted">{t('meetings.recurring')}</Badge> : null}
        </span>
      }
    >
      {occ.cancelled ? <Notice kind="warning">{t('meetings.cancelled_banner')}</Notice> : null}
      {notice && !occ.cancelled ? <Notice kind="success">{notice}</Notice> : null}
      <section className="panel meeting-summary" aria-labelledby="meeting-when">
        <h2 id="meeting-when" className="visually-hidden">{t('meetings.details')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('meetings.time')}</dt>
            <dd data-testid="meeting-time">{occ.cancelled ? <s><OccurrenceTime occurrence={occ} /></s> : <OccurrenceTime occurrence={occ} />}</dd>
          </div>
          {occ.location ? <div><dt>{t('meetings.location')}</dt><dd>{occ.location}</dd></div> : null}
          {occ.video_url ? (
            <div><dt>{t('meetings.video')}</dt><dd><a href={occ.video_url} target="_blank" rel="noopener noreferrer">{t('meetings.join_video')}</a></dd></div>
          ) : null}
          {recurrenceText ? <div><dt>{t('meetings.recurrence')}</dt><dd data-testid="meeting-recurrence">{recurrenceText}</dd></div> : null}
          <div><dt>{t('meetings.open_meeting')}</dt><dd>{occ.is_open ? t('meetings.open_yes') : t('meetings.open_no')}</dd></div>
          <div><dt>{t('meetings.organiser')}</dt><dd>{meeting.created_by_name}</dd></div>
        </dl>
        {occ.tz !== 'Europe/Oslo' ? <p className="muted">{t('meetings.other_tz', { tz: occ.tz })}</p> : null}
        {occ.description ? <p className="prose">{occ.description}</p> : null}
        {meeting.guests.length > 0 ? (
          <p><span className="field__label">{t('meetings.guests')}:</span> {meeting.guests.map((g) => g.display_name).join(', ')}</p>
        ) : null}
        <div className="row-actions meeting-actions">
          <a className="button button--small button--secondary" href={meetingIcsPath(meeting.id)} download>{t('meetings.add_to_calendar')}</a>
          {data.minutes ? (
            <Link className="button button--small button--secondary" href={draftHref({ team_id: teamId, id: data.minutes.draft_id })}>
              {t('meetings.minutes_open', { identifier: data.minutes.identifier })}
            </Link>
          ) : canWrite && !occ.cancelled ? (
            <Button small busy={minutesBusy} onClick={() => void openMinutes()}>{t('meetings.minutes_write')}</Button>
          ) : null}
          {data.can_edit && !occ.cancelled ? (
            <>
              <ScopeAction kind="edit" recurring={occ.recurring} busy={false} onChoose={edit} />
              <ScopeAction kind="cancel" recurring={occ.recurring} busy={cancelBusy} onChoose={cancel} />
            </>
          ) : null}
        </div>
        {actionError ? <p className="notice notice--error" role="alert">{formErrorText(t, actionError) ?? t(errorKey(actionError))}</p> : null}
      </section>

      {data.can_answer && !occ.cancelled && !ended ? <AnswerForm data={data} myRow={myRow} onSaved={(a) => info.setData((cur) => (cur ? { ...cur, answers: upsertAnswer(cur.answers, a) } : cur))} /> : null}
      {data.can_answer && ended && !occ.cancelled ? <Notice kind="info">{t('meetings.ended_no_answer')}</Notice> : null}

      <section className="panel" aria-labelledby="answers-heading">
        <h2 id="answers-heading" className="section-title">{t('meetings.answers')}</h2>
        <AnswerCounts answers={data.answers} />
        {data.can_edit ? <AnswerTable answers={data.answers} showAttendance={started} /> : null}
      </section>

      {data.can_edit && started && !occ.cancelled ? (
        <AttendanceForm
          key={`${occ.occurrence}`} data={data} answers={data.answers}
          onSaved={(list) => info.setData((cur) => (cur ? { ...cur, answers: list } : cur))}
        />
      ) : null}

      <Agenda teamId={teamId} items={meeting.agenda} topics={meeting.topics} />

      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading" className="section-title">{t('meetings.action_items')}</h2>
        {data.actions.length === 0 ? <p className="muted">{t('meetings.action_items_none')}</p> : <ActionItemList teamId={teamId} items={data.actions} withSource={false} />}
      </section>

      <section className="panel" aria-labelledby="topics-heading">
        <h2 id="topics-heading" className="section-title">{t('meetings.topics')}</h2>
        {meeting.topics.length === 0 ? <p className="muted">{t('meetings.topics_none')}</p> : (
          <ul>
            {meeting.topics.map((tp) => (
              <li key={tp.topic_id}>
                <Link href={`/teams/${teamId}?channel=${tp.channel_id}&topic=${encodeURIComponent(tp.name)}`}>{tp.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {occ.recurring ? <p className="meeting-page__series"><Link href={meetingHref(teamId, meetingId)}>{t('meetings.next_occurrence_link')}</Link></p> : null}
    </Page>
  );
}
