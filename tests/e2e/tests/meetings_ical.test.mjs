// Meetings as iCalendar (docs/PROTOCOL.md, "Meetings": "Calendars" and "Recurrence"): every
// kind of .ics the server produces is read back with ical.js (Mozilla's parser) and compared
// with what was asked for and with what meeting.list expands on the server. No browser.
//   1. a single meeting: calendar structure, stable UID, SEQUENCE, times with TZID, escaping and
//      folding of Norwegian text, ORGANIZER, ATTENDEE/PARTSTAT per invitee, DTSTAMP, URL, CRLF
//      and line length;
//   2. weekly series across both daylight-saving changes of next year stay 09:00 in Europe/Oslo (and an
//      answered occurrence gets its own VEVENT);
//   3. monthly by weekday (the second Tuesday, the last Friday) expands to the right dates;
//   4. a cancelled occurrence (EXDATE), a moved one (RECURRENCE-ID), both kept through a series
//      change, a cancelled meeting (STATUS:CANCELLED), cancelling the following, and a "this and
//      following" split into two meetings;
//   5. the secret calendar feed: contents, one VTIMEZONE per zone, reset and revoke, and access
//      to a meeting's .ics (session, Bearer token, non-member, guest);
//   6. zones other than Europe/Oslo: Asia/Tokyo and UTC.
// People and memberships are made through the HTTP API. When the server answers `unknown_op`
// for an operation a test needs, that test is skipped and says which operations are missing;
// once they exist every assertion below is real.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import ICAL from 'ical.js';
import { createWorld } from '../lib/world.mjs';

const OSLO = 'Europe/Oslo';
/**
 * Every meeting is in next year, so the occurrences have not ended (answers are allowed) and the
 * suite keeps working as time passes; dates are found from weekdays, not written out.
 */
const Y = new Date().getUTCFullYear() + 1;
/** The single meeting's day (December: UTC+1 in Oslo). */
const SINGLE = `${Y}-12-08`;
const LONDON = 'Europe/London';
const PEOPLE = {
  kari: { email: 'kari.ical@helse-vest.test', name: 'Kari Nordmann', password: 'riktig-hest-batteri-stift' },
  ola: { email: 'ola.ical@sykehusinnkjop.test', name: 'Ola Hansen', password: 'lang-og-trygg-passordfrase' },
  liv: { email: 'liv.ical@kommune.test', name: 'Liv Ås', password: 'enda-en-lang-frase' },
  // A name with what a parameter value must quote (; : ,) and a double quote (RFC 6868: ^').
  nils: { email: 'nils.ical@kommune.test', name: 'Nils "Nisse" Øvrebø; jr.: styret, IKT', password: 'nils-har-lang-frase' },
  obs: { email: 'obs.ical@kommune.test', name: 'Olga Observatør', password: 'observerer-bare-her' },
  per: { email: 'per.ical@kommune.test', name: 'Per Berg', password: 'annen-lang-passordfrase' },
};
const TEAM = 'Bygg og anlegg';
const OTHER_TEAM = 'IKT';
/** Norwegian text with every character TEXT must escape (RFC 5545 3.3.11) but the backslash. */
const TEXT = 'Møte om æøå; komma, semikolon\nog linjeskift';
/**
 * Well over 75 octets, runs of two- and four-byte characters (a fold by octet count lands in
 * the middle of one unless the server takes care), a backslash, and every TEXT escape.
 */
const LONG_TEXT = [
  'Gjennomgang av kravene til sporbarhet i leverandørkjeden; særlig punkt 3, 4 og 7.',
  'æøåÆØÅ'.repeat(30),
  '🙂🚀'.repeat(25),
  'Sti: C:\\Felles\\Anskaffelser\\2026 (med omvendt skråstrek), og «sitater» – ferdig.',
].join('\n');

// The tests do not build on each other: one that fails does not skip the rest.
const world = createWorld({
  prefix: 'meetings-ical', browser: false, opsAs: 'kari', independent: true, skippedTitle: 'meetings_ical tests skipped',
});
const { cookies, must, users, step } = world;
let teamId;
let otherTeamId;
/** Every meeting the tests created: { id, uid, teamId, guests: [user key] }, for the feed. */
const created = [];

// ---------------------------------------------------------------------------------------------
// HTTP

/**
 * GET a calendar as `who` (null: no cookie). `url` is a path or an absolute URL; an absolute one
 * is fetched from the address we connect to (like the setup link, it may carry the server's own
 * idea of its host).
 */
async function getIcs(who, url) {
  const u = new URL(url, world.server.baseUrl);
  const response = await fetch(new URL(u.pathname + u.search, world.server.baseUrl), {
    headers: who && cookies[who] ? { Cookie: cookies[who] } : {},
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes, text: bytes.toString('utf8') };
}

/** GET /api/meetings/<id>.ics, asserting 200 text/calendar; parsed and checked line by line. */
async function meetingIcs(who, meetingId) {
  const r = await getIcs(who, `/api/meetings/${meetingId}.ics`);
  assert.equal(r.status, 200, `GET /api/meetings/${meetingId}.ics as ${who} → ${r.status}: ${r.text.slice(0, 300)}`);
  return checkedCalendar(r, `/api/meetings/${meetingId}.ics`);
}

async function createMeeting(who, fields, guests = []) {
  const { meeting } = await must(who, 'meeting.create', fields);
  created.push({ id: meeting.id, uid: meeting.uid, teamId: fields.team_id, guests });
  return meeting;
}

async function listOccurrences(who, team, from, to, meetingId) {
  const { occurrences } = await must(who, 'meeting.list', { team_id: team, from, to });
  return occurrences.filter((o) => o.meeting_id === meetingId);
}

// ---------------------------------------------------------------------------------------------
// Time

const osloParts = (zone) => new Intl.DateTimeFormat('en-CA', {
  timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** The UTC instant (ms) of a wall-clock time "YYYY-MM-DDTHH:MM" in `zone`, found with Intl. */
function zonedToUtc(local, zone = OSLO) {
  const [d, hm] = local.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const fmt = osloParts(zone);
  for (let off = -14; off <= 14; off++) {
    const t = Date.UTC(y, mo - 1, da, h - off, mi);
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    if (`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}` === local) return t;
  }
  throw new Error(`${local} does not exist in ${zone}`);
}

/** "YYYY-MM-DDTHH:MM" wall-clock of a UTC instant (ms) in `zone`. */
function utcToZoned(ms, zone = OSLO) {
  const p = Object.fromEntries(osloParts(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const iso = (ms) => new Date(ms).toISOString();
/** The UTC instant (ms) of an ical.js time (zoned through the calendar's VTIMEZONE). */
const instant = (time) => time.toUnixTime() * 1000;
/** Local dates (YYYY-MM-DD) every `days` days from `first`, `n` of them. */
function everyDays(first, days, n) {
  const out = [];
  const t0 = Date.parse(`${first}T12:00:00Z`);
  for (let i = 0; i < n; i++) out.push(new Date(t0 + i * days * 86_400_000).toISOString().slice(0, 10));
  return out;
}
/** The date `days` days after the local date `date` (YYYY-MM-DD). */
const addDays = (date, days) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The last weekday `wd` (0 = Sunday) of a month. */
function lastWeekday(year, month, wd) {
  const last = new Date(Date.UTC(year, month, 0));
  return addDays(last.toISOString().slice(0, 10), -((last.getUTCDay() - wd + 7) % 7));
}
/** The weekday (0 = Sunday) of a local date. */
const weekday = (date) => new Date(`${date}T12:00:00Z`).getUTCDay();
/** The `n`-th (1-based) weekday `wd` (0 = Sunday) of a month. */
function nthWeekday(year, month, wd, n) {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((wd - first + 7) % 7) + (n - 1) * 7;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// iCalendar

/**
 * Checks the raw bytes (CRLF line ends, lines of at most 75 octets, no fold that splits a
 * UTF-8 character, BEGIN/END:VCALENDAR) and the media type, parses with ical.js and checks the
 * VCALENDAR (PRODID, VERSION 2.0, one VTIMEZONE per TZID used, each used TZID defined).
 * Registers each VTIMEZONE with ICAL.TimezoneService. Returns { cal, text }.
 */
function checkedCalendar({ type, bytes, text }, what) {
  assert.match(type, /^text\/calendar\b/i, `${what}: Content-Type`);
  const problems = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) problems.push(`bare LF at byte ${i}`);
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) problems.push(`bare CR at byte ${i}`);
  }
  assert.ok(text.endsWith('\r\n'), `${what}: the last line must end with CRLF`);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let lineNo = 0;
  const lines = [];
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
    lineNo++;
    const line = bytes.subarray(start, i);
    if (line.length > 75) problems.push(`line ${lineNo} has ${line.length} octets: ${line.toString('utf8')}`);
    try {
      lines.push(decoder.decode(line));
    } catch {
      problems.push(`line ${lineNo} is not valid UTF-8 on its own (a fold splits a character): ${JSON.stringify(line.toString('utf8'))}`);
    }
    start = i + 2;
  }
  assert.deepEqual(problems.slice(0, 20), [], `${what}: raw text problems (${problems.length})`);
  assert.equal(lines[0], 'BEGIN:VCALENDAR', `${what}: first line`);
  assert.equal(lines.at(-1), 'END:VCALENDAR', `${what}: last line`);

  let jcal;
  try {
    jcal = ICAL.parse(text);
  } catch (err) {
    assert.fail(`${what}: ICAL.parse failed: ${err.message}\n${text}`);
  }
  assert.ok(!Array.isArray(jcal[0]), `${what}: one VCALENDAR expected, got ${Array.isArray(jcal[0]) ? jcal.length : 0}`);
  const cal = new ICAL.Component(jcal);
  assert.equal(cal.name, 'vcalendar');
  assert.ok(cal.getFirstPropertyValue('prodid'), `${what}: PRODID`);
  assert.equal(cal.getFirstPropertyValue('version'), '2.0', `${what}: VERSION`);

  const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  const dupes = zones.filter((z, i) => zones.indexOf(z) !== i);
  assert.deepEqual(dupes, [], `${what}: one VTIMEZONE per zone (${zones.join(', ')})`);
  const used = new Set();
  for (const ev of cal.getAllSubcomponents('vevent')) {
    for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate']) {
      for (const p of ev.getAllProperties(name)) if (p.getParameter('tzid')) used.add(p.getParameter('tzid'));
    }
  }
  for (const z of used) assert.ok(zones.includes(z), `${what}: TZID ${z} is used but has no VTIMEZONE`);
  for (const z of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(z);
  return { cal, text };
}

const masters = (cal) => cal.getAllSubcomponents('vevent').filter((e) => !e.hasProperty('recurrence-id'));
const overrides = (cal, uid) => cal.getAllSubcomponents('vevent')
  .filter((e) => e.hasProperty('recurrence-id') && e.getFirstPropertyValue('uid') === uid);
function masterOf(cal, uid) {
  const found = masters(cal).filter((e) => e.getFirstPropertyValue('uid') === uid);
  assert.equal(found.length, 1, `one VEVENT without RECURRENCE-ID for UID ${uid}, found ${found.length}`);
  return found[0];
}

/** Asserts a DTSTART/DTEND/RECURRENCE-ID carries TZID `zone` and the wall-clock `local`. */
function assertZonedTime(vevent, name, zone, local) {
  const prop = vevent.getFirstProperty(name);
  assert.ok(prop, `${name} is missing`);
  assert.equal(prop.getParameter('tzid'), zone, `${name} TZID`);
  const t = prop.getFirstValue();
  assert.equal(t.zone?.tzid, zone, `${name} resolves to the VTIMEZONE ${zone}`);
  assert.equal(`${t.toString().slice(0, 16)}`, local, `${name} wall-clock time`);
  assert.equal(iso(instant(t)), iso(zonedToUtc(local, zone)), `${name} UTC instant of ${local} ${zone}`);
}

/**
 * Expands a series with ical.js: the master with its RECURRENCE-ID overrides related by UID
 * (strictExceptions), EXDATEs skipped by the iterator. Returns [{ recurrenceId, start, end }]
 * as UTC ms, `start`/`end` taken from the override when there is one.
 */
function expand(cal, uid, limit = 600) {
  const event = new ICAL.Event(masterOf(cal, uid), { strictExceptions: true, exceptions: overrides(cal, uid) });
  assert.ok(event.isRecurring(), `UID ${uid} should have an RRULE`);
  const out = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    out.push({
      recurrenceId: instant(details.recurrenceId),
      start: instant(details.startDate),
      end: instant(details.endDate),
      local: details.startDate.toString().slice(0, 16),
      zone: details.startDate.zone?.tzid,
    });
    assert.ok(out.length <= limit, `UID ${uid}: more than ${limit} occurrences`);
  }
  return out;
}

/** The ATTENDEE properties of a VEVENT keyed by person (by mailto address or CN). */
function attendeesByPerson(vevent) {
  const out = {};
  const unknown = [];
  for (const p of vevent.getAllProperties('attendee')) {
    const value = String(p.getFirstValue()).toLowerCase();
    const cn = p.getParameter('cn');
    const who = Object.keys(PEOPLE).find((k) => value === `mailto:${PEOPLE[k].email}` || cn === PEOPLE[k].name);
    if (!who) unknown.push(p.toICALString());
    else {
      assert.ok(!(who in out), `two ATTENDEE lines for ${who}`);
      assert.equal(cn, PEOPLE[who].name, `ATTENDEE CN of ${who} round-trips`);
      out[who] = p.getParameter('partstat') ?? 'NEEDS-ACTION';
    }
  }
  assert.deepEqual(unknown, [], 'ATTENDEE lines that are nobody we know');
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('Meetings as iCalendar (ical.js)', { concurrency: false }, () => {
  before(async () => {
    await world.start();
    await world.setup(PEOPLE.kari);
    await world.login('kari', PEOPLE.kari);
    const { teams } = await must('kari', 'team.list', {});
    teamId = teams.find((t) => t.name === TEAM).id;
    otherTeamId = teams.find((t) => t.name === OTHER_TEAM).id;
    await must('kari', 'team.add_member', { team_id: teamId, user_id: users.kari.id, role: 'facilitator' });
    const roles = { ola: [teamId, 'member'], liv: [teamId, 'member'], nils: [teamId, 'member'], obs: [teamId, 'observer'], per: [otherTeamId, 'member'] };
    for (const [who, [team, role]] of Object.entries(roles)) {
      const p = PEOPLE[who];
      const { user } = await must('kari', 'user.create', { email: p.email, display_name: p.name, password: p.password });
      await must('kari', 'team.add_member', { team_id: team, user_id: user.id, role });
      await world.login(who, PEOPLE[who]);
    }
    world.missingOps = await world.unknownOps(['meeting.create', 'meeting.get']);
  });

  after(() => world.stop());

  step('a single meeting: structure, UID, SEQUENCE, times, escaping, folding, organizer, attendees',
    ['meeting.update', 'meeting.answer'], async () => {
      const meeting = await createMeeting('kari', {
        team_id: teamId, title: TEXT, description: TEXT, location: TEXT,
        start: `${SINGLE}T09:00`, end: `${SINGLE}T11:00`, tz: OSLO,
      });
      assert.equal(meeting.start_utc, `${SINGLE}T08:00:00.000Z`, 'meeting.create start_utc');
      await must('kari', 'meeting.answer', { team_id: teamId, meeting_id: meeting.id, occurrence: SINGLE, answer: 'yes' });
      await must('ola', 'meeting.answer', { team_id: teamId, meeting_id: meeting.id, occurrence: SINGLE, answer: 'yes' });
      await must('ola', 'meeting.answer', { team_id: teamId, meeting_id: meeting.id, occurrence: SINGLE, answer: 'maybe' });
      await must('liv', 'meeting.answer', { team_id: teamId, meeting_id: meeting.id, occurrence: SINGLE, answer: 'no' });

      const first = await meetingIcs('ola', meeting.id);
      const zones = first.cal.getAllSubcomponents('vtimezone');
      assert.deepEqual(zones.map((z) => z.getFirstPropertyValue('tzid')), [OSLO], 'exactly the VTIMEZONE of Europe/Oslo');
      const events = first.cal.getAllSubcomponents('vevent');
      assert.equal(events.length, 1, 'a single meeting is one VEVENT');
      const ev = events[0];
      assert.ok(!ev.hasProperty('rrule'), 'no RRULE on a single meeting');
      assert.ok(!ev.hasProperty('recurrence-id'), 'no RECURRENCE-ID on a single meeting');

      const uid = ev.getFirstPropertyValue('uid');
      assert.match(uid, new RegExp(`^meeting-${meeting.id}-[^@\\s]+@arena$`), 'UID form meeting-<id>-<random>@arena');
      assert.equal(uid, meeting.uid, 'UID is the meeting object\'s uid');
      assertZonedTime(ev, 'dtstart', OSLO, `${SINGLE}T09:00`);
      assertZonedTime(ev, 'dtend', OSLO, `${SINGLE}T11:00`);
      assert.equal(iso(instant(ev.getFirstPropertyValue('dtstart'))), `${SINGLE}T08:00:00.000Z`);
      assert.equal(iso(instant(ev.getFirstPropertyValue('dtend'))), `${SINGLE}T10:00:00.000Z`);

      assert.equal(ev.getFirstPropertyValue('summary'), TEXT, 'SUMMARY round-trips (escaping)');
      assert.equal(ev.getFirstPropertyValue('description'), TEXT, 'DESCRIPTION round-trips (escaping)');
      assert.equal(ev.getFirstPropertyValue('location'), TEXT, 'LOCATION round-trips (escaping)');
      assert.notEqual(ev.getFirstPropertyValue('status'), 'CANCELLED', 'STATUS of a scheduled meeting');
      const organizer = ev.getFirstProperty('organizer');
      assert.ok(organizer, 'ORGANIZER');
      const orgValue = String(organizer.getFirstValue()).toLowerCase();
      assert.ok(orgValue === `mailto:${PEOPLE.kari.email}` || organizer.getParameter('cn') === PEOPLE.kari.name,
        `ORGANIZER is the creator (got ${organizer.toICALString()})`);

      // Invitees: members and facilitators; the observer is not invited to a meeting that is not open.
      assert.deepEqual(attendeesByPerson(ev), {
        kari: 'ACCEPTED', ola: 'TENTATIVE', liv: 'DECLINED', nils: 'NEEDS-ACTION',
      }, 'one ATTENDEE per invitee with the PARTSTAT of their answer');
      const sequence = ev.getFirstPropertyValue('sequence');
      assert.equal(typeof sequence, 'number', 'SEQUENCE');

      const second = await meetingIcs('kari', meeting.id);
      assert.equal(masters(second.cal)[0].getFirstPropertyValue('uid'), uid, 'the same UID on a second download');
      assert.equal(masters(second.cal)[0].getFirstPropertyValue('sequence'), sequence, 'SEQUENCE unchanged without a change');

      // An edit: the long description (folding), the UID stays, SEQUENCE goes up.
      const { meeting: updated } = await must('kari', 'meeting.update', {
        team_id: teamId, meeting_id: meeting.id, scope: 'series', description: LONG_TEXT,
      });
      assert.equal(updated.description, LONG_TEXT, 'meeting.update description');
      const third = await meetingIcs('ola', meeting.id);
      assert.ok(third.text.split('\r\n').some((l) => l.startsWith(' ') || l.startsWith('\t')), 'the long DESCRIPTION is folded');
      const ev3 = masterOf(third.cal, uid);
      assert.equal(ev3.getFirstPropertyValue('description'), LONG_TEXT, 'the long DESCRIPTION round-trips (folding)');
      assert.equal(ev3.getFirstPropertyValue('summary'), TEXT, 'SUMMARY unchanged');
      assert.ok(ev3.getFirstPropertyValue('sequence') > sequence,
        `SEQUENCE raised after meeting.update (${sequence} → ${ev3.getFirstPropertyValue('sequence')})`);
      assert.equal(ev3.getFirstPropertyValue('sequence'), updated.sequence, 'SEQUENCE is the meeting\'s sequence');
      assertZonedTime(ev3, 'dtstart', OSLO, `${SINGLE}T09:00`);
      const stamp = ev3.getFirstPropertyValue('dtstamp');
      assert.ok(stamp && stamp.zone === ICAL.Timezone.utcTimezone, 'DTSTAMP (required) in UTC');
      // URL's value type is URI (RFC 5545 3.8.4.6, 3.3.13: RFC 3986, so with a scheme): a calendar
      // application cannot resolve a bare path against anything.
      const url = String(ev3.getFirstPropertyValue('url') ?? '');
      assert.match(url, new RegExp(`^https?://[^/]+/.*\\b${meeting.id}$`), 'URL: the absolute address of the meeting page');
    });

  step('weekly series across the spring and autumn changes stay 09:00 in Europe/Oslo',
    ['meeting.list', 'meeting.answer'], async () => {
      const spring = nthWeekday(Y, 3, 2, 1);
      const autumn = nthWeekday(Y, 10, 2, 1);
      const cases = [
        // 12 Tuesdays from the first in March (summer time from the last Sunday of March), by count.
        { start: spring, recurrence: { freq: 'weekly', interval: 1, until: null, count: 12 },
          dates: everyDays(spring, 7, 12), change: lastWeekday(Y, 3, 0), before: 8, after: 7, to: `${Y}-06-30` },
        // 7 Tuesdays from the first in October (winter time from the last Sunday of October), by
        // until (inclusive: the last Tuesday is the until date).
        { start: autumn, recurrence: { freq: 'weekly', interval: 1, until: addDays(autumn, 42), count: null },
          dates: everyDays(autumn, 7, 7), change: lastWeekday(Y, 10, 0), before: 7, after: 8, to: `${Y}-12-31` },
      ];
      for (const c of cases) {
        assert.ok(c.dates[0] < c.change && c.dates.at(-1) > c.change, `${c.start}: the series spans the change on ${c.change}`);
      }
      for (const c of cases) {
        const meeting = await createMeeting('kari', {
          team_id: teamId, title: `Ukentlig fra ${c.start}`, start: `${c.start}T09:00`, end: `${c.start}T10:00`,
          tz: OSLO, recurrence: c.recurrence,
        });
        // One answer on the first occurrence after the change: that occurrence's answers now
        // differ from the series', so it gets its own VEVENT with RECURRENCE-ID (same times).
        const answered = c.dates.find((d) => d > c.change);
        await must('ola', 'meeting.answer', { team_id: teamId, meeting_id: meeting.id, occurrence: answered, answer: 'no' });
        const { cal } = await meetingIcs('ola', meeting.id);
        const master = masterOf(cal, meeting.uid);
        assert.equal(attendeesByPerson(master).ola, 'NEEDS-ACTION', 'the series VEVENT: Ola has not answered the series');
        const ovs = overrides(cal, meeting.uid);
        assert.equal(ovs.length, 1, `one VEVENT with RECURRENCE-ID (the occurrence Ola answered), found ${ovs.length}`);
        assert.equal(iso(instant(ovs[0].getFirstPropertyValue('recurrence-id'))), iso(zonedToUtc(`${answered}T09:00`)),
          'RECURRENCE-ID of the answered occurrence');
        assertZonedTime(ovs[0], 'dtstart', OSLO, `${answered}T09:00`);
        assert.equal(attendeesByPerson(ovs[0]).ola, 'DECLINED', 'the answered occurrence: Ola DECLINED');
        assertZonedTime(master, 'dtstart', OSLO, `${c.start}T09:00`);
        assertZonedTime(master, 'dtend', OSLO, `${c.start}T10:00`);
        assert.equal(master.getFirstPropertyValue('rrule')?.freq, 'WEEKLY', 'RRULE FREQ=WEEKLY');
        ICAL.TimezoneService.reset();
        ICAL.TimezoneService.register(cal.getFirstSubcomponent('vtimezone'));
        assert.ok(ICAL.TimezoneService.has(OSLO));

        const occ = expand(cal, meeting.uid);
        assert.equal(occ.length, c.dates.length, `${c.start}: number of occurrences`);
        occ.forEach((o, i) => {
          const date = c.dates[i];
          assert.equal(o.zone, OSLO, `${date}: in Europe/Oslo`);
          assert.equal(o.local, `${date}T09:00`, `${date}: 09:00 local`);
          assert.equal(utcToZoned(o.start), `${date}T09:00`, `${date}: the instant is 09:00 in Oslo`);
          assert.equal(new Date(o.start).getUTCHours(), date < c.change ? c.before : c.after, `${date}: UTC hour`);
          assert.equal(o.end - o.start, 3_600_000, `${date}: one hour`);
          const viaZone = ICAL.TimezoneService.get(OSLO).utcOffset(ICAL.Time.fromDateTimeString(`${date}T09:00:00`));
          assert.equal(viaZone / 3600, 9 - (date < c.change ? c.before : c.after), `${date}: the registered VTIMEZONE's UTC offset`);
        });
        const listed = await listOccurrences('ola', teamId, c.start, c.to, meeting.id);
        assert.deepEqual(occ.map((o) => iso(o.start)), listed.map((o) => o.start_utc), `${c.start}: ical.js expansion = meeting.list`);
        assert.deepEqual(listed.map((o) => o.occurrence), c.dates, `${c.start}: meeting.list occurrence keys`);
      }
    });

  step('monthly on the second Tuesday, six times, expands to the right dates', ['meeting.list'], async () => {
    const dates = [1, 2, 3, 4, 5, 6].map((m) => nthWeekday(Y, m, 2, 2));
    assert.ok(dates.every((d) => weekday(d) === 2 && Number(d.slice(8)) >= 8 && Number(d.slice(8)) <= 14), `second Tuesdays: ${dates}`);
    const meeting = await createMeeting('kari', {
      team_id: teamId, title: 'Månedsmøte andre tirsdag', start: `${dates[0]}T13:00`, end: `${dates[0]}T14:30`,
      tz: OSLO, recurrence: { freq: 'monthly_weekday', interval: 1, setpos: 2, until: null, count: 6 },
    });
    const { cal } = await meetingIcs('ola', meeting.id);
    const master = masterOf(cal, meeting.uid);
    assert.equal(master.getFirstPropertyValue('rrule')?.freq, 'MONTHLY', 'RRULE FREQ=MONTHLY');
    assertZonedTime(master, 'dtstart', OSLO, `${dates[0]}T13:00`);
    const occ = expand(cal, meeting.uid);
    assert.deepEqual(occ.map((o) => o.local), dates.map((d) => `${d}T13:00`), 'second Tuesdays at 13:00 local');
    assert.deepEqual(occ.map((o) => iso(o.start)), dates.map((d) => iso(zonedToUtc(`${d}T13:00`))), 'UTC instants');
    assert.ok(occ.every((o) => o.end - o.start === 90 * 60_000), '1 h 30 min each');
    const listed = await listOccurrences('ola', teamId, `${Y}-01-01`, `${Y}-12-31`, meeting.id);
    assert.deepEqual(occ.map((o) => iso(o.start)), listed.map((o) => o.start_utc), 'ical.js expansion = meeting.list');

    // And the last Friday (setpos -1), until a date: January to April inclusive.
    const fridays = [1, 2, 3, 4].map((m) => lastWeekday(Y, m, 5));
    assert.ok(fridays.every((d) => weekday(d) === 5 && addDays(d, 7).slice(5, 7) !== d.slice(5, 7)), `last Fridays: ${fridays}`);
    const last = await createMeeting('kari', {
      team_id: teamId, title: 'Siste fredag', start: `${fridays[0]}T08:30`, end: `${fridays[0]}T09:00`,
      tz: OSLO, recurrence: { freq: 'monthly_weekday', interval: 1, setpos: -1, until: fridays[3], count: null },
    });
    const lastCal = (await meetingIcs('ola', last.id)).cal;
    const lastOcc = expand(lastCal, last.uid);
    assert.deepEqual(lastOcc.map((o) => o.local), fridays.map((d) => `${d}T08:30`), 'last Fridays at 08:30 local, until inclusive');
    const lastListed = await listOccurrences('ola', teamId, `${Y}-01-01`, `${Y}-12-31`, last.id);
    assert.deepEqual(lastOcc.map((o) => iso(o.start)), lastListed.map((o) => o.start_utc), 'last Friday: ical.js = meeting.list');
  });

  step('exceptions: a cancelled occurrence, a moved one, a cancelled meeting, this and following',
    ['meeting.update', 'meeting.cancel', 'meeting.list'], async () => {
      // Tuesdays 10:00 from the first in January, eight times (all winter time).
      const dates = everyDays(nthWeekday(Y, 1, 2, 1), 7, 8);
      const [cancelKey, moveKey] = [dates[2], dates[4]];
      const movedTo = addDays(moveKey, 1);
      const meeting = await createMeeting('kari', {
        team_id: teamId, title: 'Serie med unntak', location: 'Rom 101', start: `${dates[0]}T10:00`, end: `${dates[0]}T11:00`,
        tz: OSLO, recurrence: { freq: 'weekly', interval: 1, until: null, count: 8 },
      });
      const before = masterOf((await meetingIcs('ola', meeting.id)).cal, meeting.uid).getFirstPropertyValue('sequence');

      // Cancel the third: an EXDATE, and the expansion skips it.
      await must('kari', 'meeting.cancel', { team_id: teamId, meeting_id: meeting.id, scope: 'occurrence', occurrence: cancelKey });
      let { cal } = await meetingIcs('ola', meeting.id);
      let master = masterOf(cal, meeting.uid);
      const exdates = master.getAllProperties('exdate').flatMap((p) => p.getValues()).map((t) => iso(instant(t)));
      assert.deepEqual(exdates, [iso(zonedToUtc(`${cancelKey}T10:00`))], `one EXDATE, the original start of ${cancelKey}`);
      assert.notEqual(master.getFirstPropertyValue('status'), 'CANCELLED', 'the series is not cancelled');
      let occ = expand(cal, meeting.uid);
      assert.deepEqual(occ.map((o) => o.local.slice(0, 10)), dates.filter((d) => d !== cancelKey), 'expansion skips the EXDATE');
      const afterCancel = master.getFirstPropertyValue('sequence');
      // RFC 5545 3.8.7.4: a change to EXDATE must raise SEQUENCE.
      assert.ok(afterCancel > before, `SEQUENCE raised by cancelling an occurrence (${before} → ${afterCancel})`);

      // Move the fifth to the next day 14:00-15:30: an override with RECURRENCE-ID.
      const { meeting: moved } = await must('kari', 'meeting.update', {
        team_id: teamId, meeting_id: meeting.id, scope: 'occurrence', occurrence: moveKey,
        start: `${movedTo}T14:00`, end: `${movedTo}T15:30`, location: 'Rom 202',
      });
      assert.equal(moved.id, meeting.id, 'moving an occurrence keeps the meeting');
      ({ cal } = await meetingIcs('ola', meeting.id));
      master = masterOf(cal, meeting.uid);
      const ovs = overrides(cal, meeting.uid);
      assert.equal(ovs.length, 1, 'one VEVENT with RECURRENCE-ID (the moved occurrence; nobody answered)');
      const ov = ovs[0];
      assert.equal(iso(instant(ov.getFirstPropertyValue('recurrence-id'))), iso(zonedToUtc(`${moveKey}T10:00`)),
        'RECURRENCE-ID is the original start');
      assertZonedTime(ov, 'dtstart', OSLO, `${movedTo}T14:00`);
      assertZonedTime(ov, 'dtend', OSLO, `${movedTo}T15:30`);
      assert.equal(ov.getFirstPropertyValue('location'), 'Rom 202', 'the override has the moved occurrence\'s location');
      assert.ok(!ov.hasProperty('rrule'), 'no RRULE on an override');
      assert.ok(master.getFirstPropertyValue('sequence') > afterCancel, 'SEQUENCE raised by moving an occurrence');
      occ = expand(cal, meeting.uid);
      const expected = dates.filter((d) => d !== cancelKey).map((d) => (d === moveKey ? `${movedTo}T14:00` : `${d}T10:00`));
      assert.deepEqual(occ.map((o) => o.local), expected, 'expansion with the exception yields the moved time');
      const movedOcc = occ.find((o) => o.local === `${movedTo}T14:00`);
      assert.equal(movedOcc.end - movedOcc.start, 90 * 60_000, 'the moved occurrence lasts 1 h 30 min');
      const listed = await listOccurrences('ola', teamId, `${Y}-01-01`, `${Y}-03-31`, meeting.id);
      assert.deepEqual(listed.map((o) => o.occurrence), dates, 'meeting.list keys (cancelled included)');
      assert.deepEqual(listed.filter((o) => o.cancelled).map((o) => o.occurrence), [cancelKey], 'meeting.list cancelled');
      assert.deepEqual(occ.map((o) => iso(o.start)), listed.filter((o) => !o.cancelled).map((o) => o.start_utc),
        'ical.js expansion = meeting.list (not cancelled)');

      // A change to the series (title, and 10:00 → 11:00) keeps the exceptions: the EXDATE and
      // RECURRENCE-ID name the occurrences as the new rule produces them (else a calendar brings
      // the cancelled occurrence back and shows the moved one twice); the moved occurrence keeps
      // its time and location and follows the new title (it did not override the title).
      const seqBefore = master.getFirstPropertyValue('sequence');
      await must('kari', 'meeting.update', {
        team_id: teamId, meeting_id: meeting.id, scope: 'series', title: 'Serie med unntak, ny tittel',
        start: `${dates[0]}T11:00`, end: `${dates[0]}T12:00`,
      });
      ({ cal } = await meetingIcs('ola', meeting.id));
      master = masterOf(cal, meeting.uid);
      assert.ok(master.getFirstPropertyValue('sequence') > seqBefore, 'SEQUENCE raised by a series change');
      assert.equal(master.getFirstPropertyValue('summary'), 'Serie med unntak, ny tittel');
      assertZonedTime(master, 'dtstart', OSLO, `${dates[0]}T11:00`);
      assert.deepEqual(master.getAllProperties('exdate').flatMap((p) => p.getValues()).map((t) => iso(instant(t))),
        [iso(zonedToUtc(`${cancelKey}T11:00`))], 'after a series change the EXDATE is at the new time');
      const kept = overrides(cal, meeting.uid);
      assert.equal(kept.length, 1, 'the moved occurrence stays after a series change');
      assert.equal(iso(instant(kept[0].getFirstPropertyValue('recurrence-id'))), iso(zonedToUtc(`${moveKey}T11:00`)),
        'after a series change the RECURRENCE-ID is at the new time');
      assertZonedTime(kept[0], 'dtstart', OSLO, `${movedTo}T14:00`);
      assert.equal(kept[0].getFirstPropertyValue('summary'), 'Serie med unntak, ny tittel', 'the override follows the new title');
      assert.equal(kept[0].getFirstPropertyValue('location'), 'Rom 202', 'the override keeps its location');
      const later = expected.map((l) => (l === `${movedTo}T14:00` ? l : l.replace('T10:00', 'T11:00')));
      const occAfter = expand(cal, meeting.uid);
      assert.deepEqual(occAfter.map((o) => o.local), later, 'expansion after a series change');
      const listedAfter = await listOccurrences('ola', teamId, `${Y}-01-01`, `${Y}-03-31`, meeting.id);
      assert.deepEqual(occAfter.map((o) => iso(o.start)), listedAfter.filter((o) => !o.cancelled).map((o) => o.start_utc),
        'after a series change: ical.js expansion = meeting.list');

      // A cancelled meeting: STATUS:CANCELLED.
      const single = await createMeeting('kari', {
        team_id: teamId, title: 'Avlyst møte', start: `${Y}-01-20T12:00`, end: `${Y}-01-20T13:00`, tz: OSLO,
      });
      await must('kari', 'meeting.cancel', { team_id: teamId, meeting_id: single.id, scope: 'series' });
      ({ cal } = await meetingIcs('ola', single.id));
      assert.equal(masterOf(cal, single.uid).getFirstPropertyValue('status'), 'CANCELLED', 'a cancelled meeting has STATUS:CANCELLED');

      // Cancel this and following: the series ends before it.
      const endingDates = everyDays(nthWeekday(Y, 9, 2, 1), 7, 6);
      const ending = await createMeeting('kari', {
        team_id: teamId, title: 'Avsluttes tidlig', start: `${endingDates[0]}T09:00`, end: `${endingDates[0]}T10:00`, tz: OSLO,
        recurrence: { freq: 'weekly', interval: 1, until: null, count: 6 },
      });
      const endingSeq = masterOf((await meetingIcs('ola', ending.id)).cal, ending.uid).getFirstPropertyValue('sequence');
      await must('kari', 'meeting.cancel', { team_id: teamId, meeting_id: ending.id, scope: 'following', occurrence: endingDates[2] });
      ({ cal } = await meetingIcs('ola', ending.id));
      assert.notEqual(masterOf(cal, ending.uid).getFirstPropertyValue('status'), 'CANCELLED', 'the earlier occurrences stay');
      assert.ok(masterOf(cal, ending.uid).getFirstPropertyValue('sequence') > endingSeq, 'SEQUENCE raised by cancelling the following');
      const endingOcc = expand(cal, ending.uid);
      assert.deepEqual(endingOcc.map((o) => o.local), endingDates.slice(0, 2).map((d) => `${d}T09:00`),
        `cancel following: the series ends before ${endingDates[2]}`);
      const endingListed = await listOccurrences('ola', teamId, `${Y}-09-01`, `${Y}-12-31`, ending.id);
      assert.deepEqual(endingOcc.map((o) => iso(o.start)), endingListed.filter((o) => !o.cancelled).map((o) => o.start_utc),
        'cancel following: ical.js expansion = meeting.list (not cancelled)');

      // This and following: six Tuesdays 09:00 from the first in April (until the sixth); from the
      // third on at 10:00. Before the split: Liv answers the second (stays with the old meeting),
      // Ola answers the fourth and the fifth is cancelled (both go to the new meeting).
      const all = everyDays(nthWeekday(Y, 4, 2, 1), 7, 6);
      const series = await createMeeting('kari', {
        team_id: teamId, title: 'Før delingen', start: `${all[0]}T09:00`, end: `${all[0]}T10:00`, tz: OSLO,
        recurrence: { freq: 'weekly', interval: 1, until: all[5], count: null },
      });
      await must('liv', 'meeting.answer', { team_id: teamId, meeting_id: series.id, occurrence: all[1], answer: 'maybe' });
      await must('ola', 'meeting.answer', { team_id: teamId, meeting_id: series.id, occurrence: all[3], answer: 'no' });
      await must('kari', 'meeting.cancel', { team_id: teamId, meeting_id: series.id, scope: 'occurrence', occurrence: all[4] });
      const split = await must('kari', 'meeting.update', {
        team_id: teamId, meeting_id: series.id, scope: 'following', occurrence: all[2],
        title: 'Etter delingen', start: `${all[2]}T10:00`, end: `${all[2]}T11:00`,
      });
      assert.ok(split.previous, 'meeting.update following answers "previous"');
      assert.equal(split.previous.id, series.id, 'previous is the old meeting');
      assert.notEqual(split.meeting.id, series.id, 'a new meeting');
      assert.notEqual(split.meeting.uid, series.uid, 'the new meeting has a new UID');
      created.push({ id: split.meeting.id, uid: split.meeting.uid, teamId, guests: [] });
      const oldCal = (await meetingIcs('ola', series.id)).cal;
      const newCal = (await meetingIcs('ola', split.meeting.id)).cal;
      assert.equal(masterOf(oldCal, series.uid).getFirstPropertyValue('uid'), series.uid, 'the old meeting keeps its UID');
      const oldOcc = expand(oldCal, series.uid);
      const newOcc = expand(newCal, split.meeting.uid);
      assert.equal(masterOf(newCal, split.meeting.uid).getFirstPropertyValue('summary'), 'Etter delingen');
      assert.deepEqual(oldOcc.map((o) => o.local), all.slice(0, 2).map((d) => `${d}T09:00`), `the old series ends before ${all[2]}`);
      assert.deepEqual(newOcc.map((o) => o.local), [all[2], all[3], all[5]].map((d) => `${d}T10:00`),
        `the new series from ${all[2]} at 10:00, without the cancelled ${all[4]}`);
      const newMaster = masterOf(newCal, split.meeting.uid);
      assert.deepEqual(newMaster.getAllProperties('exdate').flatMap((p) => p.getValues()).map((t) => iso(instant(t))),
        [iso(zonedToUtc(`${all[4]}T10:00`))], 'the new meeting took over the cancellation: EXDATE at its time');
      const oldOv = overrides(oldCal, series.uid);
      assert.deepEqual(oldOv.map((e) => iso(instant(e.getFirstPropertyValue('recurrence-id')))), [iso(zonedToUtc(`${all[1]}T09:00`))],
        'the old meeting keeps the answered second occurrence (and nothing from the split on)');
      assert.equal(attendeesByPerson(oldOv[0]).liv, 'TENTATIVE', 'Liv\'s answer stays with the old meeting');
      const newOv = overrides(newCal, split.meeting.uid);
      assert.deepEqual(newOv.map((e) => iso(instant(e.getFirstPropertyValue('recurrence-id')))), [iso(zonedToUtc(`${all[3]}T10:00`))],
        'the new meeting took over the answered fourth occurrence (RECURRENCE-ID at the new time)');
      assertZonedTime(newOv[0], 'dtstart', OSLO, `${all[3]}T10:00`);
      assert.equal(attendeesByPerson(newOv[0]).ola, 'DECLINED', 'Ola\'s answer went to the new meeting');
      assert.deepEqual([...oldOcc, ...newOcc].map((o) => o.local.slice(0, 10)), all.filter((d) => d !== all[4]),
        'together they cover every occurrence that is not cancelled');
      const listedOld = await listOccurrences('ola', teamId, `${Y}-04-01`, `${Y}-05-31`, series.id);
      const listedNew = await listOccurrences('ola', teamId, `${Y}-04-01`, `${Y}-05-31`, split.meeting.id);
      assert.deepEqual([...listedOld, ...listedNew].map((o) => o.occurrence), all, 'meeting.list: every occurrence key once');
      assert.deepEqual(oldOcc.map((o) => iso(o.start)), listedOld.filter((o) => !o.cancelled).map((o) => o.start_utc), 'old: ical.js = meeting.list');
      assert.deepEqual(newOcc.map((o) => iso(o.start)), listedNew.filter((o) => !o.cancelled).map((o) => o.start_utc), 'new: ical.js = meeting.list');
    });

  step('the calendar feed: contents, zones, reset, revoke; access to a meeting .ics',
    ['calendar.feed', 'calendar.feed_reset', 'calendar.feed_revoke', 'meeting.cancel'], async () => {
      // Another zone in Ola's team, a meeting of another team, and one there Ola is a guest of.
      await createMeeting('kari', {
        team_id: teamId, title: 'Med London', start: `${Y}-02-10T12:00`, end: `${Y}-02-10T13:00`, tz: LONDON,
      });
      const foreign = await createMeeting('kari', {
        team_id: otherTeamId, title: 'Bare IKT', start: `${Y}-02-11T09:00`, end: `${Y}-02-11T10:00`, tz: OSLO,
      });
      const guestOf = await createMeeting('kari', {
        team_id: otherTeamId, title: 'IKT med gjest', start: `${Y}-02-12T09:00`, end: `${Y}-02-12T10:00`, tz: OSLO,
        is_open: true, guests: [users.ola.id],
      }, ['ola']);
      // Invitees of an open meeting: the team (Per) and the guest (Ola), whose answer shows.
      await must('ola', 'meeting.answer', { team_id: otherTeamId, meeting_id: guestOf.id, occurrence: `${Y}-02-12`, answer: 'yes' });
      const guestCal = (await meetingIcs('ola', guestOf.id)).cal;
      assert.deepEqual(attendeesByPerson(masterOf(guestCal, guestOf.uid)), { per: 'NEEDS-ACTION', ola: 'ACCEPTED' },
        'an open meeting in IKT: ATTENDEE for the member and the guest');
      const mine = created.filter((m) => m.teamId === teamId || m.guests.includes('ola'));
      assert.ok(mine.length >= 3, 'several meetings to expect in the feed');

      // Access to one meeting's .ics: no session, not a member, a member, a guest.
      const anon = await getIcs(null, `/api/meetings/${mine[0].id}.ics`);
      assert.equal(anon.status, 401, `GET /api/meetings/${mine[0].id}.ics without a session → ${anon.status}`);
      const outsider = await getIcs('per', `/api/meetings/${mine[0].id}.ics`);
      assert.ok([403, 404].includes(outsider.status), `a non-member's GET /api/meetings/${mine[0].id}.ics → ${outsider.status}`);
      assert.ok(!outsider.text.includes('BEGIN:VCALENDAR'), 'no calendar for a non-member');
      // A personal API token (Authorization: Bearer) is a way of being signed in, too.
      const { token: apiToken } = await must('ola', 'token.create', { name: 'kalender' });
      const byToken = await fetch(`${world.server.baseUrl}/api/meetings/${mine[0].id}.ics`, { headers: { Authorization: `Bearer ${apiToken}` } });
      assert.equal(byToken.status, 200, `GET /api/meetings/${mine[0].id}.ics with a Bearer token → ${byToken.status}`);
      const missing = await getIcs('ola', '/api/meetings/999999.ics');
      assert.equal(missing.status, 404, `GET /api/meetings/999999.ics → ${missing.status}`);
      const notGuest = await getIcs('ola', `/api/meetings/${foreign.id}.ics`);
      assert.ok([403, 404].includes(notGuest.status), `another team's meeting for a non-guest → ${notGuest.status}`);

      assert.equal((await must('ola', 'calendar.feed', {})).active, false, 'no feed before the first reset');
      const reset1 = await must('ola', 'calendar.feed_reset', {});
      assert.match(new URL(reset1.url, world.server.baseUrl).pathname, /^\/calendar\/[^/]+\.ics$/, `feed URL form (${reset1.url})`);
      assert.equal((await must('ola', 'calendar.feed', {})).active, true, 'calendar.feed active after a reset');

      const feed = await getIcs(null, reset1.url);
      assert.equal(feed.status, 200, `GET ${reset1.url} without cookies → ${feed.status}: ${feed.text.slice(0, 300)}`);
      const { cal } = checkedCalendar(feed, 'the feed');
      const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')).sort();
      assert.deepEqual(zones, [LONDON, OSLO], 'one VTIMEZONE per zone used');
      const uids = masters(cal).map((e) => e.getFirstPropertyValue('uid'));
      assert.equal(new Set(uids).size, uids.length, 'one series VEVENT per meeting');
      assert.deepEqual([...uids].sort(), mine.map((m) => m.uid).sort(),
        'the meetings of Ola\'s team and the one Ola is a guest of, no others');
      assert.ok(!uids.includes(foreign.uid), 'not another team\'s meeting');
      // The feed's VEVENTs are those of the meetings' own calendars.
      for (const m of mine) {
        const own = (await meetingIcs('ola', m.id)).cal;
        const a = masterOf(own, m.uid);
        const b = masterOf(cal, m.uid);
        for (const name of ['dtstart', 'dtend']) {
          assert.equal(iso(instant(b.getFirstPropertyValue(name))), iso(instant(a.getFirstPropertyValue(name))), `${m.uid} ${name}`);
        }
        assert.equal(b.getFirstPropertyValue('sequence'), a.getFirstPropertyValue('sequence'), `${m.uid} SEQUENCE`);
        assert.equal(b.getFirstPropertyValue('status'), a.getFirstPropertyValue('status'), `${m.uid} STATUS`);
        assert.equal(String(b.getFirstPropertyValue('rrule') ?? ''), String(a.getFirstPropertyValue('rrule') ?? ''), `${m.uid} RRULE`);
        assert.equal(overrides(cal, m.uid).length, overrides(own, m.uid).length, `${m.uid} RECURRENCE-ID VEVENTs`);
        assert.deepEqual(attendeesByPerson(b), attendeesByPerson(a), `${m.uid} ATTENDEE/PARTSTAT`);
        if (a.hasProperty('rrule')) {
          assert.deepEqual(expand(cal, m.uid).map((o) => o.start), expand(own, m.uid).map((o) => o.start), `${m.uid} expansion`);
        }
      }
      const london = masters(cal).find((e) => e.getFirstPropertyValue('summary') === 'Med London');
      assertZonedTime(london, 'dtstart', LONDON, `${Y}-02-10T12:00`);

      // A second reset: the old URL is 404, the new one works; revoke: the new one is 404.
      const reset2 = await must('ola', 'calendar.feed_reset', {});
      assert.notEqual(reset2.url, reset1.url, 'a new URL');
      const old = await getIcs(null, reset1.url);
      assert.equal(old.status, 404, `the old feed URL after a reset → ${old.status}`);
      const again = await getIcs(null, reset2.url);
      assert.equal(again.status, 200, `the new feed URL → ${again.status}`);
      checkedCalendar(again, 'the feed after a reset');
      assert.deepEqual(await must('ola', 'calendar.feed_revoke', {}), { ok: true, active: false }, 'calendar.feed_revoke');
      const revoked = await getIcs(null, reset2.url);
      assert.equal(revoked.status, 404, `the feed URL after calendar.feed_revoke → ${revoked.status}`);
      assert.equal((await must('ola', 'calendar.feed', {})).active, false, 'calendar.feed inactive after revoke');
      const unknown = await getIcs(null, '/calendar/arena-not-a-real-token.ics');
      assert.equal(unknown.status, 404, `an unknown feed token → ${unknown.status}`);
    });

  step('meetings in other zones: UTC and Asia/Tokyo (no daylight saving)', [], async () => {
    // Every TZID parameter needs its VTIMEZONE (RFC 5545 3.2.19, 3.6.5), or the times are UTC
    // ("...Z"); checkedCalendar checks the former. Either way the instant must be right.
    for (const [tz, local, utc] of [['Asia/Tokyo', `${Y}-02-10T12:00`, `${Y}-02-10T03:00:00.000Z`], ['UTC', `${Y}-02-10T12:00`, `${Y}-02-10T12:00:00.000Z`]]) {
      const meeting = await createMeeting('kari', {
        team_id: teamId, title: `Møte i ${tz}`, start: local, end: local.replace('T12', 'T13'), tz,
      });
      assert.equal(meeting.start_utc, utc, `${tz}: meeting.create start_utc`);
      const { cal } = await meetingIcs('ola', meeting.id);
      const ev = masterOf(cal, meeting.uid);
      const start = ev.getFirstPropertyValue('dtstart');
      assert.equal(iso(instant(start)), utc, `${tz}: DTSTART instant (${ev.getFirstProperty('dtstart').toICALString()})`);
      assert.equal(iso(instant(ev.getFirstPropertyValue('dtend'))), iso(Date.parse(utc) + 3_600_000), `${tz}: DTEND instant`);
    }
  });
});
