import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from '../../src/i18n/format';

describe('dates and times in Europe/Oslo', () => {
  it('formats winter time (UTC+1) as dd.mm.yyyy and HH:mm', () => {
    expect(formatDate('2026-11-25T09:00:00.000Z')).toBe('25.11.2026');
    expect(formatTime('2026-11-25T09:00:00.000Z')).toBe('10:00');
    expect(formatDateTime('2026-11-25T09:05:00.000Z')).toBe('25.11.2026 10:05');
  });

  it('formats summer time (UTC+2)', () => {
    expect(formatDateTime('2026-07-01T10:30:00.000Z')).toBe('01.07.2026 12:30');
  });

  it('moves to the next day in Oslo before UTC does', () => {
    expect(formatDateTime('2026-12-31T23:30:00.000Z')).toBe('01.01.2027 00:30');
    expect(formatDateTime('2026-07-01T22:15:00.000Z')).toBe('02.07.2026 00:15');
  });

  it('uses a 24-hour clock with leading zeros', () => {
    expect(formatTime('2026-01-05T08:07:00.000Z')).toBe('09:07');
    expect(formatTime('2026-01-05T22:59:00.000Z')).toBe('23:59');
    expect(formatTime('2026-01-05T23:00:00.000Z')).toBe('00:00');
  });

  it('follows the spring clock change (02:00 -> 03:00 on 29.03.2026)', () => {
    expect(formatTime('2026-03-29T00:59:00.000Z')).toBe('01:59');
    expect(formatTime('2026-03-29T01:00:00.000Z')).toBe('03:00');
  });

  it('accepts Date objects and returns empty for missing or unreadable values', () => {
    expect(formatDate(new Date(Date.UTC(2026, 4, 17, 12)))).toBe('17.05.2026');
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });
});
