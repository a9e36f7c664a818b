-- Run by the store's writer before every COMMIT, outside any job's savepoint, as part of the
-- group's transaction (see migrations 0009 and 0011). One statement per `;`. A failure here fails
-- the whole group, like a failed COMMIT: nothing of it is stored and no job is acknowledged.

-- Messages stored in this group enter the full-text index together: one FTS5 segment.
INSERT INTO messages_fts (rowid, body)
  SELECT id, body FROM messages WHERE id > (SELECT indexed_upto FROM messages_fts_state);
-- Moved only when there is something new: a group that stored no message writes no page here
-- (and cannot fail on a full disk for nothing).
UPDATE messages_fts_state SET indexed_upto = (SELECT max(id) FROM messages)
  WHERE indexed_upto < (SELECT COALESCE(max(id), 0) FROM messages);
