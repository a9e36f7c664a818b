-- Live team channels (issue 3): channels, topics, messages with per-channel sequence numbers,
-- edit history, reactions, mentions, read markers, and full-text search.
--
-- seq: channels.last_seq is bumped (UPDATE ... RETURNING) in the same writer job that inserts
-- the message, so a rolled-back job takes its number back and sequences stay contiguous.
-- Idempotent sends: UNIQUE (author_id, client_msg_id). A deleted message keeps its row (the
-- tombstone holds the seq); its body and edit history are erased.

CREATE TABLE channels (
  id          INTEGER PRIMARY KEY,
  team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  last_seq    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  UNIQUE (team_id, name)
);

CREATE TABLE topics (
  id               INTEGER PRIMARY KEY,
  channel_id       INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  resolved         INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  last_activity_at INTEGER NOT NULL,
  UNIQUE (channel_id, name)
);

CREATE TABLE messages (
  id             INTEGER PRIMARY KEY,
  channel_id     INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  topic_id       INTEGER NOT NULL REFERENCES topics(id),
  author_id      INTEGER NOT NULL REFERENCES users(id),
  client_msg_id  TEXT NOT NULL,
  body           TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) <= 16384),
  created_at     INTEGER NOT NULL,
  edited_at      INTEGER,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  archive_worthy INTEGER NOT NULL DEFAULT 0 CHECK (archive_worthy IN (0, 1)),
  mentions_team  INTEGER NOT NULL DEFAULT 0 CHECK (mentions_team IN (0, 1)),
  UNIQUE (channel_id, seq),
  UNIQUE (author_id, client_msg_id)
);
CREATE INDEX messages_topic ON messages(topic_id, seq);

CREATE TABLE message_edits (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  edited_at  INTEGER NOT NULL
);
CREATE INDEX message_edits_message ON message_edits(message_id);

CREATE TABLE reactions (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  emoji      TEXT NOT NULL CHECK (length(CAST(emoji AS BLOB)) BETWEEN 1 AND 32),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
) WITHOUT ROWID;

CREATE TABLE mentions (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;
CREATE INDEX mentions_user ON mentions(user_id);

CREATE TABLE read_markers (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  PRIMARY KEY (user_id, channel_id)
) WITHOUT ROWID;

-- Full-text search over message bodies: an external-content table kept in step by triggers.
-- unicode61 with remove_diacritics 0 keeps æ, ø and å distinct letters; prefix indexes make
-- `leverand*` cheap.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, content = 'messages', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

-- Every existing team gets the two default channels (teams::create_team does the same).
INSERT INTO channels (team_id, name, created_at) SELECT id, 'Generelt', 0 FROM teams;
INSERT INTO channels (team_id, name, created_at) SELECT id, 'Erfaringsutveksling', 0 FROM teams;

-- Notifications: a mention, a reply in a topic the user wrote in, a new pinned message.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'pin')),
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  actor_id   INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
