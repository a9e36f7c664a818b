// @-mentions (CHAT_PROTOCOL.md: `@Display Name` or `@"Display Name"` mentions a member, `@team`
// everyone). Parsing mirrors the server so the client can highlight and preview; the server's
// `mentions` field on the stored message is what counts. Completion works on the composer's
// text and caret position. No DOM.
import { MENTION_SUGGESTIONS_MAX } from '../config';

export interface MentionCandidate {
  user_id: number;
  display_name: string;
}

export interface ParsedMentions {
  userIds: number[];
  team: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const fold = (s: string) => s.toLocaleLowerCase('nb');

/** One mention in a text: [start, end) covers the '@' and the name; userId null is @team. */
export interface MentionSpan {
  start: number;
  end: number;
  userId: number | null;
}

/**
 * Where a text mentions someone: quoted names exactly, bare names by the longest member name
 * that fits, `@team` (bare or quoted). A quoted name that is no member is skipped whole.
 */
export function findMentions(text: string, members: readonly MentionCandidate[]): MentionSpan[] {
  const spans: MentionSpan[] = [];
  const byLength = [...members].sort((a, b) => b.display_name.length - a.display_name.length);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '@') continue;
    if (i > 0 && WORD_CHAR.test(text[i - 1]!)) continue; // e-mail addresses, not mentions
    const rest = text.slice(i + 1);
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) continue;
      const name = fold(rest.slice(1, end));
      const m = members.find((x) => fold(x.display_name) === name);
      if (m) spans.push({ start: i, end: i + end + 2, userId: m.user_id });
      else if (name === 'team') spans.push({ start: i, end: i + end + 2, userId: null });
      i += end + 1;
      continue;
    }
    const foldedRest = fold(rest);
    const member = byLength.find((m) => {
      const n = fold(m.display_name);
      return foldedRest.startsWith(n) && !WORD_CHAR.test(rest.charAt(n.length));
    });
    if (member) {
      spans.push({ start: i, end: i + 1 + member.display_name.length, userId: member.user_id });
      i += member.display_name.length;
    } else if (foldedRest.startsWith('team') && !WORD_CHAR.test(rest.charAt(4))) {
      spans.push({ start: i, end: i + 5, userId: null });
      i += 4;
    }
  }
  return spans;
}

/** Who a body mentions (findMentions, as a set of people and whether @team). */
export function parseMentions(body: string, members: readonly MentionCandidate[]): ParsedMentions {
  const ids = new Set<number>();
  let team = false;
  for (const span of findMentions(body, members)) {
    if (span.userId === null) team = true;
    else ids.add(span.userId);
  }
  return { userIds: [...ids], team };
}

export interface MentionQuery {
  /** Index of the '@'. */
  start: number;
  /** What follows the '@' up to the caret (without an opening quote). */
  query: string;
}

/** The mention being typed at the caret, if any: '@' at a word start, then up to 40 non-'@' chars on the line. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}_])@("?)([^@"\n]{0,40})$/u.exec(before);
  if (!m) return null;
  const query = m[3]!;
  // A bare query stops at the second space: "@Ola Hansen sa" is no longer a mention in progress.
  if (m[2] === '' && (query.match(/\s/g)?.length ?? 0) > 1) return null;
  return { start: before.length - query.length - m[2]!.length - 1, query };
}

/** Members whose name (or a word of it) starts with the query, best first, plus @team. */
export function filterCandidates(members: readonly MentionCandidate[], query: string, teamLabel = 'team'): MentionCandidate[] {
  const q = fold(query.trim());
  const scored: { m: MentionCandidate; score: number }[] = [];
  for (const m of members) {
    const name = fold(m.display_name);
    if (name.startsWith(q)) scored.push({ m, score: 0 });
    else if (name.split(/\s+/).some((w) => w.startsWith(q))) scored.push({ m, score: 1 });
  }
  scored.sort((a, b) => a.score - b.score || a.m.display_name.localeCompare(b.m.display_name, 'nb'));
  const out = scored.map((s) => s.m).slice(0, MENTION_SUGGESTIONS_MAX);
  if ('team'.startsWith(q) || fold(teamLabel).startsWith(q)) out.push({ user_id: 0, display_name: 'team' });
  return out.slice(0, MENTION_SUGGESTIONS_MAX);
}

/** The mention text for a candidate: quoted when the name has a space or a quote-free special char. */
export function mentionText(candidate: MentionCandidate): string {
  const name = candidate.display_name;
  return /^[\p{L}\p{N}_]+$/u.test(name) ? `@${name}` : `@"${name}"`;
}

/** Replaces the query at `q` (ending at caret) with the candidate's mention and a space. */
export function applyCompletion(text: string, caret: number, q: MentionQuery, candidate: MentionCandidate): { text: string; caret: number } {
  const insert = `${mentionText(candidate)} `;
  const next = text.slice(0, q.start) + insert + text.slice(caret);
  return { text: next, caret: q.start + insert.length };
}
