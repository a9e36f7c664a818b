// Time polls: a facilitator proposes several times (slots); the team answers yes / if need be /
// no per slot in a grid that follows poll.updated live; the facilitator closes the poll or picks
// a slot, which creates the meeting (poll.decide) and takes them to it.
import { useMemo, useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { isApiError } from '../../../protocol/errors';
import { POLL_ANSWERS, type PollAnswerValue, type PollSlot } from '../../../protocol/meetings';
import {
  addDays, formatLocalDate, isoWeekday, joinLocalDateTime, osloParts, parseDateInput, parseTimeInput, timeMinutes,
  todayInOslo, weekdayName,
} from '../../../state/calendar';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CheckboxField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { POLL_ANSWER_KEYS, POLL_STATUS_KEYS } from '../../labels';
import { calendarHref, formErrorText, isUnavailable, meetingHref, pollHref, timeRangeText } from './common';
import { MEETING_LOCATION_MAX, MEETING_TITLE_MAX, MEETING_VIDEO_URL_MAX } from './MeetingForm';

const SLOTS_MAX = 30;

interface SlotRow {
  key: number;
  date: string;
  start: string;
  end: string;
}

let slotKeys = 0;

type SlotErrors = Record<number, { date?: string; start?: string; end?: string }>;

export function NewPollScreen({ teamId }: { teamId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const firstDate = addDays(todayInOslo(), 7);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [isOpen, setIsOpen] = useState(false);
  const [slots, setSlots] = useState<SlotRow[]>(() => [{ key: ++slotKeys, date: formatLocalDate(firstDate), start: '09:00', end: '10:00' }]);
  const [titleError, setTitleError] = useState<string | undefined>();
  const [slotErrors, setSlotErrors] = useState<SlotErrors>({});
  const [listError, setListError] = useState<string | null>(null);
  const submit = useSubmit();
  const back = <Link href={calendarHref(teamId)}>{team.data ? t('calendar.title_team', { team: team.data.name }) : t('calendar.title')}</Link>;

  if (team.error) return <Page title={t('polls.new')} eyebrow={back}><LoadError error={team.error} onRetry={team.reload} /></Page>;
  if (!team.data) return <Loading />;
  if (!(user?.is_admin || team.data.my_role === 'facilitator')) {
    return <Page title={t('polls.new')} eyebrow={back}><Notice kind="warning">{t('meetings.facilitators_only')}</Notice></Page>;
  }

  const update = (key: number, patch: Partial<SlotRow>) => setSlots((cur) => cur.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const addSlot = () => {
    const last = slots[slots.length - 1];
    const lastDate = last ? parseDateInput(last.date) : null;
    const key = ++slotKeys;
    setSlots([...slots, {
      key, date: formatLocalDate(lastDate ? addDays(lastDate, 1) : firstDate), start: last?.start ?? '09:00', end: last?.end ?? '10:00',
    }]);
    window.setTimeout(() => document.getElementById(`poll-slot-${key}-date`)?.focus(), 0);
  };

  const onSubmit = () => submit.run(async () => {
    const errs: SlotErrors = {};
    const out: { start: string; end: string }[] = [];
    const seen = new Set<string>();
    let duplicate = false;
    for (const s of slots) {
      const date = parseDateInput(s.date);
      const start = parseTimeInput(s.start);
      const end = parseTimeInput(s.end);
      const e: SlotErrors[number] = {};
      if (!date) e.date = t('meetings.invalid_date');
      if (!start) e.start = t('meetings.invalid_time');
      if (!end) e.end = t('meetings.invalid_time');
      else if (start && timeMinutes(end) <= timeMinutes(start)) e.end = t('meetings.end_before_start');
      if (e.date || e.start || e.end) errs[s.key] = e;
      else {
        const slot = { start: joinLocalDateTime(date!, start!), end: joinLocalDateTime(date!, end!) };
        const id = `${slot.start}/${slot.end}`;
        if (seen.has(id)) duplicate = true;
        seen.add(id);
        out.push(slot);
      }
    }
    const tErr = title.trim() === '' ? t('validation.required') : undefined;
    setTitleError(tErr);
    setSlotErrors(errs);
    const lErr = slots.length === 0 ? t('polls.slots_required') : duplicate ? t('polls.slots_duplicate') : null;
    setListError(lErr);
    if (tErr) {
      document.getElementById('poll-title')?.focus();
      return;
    }
    const firstBad = slots.find((s) => errs[s.key]);
    if (firstBad) {
      const e = errs[firstBad.key]!;
      document.getElementById(`poll-slot-${firstBad.key}-${e.date ? 'date' : e.start ? 'start' : 'end'}`)?.focus();
      return;
    }
    if (lErr) {
      document.getElementById('poll-slot-add')?.focus();
      return;
    }
    const res = await api.request('poll.create', {
      team_id: teamId, title: title.trim(), description: description.trim(), location: location.trim(), video_url: videoUrl.trim(),
      is_open: isOpen, slots: out,
    });
    navigator.navigate(pollHref(teamId, res.poll.id));
  });

  return (
    <Page title={t('polls.new')} eyebrow={back}>
      <section className="panel">
        <p className="muted">{t('polls.new_intro')}</p>
        <Form onSubmit={onSubmit} error={formErrorText(t, submit.error)} className="meeting-form">
          <TextField id="poll-title" label={t('meetings.field_title')} value={title} onChange={setTitle} maxLength={MEETING_TITLE_MAX} error={titleError} required />
          <TextAreaField id="poll-description" label={t('field.description')} optionalText={t('common.optional')} value={description} onChange={setDescription} rows={3} />
          <TextField id="poll-location" label={t('meetings.location')} optionalText={t('common.optional')} value={location} onChange={setLocation} maxLength={MEETING_LOCATION_MAX} />
          <TextField id="poll-video" label={t('meetings.video')} optionalText={t('common.optional')} type="url" value={videoUrl} onChange={setVideoUrl} maxLength={MEETING_VIDEO_URL_MAX} />
          <CheckboxField id="poll-open" label={t('meetings.field_open')} hint={t('meetings.open_hint')} checked={isOpen} onChange={setIsOpen} />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('polls.slots')}</legend>
            <p className="field__hint">{t('meetings.times_in_oslo')} {t('polls.slots_hint', { max: SLOTS_MAX })}</p>
            <ol className="slot-editor">
              {slots.map((s, i) => (
                <li key={s.key}>
                  <fieldset className="fieldset">
                    <legend className="field__label">{t('polls.slot_n', { n: i + 1 })}</legend>
                    <div className="meeting-form__when">
                      <TextField id={`poll-slot-${s.key}-date`} label={t('meetings.field_date')} hint={t('meetings.date_hint')} value={s.date} onChange={(x) => update(s.key, { date: x })} error={slotErrors[s.key]?.date} autoComplete="off" />
                      <TextField id={`poll-slot-${s.key}-start`} label={t('meetings.field_start')} hint={t('meetings.time_hint')} value={s.start} onChange={(x) => update(s.key, { start: x })} error={slotErrors[s.key]?.start} autoComplete="off" />
                      <TextField id={`poll-slot-${s.key}-end`} label={t('meetings.field_end')} hint={t('meetings.time_hint')} value={s.end} onChange={(x) => update(s.key, { end: x })} error={slotErrors[s.key]?.end} autoComplete="off" />
                    </div>
                    {slots.length > 1 ? (
                      <Button small variant="danger" ariaLabel={t('polls.slot_remove_n', { n: i + 1 })} onClick={() => {
                        setSlots((cur) => cur.filter((x) => x.key !== s.key));
                        window.setTimeout(() => document.getElementById('poll-slot-add')?.focus(), 0);
                      }}>
                        {t('polls.slot_remove')}
                      </Button>
                    ) : null}
                  </fieldset>
                </li>
              ))}
            </ol>
            {listError ? <p className="field__error" role="alert">{listError}</p> : null}
            <div><Button small id="poll-slot-add" disabled={slots.length >= SLOTS_MAX} onClick={addSlot}>{t('polls.slot_add')}</Button></div>
          </fieldset>
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={submit.busy}>{t('polls.create_submit')}</Button>
            <Button onClick={() => navigator.navigate(calendarHref(teamId))}>{t('common.cancel')}</Button>
          </div>
        </Form>
      </section>
    </Page>
  );
}

const ANSWER_SYMBOL: Record<PollAnswerValue, string> = { yes: '✓', if_need_be: '(✓)', no: '✗' };

function slotLabel(t: ReturnType<typeof useT>, slot: PollSlot): string {
  return timeRangeText(t, slot.start_utc, slot.end_utc);
}

function SlotHeading({ slot }: { slot: PollSlot }) {
  const t = useT();
  const date = osloParts(slot.start_utc).date;
  return (
    <>
      <span className="poll-slot__day">{weekdayName(t, isoWeekday(date), true)}</span>{' '}
      <span className="poll-slot__date">{timeRangeText(t, slot.start_utc, slot.end_utc, false)}</span>
    </>
  );
}

export function PollScreen({ teamId, pollId }: { teamId: number; pollId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const poll = useAsync(() => api.request('poll.get', { team_id: teamId, poll_id: pollId }).then((a) => a.poll), [api, teamId, pollId]);
  const [mine, setMine] = useState<Record<number, PollAnswerValue> | null>(null);
  const [saved, setSaved] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const submit = useSubmit();
  useOnReconnect(() => poll.reload());
  useSocketEvent('poll.updated', (ev) => {
    if (ev.poll.id === pollId) poll.setData(() => ev.poll);
  });

  const p = poll.data;
  const myId = user?.id ?? -1;
  const serverMine = useMemo(() => {
    const out: Record<number, PollAnswerValue> = {};
    for (const a of p?.answers ?? []) if (a.user_id === myId) out[a.slot_id] = a.answer;
    return out;
  }, [p, myId]);
  const respondents = useMemo(() => {
    const names = new Map<number, string>();
    for (const a of p?.answers ?? []) if (a.user_id !== myId) names.set(a.user_id, a.display_name);
    return [...names].sort((a, b) => a[1].localeCompare(b[1], 'nb'));
  }, [p, myId]);

  const back = <Link href={calendarHref(teamId)}>{team.data ? t('calendar.title_team', { team: team.data.name }) : t('calendar.title')}</Link>;
  if (poll.error) {
    return (
      <Page title={t('polls.title_fallback')} eyebrow={back}>
        {isUnavailable(poll.error) ? <Notice kind="info">{t('meetings.unavailable')}</Notice>
          : isApiError(poll.error, 'not_found') ? <Notice kind="error">{t('polls.not_found')}</Notice>
            : <LoadError error={poll.error} onRetry={poll.reload} />}
      </Page>
    );
  }
  if (!p) return <Loading />;

  const role = team.data?.my_role ?? null;
  const isFacilitator = user?.is_admin === true || role === 'facilitator';
  const canAnswer = p.status === 'open' && (user?.is_admin === true || role === 'member' || role === 'facilitator');
  const current = mine ?? serverMine;
  const answerOf = (userId: number, slotId: number) => p.answers.find((a) => a.user_id === userId && a.slot_id === slotId)?.answer ?? null;
  const best = Math.max(0, ...p.slots.map((s) => s.yes * 2 + s.if_need_be));

  const save = () => submit.run(async () => {
    setSaved(false);
    const answers = p.slots.filter((s) => current[s.id]).map((s) => ({ slot_id: s.id, answer: current[s.id]! }));
    const res = await api.request('poll.answer', { team_id: teamId, poll_id: pollId, answers });
    poll.setData(() => res.poll);
    setMine(null);
    setSaved(true);
  });
  const decide = async (slot: PollSlot) => {
    setActionError(null);
    try {
      const res = await api.request('poll.decide', { team_id: teamId, poll_id: pollId, slot_id: slot.id });
      poll.setData(() => res.poll);
      navigator.navigate(meetingHref(teamId, res.meeting.id));
    } catch (e) {
      setActionError(e);
    }
  };
  const close = async () => {
    setActionError(null);
    try {
      const res = await api.request('poll.close', { team_id: teamId, poll_id: pollId });
      poll.setData(() => res.poll);
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <Page
      title={p.title}
      eyebrow={back}
      actions={<span data-testid="poll-status" data-status={p.status}><Badge tone={p.status === 'open' ? 'accent' : 'muted'}>{t(POLL_STATUS_KEYS[p.status])}</Badge></span>}
    >
      {p.status === 'decided' && p.meeting_id !== null ? (
        <Notice kind="success">
          {t('polls.decided_notice')} <Link href={meetingHref(teamId, p.meeting_id)}>{t('polls.go_to_meeting')}</Link>
        </Notice>
      ) : null}
      {p.status === 'closed' ? <Notice kind="info">{t('polls.closed_notice')}</Notice> : null}
      <section className="panel" aria-labelledby="poll-about">
        <h2 id="poll-about" className="visually-hidden">{t('meetings.details')}</h2>
        <dl className="facts">
          {p.location ? <div><dt>{t('meetings.location')}</dt><dd>{p.location}</dd></div> : null}
          {p.video_url ? <div><dt>{t('meetings.video')}</dt><dd><a href={p.video_url} target="_blank" rel="noopener noreferrer">{t('meetings.join_video')}</a></dd></div> : null}
          <div><dt>{t('polls.respondents')}</dt><dd data-testid="poll-respondents">{p.respondents}</dd></div>
          <div><dt>{t('meetings.organiser')}</dt><dd>{p.created_by_name}, {formatDateTime(p.created_at)}</dd></div>
        </dl>
        {p.description ? <p className="prose">{p.description}</p> : null}
      </section>
      <section className="panel" aria-labelledby="poll-grid-heading">
        <h2 id="poll-grid-heading" className="section-title">{t('polls.grid')}</h2>
        <p className="muted">{t('polls.grid_intro')}</p>
        <div className="table-wrap">
          <table className="table poll-grid" data-testid="poll-grid">
            <caption className="visually-hidden">{t('polls.grid')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('polls.participant')}</th>
                {p.slots.map((s) => (
                  <th scope="col" key={s.id} className={s.id === p.decided_slot_id ? 'poll-slot poll-slot--decided' : 'poll-slot'}>
                    <SlotHeading slot={s} />
                    {s.id === p.decided_slot_id ? <Badge tone="accent">{t('polls.chosen')}</Badge> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {respondents.map(([id, name]) => (
                <tr key={id} data-user={name}>
                  <th scope="row">{name}</th>
                  {p.slots.map((s) => {
                    const a = answerOf(id, s.id);
                    return (
                      <td key={s.id} className={a ? `poll-cell poll-cell--${a}` : 'poll-cell'} data-answer={a ?? ''}>
                        {a ? <><span aria-hidden="true">{ANSWER_SYMBOL[a]} </span>{t(POLL_ANSWER_KEYS[a])}</> : <span className="muted">–</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr className="poll-grid__mine" data-user="me">
                <th scope="row">{t('polls.you')}</th>
                {p.slots.map((s) => {
                  const a = current[s.id] ?? null;
                  return (
                    <td key={s.id} className={a ? `poll-cell poll-cell--${a}` : 'poll-cell'}>
                      {canAnswer ? (
                        <>
                          <label htmlFor={`poll-answer-${s.id}`} className="visually-hidden">{t('polls.your_answer_for', { slot: slotLabel(t, s) })}</label>
                          <select
                            id={`poll-answer-${s.id}`} className="input input--select input--compact" value={a ?? ''}
                            onChange={(e) => {
                              setSaved(false);
                              const value = e.target.value as PollAnswerValue | '';
                              setMine((cur) => {
                                const next = { ...(cur ?? serverMine) };
                                if (value === '') delete next[s.id];
                                else next[s.id] = value;
                                return next;
                              });
                            }}
                          >
                            <option value="">{t('polls.no_answer')}</option>
                            {POLL_ANSWERS.map((v) => <option key={v} value={v}>{t(POLL_ANSWER_KEYS[v])}</option>)}
                          </select>
                        </>
                      ) : a ? t(POLL_ANSWER_KEYS[a]) : <span className="muted">–</span>}
                    </td>
                  );
                })}
              </tr>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('polls.totals')}</th>
                {p.slots.map((s) => (
                  <td key={s.id} className={best > 0 && s.yes * 2 + s.if_need_be === best ? 'poll-total poll-total--best' : 'poll-total'} data-slot={s.id} data-yes={s.yes} data-if-need-be={s.if_need_be} data-no={s.no}>
                    <span className="poll-total__line">{t('polls.total_yes', { n: s.yes })}</span>
                    <span className="poll-total__line">{t('polls.total_if_need_be', { n: s.if_need_be })}</span>
                    <span className="poll-total__line">{t('polls.total_no', { n: s.no })}</span>
                    {best > 0 && s.yes * 2 + s.if_need_be === best ? <span className="poll-total__line"><Badge tone="accent">{t('polls.best')}</Badge></span> : null}
                  </td>
                ))}
              </tr>
              {isFacilitator && p.status !== 'decided' ? (
                <tr>
                  <th scope="row">{t('polls.decide')}</th>
                  {p.slots.map((s) => (
                    <td key={s.id}>
                      <ConfirmButton
                        variant="secondary" label={t('polls.pick')} ariaLabel={t('polls.pick_n', { slot: slotLabel(t, s) })}
                        question={t('polls.pick_question', { slot: slotLabel(t, s) })} confirmLabel={t('polls.pick_confirm')}
                        onConfirm={() => decide(s)}
                      />
                    </td>
                  ))}
                </tr>
              ) : null}
            </tfoot>
          </table>
        </div>
        {canAnswer ? (
          <Form onSubmit={save} error={formErrorText(t, submit.error)} success={saved ? t('polls.answers_saved') : null}>
            <div className="form__actions">
              <Button type="submit" variant="primary" busy={submit.busy}>{t('polls.save_answers')}</Button>
              {mine ? <span className="muted">{t('polls.unsaved')}</span> : null}
            </div>
          </Form>
        ) : null}
        {actionError ? <p className="notice notice--error" role="alert">{formErrorText(t, actionError)}</p> : null}
        {isFacilitator && p.status === 'open' ? (
          <div className="row-actions poll-close">
            <ConfirmButton label={t('polls.close')} question={t('polls.close_question')} confirmLabel={t('polls.close_confirm')} onConfirm={close} />
          </div>
        ) : null}
      </section>
    </Page>
  );
}
