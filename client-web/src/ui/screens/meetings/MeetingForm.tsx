// The create and edit form of a meeting (facilitators): title, description, date and times in
// the meeting's zone (Europe/Oslo unless the meeting says otherwise), place, video link, the open
// flag with guests, reminders, the agenda and the recurrence rule with its sentence. An edit
// sends only what changed, and for one occurrence only the fields the server allows there.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { DISPLAY_TIME_ZONE } from '../../../config';
import type { MessageKey } from '../../../i18n/catalogue';
import type {
  AgendaItemInput, GuestCandidate, Meeting, MeetingFields, MeetingGuest, MeetingScope, Occurrence, Recurrence, SetPos,
} from '../../../protocol/meetings';
import type { Member } from '../../../protocol/types';
import {
  describeRecurrence, formatLocalDate, joinLocalDateTime, parseDateInput, parseTimeInput, setposChoices,
  setposName, splitLocalDateTime, timeMinutes, isoWeekday, weekdayName,
} from '../../../state/calendar';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { useT } from '../../hooks/useStores';
import { errorField, formErrorText } from './common';

export const MEETING_TITLE_MAX = 200;
export const MEETING_DESCRIPTION_MAX = 10_000;
export const MEETING_LOCATION_MAX = 200;
export const MEETING_VIDEO_URL_MAX = 500;
export const AGENDA_MAX = 50;
export const AGENDA_MINUTES_MAX = 600;
export const REMINDERS_MAX = 4;
export const DEFAULT_REMINDERS: readonly number[] = [1440, 15];
/** Reminder choices offered (minutes before the start). */
const REMINDER_PRESETS: readonly number[] = [10_080, 1440, 60, 15];
const GUEST_SEARCH_DELAY_MS = 300;

type Freq = 'none' | 'weekly' | 'monthly_weekday';
type EndKind = 'until' | 'count';

interface AgendaRow {
  key: number;
  title: string;
  owner: string;
  minutes: string;
  /** "" or "draft:<id>" / "topic:<id>" / "supplier:<id>". */
  link: string;
  linkLabel: string | null;
}

export interface FormValues {
  title: string;
  description: string;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  videoUrl: string;
  isOpen: boolean;
  guests: MeetingGuest[];
  reminders: number[];
  agenda: AgendaRow[];
  freq: Freq;
  interval: string;
  setpos: string;
  endKind: EndKind;
  until: string;
  count: string;
}

type Errors = Partial<Record<
  'title' | 'description' | 'date' | 'startTime' | 'endTime' | 'location' | 'videoUrl' | 'interval' | 'until' | 'count' | 'reminders' | 'agenda' | 'guests' | 'setpos',
  string
>>;

let rowKeys = 0;

/** The form's starting values for a new meeting on `date` (a local date). */
export function newMeetingValues(date: string): FormValues {
  return {
    title: '', description: '', date: formatLocalDate(date), startTime: '09:00', endTime: '10:00', location: '', videoUrl: '',
    isOpen: false, guests: [], reminders: [...DEFAULT_REMINDERS], agenda: [], freq: 'none', interval: '1', setpos: '',
    endKind: 'count', until: '', count: '10',
  };
}

/** The form's values for an existing meeting (the series, or one occurrence of it). */
export function meetingValues(meeting: Meeting, occurrence: Occurrence | null): FormValues {
  const start = splitLocalDateTime(occurrence ? occurrence.start : meeting.start);
  const end = splitLocalDateTime(occurrence ? occurrence.end : meeting.end);
  const rule = meeting.recurrence;
  const src = occurrence ?? meeting;
  return {
    title: src.title,
    description: src.description,
    date: formatLocalDate(start.date),
    startTime: start.time,
    endTime: end.time,
    location: src.location,
    videoUrl: src.video_url,
    isOpen: meeting.is_open,
    guests: meeting.guests,
    reminders: [...meeting.reminders],
    agenda: meeting.agenda.map((a) => ({
      key: ++rowKeys,
      title: a.title,
      owner: a.owner_id === null ? '' : String(a.owner_id),
      minutes: a.minutes === null ? '' : String(a.minutes),
      link: a.link ? `${a.link.kind}:${a.link.id}` : '',
      linkLabel: a.link?.label ?? null,
    })),
    freq: rule ? rule.freq : 'none',
    interval: rule ? String(rule.interval) : '1',
    setpos: rule?.setpos ? String(rule.setpos) : '',
    endKind: rule?.until ? 'until' : 'count',
    until: rule?.until ? formatLocalDate(rule.until) : '',
    count: rule?.count ? String(rule.count) : '10',
  };
}

function wholeNumber(s: string): number | null {
  return /^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : null;
}

/** Checks the values; the fields for the server, or the problems per field. */
export function buildFields(
  v: FormValues, t: (k: MessageKey, p?: Record<string, string | number>) => string,
): { fields: MeetingFields; errors: Errors } {
  const errors: Errors = {};
  const title = v.title.trim();
  if (title === '') errors.title = t('validation.required');
  else if ([...title].length > MEETING_TITLE_MAX) errors.title = t('validation.too_long');
  const date = parseDateInput(v.date);
  if (!date) errors.date = t('meetings.invalid_date');
  const startTime = parseTimeInput(v.startTime);
  if (!startTime) errors.startTime = t('meetings.invalid_time');
  const endTime = parseTimeInput(v.endTime);
  if (!endTime) errors.endTime = t('meetings.invalid_time');
  else if (startTime && timeMinutes(endTime) <= timeMinutes(startTime)) errors.endTime = t('meetings.end_before_start');
  const video = v.videoUrl.trim();
  if (video !== '' && (!/^https?:\/\/\S+$/i.test(video) || video.length > MEETING_VIDEO_URL_MAX)) errors.videoUrl = t('meetings.invalid_url');
  let recurrence: Recurrence | null = null;
  if (v.freq !== 'none') {
    const interval = wholeNumber(v.interval);
    if (interval === null || interval < 1 || interval > 52) errors.interval = t('meetings.invalid_interval');
    let until: string | null = null;
    let count: number | null = null;
    if (v.endKind === 'until') {
      until = parseDateInput(v.until);
      if (!until) errors.until = t('meetings.invalid_date');
      else if (date && until < date) errors.until = t('meetings.until_before_start');
    } else {
      count = wholeNumber(v.count);
      if (count === null || count < 1 || count > 500) errors.count = t('meetings.invalid_count');
    }
    let setpos: SetPos | null = null;
    if (v.freq === 'monthly_weekday' && date) {
      const choices = setposChoices(date);
      const wanted = Number(v.setpos) as SetPos;
      setpos = choices.includes(wanted) ? wanted : (choices[0] ?? null);
      if (setpos === null) errors.setpos = t('meetings.invalid_setpos');
    }
    recurrence = {
      freq: v.freq, interval: interval ?? 1, until, count,
      ...(v.freq === 'monthly_weekday' ? { setpos } : {}),
    };
  }
  if (v.reminders.length > REMINDERS_MAX) errors.reminders = t('meetings.too_many_reminders', { max: REMINDERS_MAX });
  const agenda: AgendaItemInput[] = [];
  for (const row of v.agenda) {
    const minutes = row.minutes.trim() === '' ? null : wholeNumber(row.minutes);
    if (row.title.trim() === '' || (row.minutes.trim() !== '' && (minutes === null || minutes > AGENDA_MINUTES_MAX))) {
      errors.agenda = t('meetings.agenda_invalid', { max: AGENDA_MINUTES_MAX });
    }
    const [kind, id] = row.link.split(':');
    agenda.push({
      title: row.title.trim(),
      owner_id: row.owner === '' ? null : Number(row.owner),
      minutes,
      link: row.link === '' ? null : { kind: kind as 'draft' | 'topic' | 'supplier', id: Number(id) },
    });
  }
  const fields: MeetingFields = {
    title,
    description: v.description.trim(),
    start: joinLocalDateTime(date ?? '', startTime ?? ''),
    end: joinLocalDateTime(date ?? '', endTime ?? ''),
    location: v.location.trim(),
    video_url: video,
    is_open: v.isOpen,
    recurrence,
    agenda,
    guests: v.isOpen ? v.guests.map((g) => g.user_id) : [],
    reminders: [...v.reminders].sort((a, b) => b - a),
  };
  return { fields, errors };
}

/** Only the fields that differ from `before` (for meeting.update). */
export function changedFields(after: MeetingFields, before: MeetingFields, allowed: readonly (keyof MeetingFields)[]): Partial<MeetingFields> {
  const out: Partial<MeetingFields> = {};
  for (const key of allowed) {
    if (JSON.stringify(after[key] ?? null) !== JSON.stringify(before[key] ?? null)) {
      (out as Record<string, unknown>)[key] = after[key];
    }
  }
  return out;
}

export const OCCURRENCE_FIELDS: readonly (keyof MeetingFields)[] = ['title', 'description', 'start', 'end', 'location', 'video_url'];
export const ALL_FIELDS: readonly (keyof MeetingFields)[] = [
  'title', 'description', 'start', 'end', 'location', 'video_url', 'is_open', 'recurrence', 'agenda', 'guests', 'reminders',
];

const SERVER_FIELD_IDS: Record<string, string> = {
  title: 'mf-title', description: 'mf-description', start: 'mf-date', end: 'mf-end', location: 'mf-location',
  video_url: 'mf-video', recurrence: 'mf-freq', agenda: 'mf-agenda-add', guests: 'mf-guest-q', reminders: 'mf-reminders',
};
const SERVER_FIELD_ERRORS: Record<string, keyof Errors> = {
  title: 'title', description: 'description', start: 'date', end: 'endTime', location: 'location', video_url: 'videoUrl',
  recurrence: 'interval', agenda: 'agenda', guests: 'guests', reminders: 'reminders',
};

function reminderLabel(t: (k: MessageKey, p?: Record<string, string | number>) => string, minutes: number): string {
  if (minutes % 10_080 === 0) return t('meetings.reminder_weeks', { n: minutes / 10_080 });
  if (minutes % 1440 === 0) return t('meetings.reminder_days', { n: minutes / 1440 });
  if (minutes % 60 === 0) return t('meetings.reminder_hours', { n: minutes / 60 });
  return t('meetings.reminder_minutes', { n: minutes });
}

interface MeetingFormProps {
  teamId: number;
  initial: FormValues;
  /** Which fields the form shows and may send. */
  scope: MeetingScope | 'create';
  members: Member[];
  /** What an agenda item can link to: drafts and topics of the team, suppliers of the register. */
  links: AgendaLinkOption[];
  tz: string;
  submitLabel: string;
  onSubmit: (fields: MeetingFields) => Promise<void>;
  onCancel: () => void;
}

/** One choice for an agenda item's link: value "kind:id". */
export interface AgendaLinkOption {
  value: string;
  label: string;
}

export function MeetingForm({ teamId, initial, scope, members, links, tz, submitLabel, onSubmit, onCancel }: MeetingFormProps) {
  const t = useT();
  const { api } = useServices();
  const [v, setV] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const submit = useSubmit();
  const onlyOccurrence = scope === 'occurrence';
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setV((cur) => ({ ...cur, [key]: value }));

  const parsedDate = parseDateInput(v.date);
  const summary = useMemo(() => {
    if (v.freq === 'none' || !parsedDate) return null;
    const { fields } = buildFields(v, t);
    return fields.recurrence ? describeRecurrence(t, fields.recurrence, parsedDate) : null;
  }, [v, t, parsedDate]);

  // The server's field, when it names one, gets the message next to it.
  const serverField = errorField(submit.error);
  const shownErrors: Errors = { ...errors };
  if (serverField && SERVER_FIELD_ERRORS[serverField] && !shownErrors[SERVER_FIELD_ERRORS[serverField]!]) {
    shownErrors[SERVER_FIELD_ERRORS[serverField]!] = formErrorText(t, submit.error) ?? undefined;
  }
  useEffect(() => {
    if (serverField && SERVER_FIELD_IDS[serverField]) document.getElementById(SERVER_FIELD_IDS[serverField]!)?.focus();
  }, [submit.error]);

  const run = () => submit.run(async () => {
    const { fields, errors: found } = buildFields(v, t);
    setErrors(found);
    const order: (keyof Errors)[] = ['title', 'date', 'startTime', 'endTime', 'videoUrl', 'interval', 'setpos', 'until', 'count', 'reminders', 'agenda'];
    const first = order.find((k) => found[k] !== undefined);
    if (first) {
      const ids: Record<string, string> = {
        title: 'mf-title', date: 'mf-date', startTime: 'mf-start', endTime: 'mf-end', videoUrl: 'mf-video', interval: 'mf-interval',
        setpos: 'mf-setpos', until: 'mf-until', count: 'mf-count', reminders: 'mf-reminders', agenda: 'mf-agenda-add',
      };
      document.getElementById(ids[first]!)?.focus();
      return;
    }
    await onSubmit(fields);
  });

  const weekday = parsedDate ? weekdayName(t, isoWeekday(parsedDate)) : null;
  const choices = parsedDate ? setposChoices(parsedDate) : [];

  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} labelledBy="meeting-form-title" className="meeting-form">
      <h2 id="meeting-form-title" className="visually-hidden">{submitLabel}</h2>
      <TextField id="mf-title" label={t('meetings.field_title')} value={v.title} onChange={(x) => set('title', x)} maxLength={MEETING_TITLE_MAX} error={shownErrors.title} required />
      <TextAreaField id="mf-description" label={t('field.description')} optionalText={t('common.optional')} value={v.description} onChange={(x) => set('description', x)} maxLength={MEETING_DESCRIPTION_MAX} error={shownErrors.description} rows={3} />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('meetings.when')}</legend>
        <p className="field__hint">{tz === DISPLAY_TIME_ZONE ? t('meetings.times_in_oslo') : t('meetings.times_in_tz', { tz })}</p>
        <div className="meeting-form__when">
          <TextField id="mf-date" label={t('meetings.field_date')} hint={t('meetings.date_hint')} value={v.date} onChange={(x) => set('date', x)} error={shownErrors.date} autoComplete="off" required />
          <TextField id="mf-start" label={t('meetings.field_start')} hint={t('meetings.time_hint')} value={v.startTime} onChange={(x) => set('startTime', x)} error={shownErrors.startTime} autoComplete="off" required />
          <TextField id="mf-end" label={t('meetings.field_end')} hint={t('meetings.time_hint')} value={v.endTime} onChange={(x) => set('endTime', x)} error={shownErrors.endTime} autoComplete="off" required />
        </div>
        {parsedDate && weekday ? <p className="muted">{t('meetings.date_is', { weekday, date: formatLocalDate(parsedDate) })}</p> : null}
      </fieldset>
      <TextField id="mf-location" label={t('meetings.location')} optionalText={t('common.optional')} value={v.location} onChange={(x) => set('location', x)} maxLength={MEETING_LOCATION_MAX} error={shownErrors.location} />
      <TextField id="mf-video" label={t('meetings.video')} hint={t('meetings.video_hint')} optionalText={t('common.optional')} type="url" value={v.videoUrl} onChange={(x) => set('videoUrl', x)} maxLength={MEETING_VIDEO_URL_MAX} error={shownErrors.videoUrl} />

      {onlyOccurrence ? <p className="notice notice--info">{t('meetings.occurrence_only_note')}</p> : (
        <>
          <RecurrenceFields v={v} set={set} errors={shownErrors} weekday={weekday} choices={choices} summary={summary} />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('meetings.invitees')}</legend>
            <CheckboxField id="mf-open" label={t('meetings.field_open')} hint={t('meetings.open_hint')} checked={v.isOpen} onChange={(x) => set('isOpen', x)} />
            {v.isOpen ? <GuestPicker teamId={teamId} api={api} guests={v.guests} onChange={(g) => set('guests', g)} error={shownErrors.guests} /> : null}
          </fieldset>
          <fieldset className="fieldset" id="mf-reminders" tabIndex={-1} aria-describedby={shownErrors.reminders ? 'mf-reminders-error' : undefined}>
            <legend className="fieldset__legend">{t('meetings.reminders')}</legend>
            <p className="field__hint">{t('meetings.reminders_hint', { max: REMINDERS_MAX })}</p>
            <div className="checkbox-row">
              {[...new Set([...REMINDER_PRESETS, ...v.reminders])].sort((a, b) => b - a).map((m) => (
                <CheckboxField
                  key={m} id={`mf-reminder-${m}`} label={t('meetings.reminder_before', { when: reminderLabel(t, m) })} checked={v.reminders.includes(m)}
                  onChange={(on) => set('reminders', on ? [...v.reminders, m] : v.reminders.filter((x) => x !== m))}
                />
              ))}
            </div>
            {shownErrors.reminders ? <p id="mf-reminders-error" className="field__error">{shownErrors.reminders}</p> : null}
          </fieldset>
          <AgendaEditor rows={v.agenda} onChange={(rows) => set('agenda', rows)} members={members} links={links} error={shownErrors.agenda} />
        </>
      )}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{submitLabel}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

function RecurrenceFields({ v, set, errors, weekday, choices, summary }: {
  v: FormValues;
  set: <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
  errors: Errors;
  weekday: string | null;
  choices: SetPos[];
  summary: string | null;
}) {
  const t = useT();
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{t('meetings.recurrence')}</legend>
      <SelectField
        id="mf-freq" label={t('meetings.repeats')} value={v.freq} onChange={(x) => set('freq', x as Freq)}
        options={[
          { value: 'none', label: t('meetings.freq_none') },
          { value: 'weekly', label: weekday ? t('meetings.freq_weekly_on', { weekday }) : t('meetings.freq_weekly') },
          { value: 'monthly_weekday', label: t('meetings.freq_monthly') },
        ]}
      />
      {v.freq === 'none' ? null : (
        <>
          <TextField
            id="mf-interval" label={v.freq === 'weekly' ? t('meetings.interval_weeks') : t('meetings.interval_months')}
            hint={t('meetings.interval_hint')} value={v.interval} onChange={(x) => set('interval', x)} inputMode="numeric" error={errors.interval}
          />
          {v.freq === 'monthly_weekday' ? (
            choices.length === 0 ? <p className="field__error" id="mf-setpos" tabIndex={-1}>{t('meetings.invalid_setpos')}</p> : (
              <SelectField
                id="mf-setpos" label={t('meetings.setpos')} value={String(choices.includes(Number(v.setpos) as SetPos) ? v.setpos : choices[0])}
                onChange={(x) => set('setpos', x)} error={errors.setpos}
                options={choices.map((c) => ({ value: String(c), label: t('meetings.setpos_option', { ordinal: setposName(t, c), weekday: weekday ?? '' }) }))}
              />
            )
          ) : null}
          <RadioGroup
            name="mf-end-kind" legend={t('meetings.ends')} value={v.endKind} onChange={(x) => set('endKind', x as EndKind)}
            options={[{ value: 'count', label: t('meetings.ends_count') }, { value: 'until', label: t('meetings.ends_until') }]}
          />
          {v.endKind === 'count' ? (
            <TextField id="mf-count" label={t('meetings.count')} hint={t('meetings.count_hint')} value={v.count} onChange={(x) => set('count', x)} inputMode="numeric" error={errors.count} />
          ) : (
            <TextField id="mf-until" label={t('meetings.until')} hint={t('meetings.date_hint')} value={v.until} onChange={(x) => set('until', x)} error={errors.until} />
          )}
          <p className="recurrence-summary" aria-live="polite" data-testid="recurrence-summary">
            {summary ? <><span className="field__label">{t('meetings.summary')}:</span> {summary}</> : null}
          </p>
        </>
      )}
    </fieldset>
  );
}

function GuestPicker({ teamId, api, guests, onChange, error }: {
  teamId: number; api: ReturnType<typeof useServices>['api']; guests: MeetingGuest[]; onChange: (g: MeetingGuest[]) => void; error: string | undefined;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<GuestCandidate[] | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const seq = useRef(0);
  useEffect(() => {
    const query = q.trim();
    if (query.length === 0) {
      setResults(null);
      return undefined;
    }
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      api.request('meeting.guest_candidates', { team_id: teamId, q: query.slice(0, 100) }).then((a) => {
        if (mine === seq.current) {
          setResults(a.users);
          setFailed(null);
        }
      }, (e: unknown) => {
        if (mine === seq.current) setFailed(e);
      });
    }, GUEST_SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [q, api, teamId]);
  const statusId = useId();
  const chosen = new Set(guests.map((g) => g.user_id));
  return (
    <div className="guest-picker">
      <TextField id="mf-guest-q" label={t('meetings.guest_search')} hint={t('meetings.guest_hint')} value={q} onChange={setQ} error={error} autoComplete="off" />
      <p id={statusId} className="visually-hidden" role="status">
        {results ? t('meetings.guest_results', { count: results.length }) : ''}
      </p>
      {failed ? <p className="field__error">{formErrorText(t, failed)}</p> : null}
      {results && results.length === 0 ? <p className="muted">{t('meetings.guest_none_found')}</p> : null}
      {results && results.length > 0 ? (
        <ul className="guest-results">
          {results.map((u) => (
            <li key={u.user_id}>
              {u.display_name}{u.org_name ? <span className="muted"> ({u.org_name})</span> : null}{' '}
              <Button
                small disabled={chosen.has(u.user_id)} ariaLabel={t('meetings.guest_add_n', { name: u.display_name })}
                onClick={() => onChange([...guests, { user_id: u.user_id, display_name: u.display_name }])}
              >
                {chosen.has(u.user_id) ? t('meetings.guest_added') : t('meetings.guest_add')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <h3 className="subsection-title">{t('meetings.guests')}</h3>
      {guests.length === 0 ? <p className="muted">{t('meetings.guests_none')}</p> : (
        <ul className="guest-chosen" data-testid="guest-chosen">
          {guests.map((g) => (
            <li key={g.user_id}>
              {g.display_name}{' '}
              <Button small variant="danger" ariaLabel={t('meetings.guest_remove_n', { name: g.display_name })} onClick={() => onChange(guests.filter((x) => x.user_id !== g.user_id))}>
                {t('meetings.guest_remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AgendaEditor({ rows, onChange, members, links, error }: {
  rows: AgendaRow[]; onChange: (rows: AgendaRow[]) => void; members: Member[]; links: AgendaLinkOption[]; error: string | undefined;
}) {
  const t = useT();
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfter.current) {
      document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }
  });
  const update = (key: number, patch: Partial<AgendaRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1, which: 'up' | 'down') => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    const target = index + by;
    // Keep focus on the same button of the moved row; at the edge that button is gone, so the other one.
    const atEdge = (which === 'up' && target === 0) || (which === 'down' && target === next.length - 1);
    focusAfter.current = `mf-agenda-${row!.key}-${atEdge ? (which === 'up' ? 'down' : 'up') : which}`;
    onChange(next);
  };
  const linkOptions = [
    { value: '', label: t('meetings.agenda_no_link') },
    ...links,
  ];
  return (
    <fieldset className="fieldset agenda-editor">
      <legend className="fieldset__legend">{t('meetings.agenda')}</legend>
      {rows.length === 0 ? <p className="muted">{t('meetings.agenda_empty')}</p> : null}
      <ol className="agenda-editor__list">
        {rows.map((row, i) => {
          const options = row.link !== '' && !linkOptions.some((o) => o.value === row.link)
            ? [...linkOptions, { value: row.link, label: row.linkLabel ?? row.link }]
            : linkOptions;
          return (
            <li key={row.key} className="agenda-editor__row">
              <fieldset className="fieldset">
                <legend className="field__label">{t('meetings.agenda_item_n', { n: i + 1 })}</legend>
                <div className="agenda-editor__fields">
                  <TextField id={`mf-agenda-${row.key}-title`} label={t('meetings.agenda_title')} value={row.title} onChange={(x) => update(row.key, { title: x })} maxLength={MEETING_TITLE_MAX} />
                  <SelectField
                    id={`mf-agenda-${row.key}-owner`} label={t('meetings.agenda_owner_label')} value={row.owner} onChange={(x) => update(row.key, { owner: x })}
                    options={[{ value: '', label: t('meetings.agenda_no_owner') }, ...members.map((m) => ({ value: String(m.user_id), label: m.display_name }))]}
                  />
                  <TextField id={`mf-agenda-${row.key}-minutes`} label={t('meetings.agenda_minutes')} value={row.minutes} onChange={(x) => update(row.key, { minutes: x })} inputMode="numeric" />
                  <SelectField id={`mf-agenda-${row.key}-link`} label={t('meetings.agenda_link')} value={row.link} onChange={(x) => update(row.key, { link: x, linkLabel: null })} options={options} />
                </div>
                <div className="row-actions">
                  {i > 0 ? <Button small id={`mf-agenda-${row.key}-up`} ariaLabel={t('meetings.agenda_up_n', { n: i + 1 })} onClick={() => move(i, -1, 'up')}>{t('meetings.agenda_up')}</Button> : null}
                  {i < rows.length - 1 ? <Button small id={`mf-agenda-${row.key}-down`} ariaLabel={t('meetings.agenda_down_n', { n: i + 1 })} onClick={() => move(i, 1, 'down')}>{t('meetings.agenda_down')}</Button> : null}
                  <Button
                    small variant="danger" ariaLabel={t('meetings.agenda_remove_n', { n: i + 1 })}
                    onClick={() => {
                      focusAfter.current = 'mf-agenda-add';
                      onChange(rows.filter((r) => r.key !== row.key));
                    }}
                  >
                    {t('meetings.agenda_remove')}
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {error ? <p className="field__error" role="alert">{error}</p> : null}
      <div>
        <Button
          small id="mf-agenda-add" disabled={rows.length >= AGENDA_MAX}
          onClick={() => {
            const key = ++rowKeys;
            focusAfter.current = `mf-agenda-${key}-title`;
            onChange([...rows, { key, title: '', owner: '', minutes: '', link: '', linkLabel: null }]);
          }}
        >
          {t('meetings.agenda_add')}
        </Button>
      </div>
    </fieldset>
  );
}
