import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/chat';
import {
  addMessages, addOlderPage, contiguousTop, emptyLog, findGaps, latestPage, mergeMessages, newClientMsgId, topicMessages,
} from '../../src/state/messageStore';

function msg(seq: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 1000 + seq, channel_id: 7, seq, topic: 'Krav', topic_id: 1, author_id: 1, author_name: 'Kari', org_name: null,
    body: `melding ${seq}`, created_at: '2026-11-25T09:00:00.000Z', edited_at: null, deleted: false, reactions: [],
    pinned: false, archive_worthy: false, mentions: [], mentions_team: false, ...over,
  };
}
const seqs = (ms: readonly ChatMessage[]) => ms.map((m) => m.seq);

describe('mergeMessages', () => {
  it('sorts by seq and never keeps two copies of a seq', () => {
    const merged = mergeMessages([msg(3), msg(1)], [msg(2), msg(3), msg(1)], 7);
    expect(seqs(merged)).toEqual([1, 2, 3]);
  });
  it('lets an update replace the entry, but never un-deletes', () => {
    const edited = mergeMessages([msg(1)], [msg(1, { body: 'ny', edited_at: '2026-11-25T10:00:00.000Z' })], 7);
    expect(edited[0]!.body).toBe('ny');
    const deleted = mergeMessages(edited, [msg(1, { deleted: true, body: '' })], 7);
    expect(deleted[0]!.deleted).toBe(true);
    const stale = mergeMessages(deleted, [msg(1, { body: 'gammel' })], 7);
    expect(stale[0]!.deleted).toBe(true);
  });
  it('ignores messages of another channel and returns the same array when nothing changes', () => {
    const current = [msg(1)];
    expect(mergeMessages(current, [msg(2, { channel_id: 8 })], 7)).toBe(current);
    expect(mergeMessages(current, [], 7)).toBe(current);
  });
});

describe('history pages and live events', () => {
  it('merges the latest page, older pages and live events in any order', () => {
    let log = latestPage(7, [msg(51), msg(52), msg(53)], 53);
    expect(log.hasMoreBefore).toBe(true);
    log = addMessages(log, [msg(54)]);
    log = addMessages(log, [msg(54), msg(53)]); // replay overlap
    log = addOlderPage(log, [msg(49), msg(50), msg(51)], true);
    log = addOlderPage(log, [msg(1), msg(2)], false);
    expect(seqs(log.messages)).toEqual([1, 2, 49, 50, 51, 52, 53, 54]);
    expect(log.hasMoreBefore).toBe(false);
    expect(log.lastSeq).toBe(54);
  });
  it('detects holes and a missing tail', () => {
    const log = addMessages(latestPage(7, [msg(1), msg(2), msg(5)], 5), [], 8);
    expect(findGaps(log)).toEqual([{ after: 2, before: 5 }, { after: 5, before: 9 }]);
    expect(contiguousTop(log.messages)).toBe(2);
    expect(findGaps(emptyLog(7))).toEqual([]);
  });
  it('an empty channel has nothing before', () => {
    const log = latestPage(7, [], 0);
    expect(log.hasMoreBefore).toBe(false);
    expect(addMessages(log, [msg(1)]).hasMoreBefore).toBe(false);
  });
  it('filters a topic by id', () => {
    const ms = [msg(1), msg(2, { topic: 'Annet', topic_id: 2 }), msg(3)];
    expect(seqs(topicMessages(ms, { id: 1, name: 'Krav' }))).toEqual([1, 3]);
    expect(seqs(topicMessages(ms, { name: 'annet' }))).toEqual([2]);
  });
  it('makes client_msg_ids of 8..64 characters', () => {
    const id = newClientMsgId();
    expect(id.length).toBeGreaterThanOrEqual(8);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(newClientMsgId()).not.toBe(id);
  });
});
