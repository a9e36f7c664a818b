// Dates as dd.mm.yyyy and times as HH:mm, always in Europe/Oslo whatever the browser's zone,
// and the same in both languages (Norwegian convention, also used in the English UI).
import { DISPLAY_TIME_ZONE } from '../config';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface Parts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function toDate(value: string | Date): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

function parts(date: Date): Parts {
  const out: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(date)) out[p.type] = p.value;
  return {
    day: out.day ?? '',
    month: out.month ?? '',
    year: out.year ?? '',
    hour: out.hour ?? '',
    minute: out.minute ?? '',
  };
}

/** "25.11.2026"; empty for a missing or unreadable value. */
export function formatDate(value: string | Date | null | undefined): string {
  const date = value ? toDate(value) : null;
  if (!date) return '';
  const p = parts(date);
  return `${p.day}.${p.month}.${p.year}`;
}

/** "09:05" (24-hour clock). */
export function formatTime(value: string | Date | null | undefined): string {
  const date = value ? toDate(value) : null;
  if (!date) return '';
  const p = parts(date);
  return `${p.hour}:${p.minute}`;
}

/** "25.11.2026 09:05". */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = value ? toDate(value) : null;
  return date ? `${formatDate(date)} ${formatTime(date)}` : '';
}
