-- Full-text indexing of new messages once per group commit instead of once per message.
--
-- FTS5 (SQLite 3.40) writes its pending terms out as a new index segment at every SAVEPOINT,
-- and the writer opens one savepoint per job: with the insert trigger of 0002, a group of 1,000
-- sends wrote 1,000 tiny segments and merged them again, about 26 page writes per message. Now
-- the insert trigger only queues the id here; the writer runs db/before_commit.sql before every
-- COMMIT, which indexes the queued messages in one statement (one segment per group) and
-- empties the queue. The queue commits with the messages, so a message is in the index in the
-- same transaction that stores it, and a reader never sees one without the other.
--
-- An edit or delete of a message that is still queued (same group) leaves the index alone: the
-- flush indexes whatever the body is at COMMIT. Otherwise the index is kept in step as before.

CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY);

DROP TRIGGER messages_fts_ai;
DROP TRIGGER messages_fts_ad;
DROP TRIGGER messages_fts_au;

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT OR IGNORE INTO messages_fts_pending (id) VALUES (new.id);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body)
    SELECT 'delete', old.id, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
  DELETE FROM messages_fts_pending WHERE id = old.id;
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body ON messages
WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
