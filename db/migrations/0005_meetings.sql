-- Meetings (issue 5): series and single meetings with their exceptions, agenda, guests,
-- answers and attendance per occurrence, minutes drafts, reminders sent, time polls and
-- personal calendar feeds. Times: local wall-clock text in the meeting's zone plus UTC
-- milliseconds; an occurrence is keyed by the local date the series first gave it.
CREATE TABLE meetings (
  id           INTEGER PRIMARY KEY,
  team_id      INTEGER NOT NULL REFERENCES teams(id),
  uid          TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  location     TEXT NOT NULL DEFAULT '',
  video_url    TEXT NOT NULL DEFAULT '',
  is_open      INTEGER NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1)),
  tz           TEXT NOT NULL,
  start_local  TEXT NOT NULL,
  end_local    TEXT NOT NULL,
  start_utc    INTEGER NOT NULL,
  end_utc      INTEGER NOT NULL,
  freq         TEXT CHECK (freq IS NULL OR freq IN ('weekly', 'monthly_weekday')),
  interval_n   INTEGER,
  setpos       INTEGER,
  until_date   TEXT,
  count_n      INTEGER,
  last_end_utc INTEGER NOT NULL,
  reminders    TEXT NOT NULL DEFAULT '1440,15',
  status       TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  sequence     INTEGER NOT NULL DEFAULT 0,
  split_from   INTEGER REFERENCES meetings(id),
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK (end_utc > start_utc)
);
CREATE INDEX meetings_team ON meetings (team_id, last_end_utc);
CREATE INDEX meetings_upcoming ON meetings (status, last_end_utc);

CREATE TABLE meeting_exceptions (
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence  TEXT NOT NULL,
  cancelled   INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  start_local TEXT,
  end_local   TEXT,
  start_utc   INTEGER,
  end_utc     INTEGER,
  title       TEXT,
  description TEXT,
  location    TEXT,
  video_url   TEXT,
  PRIMARY KEY (meeting_id, occurrence)
) WITHOUT ROWID;

CREATE TABLE meeting_agenda (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  title      TEXT NOT NULL,
  owner_id   INTEGER REFERENCES users(id),
  minutes    INTEGER,
  link_kind  TEXT CHECK (link_kind IS NULL OR link_kind IN ('draft', 'topic', 'supplier')),
  link_id    INTEGER CHECK ((link_kind IS NULL) = (link_id IS NULL)),
  PRIMARY KEY (meeting_id, position)
) WITHOUT ROWID;

CREATE TABLE meeting_guests (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (meeting_id, user_id)
) WITHOUT ROWID;
CREATE INDEX meeting_guests_user ON meeting_guests (user_id);

CREATE TABLE meeting_answers (
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence  TEXT NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  answer      TEXT CHECK (answer IS NULL OR answer IN ('yes', 'maybe', 'no')),
  comment     TEXT NOT NULL DEFAULT '',
  answered_at INTEGER,
  attended    INTEGER CHECK (attended IS NULL OR attended IN (0, 1)),
  PRIMARY KEY (meeting_id, occurrence, user_id)
) WITHOUT ROWID;

CREATE TABLE meeting_minutes (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  draft_id   INTEGER NOT NULL UNIQUE REFERENCES drafts(id),
  PRIMARY KEY (meeting_id, occurrence)
) WITHOUT ROWID;

CREATE TABLE meeting_reminders_sent (
  meeting_id     INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence     TEXT NOT NULL,
  offset_minutes INTEGER NOT NULL,
  sent_at        INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, occurrence, offset_minutes)
) WITHOUT ROWID;

CREATE TABLE polls (
  id          INTEGER PRIMARY KEY,
  team_id     INTEGER NOT NULL REFERENCES teams(id),
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location    TEXT NOT NULL DEFAULT '',
  video_url   TEXT NOT NULL DEFAULT '',
  is_open     INTEGER NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1)),
  tz          TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'decided')),
  decided_slot_id INTEGER,
  meeting_id  INTEGER REFERENCES meetings(id),
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX polls_team ON polls (team_id, status, id);

CREATE TABLE poll_slots (
  id          INTEGER PRIMARY KEY,
  poll_id     INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  start_local TEXT NOT NULL,
  end_local   TEXT NOT NULL,
  start_utc   INTEGER NOT NULL,
  end_utc     INTEGER NOT NULL,
  UNIQUE (poll_id, start_utc, end_utc)
);

CREATE TABLE poll_answers (
  slot_id     INTEGER NOT NULL REFERENCES poll_slots(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  answer      TEXT NOT NULL CHECK (answer IN ('yes', 'if_need_be', 'no')),
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (slot_id, user_id)
) WITHOUT ROWID;

CREATE TABLE calendar_feeds (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 (hex) of the secret in the feed URL
  created_at INTEGER NOT NULL
);

-- Notifications now also point at a meeting occurrence (reminders, a decided poll, a
-- cancellation). SQLite cannot change a CHECK, so the table is rebuilt with its rows.
CREATE TABLE notifications_next (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'pin', 'meeting_reminder', 'meeting_scheduled', 'meeting_cancelled')),
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence TEXT,
  starts_at  INTEGER,
  actor_id   INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  read_at    INTEGER,
  CHECK ((message_id IS NULL) <> (meeting_id IS NULL))
);
INSERT INTO notifications_next (id, user_id, kind, message_id, actor_id, created_at, read_at)
  SELECT id, user_id, kind, message_id, actor_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
