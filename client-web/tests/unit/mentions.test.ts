import { describe, expect, it } from 'vitest';
import { applyCompletion, filterCandidates, mentionQueryAt, mentionText, parseMentions } from '../../src/state/mentions';

const members = [
  { user_id: 1, display_name: 'Kari Nordmann' },
  { user_id: 2, display_name: 'Ola Hansen' },
  { user_id: 3, display_name: 'Ola' },
  { user_id: 4, display_name: 'Åse Ødegård' },
];

describe('parseMentions', () => {
  it('finds bare and quoted names, longest name first', () => {
    expect(parseMentions('Hei @Ola Hansen, se dette', members).userIds).toEqual([2]);
    expect(parseMentions('Hei @Ola, se dette', members).userIds).toEqual([3]);
    expect(parseMentions('@"Kari Nordmann" og @åse ødegård', members).userIds.sort()).toEqual([1, 4]);
  });
  it('finds @team but not e-mail addresses or partial words', () => {
    expect(parseMentions('@team møte i morgen', members)).toEqual({ userIds: [], team: true });
    expect(parseMentions('skriv til ola@x.no', members).userIds).toEqual([]);
    expect(parseMentions('@teamleder', members).team).toBe(false);
    expect(parseMentions('@Olav', members).userIds).toEqual([]);
  });
});

describe('mention completion', () => {
  it('finds the query at the caret', () => {
    expect(mentionQueryAt('Hei @Ol', 7)).toEqual({ start: 4, query: 'Ol' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('Hei @"Kari N', 12)).toEqual({ start: 4, query: 'Kari N' });
    expect(mentionQueryAt('ola@x', 5)).toBeNull();
    expect(mentionQueryAt('Hei @Ola Hansen sa det', 22)).toBeNull();
  });
  it('filters members by name start or word start, and offers @team', () => {
    expect(filterCandidates(members, 'ol').map((m) => m.user_id)).toEqual([3, 2]);
    expect(filterCandidates(members, 'hans').map((m) => m.user_id)).toEqual([2]);
    expect(filterCandidates(members, 'ø').map((m) => m.user_id)).toEqual([4]);
    expect(filterCandidates(members, 'te').map((m) => m.display_name)).toEqual(['team']);
  });
  it('inserts the mention, quoted when needed, and moves the caret', () => {
    expect(mentionText(members[2]!)).toBe('@Ola');
    expect(mentionText(members[1]!)).toBe('@"Ola Hansen"');
    const text = 'Hei @ol takk';
    const q = mentionQueryAt(text, 7)!;
    expect(applyCompletion(text, 7, q, members[1]!)).toEqual({ text: 'Hei @"Ola Hansen"  takk', caret: 18 });
    const round = applyCompletion(text, 7, q, members[1]!).text;
    expect(parseMentions(round, members).userIds).toEqual([2]);
  });
});
