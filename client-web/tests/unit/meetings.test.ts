import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../src/i18n/catalogue';
import { answerCounts, upsertAnswer, type Meeting, type MeetingAnswer } from '../../src/protocol/meetings';
import { parseRoute, routeHref, type Route } from '../../src/state/router';
import {
  ALL_FIELDS, buildFields, changedFields, meetingValues, newMeetingValues, OCCURRENCE_FIELDS,
} from '../../src/ui/screens/meetings/MeetingForm';
import { ERROR_REASON_KEYS, errorField, formErrorText } from '../../src/ui/screens/meetings/common';
import { ApiError, ERROR_REASONS, errorFromWire } from '../../src/protocol/errors';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const nb = (key: MessageKey, params?: MessageParams) => translate('nb', key, params);

describe('meeting routes', () => {
  it('parses the calendar with its view and date', () => {
    expect(parseRoute('/teams/3/meetings', '', '')).toEqual({ name: 'meetings', teamId: 3, view: 'month', date: null });
    expect(parseRoute('/teams/3/meetings', '?view=week&date=2026-12-08', '')).toEqual({ name: 'meetings', teamId: 3, view: 'week', date: '2026-12-08' });
    expect(parseRoute('/teams/3/meetings', '?view=year&date=2026-02-30', '')).toEqual({ name: 'meetings', teamId: 3, view: 'month', date: null });
  });

  it('parses meeting, form and poll pages', () => {
    expect(parseRoute('/teams/3/meetings/7', '?occurrence=2026-12-08', '')).toEqual({ name: 'meeting', teamId: 3, meetingId: 7, occurrence: '2026-12-08' });
    expect(parseRoute('/teams/3/meetings/7', '', '')).toEqual({ name: 'meeting', teamId: 3, meetingId: 7, occurrence: null });
    expect(parseRoute('/teams/3/meetings/new', '?date=2026-12-08', '')).toEqual({ name: 'meeting_new', teamId: 3, date: '2026-12-08' });
    expect(parseRoute('/teams/3/meetings/7/edit', '?scope=following&occurrence=2026-12-15', '')).toEqual({
      name: 'meeting_edit', teamId: 3, meetingId: 7, scope: 'following', occurrence: '2026-12-15',
    });
    expect(parseRoute('/teams/3/polls/new', '', '')).toEqual({ name: 'poll_new', teamId: 3 });
    expect(parseRoute('/teams/3/polls/9', '', '')).toEqual({ name: 'poll', teamId: 3, pollId: 9 });
    expect(parseRoute('/teams/3/meetings/0', '', '')).toEqual({ name: 'not_found' });
  });

  it('round-trips through routeHref', () => {
    const routes: Route[] = [
      { name: 'meetings', teamId: 3, view: 'month', date: null },
      { name: 'meetings', teamId: 3, view: 'list', date: '2027-01-01' },
      { name: 'meeting', teamId: 3, meetingId: 7, occurrence: '2026-12-08' },
      { name: 'meeting_new', teamId: 3, date: null },
      { name: 'meeting_edit', teamId: 3, meetingId: 7, scope: 'series', occurrence: null },
      { name: 'meeting_edit', teamId: 3, meetingId: 7, scope: 'occurrence', occurrence: '2026-12-08' },
      { name: 'poll', teamId: 3, pollId: 9 },
      { name: 'poll_new', teamId: 3 },
    ];
    for (const r of routes) {
      const url = new URL(routeHref(r), 'http://x');
      expect(parseRoute(url.pathname, url.search, url.hash)).toEqual(r);
    }
  });
});

describe('the meeting form', () => {
  it('builds the create fields from what was typed', () => {
    const v = {
      ...newMeetingValues('2026-12-08'), title: ' Kategorimøte ', date: '8.12.2026', startTime: '9', endTime: '11:30',
      freq: 'weekly' as const, interval: '2', endKind: 'count' as const, count: '6',
    };
    const { fields, errors } = buildFields(v, nb);
    expect(errors).toEqual({});
    expect(fields).toMatchObject({
      title: 'Kategorimøte', start: '2026-12-08T09:00', end: '2026-12-08T11:30', is_open: false,
      recurrence: { freq: 'weekly', interval: 2, until: null, count: 6 }, reminders: [1440, 15], guests: [], agenda: [],
    });
  });

  it('reports problems per field', () => {
    const v = { ...newMeetingValues('2026-12-08'), title: '', date: '31.02.2026', startTime: '10:00', endTime: '09:00', videoUrl: 'javascript:alert(1)' };
    const { errors } = buildFields(v, nb);
    expect(Object.keys(errors).sort()).toEqual(['date', 'endTime', 'title', 'videoUrl']);
    const w = { ...newMeetingValues('2026-12-08'), title: 'x', freq: 'weekly' as const, endKind: 'until' as const, until: '01.12.2026', interval: '53' };
    expect(Object.keys(buildFields(w, nb).errors).sort()).toEqual(['interval', 'until']);
  });

  it('sets the monthly position from the start date', () => {
    const v = { ...newMeetingValues('2026-12-08'), title: 'x', freq: 'monthly_weekday' as const, setpos: '', count: '4' };
    expect(buildFields(v, nb).fields.recurrence).toEqual({ freq: 'monthly_weekday', interval: 1, setpos: 2, until: null, count: 4 });
  });

  it('sends only what changed, and for one occurrence only its fields', () => {
    const meeting = {
      id: 7, team_id: 3, uid: 'u', title: 'Kategorimøte', description: '', location: 'Bergen', video_url: '', is_open: false,
      tz: 'Europe/Oslo', start: '2026-12-08T09:00', end: '2026-12-08T10:00', start_utc: '', end_utc: '',
      recurrence: { freq: 'weekly', interval: 1, until: null, count: 10 }, agenda: [], guests: [], reminders: [1440, 15],
      status: 'scheduled', sequence: 0, created_by: 1, created_by_name: 'Kari', created_at: '', updated_at: '', exceptions: [], topics: [],
    } satisfies Meeting;
    const before = meetingValues(meeting, null);
    const base = buildFields(before, nb).fields;
    const after = buildFields({ ...before, location: 'Oslo', reminders: [15, 1440], isOpen: true }, nb).fields;
    expect(changedFields(after, base, ALL_FIELDS)).toEqual({ location: 'Oslo', is_open: true });
    expect(changedFields(after, base, OCCURRENCE_FIELDS)).toEqual({ location: 'Oslo' });
  });
});

describe('answers and errors', () => {
  const row = (user_id: number, answer: MeetingAnswer['answer']): MeetingAnswer => ({
    user_id, display_name: `U${user_id}`, org_name: null, answer, comment: '', answered_at: null, attended: null, guest: false,
  });

  it('replaces one invitee and counts', () => {
    const list = [row(1, null), row(2, 'no')];
    const next = upsertAnswer(list, row(1, 'yes'));
    expect(next.map((a) => a.answer)).toEqual(['yes', 'no']);
    expect(answerCounts(next)).toEqual({ yes: 1, maybe: 0, no: 1, none: 0 });
    expect(answerCounts(list)).toEqual({ yes: 0, maybe: 0, no: 1, none: 1 });
  });

  it('shows the server reason of a bad_request and finds its field', () => {
    const e = new ApiError('bad_request', 'end: must be after start');
    expect(formErrorText(nb, e)).toBe('Ikke godtatt: end: must be after start');
    expect(errorField(e)).toBe('end');
    expect(errorField(new ApiError('bad_request', 'agenda[2].minutes: out of range'))).toBe('agenda');
    expect(errorField(new ApiError('conflict', 'x: y'))).toBeNull();
    expect(formErrorText(nb, new ApiError('forbidden', 'no'))).toBe(translate('nb', 'error.forbidden'));
  });

  it('words a bad_request by its reason code in the reader\'s language, not the server\'s English', () => {
    const gap = errorFromWire({ code: 'bad_request', message: '2027-03-28T02:30 does not exist in Europe/Oslo (the clocks move forward then)', reason: 'time_in_gap' });
    expect(gap.reason).toBe('time_in_gap');
    expect(formErrorText(nb, gap)).toBe('Klokkeslettet finnes ikke den dagen: klokkene stilles fram en time. Velg et annet tidspunkt.');
    expect(formErrorText((k, p) => translate('en', k, p), gap)).toMatch(/^That time does not exist on that day/);
    expect(errorField(new ApiError('bad_request', 'end: at most 24 hours after start', null, 'longer_than_a_day'))).toBe('end');
    // A reason the client does not know falls back to the server's words; no reason: the same.
    expect(formErrorText(nb, errorFromWire({ code: 'bad_request', message: 'x: new rule', reason: 'a_future_rule' }))).toBe('Ikke godtatt: x: new rule');
    expect(errorFromWire({ code: 'bad_request', message: 'x' }).reason).toBeNull();
  });

  it('has words for every reason code PROTOCOL.md lists', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/PROTOCOL.md', import.meta.url)), 'utf8');
    const table = /\| reason \| from \| rule \|\n\|---\|---\|---\|\n((?:\|.*\n)+)/.exec(doc);
    expect(table, 'the reason table in PROTOCOL.md').not.toBeNull();
    const documented = [...table![1]!.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!).sort();
    expect(documented).toEqual([...ERROR_REASONS].sort());
    for (const r of ERROR_REASONS) expect(ERROR_REASON_KEYS[r], r).toBeTruthy();
  });
});
