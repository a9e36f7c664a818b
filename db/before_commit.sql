-- Run by the store's writer before every COMMIT, outside any job's savepoint, as part of the
-- group's transaction (see migration 0009). One statement per `;`. A failure here fails the
-- whole group, like a failed COMMIT: nothing of it is stored and no job is acknowledged.

-- Messages stored in this group enter the full-text index together: one FTS5 segment.
INSERT INTO messages_fts (rowid, body)
  SELECT m.id, m.body FROM messages_fts_pending p JOIN messages m ON m.id = p.id;
-- With a WHERE clause: a bare DELETE clears the table's root page, a page write even when the
-- queue is empty, which would make every group write (and fail on a full disk) for nothing.
DELETE FROM messages_fts_pending WHERE id >= 0;
