// @vitest-environment jsdom
// The meeting screens rendered in jsdom against a fake API: the calendar grid, the meeting page
// with a live meeting.answered event, the poll grid with a live poll.updated event, and the
// form's create call. No server: the answers are the shapes of docs/PROTOCOL.md "Meetings".
import { act, createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, EventName, Op } from '../../src/protocol/ops';
import type { Meeting, MeetingAnswer, MeetingGetAnswer, Occurrence, Poll } from '../../src/protocol/meetings';
import type { User } from '../../src/protocol/types';
import { createStore } from '../../src/state/store';
import { parseRoute } from '../../src/state/router';
import type { SessionState } from '../../src/state/session';
import { ServicesContext, type AppServices } from '../../src/ui/context';
import type { LocationState } from '../../src/ui/navigation';
import CalendarScreen from '../../src/ui/screens/meetings/CalendarScreen';
import MeetingScreen from '../../src/ui/screens/meetings/MeetingScreen';
import { NewMeetingScreen } from '../../src/ui/screens/meetings/MeetingFormScreen';
import { PollScreen } from '../../src/ui/screens/meetings/PollScreens';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const KARI: User = {
  id: 1, email: 'kari@x.test', display_name: 'Kari', org_id: null, org_name: null, language: 'nb', is_admin: false,
  disabled: false, created_at: '2026-01-01T00:00:00.000Z',
};

function occurrence(key: string, extra: Partial<Occurrence> = {}): Occurrence {
  return {
    meeting_id: 7, team_id: 3, occurrence: key, title: 'Kategorimøte', description: '', location: 'Fjord', video_url: '',
    is_open: false, tz: 'Europe/Oslo', start: `${key}T09:00`, end: `${key}T10:00`, start_utc: `${key}T08:00:00.000Z`,
    end_utc: `${key}T09:00:00.000Z`, recurring: true, moved: false, cancelled: false, my_answer: null, ...extra,
  };
}

const MEETING: Meeting = {
  id: 7, team_id: 3, uid: 'u', title: 'Kategorimøte', description: 'Om status', location: 'Fjord', video_url: 'https://video.example/x',
  is_open: false, tz: 'Europe/Oslo', start: '2030-12-10T09:00', end: '2030-12-10T10:00', start_utc: '2030-12-10T08:00:00.000Z',
  end_utc: '2030-12-10T09:00:00.000Z', recurrence: { freq: 'weekly', interval: 1, until: null, count: 6 },
  agenda: [{ title: 'Status', owner_id: 2, owner_name: 'Ola', minutes: 20, link: null }], guests: [], reminders: [1440, 15],
  status: 'scheduled', sequence: 0, created_by: 1, created_by_name: 'Kari', created_at: '', updated_at: '', exceptions: [], topics: [],
};

const answer = (user_id: number, name: string, a: MeetingAnswer['answer'], comment = ''): MeetingAnswer => ({
  user_id, display_name: name, org_name: null, answer: a, comment, answered_at: a ? '2030-12-01T10:00:00.000Z' : null, attended: null, guest: false,
});

function harness(handlers: Partial<Record<Op, (fields: Record<string, unknown>) => unknown>>) {
  const calls: { op: string; fields: Record<string, unknown> }[] = [];
  const listeners = new Map<string, Set<(v: unknown) => void>>();
  const location = createStore<LocationState>({ route: { name: 'teams' }, href: '/', count: 0 });
  const navigated: string[] = [];
  const session = createStore<SessionState>({
    phase: 'signed_in', user: KARI, memberships: [{ team_id: 3, role: 'facilitator' }], needsSetup: false, ended: false,
    language: 'nb', loadError: false,
  });
  const services = {
    session: { store: session },
    api: {
      request(op: Op, fields: Record<string, unknown>) {
        calls.push({ op, fields });
        const h = handlers[op];
        if (!h) return Promise.reject(new Error(`unexpected ${op}`));
        try {
          return Promise.resolve(h(fields));
        } catch (e) {
          return Promise.reject(e);
        }
      },
    },
    socket: {
      status: 'online',
      onStatus: () => () => {},
      on(event: string, fn: (v: unknown) => void) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(fn);
        return () => set.delete(fn);
      },
      request: () => Promise.reject(new Error('not used')),
    },
    navigator: {
      store: location,
      navigate(href: string) {
        navigated.push(href);
        const url = new URL(href, 'http://x');
        location.set({ route: parseRoute(url.pathname, url.search, url.hash), href, count: location.get().count + 1 });
      },
    },
    chat: {},
    clipboard: async () => {},
  } as unknown as AppServices;
  const emit = <K extends EventName>(event: K, data: EventMap[K]) => {
    for (const fn of listeners.get(event) ?? []) fn(data);
  };
  return { services, calls, emit, navigated };
}

let root: Root | null = null;
let host: HTMLElement | null = null;

async function render(services: AppServices, element: ReactElement): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () => {
    root!.render(createElement(ServicesContext.Provider, { value: services }, element));
  });
  await settle();
  return host;
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

afterEach(async () => {
  await act(async () => root?.unmount());
  host?.remove();
  root = null;
  host = null;
});

const TEAM = { team: { id: 3, slug: 'ikt', name: 'IKT', description: '', archived: false, my_role: 'facilitator', member_count: 2 } };

describe('meeting screens (jsdom)', () => {
  it('draws the month with ISO weeks, the meetings and cancelled ones struck through', async () => {
    const { services, calls } = harness({
      'team.get': () => TEAM,
      'meeting.list': () => ({ occurrences: [occurrence('2030-12-10'), occurrence('2030-12-17', { cancelled: true })] }),
      'poll.list': () => ({ polls: [] }),
      'meeting.actions': () => ({ actions: [{ meeting_id: 7, occurrence: '2030-12-10', draft_id: 4, text: 'Send tallene', owner_id: 2, owner_name: 'Ola', due: '2030-12-20', done: false, overdue: false }] }),
    });
    const el = await render(services, createElement(CalendarScreen, { teamId: 3, view: 'month', date: '2030-12-10' }));
    expect(calls.find((c) => c.op === 'meeting.list')?.fields).toEqual({ team_id: 3, from: '2030-11-25', to: '2031-01-05' });
    const weeks = [...el.querySelectorAll('[data-testid="calendar-week"]')].map((n) => n.textContent!.replace(/\D+/g, ''));
    expect(weeks).toEqual(['48', '49', '50', '51', '52', '1']);
    expect(el.querySelector('h2')!.textContent).toBe('Desember 2030');
    expect(el.querySelector('td[data-date="2030-12-10"] a')!.textContent).toContain('09:00 Kategorimøte');
    expect(el.querySelector('td[data-date="2030-12-17"] [data-cancelled="yes"] s')).not.toBeNull();
    expect(el.querySelector('td[data-date="2030-12-17"]')!.textContent).toContain('(Avlyst)');
    expect(el.querySelector('[data-testid="action-items"]')!.textContent).toContain('Send tallene');
  });

  it('shows a meeting and follows answers live', async () => {
    const data: MeetingGetAnswer = {
      meeting: MEETING, occurrence: occurrence('2030-12-10'), answers: [answer(1, 'Kari', null), answer(2, 'Ola', null)],
      minutes: null, actions: [], can_edit: true, can_answer: true,
    };
    const { services, emit } = harness({ 'team.get': () => TEAM, 'meeting.get': () => data });
    const el = await render(services, createElement(MeetingScreen, { teamId: 3, meetingId: 7, occurrence: '2030-12-10' }));
    expect(el.querySelector('[data-testid="meeting-time"]')!.textContent).toBe('tirsdag 10.12.2030 09:00–10:00');
    expect(el.querySelector('[data-testid="meeting-recurrence"]')!.textContent).toBe('Hver uke på tirsdag, 6 ganger');
    expect(el.querySelector('[data-testid="not-answered"]')!.textContent).toContain('Ola');
    expect(el.querySelector('a[download]')!.getAttribute('href')).toBe('/api/meetings/7.ics');
    await act(async () => emit('meeting.answered', { meeting_id: 7, occurrence: '2030-12-10', answer: answer(2, 'Ola', 'yes', 'Kommer') }));
    const row = el.querySelector('[data-testid="answer-table"] tr[data-user="Ola"]');
    expect(row?.getAttribute('data-answer')).toBe('yes');
    expect(row?.textContent).toContain('Kommer');
    expect(el.querySelector('[data-count="yes"]')!.textContent).toBe('1');
    // Another occurrence's answer does not land here.
    await act(async () => emit('meeting.answered', { meeting_id: 7, occurrence: '2030-12-17', answer: answer(1, 'Kari', 'no') }));
    expect(el.querySelector('[data-count="no"]')!.textContent).toBe('0');
  });

  it('updates the poll grid from poll.updated and decides', async () => {
    const poll: Poll = {
      id: 5, team_id: 3, title: 'Oppstart', description: '', location: '', video_url: '', is_open: false, tz: 'Europe/Oslo', status: 'open',
      slots: [
        { id: 11, start: '2030-12-10T13:00', end: '2030-12-10T14:00', start_utc: '2030-12-10T12:00:00.000Z', end_utc: '2030-12-10T13:00:00.000Z', yes: 0, if_need_be: 0, no: 0 },
        { id: 12, start: '2030-12-11T13:00', end: '2030-12-11T14:00', start_utc: '2030-12-11T12:00:00.000Z', end_utc: '2030-12-11T13:00:00.000Z', yes: 0, if_need_be: 0, no: 0 },
      ],
      answers: [], respondents: 0, meeting_id: null, decided_slot_id: null, created_by: 1, created_by_name: 'Kari', created_at: '2030-12-01T10:00:00.000Z',
    };
    const { services, emit, navigated, calls } = harness({
      'team.get': () => TEAM,
      'poll.get': () => ({ poll }),
      'poll.decide': () => ({ poll: { ...poll, status: 'decided', meeting_id: 9, decided_slot_id: 12 }, meeting: { ...MEETING, id: 9 } }),
    });
    const el = await render(services, createElement(PollScreen, { teamId: 3, pollId: 5 }));
    expect(el.querySelectorAll('thead th.poll-slot')).toHaveLength(2);
    const updated: Poll = {
      ...poll,
      slots: [{ ...poll.slots[0]!, if_need_be: 1 }, { ...poll.slots[1]!, yes: 1 }],
      answers: [{ user_id: 2, display_name: 'Ola', slot_id: 11, answer: 'if_need_be' }, { user_id: 2, display_name: 'Ola', slot_id: 12, answer: 'yes' }],
      respondents: 1,
    };
    await act(async () => emit('poll.updated', { poll: updated }));
    expect(el.querySelector('tfoot td[data-slot="12"]')!.getAttribute('data-yes')).toBe('1');
    expect(el.querySelector('tr[data-user="Ola"] td[data-answer="yes"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="poll-respondents"]')!.textContent).toBe('1');
    const pick = [...el.querySelectorAll('button')].filter((b) => (b.getAttribute('aria-label') ?? '').startsWith('Velg '))[1]!;
    await act(async () => pick.click());
    const confirm = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Sett opp møtet')!;
    await act(async () => confirm.click());
    await settle();
    expect(calls.find((c) => c.op === 'poll.decide')?.fields).toEqual({ team_id: 3, poll_id: 5, slot_id: 12 });
    expect(navigated.at(-1)).toBe('/teams/3/meetings/9');
  });

  it('creates a weekly meeting from the form', async () => {
    const { services, calls, navigated } = harness({
      'team.get': () => TEAM,
      'team.members': () => ({ members: [{ user_id: 2, display_name: 'Ola', email: 'o@x', org_name: null, role: 'member', since: '' }] }),
      'draft.list': () => ({ drafts: [] }),
      'meeting.create': () => ({ meeting: { ...MEETING, id: 8 } }),
    });
    const el = await render(services, createElement(NewMeetingScreen, { teamId: 3, date: '2030-12-10' }));
    const input = (id: string) => el.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
    const type = async (id: string, value: string) => {
      const node = input(id);
      const proto = node instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      await act(async () => {
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(node, value);
        node.dispatchEvent(new Event(node instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      });
    };
    expect(input('mf-date').value).toBe('10.12.2030');
    await type('mf-title', 'Kategorimøte');
    await type('mf-end', '10:30');
    await type('mf-freq', 'weekly');
    await type('mf-count', '6');
    expect(el.querySelector('[data-testid="recurrence-summary"]')!.textContent).toContain('Hver uke på tirsdag, 6 ganger');
    await act(async () => el.querySelector<HTMLFormElement>('form')!.requestSubmit());
    await settle();
    expect(calls.find((c) => c.op === 'meeting.create')?.fields).toMatchObject({
      team_id: 3, title: 'Kategorimøte', start: '2030-12-10T09:00', end: '2030-12-10T10:30',
      recurrence: { freq: 'weekly', interval: 1, until: null, count: 6 }, reminders: [1440, 15],
    });
    expect(navigated.at(-1)).toBe('/teams/3/meetings/8');
  });
});
