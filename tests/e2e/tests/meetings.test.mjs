// Meetings in the browser: a facilitator schedules a weekly meeting through the form, a member
// answers it with a comment and the facilitator's open page shows the answer without a reload;
// the month view shows the meeting and ISO week numbers; a time poll goes from proposal (three
// slots) through a member's answers (the facilitator's grid follows live) to the decision, which
// creates the meeting that the member's poll page, notifications and team page then show; the
// calendar subscription URL is shown once and serves the meeting; axe passes on every screen.
// People and memberships are made through the HTTP API. When the server answers `unknown_op`
// for an operation a step needs, that step is skipped and says which operations are missing.
// Every wait is on a condition, never on a fixed sleep.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { expectAccessible } from '../lib/axe.mjs';
import { createWorld } from '../lib/world.mjs';

const KARI = { email: 'kari.meet@helse-vest.test', name: 'Kari Nordmann', password: 'riktig-hest-batteri-stift' };
const OLA = { email: 'ola.meet@sykehusinnkjop.test', name: 'Ola Hansen', password: 'lang-og-trygg-passordfrase' };
const TEAM = 'IKT';
const MEETING_TITLE = 'Kategorimøte IKT';
const POLL_TITLE = 'Oppstart rammeavtale PC-er';
/** The operations every step needs. */
const CORE_OPS = ['meeting.create', 'meeting.get', 'meeting.list', 'meeting.answer'];

let supplierId = null;
let teamId;
let meetingId;
/** The first occurrence of the weekly meeting (a local date, a week from today). */
let firstDate;
const world = createWorld({ prefix: 'meetings', opsAs: 'kari', ensurePages, skippedTitle: 'meetings steps skipped' });
const { call, must, pages, openAs, step } = world;
export const skipped = world.skipped;

async function ensurePages() {
  if (pages.kari) return;
  await openAs('kari');
  await openAs('ola');
}

// ---- Dates as the UI shows them (Europe/Oslo, dd.mm.yyyy), computed independently of the client ----

function osloToday() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function plusDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const ddmmyyyy = (date) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
const WEEKDAYS_NB = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
const weekdayNb = (date) => WEEKDAYS_NB[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** ISO 8601 week number (Monday first; week 1 holds the first Thursday). */
function isoWeek(date) {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - yearStart) / 86_400_000 / 7) + 1;
}

/** The next last Sunday of March after `today` (the night Oslo's clocks skip 02:00–03:00). */
function nextSpringForward(today) {
  for (let year = Number(today.slice(0, 4)); ; year += 1) {
    const d = new Date(Date.UTC(year, 2, 31));
    d.setUTCDate(31 - d.getUTCDay());
    const date = d.toISOString().slice(0, 10);
    if (date > today) return date;
  }
}

describe('Meetings', { concurrency: false }, () => {
  before(async () => {
    await world.start();
    await world.setup(KARI);
    const kari = await world.login('kari', KARI);
    const { teams } = await must('kari', 'team.list', {});
    teamId = (teams.find((t) => t.name === TEAM) ?? teams[0]).id;
    const { user: ola } = await must('kari', 'user.create', { email: OLA.email, display_name: OLA.name, password: OLA.password });
    await must('kari', 'team.add_member', { team_id: teamId, user_id: kari.id, role: 'facilitator' });
    await must('kari', 'team.add_member', { team_id: teamId, user_id: ola.id, role: 'member' });
    await world.login('ola', OLA);
    world.missingOps = await world.unknownOps(CORE_OPS);
    firstDate = plusDays(osloToday(), 7);
    // A supplier in the shared register, for an agenda item to link to (when the server has it).
    const sup = await call('kari', 'supplier.create', { name: 'Tekstilgrossisten AS', orgnr: '974760673' });
    supplierId = sup.body.ok ? sup.body.supplier.id : null;
  });

  after(() => world.stop());

  step('a facilitator schedules a weekly meeting through the form', [], async () => {
    const kari = pages.kari.page;
    await kari.goto(`/teams/${teamId}/meetings`);
    await kari.getByRole('heading', { level: 1, name: /^Møtekalender/ }).waitFor();
    await kari.getByTestId('calendar-month').waitFor();
    // Today is marked in the month of today.
    assert.equal(await kari.locator(`td[aria-current="date"][data-date="${osloToday()}"]`).count(), 1);
    await expectAccessible(kari, 'the calendar (month, empty)');

    await kari.getByRole('link', { name: 'Nytt møte', exact: true }).first().click();
    await kari.waitForURL(/\/meetings\/new/);
    await kari.getByLabel('Tittel', { exact: true }).fill(MEETING_TITLE);
    await kari.getByLabel(/^Beskrivelse/).fill('Status for anskaffelsene og neste steg.');
    await kari.getByLabel('Dato', { exact: true }).fill(ddmmyyyy(firstDate));
    await kari.getByLabel('Fra', { exact: true }).fill('09:00');
    await kari.getByLabel('Til', { exact: true }).fill('10:30');
    await kari.getByLabel(/^Sted/).fill('Møterom Fjord');
    await kari.getByLabel('Gjentas', { exact: true }).selectOption('weekly');
    await kari.getByLabel('Antall møter', { exact: true }).fill('6');
    await kari.getByTestId('recurrence-summary').filter({ hasText: `Hver uke på ${weekdayNb(firstDate)}, 6 ganger` }).waitFor();
    // Two agenda items, the second moved above the first.
    await kari.getByRole('button', { name: 'Legg til sak', exact: true }).click();
    const item1 = kari.getByRole('group', { name: 'Sak 1', exact: true });
    await item1.getByLabel('Sak', { exact: true }).fill('Status for anskaffelsene');
    await item1.getByLabel('Ansvarlig').selectOption({ label: OLA.name });
    await item1.getByLabel(/^Minutter/).fill('20');
    if (supplierId) await item1.getByLabel(/^Kobling/).selectOption({ label: 'Leverandør: Tekstilgrossisten AS' });
    await kari.getByRole('button', { name: 'Legg til sak', exact: true }).click();
    const item2 = kari.getByRole('group', { name: 'Sak 2', exact: true });
    await item2.getByLabel('Sak', { exact: true }).fill('Velkommen');
    await item2.getByLabel(/^Minutter/).fill('5');
    await kari.getByRole('button', { name: 'Flytt opp: sak 2' }).click();
    assert.equal(await kari.getByRole('group', { name: 'Sak 1', exact: true }).getByLabel('Sak', { exact: true }).inputValue(), 'Velkommen');
    // Focus stays with the moved item (its remaining move button).
    assert.equal(await kari.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Flytt ned: sak 1');
    await expectAccessible(kari, 'the new meeting form');
    await kari.getByRole('button', { name: 'Opprett møte', exact: true }).click();
    await kari.waitForURL(/\/teams\/\d+\/meetings\/\d+/);
    meetingId = Number(new URL(kari.url()).pathname.split('/').pop());
    await kari.getByRole('heading', { level: 1, name: MEETING_TITLE }).waitFor();
    await kari.getByTestId('meeting-recurrence').filter({ hasText: `Hver uke på ${weekdayNb(firstDate)}, 6 ganger` }).waitFor();
    await kari.getByTestId('meeting-time').filter({ hasText: `${ddmmyyyy(firstDate)} 09:00–10:30` }).waitFor();
    await kari.getByTestId('agenda').filter({ hasText: 'Status for anskaffelsene' }).waitFor();

    const { meeting } = await must('kari', 'meeting.get', { team_id: teamId, meeting_id: meetingId });
    assert.equal(meeting.start, `${firstDate}T09:00`);
    assert.equal(meeting.end, `${firstDate}T10:30`);
    assert.equal(meeting.tz, 'Europe/Oslo');
    assert.deepEqual({ freq: meeting.recurrence.freq, interval: meeting.recurrence.interval, count: meeting.recurrence.count },
      { freq: 'weekly', interval: 1, count: 6 });
    assert.deepEqual(meeting.agenda.map((a) => a.title), ['Velkommen', 'Status for anskaffelsene']);
    assert.equal(meeting.agenda[1].owner_name, OLA.name);
    assert.equal(meeting.agenda[1].minutes, 20);
    if (supplierId) {
      assert.deepEqual(meeting.agenda[1].link, { kind: 'supplier', id: supplierId, label: 'Tekstilgrossisten AS' });
      // The supplier's page lists the meeting.
      const { meetings } = await must('kari', 'supplier.get', { supplier_id: supplierId });
      assert.ok(meetings.some((m) => m.meeting_id === meetingId), JSON.stringify(meetings));
    }
    await expectAccessible(kari, 'the meeting page (facilitator)');
  });

  step('a member answers yes with a comment and the facilitator sees it live', [], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    const url = `/teams/${teamId}/meetings/${meetingId}?occurrence=${firstDate}`;
    await kari.goto(url);
    await kari.getByTestId('not-answered').filter({ hasText: OLA.name }).waitFor();
    await ola.goto(url);
    await ola.getByRole('heading', { level: 1, name: MEETING_TITLE }).waitFor();
    await expectAccessible(ola, 'the meeting page (member)');
    await ola.getByRole('radio', { name: 'Ja', exact: true }).check();
    await ola.getByLabel(/^Kommentar/).fill('Jeg tar med tallene fra Q4.');
    await ola.getByRole('button', { name: 'Lagre svar', exact: true }).click();
    await ola.getByText('Svaret ditt er lagret.').waitFor();
    // Kari's page was not reloaded: the answer arrives as meeting.answered.
    const row = kari.getByTestId('answer-table').locator(`tr[data-user="${OLA.name}"][data-answer="yes"]`);
    await row.filter({ hasText: 'Jeg tar med tallene fra Q4.' }).waitFor();
    await kari.getByTestId('answer-counts').locator('[data-count="yes"]').filter({ hasText: /^1$/ }).waitFor();
    assert.equal(await kari.getByTestId('not-answered').filter({ hasText: OLA.name }).count(), 0);
    const { answers } = await must('kari', 'meeting.get', { team_id: teamId, meeting_id: meetingId, occurrence: firstDate });
    const mine = answers.find((a) => a.display_name === OLA.name);
    assert.equal(mine.answer, 'yes');
    assert.equal(mine.comment, 'Jeg tar med tallene fra Q4.');
    await expectAccessible(kari, 'the meeting page with answers');
  });

  step('the month, week and list views show the meeting and ISO week numbers', [], async () => {
    const kari = pages.kari.page;
    await kari.goto(`/teams/${teamId}/meetings?date=${firstDate}`);
    const month = kari.getByTestId('calendar-month');
    await month.waitFor();
    const cell = month.locator(`td[data-date="${firstDate}"]`);
    await cell.getByRole('link', { name: new RegExp(`09:00 ${MEETING_TITLE}`) }).waitFor();
    // The weekly series shows again a week later (when that day is in the grid).
    const second = plusDays(firstDate, 7);
    if (await month.locator(`td[data-date="${second}"]`).count() === 1) {
      await month.locator(`td[data-date="${second}"]`).getByRole('link', { name: new RegExp(MEETING_TITLE) }).waitFor();
    }
    // Week numbers: every row's header is the ISO week of its Monday, the meeting's week among them.
    const weeks = (await kari.getByTestId('calendar-week').allTextContents()).map((s) => Number(s.replace(/\D+/g, '')));
    assert.ok(weeks.includes(isoWeek(firstDate)), `week ${isoWeek(firstDate)} in ${weeks.join(',')}`);
    const mondays = await month.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.getAttribute('data-date')));
    assert.deepEqual(weeks, mondays.map((d) => isoWeek(d)));
    assert.equal(new Date(`${mondays[0]}T00:00:00Z`).getUTCDay(), 1, 'the grid starts on Monday');
    await expectAccessible(kari, 'the calendar (month, with a meeting)');

    await kari.getByRole('button', { name: 'Uke', exact: true }).click();
    await kari.getByRole('heading', { level: 2, name: new RegExp(`^Uke ${isoWeek(firstDate)}: `) }).waitFor();
    await kari.locator(`li[data-date="${firstDate}"]`).getByRole('link', { name: new RegExp(MEETING_TITLE) }).waitFor();
    await expectAccessible(kari, 'the calendar (week)');
    await kari.getByRole('button', { name: 'Liste', exact: true }).click();
    await kari.locator(`li[data-date="${firstDate}"]`).getByRole('link', { name: new RegExp(MEETING_TITLE) }).waitFor();
    await expectAccessible(kari, 'the calendar (list)');
    // Keyboard: the view buttons and the navigation are ordinary buttons.
    await kari.getByRole('button', { name: 'Måned', exact: true }).focus();
    await kari.keyboard.press('Enter');
    await kari.getByTestId('calendar-month').waitFor();
    await kari.getByRole('button', { name: 'Neste måned' }).focus();
    await kari.keyboard.press('Enter');
    await kari.waitForURL((u) => u.searchParams.get('date') !== firstDate);
    await kari.getByRole('button', { name: 'Forrige måned' }).click();
    await kari.getByTestId('calendar-month').locator(`td[data-date="${firstDate}"]`).getByRole('link', { name: new RegExp(MEETING_TITLE) }).waitFor();
    // English is one click away, and back.
    await kari.getByRole('button', { name: 'English', exact: true }).click();
    await kari.getByRole('heading', { level: 1, name: /^Meeting calendar/ }).waitFor();
    await kari.getByRole('button', { name: 'Week', exact: true }).waitFor();
    await kari.getByRole('columnheader', { name: 'Monday' }).waitFor();
    await kari.getByRole('button', { name: 'Norsk', exact: true }).click();
    await kari.getByRole('heading', { level: 1, name: /^Møtekalender/ }).waitFor();
  });

  step('the minutes open as a draft of the team, and the meeting page links to them', ['meeting.minutes', 'draft.get'], async () => {
    const kari = pages.kari.page;
    await kari.goto(`/teams/${teamId}/meetings/${meetingId}?occurrence=${firstDate}`);
    await kari.getByRole('button', { name: 'Skriv referat', exact: true }).click();
    await kari.waitForURL(/\/teams\/\d+\/drafts\/\d+$/);
    await kari.getByRole('heading', { level: 1, name: new RegExp(`Referat: ${MEETING_TITLE} ${ddmmyyyy(firstDate).replace(/\./g, '\\.')}`) }).waitFor();
    await kari.goBack();
    await kari.getByRole('link', { name: /^Åpne referatet/ }).waitFor();
  });

  step('a facilitator cancels one occurrence and it is struck through', ['meeting.cancel'], async () => {
    const kari = pages.kari.page;
    const third = plusDays(firstDate, 14);
    await kari.goto(`/teams/${teamId}/meetings/${meetingId}?occurrence=${third}`);
    await kari.getByRole('heading', { level: 1, name: MEETING_TITLE }).waitFor();
    await kari.getByRole('button', { name: 'Avlys', exact: true }).click();
    await kari.getByRole('radio', { name: 'Bare dette møtet' }).check();
    await kari.getByRole('button', { name: 'Avlys møtet', exact: true }).click();
    await kari.getByText('Dette møtet er avlyst.').waitFor();
    await kari.goto(`/teams/${teamId}/meetings?view=list&date=${third}`);
    await kari.locator(`li[data-date="${third}"] [data-testid="calendar-entry"][data-cancelled="yes"] s`).waitFor();
  });

  step('a time poll goes from proposal to answers to a meeting', ['poll.create', 'poll.get', 'poll.answer', 'poll.decide'], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    const days = [plusDays(firstDate, 1), plusDays(firstDate, 2), plusDays(firstDate, 3)];
    await kari.goto(`/teams/${teamId}/meetings`);
    await kari.getByRole('link', { name: 'Ny tidsavstemning', exact: true }).first().click();
    await kari.waitForURL(/\/polls\/new$/);
    await kari.getByLabel('Tittel', { exact: true }).fill(POLL_TITLE);
    await kari.getByLabel(/^Sted/).fill('Teams');
    await kari.getByRole('button', { name: 'Legg til tidspunkt' }).click();
    await kari.getByRole('button', { name: 'Legg til tidspunkt' }).click();
    for (const [i, day] of days.entries()) {
      const slot = kari.getByRole('group', { name: `Tidspunkt ${i + 1}`, exact: true });
      await slot.getByLabel('Dato', { exact: true }).fill(ddmmyyyy(day));
      await slot.getByLabel('Fra', { exact: true }).fill('13:00');
      await slot.getByLabel('Til', { exact: true }).fill('14:00');
    }
    await expectAccessible(kari, 'the new poll form');
    await kari.getByRole('button', { name: 'Send ut tidsavstemningen' }).click();
    await kari.waitForURL(/\/polls\/\d+$/);
    const pollId = Number(new URL(kari.url()).pathname.split('/').pop());
    await kari.getByTestId('poll-grid').waitFor();
    const { poll } = await must('kari', 'poll.get', { team_id: teamId, poll_id: pollId });
    assert.equal(poll.slots.length, 3);
    assert.deepEqual(poll.slots.map((s) => s.start), days.map((d) => `${d}T13:00`));
    await expectAccessible(kari, 'the poll page (facilitator)');

    // Ola answers; Kari's grid follows without a reload.
    await ola.goto(`/teams/${teamId}/polls/${pollId}`);
    await ola.getByTestId('poll-grid').waitFor();
    await expectAccessible(ola, 'the poll page (member)');
    const [s1, s2, s3] = poll.slots;
    await ola.locator(`#poll-answer-${s1.id}`).selectOption('if_need_be');
    await ola.locator(`#poll-answer-${s2.id}`).selectOption('yes');
    await ola.locator(`#poll-answer-${s3.id}`).selectOption('no');
    await ola.getByRole('button', { name: 'Lagre svarene' }).click();
    await ola.getByText('Svarene dine er lagret.').waitFor();
    await kari.locator(`tfoot td[data-slot="${s2.id}"][data-yes="1"]`).waitFor();
    await kari.locator(`tfoot td[data-slot="${s1.id}"][data-if-need-be="1"]`).waitFor();
    await kari.locator(`tfoot td[data-slot="${s3.id}"][data-no="1"]`).waitFor();
    await kari.getByTestId('poll-grid').locator(`tr[data-user="${OLA.name}"] td[data-answer="yes"]`).waitFor();
    await kari.getByTestId('poll-respondents').filter({ hasText: /^1$/ }).waitFor();

    // Kari picks the second slot: the meeting is created and she is taken to it.
    await kari.getByRole('button', { name: /^Velg / }).nth(1).click();
    await kari.getByRole('button', { name: 'Sett opp møtet', exact: true }).click();
    await kari.waitForURL(/\/teams\/\d+\/meetings\/\d+/);
    const decidedId = Number(new URL(kari.url()).pathname.split('/').pop());
    await kari.getByRole('heading', { level: 1, name: POLL_TITLE }).waitFor();
    await kari.getByTestId('meeting-time').filter({ hasText: `${ddmmyyyy(days[1])} 13:00–14:00` }).waitFor();
    const decided = await must('kari', 'poll.get', { team_id: teamId, poll_id: pollId });
    assert.equal(decided.poll.status, 'decided');
    assert.equal(decided.poll.meeting_id, decidedId);

    // Ola's open poll page turns decided and links to the meeting.
    await ola.locator('[data-testid="poll-status"][data-status="decided"]').waitFor();
    await ola.getByRole('link', { name: 'Gå til møtet' }).waitFor();
    // The notification (meeting_scheduled) leads to the meeting.
    await ola.getByTestId('notification-badge').waitFor();
    await ola.getByRole('button', { name: /^Varsler/ }).click();
    const note = ola.locator('li[data-kind="meeting_scheduled"]').filter({ hasText: POLL_TITLE });
    await note.waitFor();
    await expectAccessible(ola, 'the notifications with a meeting');
    await note.getByRole('button').click();
    await ola.waitForURL(new RegExp(`/teams/${teamId}/meetings/${decidedId}`));
    await ola.getByRole('heading', { level: 1, name: POLL_TITLE }).waitFor();
    // And the team page lists it among the next meetings.
    await ola.goto(`/teams/${teamId}`);
    await ola.getByTestId('upcoming-meetings').getByRole('link', { name: POLL_TITLE }).waitFor();
    await ola.getByTestId('upcoming-meetings').getByRole('link', { name: MEETING_TITLE }).first().waitFor();
    await expectAccessible(ola, 'the team page with upcoming meetings');
  });

  step('the calendar subscription URL is shown once and serves the meetings', ['calendar.feed', 'calendar.feed_reset'], async () => {
    const ola = pages.ola.page;
    await ola.goto('/profile');
    await ola.getByRole('heading', { level: 2, name: 'Kalenderabonnement' }).waitFor();
    await ola.getByRole('button', { name: 'Lag abonnementsadresse' }).click();
    await ola.getByText('Adressen vises bare denne ene gangen.', { exact: false }).waitFor();
    const url = await ola.getByLabel('Abonnementsadresse (iCalendar)').inputValue();
    assert.match(url, /\/calendar\/[^/]+\.ics$/);
    await expectAccessible(ola, 'the profile with the calendar subscription');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /BEGIN:VCALENDAR/);
    assert.ok(text.includes(MEETING_TITLE), 'the feed has the weekly meeting');
    await ola.reload();
    await ola.getByTestId('feed-state').filter({ hasText: 'aktivt' }).waitFor();
    assert.equal(await ola.getByLabel('Abonnementsadresse (iCalendar)').count(), 0, 'the URL is not shown again');
  });

  step('a start the clocks skip is refused in Norwegian and nothing is created', ['meeting.create'], async () => {
    const kari = pages.kari.page;
    const gapDate = nextSpringForward(osloToday());
    const before = await must('kari', 'meeting.list', { team_id: teamId, from: gapDate, to: plusDays(gapDate, 1) });
    await kari.goto(`/teams/${teamId}/meetings/new`);
    await kari.getByLabel('Tittel', { exact: true }).fill('Nattmøte');
    await kari.getByLabel('Dato', { exact: true }).fill(ddmmyyyy(gapDate));
    await kari.getByLabel('Fra', { exact: true }).fill('02:30');
    await kari.getByLabel('Til', { exact: true }).fill('04:00');
    await kari.getByRole('button', { name: 'Opprett møte', exact: true }).click();
    const alert = kari.getByRole('alert').filter({ hasText: 'Klokkeslettet finnes ikke den dagen' });
    await alert.first().waitFor();
    // The server's English message is not what the person reads.
    assert.equal(await kari.getByText('does not exist in Europe/Oslo').count(), 0);
    assert.match(kari.url(), /\/meetings\/new/);
    const now = await must('kari', 'meeting.list', { team_id: teamId, from: gapDate, to: plusDays(gapDate, 1) });
    assert.deepEqual(now, before);
  });

  step('no page error and no Content-Security-Policy violation', [], async () => {
    const problems = Object.entries(pages).flatMap(([who, e]) => e.problems.map((p) => `${who}: ${p}`));
    assert.deepEqual(problems, []);
  });
});
