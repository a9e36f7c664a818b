import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../src/i18n/catalogue';
import {
  addDays, addMonths, daysBetween, describeRecurrence, formatLocalDate, groupByOsloDate, isoWeek, isoWeekday,
  monthGrid, monthHeading, osloParts, parseDateInput, parseLocalDate, parseTimeInput, setposChoices, stepDate,
  todayInOslo, viewRange, weekDays, weekdayPosition, weekHeading,
} from '../../src/state/calendar';

const nb = (key: MessageKey, params?: MessageParams) => translate('nb', key, params);
const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params);

describe('local dates', () => {
  it('accepts only real days', () => {
    expect(parseLocalDate('2026-12-08')).toEqual({ y: 2026, m: 12, d: 8 });
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2028-02-29')).toEqual({ y: 2028, m: 2, d: 29 });
    expect(parseLocalDate('2026-13-01')).toBeNull();
    expect(parseLocalDate('8.12.2026')).toBeNull();
  });

  it('adds days across months, years and the clock changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2027-01-01')).toBe(31);
  });

  it('adds months and clamps to the last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('numbers weekdays from Monday (1) to Sunday (7)', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-08')).toBe(2);
    expect(isoWeekday('2027-01-03')).toBe(7);
  });
});

describe('ISO 8601 week numbers', () => {
  it('puts the first Thursday in week 1', () => {
    expect(isoWeek('2026-01-01')).toEqual({ year: 2026, week: 1 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });

  it('has week 53 in long years, also in the next calendar year', () => {
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
  });

  it('numbers ordinary weeks', () => {
    expect(isoWeek('2026-12-08')).toEqual({ year: 2026, week: 50 });
    expect(isoWeek('2026-03-29')).toEqual({ year: 2026, week: 13 });
  });
});

describe('month grid', () => {
  it('starts on Monday and covers the whole month', () => {
    const grid = monthGrid('2026-12-17');
    expect(grid.map((w) => w.week)).toEqual([49, 50, 51, 52, 53]);
    expect(grid[0]!.days[0]).toBe('2026-11-30');
    expect(grid[4]!.days[6]).toBe('2027-01-03');
    for (const w of grid) expect(w.days).toHaveLength(7);
  });

  it('has four rows for a February that starts on Monday', () => {
    const grid = monthGrid('2027-02-10');
    expect(grid).toHaveLength(4);
    expect(grid[0]!.days[0]).toBe('2027-02-01');
    expect(grid[3]!.days[6]).toBe('2027-02-28');
  });

  it('has six rows when the month needs them', () => {
    // August 2026 starts on a Saturday and has 31 days.
    expect(monthGrid('2026-08-01')).toHaveLength(6);
  });

  it('gives the ranges and steps of each view', () => {
    expect(viewRange('month', '2026-12-17')).toEqual({ from: '2026-11-30', to: '2027-01-03' });
    expect(viewRange('week', '2026-12-10')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(viewRange('list', '2026-12-10')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(stepDate('month', '2026-12-31', 1)).toBe('2027-01-01');
    expect(stepDate('month', '2026-03-31', -1)).toBe('2026-02-01');
    expect(stepDate('week', '2026-12-10', -1)).toBe('2026-12-03');
    expect(weekDays('2026-12-13')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
  });

  it('names months and weeks in both languages', () => {
    expect(monthHeading(nb, '2026-12-01')).toBe('Desember 2026');
    expect(monthHeading(en, '2026-12-01')).toBe('December 2026');
    expect(weekHeading(nb, '2026-12-10')).toBe('Uke 50: 07.12.–13.12.2026');
    expect(weekHeading(en, '2026-12-10')).toBe('Week 50: 07.12.–13.12.2026');
  });
});

describe('Europe/Oslo wall clock', () => {
  it('converts UTC instants in winter and summer time', () => {
    expect(osloParts('2026-12-08T08:00:00.000Z')).toEqual({ date: '2026-12-08', time: '09:00' });
    expect(osloParts('2026-07-01T07:00:00Z')).toEqual({ date: '2026-07-01', time: '09:00' });
  });

  it('moves to the next day in Oslo before UTC does', () => {
    expect(osloParts('2026-12-31T23:30:00Z')).toEqual({ date: '2027-01-01', time: '00:30' });
    expect(todayInOslo(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('follows the clock changes', () => {
    expect(osloParts('2026-03-29T01:00:00Z').time).toBe('03:00');
    expect(osloParts('2026-10-25T00:30:00Z').time).toBe('02:30');
    expect(osloParts('2026-10-25T01:30:00Z').time).toBe('02:30');
  });

  it('groups by the Oslo date of the start', () => {
    const groups = groupByOsloDate([
      { id: 1, start_utc: '2026-12-08T23:30:00Z' },
      { id: 2, start_utc: '2026-12-08T08:00:00Z' },
      { id: 3, start_utc: '2026-12-09T08:00:00Z' },
    ]);
    expect(groups.get('2026-12-08')?.map((x) => x.id)).toEqual([2]);
    expect(groups.get('2026-12-09')?.map((x) => x.id)).toEqual([1, 3]);
  });
});

describe('typed dates and times', () => {
  it('reads dd.mm.yyyy and its variants', () => {
    expect(parseDateInput('08.12.2026')).toBe('2026-12-08');
    expect(parseDateInput(' 8.12.2026 ')).toBe('2026-12-08');
    expect(parseDateInput('8/12/2026')).toBe('2026-12-08');
    expect(parseDateInput('2026-12-08')).toBe('2026-12-08');
    expect(parseDateInput('31.02.2026')).toBeNull();
    expect(parseDateInput('12.2026')).toBeNull();
    expect(parseDateInput('')).toBeNull();
  });

  it('reads clock times', () => {
    expect(parseTimeInput('9')).toBe('09:00');
    expect(parseTimeInput('9:30')).toBe('09:30');
    expect(parseTimeInput('09.30')).toBe('09:30');
    expect(parseTimeInput('0930')).toBe('09:30');
    expect(parseTimeInput('23:59')).toBe('23:59');
    expect(parseTimeInput('24:00')).toBeNull();
    expect(parseTimeInput('9:7')).toBeNull();
    expect(parseTimeInput('kl 9')).toBeNull();
  });

  it('writes dates as dd.mm.yyyy', () => {
    expect(formatLocalDate('2026-12-08')).toBe('08.12.2026');
    expect(formatLocalDate('nonsense')).toBe('');
  });
});

describe('recurrence', () => {
  it('finds the weekday position in the month', () => {
    expect(weekdayPosition('2026-12-08')).toEqual({ nth: 2, last: false });
    expect(weekdayPosition('2026-12-29')).toEqual({ nth: 5, last: true });
    expect(weekdayPosition('2026-12-25')).toEqual({ nth: 4, last: true });
    expect(setposChoices('2026-12-08')).toEqual([2]);
    expect(setposChoices('2026-12-25')).toEqual([4, -1]);
    expect(setposChoices('2026-12-29')).toEqual([-1]);
  });

  it('describes weekly rules', () => {
    expect(describeRecurrence(nb, null, '2026-12-08')).toBeNull();
    expect(describeRecurrence(nb, { freq: 'weekly', interval: 1, until: null, count: 10 }, '2026-12-08'))
      .toBe('Hver uke på tirsdag, 10 ganger');
    expect(describeRecurrence(nb, { freq: 'weekly', interval: 2, until: '2027-03-30', count: null }, '2026-12-08'))
      .toBe('Hver 2. uke på tirsdag, til og med 30.03.2027');
    expect(describeRecurrence(en, { freq: 'weekly', interval: 2, until: '2027-03-30', count: null }, '2026-12-08'))
      .toBe('Every 2 weeks on Tuesday, until 30.03.2027');
  });

  it('describes monthly rules', () => {
    expect(describeRecurrence(nb, { freq: 'monthly_weekday', interval: 1, setpos: 2, until: null, count: 6 }, '2026-12-08'))
      .toBe('Andre tirsdag i hver måned, 6 ganger');
    expect(describeRecurrence(en, { freq: 'monthly_weekday', interval: 1, setpos: 2, until: null, count: 6 }, '2026-12-08'))
      .toBe('The second Tuesday of every month, 6 times');
    expect(describeRecurrence(nb, { freq: 'monthly_weekday', interval: 3, setpos: -1, until: null, count: 4 }, '2026-12-29'))
      .toBe('Siste tirsdag i måneden, hver 3. måned, 4 ganger');
    expect(describeRecurrence(en, { freq: 'monthly_weekday', interval: 3, setpos: -1, until: null, count: 4 }, '2026-12-29'))
      .toBe('The last Tuesday of the month, every 3 months, 4 times');
  });
});
