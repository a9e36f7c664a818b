-- New messages enter the full-text index by id watermark instead of a queue (0009). The queue's
-- insert trigger made every message insert a multi-statement write (a trigger program, a second
-- b-tree insert, a statement journal), a quarter of message.send's cost in the store. Message
-- ids only grow (INTEGER PRIMARY KEY: max(id) + 1), so "not yet indexed" is simply
-- id > indexed_upto; db/before_commit.sql indexes those and moves the mark, once per group commit.
CREATE TABLE messages_fts_state (
  k            INTEGER PRIMARY KEY CHECK (k = 1),
  indexed_upto INTEGER NOT NULL
);

-- Whatever the old queue still held is indexed now, then the mark starts at the newest message.
INSERT INTO messages_fts (rowid, body)
  SELECT m.id, m.body FROM messages_fts_pending p JOIN messages m ON m.id = p.id;
INSERT INTO messages_fts_state (k, indexed_upto) VALUES (1, COALESCE((SELECT max(id) FROM messages), 0));

DROP TRIGGER messages_fts_ai;
DROP TRIGGER messages_fts_ad;
DROP TRIGGER messages_fts_au;
DROP TABLE messages_fts_pending;

-- A deleted row leaves the index if it was in it. Deleting the newest rows lets SQLite hand their
-- ids out again, so the mark comes down to the newest remaining message: a reused id is new.
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body)
    SELECT 'delete', old.id, old.body WHERE old.id <= (SELECT indexed_upto FROM messages_fts_state);
  UPDATE messages_fts_state SET indexed_upto = (SELECT COALESCE(max(id), 0) FROM messages)
    WHERE indexed_upto > (SELECT COALESCE(max(id), 0) FROM messages);
END;
-- An edit of an indexed message re-indexes it; one not yet indexed is indexed as it is at COMMIT.
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body ON messages
WHEN old.id <= (SELECT indexed_upto FROM messages_fts_state) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
