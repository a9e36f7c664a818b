// The meeting objects and operations of docs/PROTOCOL.md ("Meetings"), as the server sends and
// takes them. A meeting's own times (`start`, `end`) are local wall-clock times in its zone
// ("2026-12-08T09:00", zone in `tz`, Europe/Oslo by default); `start_utc`/`end_utc` are RFC 3339
// UTC. An occurrence key is the local date ("2026-12-08") on which the series first put it.
//
// MeetingOpMap is merged into the operation table of ops.ts, so `api.request('meeting.create',
// …)` is typed by the declarations below.
import type { Draft } from './drafts';

/** "YYYY-MM-DD": a local calendar date. */
export type LocalDate = string;
/** "YYYY-MM-DDTHH:MM": a local wall-clock time in the meeting's zone. */
export type LocalDateTime = string;

export const MEETING_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type MeetingAnswerValue = (typeof MEETING_ANSWERS)[number];

export const POLL_ANSWERS = ['yes', 'if_need_be', 'no'] as const;
export type PollAnswerValue = (typeof POLL_ANSWERS)[number];

export const MEETING_SCOPES = ['occurrence', 'following', 'series'] as const;
export type MeetingScope = (typeof MEETING_SCOPES)[number];

export type RecurrenceFreq = 'weekly' | 'monthly_weekday';
/** 1..4, or -1 for "the last" (monthly_weekday only). */
export type SetPos = 1 | 2 | 3 | 4 | -1;

export interface Recurrence {
  freq: RecurrenceFreq;
  /** 1..52 */
  interval: number;
  /** Present for monthly_weekday. */
  setpos?: SetPos | null;
  /** Inclusive local date; exactly one of until and count. */
  until: LocalDate | null;
  count: number | null;
}

export type AgendaLinkKind = 'draft' | 'topic' | 'supplier';

export interface AgendaItem {
  title: string;
  owner_id: number | null;
  owner_name: string | null;
  minutes: number | null;
  link: { kind: AgendaLinkKind; id: number; label: string } | null;
}

/** An agenda item as written by create/update. */
export interface AgendaItemInput {
  title: string;
  owner_id?: number | null;
  minutes?: number | null;
  link?: { kind: AgendaLinkKind; id: number } | null;
}

export interface MeetingGuest {
  user_id: number;
  display_name: string;
}

export interface MeetingException {
  occurrence: LocalDate;
  cancelled: boolean;
  start: LocalDateTime | null;
  end: LocalDateTime | null;
  title: string | null;
  description: string | null;
  location: string | null;
  video_url: string | null;
}

export interface MeetingTopic {
  channel_id: number;
  topic_id: number;
  name: string;
}

export type MeetingStatus = 'scheduled' | 'cancelled';

export interface Meeting {
  id: number;
  team_id: number;
  uid: string;
  title: string;
  description: string;
  location: string;
  video_url: string;
  is_open: boolean;
  tz: string;
  start: LocalDateTime;
  end: LocalDateTime;
  start_utc: string;
  end_utc: string;
  recurrence: Recurrence | null;
  agenda: AgendaItem[];
  guests: MeetingGuest[];
  /** Minutes before the start. */
  reminders: number[];
  status: MeetingStatus;
  sequence: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  exceptions: MeetingException[];
  topics: MeetingTopic[];
}

export interface Occurrence {
  meeting_id: number;
  team_id: number;
  occurrence: LocalDate;
  title: string;
  description: string;
  location: string;
  video_url: string;
  is_open: boolean;
  tz: string;
  start: LocalDateTime;
  end: LocalDateTime;
  start_utc: string;
  end_utc: string;
  recurring: boolean;
  moved: boolean;
  cancelled: boolean;
  my_answer: MeetingAnswerValue | null;
}

export interface MeetingAnswer {
  user_id: number;
  display_name: string;
  org_name: string | null;
  answer: MeetingAnswerValue | null;
  comment: string;
  answered_at: string | null;
  attended: boolean | null;
  guest: boolean;
}

export interface ActionItem {
  meeting_id: number;
  occurrence: LocalDate;
  draft_id: number;
  text: string;
  owner_id: number | null;
  owner_name: string | null;
  due: LocalDate | null;
  done: boolean;
  overdue: boolean;
}

export interface MeetingMinutesRef {
  draft_id: number;
  identifier: string;
  title: string;
}

export interface MeetingGetAnswer {
  meeting: Meeting;
  occurrence: Occurrence;
  answers: MeetingAnswer[];
  minutes: MeetingMinutesRef | null;
  actions: ActionItem[];
  can_edit: boolean;
  can_answer: boolean;
}

export interface GuestCandidate {
  user_id: number;
  display_name: string;
  org_name: string | null;
}

export type PollStatus = 'open' | 'closed' | 'decided';

export interface PollSlot {
  id: number;
  start: LocalDateTime;
  end: LocalDateTime;
  start_utc: string;
  end_utc: string;
  yes: number;
  if_need_be: number;
  no: number;
}

export interface PollAnswerRow {
  user_id: number;
  display_name: string;
  slot_id: number;
  answer: PollAnswerValue;
}

export interface Poll {
  id: number;
  team_id: number;
  title: string;
  description: string;
  location: string;
  video_url: string;
  is_open: boolean;
  tz: string;
  status: PollStatus;
  slots: PollSlot[];
  answers: PollAnswerRow[];
  respondents: number;
  meeting_id: number | null;
  decided_slot_id: number | null;
  created_by: number;
  created_by_name: string;
  created_at: string;
}

/** The fields of meeting.create (and, each optional, of meeting.update). */
export interface MeetingFields {
  title: string;
  description?: string;
  start: LocalDateTime;
  end: LocalDateTime;
  tz?: string;
  location?: string;
  video_url?: string;
  is_open?: boolean;
  recurrence?: Recurrence | null;
  agenda?: AgendaItemInput[];
  /** User ids. */
  guests?: number[];
  reminders?: number[];
}

export interface MeetingRef {
  team_id: number;
  meeting_id: number;
}

export interface PollRef {
  team_id: number;
  poll_id: number;
}

export interface MeetingOpMap {
  'meeting.list': { req: { team_id: number; from: LocalDate; to: LocalDate }; res: { occurrences: Occurrence[] } };
  'meeting.upcoming': { req: { team_id?: number; limit?: number }; res: { occurrences: Occurrence[] } };
  'meeting.get': { req: MeetingRef & { occurrence?: LocalDate }; res: MeetingGetAnswer };
  'meeting.create': { req: MeetingFields & { team_id: number }; res: { meeting: Meeting } };
  'meeting.update': {
    req: MeetingRef & { scope: MeetingScope; occurrence?: LocalDate } & Partial<MeetingFields>;
    res: { meeting: Meeting; previous?: Meeting };
  };
  'meeting.cancel': { req: MeetingRef & { scope: MeetingScope; occurrence?: LocalDate }; res: { meeting: Meeting } };
  'meeting.answer': {
    req: MeetingRef & { occurrence: LocalDate; answer: MeetingAnswerValue; comment?: string };
    res: { answer: MeetingAnswer };
  };
  'meeting.attendance': {
    req: MeetingRef & { occurrence: LocalDate; attended: number[] };
    res: { answers: MeetingAnswer[] };
  };
  'meeting.minutes': {
    req: MeetingRef & { occurrence: LocalDate };
    res: { draft: Draft; created: boolean };
  };
  'meeting.actions': { req: { team_id: number; open_only?: boolean }; res: { actions: ActionItem[] } };
  'meeting.guest_candidates': { req: { team_id: number; q: string }; res: { users: GuestCandidate[] } };
  'poll.create': {
    req: {
      team_id: number; title: string; description?: string; location?: string; video_url?: string;
      is_open?: boolean; tz?: string; slots: { start: LocalDateTime; end: LocalDateTime }[];
    };
    res: { poll: Poll };
  };
  'poll.list': { req: { team_id: number; include_closed?: boolean }; res: { polls: Poll[] } };
  'poll.get': { req: PollRef; res: { poll: Poll } };
  'poll.answer': {
    req: PollRef & { answers: { slot_id: number; answer: PollAnswerValue }[] };
    res: { poll: Poll };
  };
  'poll.close': { req: PollRef; res: { poll: Poll } };
  'poll.decide': {
    req: PollRef & { slot_id: number; agenda?: AgendaItemInput[]; reminders?: number[] };
    res: { poll: Poll; meeting: Meeting };
  };
  'calendar.feed': { req: Record<string, never>; res: { active: boolean; created_at: string | null } };
  'calendar.feed_reset': { req: Record<string, never>; res: { url: string; created_at: string } };
  'calendar.feed_revoke': { req: Record<string, never>; res: { active: false } };
}

/** Events of the meetings section (PROTOCOL.md "Meeting events"). */
export interface MeetingEventMap {
  'meeting.updated': { meeting: Meeting };
  'meeting.answered': { meeting_id: number; occurrence: LocalDate; answer: MeetingAnswer };
  'poll.updated': { poll: Poll };
}

/** The iCalendar file of one meeting (GET, signed in). */
export function meetingIcsPath(meetingId: number): string {
  return `/api/meetings/${meetingId}.ics`;
}

/** Replaces (or adds) one invitee's row, keeping the order. */
export function upsertAnswer(list: readonly MeetingAnswer[], answer: MeetingAnswer): MeetingAnswer[] {
  const at = list.findIndex((a) => a.user_id === answer.user_id);
  if (at < 0) return [...list, answer];
  return list.map((a, i) => (i === at ? answer : a));
}

/** Counts of yes / maybe / no / not answered. */
export function answerCounts(list: readonly MeetingAnswer[]): Record<MeetingAnswerValue | 'none', number> {
  const out = { yes: 0, maybe: 0, no: 0, none: 0 };
  for (const a of list) out[a.answer ?? 'none']++;
  return out;
}
