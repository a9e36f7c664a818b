// Pieces shared by the meeting screens: links, the time of an occurrence in Oslo, and the
// server's refusals shown next to the forms.
import { formatLocalDate, isoWeekday, osloParts, weekdayName, type Translator } from '../../../state/calendar';
import { isApiError } from '../../../protocol/errors';
import type { Occurrence } from '../../../protocol/meetings';
import { routeHref } from '../../../state/router';
import { errorKey, reasonText } from '../../errors';

export { ERROR_REASON_KEYS } from '../../errors';
import { useT } from '../../hooks/useStores';

export function calendarHref(teamId: number): string {
  return routeHref({ name: 'meetings', teamId, view: 'month', date: null });
}

export function meetingHref(teamId: number, meetingId: number, occurrence?: string | null): string {
  return routeHref({ name: 'meeting', teamId, meetingId, occurrence: occurrence ?? null });
}

export function pollHref(teamId: number, pollId: number): string {
  return routeHref({ name: 'poll', teamId, pollId });
}

/**
 * "tirsdag 08.12.2026 09:00–11:00" in Oslo, from the UTC instants; an end on another day
 * carries its date too. `weekday` false leaves the day name out.
 */
export function timeRangeText(t: Translator, startUtc: string, endUtc: string, weekday = true): string {
  const s = osloParts(startUtc);
  const e = osloParts(endUtc);
  const day = weekday ? `${weekdayName(t, isoWeekday(s.date))} ` : '';
  const end = e.date === s.date ? e.time : `${formatLocalDate(e.date)} ${e.time}`;
  return `${day}${formatLocalDate(s.date)} ${s.time}–${end}`;
}

/** "09:00–11:00" (Oslo). */
export function clockRange(startUtc: string, endUtc: string): string {
  return `${osloParts(startUtc).time}–${osloParts(endUtc).time}`;
}

export function OccurrenceTime({ occurrence }: { occurrence: Pick<Occurrence, 'start_utc' | 'end_utc'> }) {
  const t = useT();
  return <time dateTime={occurrence.start_utc}>{timeRangeText(t, occurrence.start_utc, occurrence.end_utc)}</time>;
}

/**
 * A failed operation as a sentence for the form: a bad_request carries the server's reason
 * ("end: must be after start"), which is what a person needs to fix the form.
 */
export function formErrorText(t: Translator, error: unknown): string | null {
  if (!error) return null;
  const byReason = reasonText(t, error);
  if (byReason) return byReason;
  if (isApiError(error, 'bad_request') && error.message.trim() !== '') {
    return t('meetings.error_bad_request', { message: error.message });
  }
  return t(errorKey(error));
}

/** The field a bad_request names ("end: must be after start" → "end"), if any. */
export function errorField(error: unknown): string | null {
  if (!isApiError(error, 'bad_request')) return null;
  const m = /^([a-z_]+)(?:\[\d+\])?(?:\.[a-z_]+)?:/.exec(error.message);
  return m ? m[1]! : null;
}

/** The notice shown instead of a meetings screen when the server has no meetings yet. */
export function isUnavailable(error: unknown): boolean {
  return isApiError(error, 'unknown_op');
}
