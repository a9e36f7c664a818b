// Calendar arithmetic for the meetings screens, without the DOM: local dates as "YYYY-MM-DD"
// strings (days counted in UTC so no browser zone or clock change can shift them), Monday-first
// weeks with ISO 8601 week numbers, month grids, Europe/Oslo wall-clock parts of UTC instants,
// the date and time inputs people type (dd.mm.yyyy, HH:MM), and the sentence that describes a
// recurrence rule.
import { DISPLAY_TIME_ZONE } from '../config';
import type { MessageKey, MessageParams } from '../i18n/catalogue';
import type { Recurrence, SetPos } from '../protocol/meetings';

export type LocalDate = string;
export type CalendarView = 'month' | 'week' | 'list';
export const CALENDAR_VIEWS: readonly CalendarView[] = ['month', 'week', 'list'];

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The parts of a valid "YYYY-MM-DD" (a real calendar day), else null. */
export function parseLocalDate(value: string): Ymd | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

export function isLocalDate(value: string): boolean {
  return parseLocalDate(value) !== null;
}

export function localDate(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function must(value: LocalDate): Ymd {
  const p = parseLocalDate(value);
  if (!p) throw new RangeError(`not a local date: ${value}`);
  return p;
}

function toUtcDays(value: LocalDate): number {
  const { y, m, d } = must(value);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromUtcDays(days: number): LocalDate {
  const date = new Date(days * DAY_MS);
  return localDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(value: LocalDate, n: number): LocalDate {
  return fromUtcDays(toUtcDays(value) + n);
}

/** The same day n months later, clamped to the month's last day (31.01 + 1 month = 28/29.02). */
export function addMonths(value: LocalDate, n: number): LocalDate {
  const { y, m, d } = must(value);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return localDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toUtcDays(b) - toUtcDays(a);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(value: LocalDate): number {
  const day = new Date(toUtcDays(value) * DAY_MS).getUTCDay();
  return day === 0 ? 7 : day;
}

export function startOfWeek(value: LocalDate): LocalDate {
  return addDays(value, 1 - isoWeekday(value));
}

export function startOfMonth(value: LocalDate): LocalDate {
  const { y, m } = must(value);
  return localDate(y, m, 1);
}

export function endOfMonth(value: LocalDate): LocalDate {
  const { y, m } = must(value);
  return localDate(y, m, daysInMonth(y, m));
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(value: LocalDate): { year: number; week: number } {
  const thursday = toUtcDays(value) - isoWeekday(value) + 4;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export interface GridWeek {
  /** ISO week number. */
  week: number;
  /** Monday … Sunday. */
  days: LocalDate[];
}

/** The weeks (Monday first) that cover the month of `value`: 4 to 6 rows. */
export function monthGrid(value: LocalDate): GridWeek[] {
  const first = startOfMonth(value);
  const last = endOfMonth(value);
  const weeks: GridWeek[] = [];
  for (let monday = startOfWeek(first); daysBetween(monday, last) >= 0; monday = addDays(monday, 7)) {
    weeks.push({ week: isoWeek(monday).week, days: weekDays(monday) });
  }
  return weeks;
}

/** Monday … Sunday of the week of `value`. */
export function weekDays(value: LocalDate): LocalDate[] {
  const monday = startOfWeek(value);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function sameMonth(a: LocalDate, b: LocalDate): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/** The dates a view shows around `value` (inclusive), for meeting.list. */
export function viewRange(view: CalendarView, value: LocalDate): { from: LocalDate; to: LocalDate } {
  if (view === 'week') {
    const days = weekDays(value);
    return { from: days[0]!, to: days[6]! };
  }
  if (view === 'list') return { from: startOfMonth(value), to: endOfMonth(value) };
  const grid = monthGrid(value);
  return { from: grid[0]!.days[0]!, to: grid[grid.length - 1]!.days[6]! };
}

/** The date the prev/next buttons move to: a month (month, list) or a week. */
export function stepDate(view: CalendarView, value: LocalDate, direction: 1 | -1): LocalDate {
  return view === 'week' ? addDays(value, 7 * direction) : addMonths(startOfMonth(value), direction);
}

// ---- Europe/Oslo wall clock ----

const osloFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Oslo date and time of an instant: { date: "2026-12-08", time: "09:00" }. */
export function osloParts(value: string | Date): { date: LocalDate; time: string } {
  const date = typeof value === 'string' ? new Date(value) : value;
  const out: Record<string, string> = {};
  for (const p of osloFormatter.formatToParts(date)) out[p.type] = p.value;
  return { date: `${out.year}-${out.month}-${out.day}`, time: `${out.hour}:${out.minute}` };
}

/** Today's date in Oslo. */
export function todayInOslo(now: Date = new Date()): LocalDate {
  return osloParts(now).date;
}

// ---- What people type and read ----

/** "2026-12-08" → "08.12.2026". */
export function formatLocalDate(value: LocalDate): string {
  const p = parseLocalDate(value);
  return p ? `${pad(p.d)}.${pad(p.m)}.${pad(p.y, 4)}` : '';
}

/** "08.12" (day and month, for compact headings). */
export function formatDayMonth(value: LocalDate): string {
  const p = parseLocalDate(value);
  return p ? `${pad(p.d)}.${pad(p.m)}.` : '';
}

/**
 * A typed date: "8.12.2026", "08.12.2026", "8/12/2026" or "2026-12-08" → "2026-12-08"; null
 * when it is not a real day.
 */
export function parseDateInput(input: string): LocalDate | null {
  const s = input.trim();
  const iso = parseLocalDate(s);
  if (iso) return s;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (!m) return null;
  const value = localDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return parseLocalDate(value) ? value : null;
}

/** A form date to the wire: "" → null; a real day → "YYYY-MM-DD"; otherwise undefined (invalid). */
export function dateFromField(input: string): string | null | undefined {
  if (input.trim() === '') return null;
  return parseDateInput(input) ?? undefined;
}

/** A typed time: "9", "09", "9:30", "09.30", "0930" → "09:30"; null when not a time of day. */
export function parseTimeInput(input: string): string | null {
  const s = input.trim();
  let h: number;
  let min: number;
  let m = /^(\d{1,2})$/.exec(s);
  if (m) {
    h = Number(m[1]);
    min = 0;
  } else if ((m = /^(\d{1,2})[:.](\d{2})$/.exec(s))) {
    h = Number(m[1]);
    min = Number(m[2]);
  } else if ((m = /^(\d{2})(\d{2})$/.exec(s))) {
    h = Number(m[1]);
    min = Number(m[2]);
  } else {
    return null;
  }
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

/** "2026-12-08T09:00" → { date: "2026-12-08", time: "09:00" }. */
export function splitLocalDateTime(value: string): { date: LocalDate; time: string } {
  return { date: value.slice(0, 10), time: value.slice(11, 16) };
}

export function joinLocalDateTime(date: LocalDate, time: string): string {
  return `${date}T${time}`;
}

/** Minutes since midnight of "HH:MM". */
export function timeMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Which "nth weekday of the month" a date is: nth 1..5, and whether it is the last such
 * weekday of its month. The monthly rule must start on such a day (PROTOCOL.md Recurrence).
 */
export function weekdayPosition(value: LocalDate): { nth: number; last: boolean } {
  const { y, m, d } = must(value);
  return { nth: Math.ceil(d / 7), last: d + 7 > daysInMonth(y, m) };
}

/** The setpos values a monthly rule starting on `value` may have (1..4 and/or -1). */
export function setposChoices(value: LocalDate): SetPos[] {
  const { nth, last } = weekdayPosition(value);
  const out: SetPos[] = [];
  if (nth <= 4) out.push(nth as SetPos);
  if (last) out.push(-1);
  return out;
}

// ---- Names and sentences (through the message catalogue) ----

export type Translator = (key: MessageKey, params?: MessageParams) => string;

const WEEKDAY_KEYS: readonly MessageKey[] = [
  'calendar.weekday_1', 'calendar.weekday_2', 'calendar.weekday_3', 'calendar.weekday_4',
  'calendar.weekday_5', 'calendar.weekday_6', 'calendar.weekday_7',
];
const WEEKDAY_SHORT_KEYS: readonly MessageKey[] = [
  'calendar.weekday_short_1', 'calendar.weekday_short_2', 'calendar.weekday_short_3', 'calendar.weekday_short_4',
  'calendar.weekday_short_5', 'calendar.weekday_short_6', 'calendar.weekday_short_7',
];
const MONTH_KEYS: readonly MessageKey[] = [
  'calendar.month_1', 'calendar.month_2', 'calendar.month_3', 'calendar.month_4', 'calendar.month_5',
  'calendar.month_6', 'calendar.month_7', 'calendar.month_8', 'calendar.month_9', 'calendar.month_10',
  'calendar.month_11', 'calendar.month_12',
];
const SETPOS_KEYS: Record<string, MessageKey> = {
  '1': 'calendar.setpos_1',
  '2': 'calendar.setpos_2',
  '3': 'calendar.setpos_3',
  '4': 'calendar.setpos_4',
  '-1': 'calendar.setpos_last',
};

/** 1 = Monday. */
export function weekdayName(t: Translator, isoDay: number, short = false): string {
  return t((short ? WEEKDAY_SHORT_KEYS : WEEKDAY_KEYS)[isoDay - 1]!);
}

export function monthName(t: Translator, month: number): string {
  return t(MONTH_KEYS[month - 1]!);
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** "Desember 2026" / "December 2026". */
export function monthHeading(t: Translator, value: LocalDate): string {
  const { y, m } = must(value);
  return capitalise(t('calendar.month_heading', { month: monthName(t, m), year: y }));
}

/** "Uke 50: 07.12.–13.12.2026". */
export function weekHeading(t: Translator, value: LocalDate): string {
  const days = weekDays(value);
  return t('calendar.week_heading', {
    week: isoWeek(value).week, from: formatDayMonth(days[0]!), to: formatLocalDate(days[6]!),
  });
}

/** "tirsdag 08.12.2026" (a day heading in the week and list views). */
export function dayHeading(t: Translator, value: LocalDate): string {
  return capitalise(t('calendar.day_heading', { weekday: weekdayName(t, isoWeekday(value)), date: formatLocalDate(value) }));
}

export function setposName(t: Translator, setpos: SetPos): string {
  return t(SETPOS_KEYS[String(setpos)]!);
}

/**
 * The rule in words, from the first start date: "Hver 2. uke på tirsdag, til og med
 * 15.12.2026" / "Every 2 weeks on Tuesday, until 15.12.2026". Null for a single meeting.
 */
export function describeRecurrence(t: Translator, rule: Recurrence | null, start: LocalDate): string | null {
  if (!rule) return null;
  const weekday = weekdayName(t, isoWeekday(start));
  let text: string;
  if (rule.freq === 'weekly') {
    text = rule.interval === 1
      ? t('calendar.rule_weekly', { weekday })
      : t('calendar.rule_weekly_n', { weekday, interval: rule.interval });
  } else {
    const setpos = rule.setpos ?? (setposChoices(start)[0] ?? 1);
    const ordinal = setposName(t, setpos);
    text = rule.interval === 1
      ? t('calendar.rule_monthly', { ordinal, weekday })
      : t('calendar.rule_monthly_n', { ordinal, weekday, interval: rule.interval });
  }
  text = capitalise(text);
  if (rule.until) return `${text}${t('calendar.rule_until', { date: formatLocalDate(rule.until) })}`;
  if (rule.count) return `${text}${t('calendar.rule_count', { count: rule.count })}`;
  return text;
}

/** Items keyed by the Oslo date of their start (each list keeps the input order). */
export function groupByOsloDate<T extends { start_utc: string }>(items: readonly T[]): Map<LocalDate, T[]> {
  const out = new Map<LocalDate, T[]>();
  for (const item of items) {
    const { date } = osloParts(item.start_utc);
    const list = out.get(date);
    if (list) list.push(item);
    else out.set(date, [item]);
  }
  return out;
}
