-- Requirement drafts (issue 4): metadata, the op log, snapshots, versions, status history,
-- comments, and the library of published requirements.

-- The prefix of a team's draft identifiers ("BA" in "BA-012") and its counter.
ALTER TABLE teams ADD COLUMN code TEXT NOT NULL DEFAULT '' CHECK (length(code) <= 6);
ALTER TABLE teams ADD COLUMN last_draft_number INTEGER NOT NULL DEFAULT 0;
UPDATE teams SET code = CASE slug
  WHEN 'bygg' THEN 'BA' WHEN 'ikt' THEN 'IKT' WHEN 'tekstil' THEN 'TEK' WHEN 'medisinsk' THEN 'MED'
  ELSE upper(substr(replace(slug, '-', ''), 1, 3)) END;

CREATE TABLE drafts (
  id                INTEGER PRIMARY KEY,
  team_id           INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  number            INTEGER NOT NULL,
  title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind              TEXT NOT NULL CHECK (kind IN ('kvalifikasjonskrav', 'tildelingskriterium', 'kontraktsvilkar', 'kravspesifikasjon', 'annet')),
  category          TEXT CHECK (category IS NULL OR category IN ('ikt', 'tekstil', 'medisinsk', 'bygg', 'mat', 'moebler', 'leker', 'kontor', 'transport', 'renhold')),
  status            TEXT NOT NULL DEFAULT 'utkast' CHECK (status IN ('utkast', 'til_gjennomgang', 'godkjent', 'publisert', 'arkivert')),
  version           INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  length_cp         INTEGER NOT NULL DEFAULT 0,      -- code points at `version`
  bytes             INTEGER NOT NULL DEFAULT 0,      -- UTF-8 bytes at `version`
  created_by        INTEGER REFERENCES users(id),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  source_draft_id   INTEGER REFERENCES drafts(id) ON DELETE SET NULL,
  source_version    INTEGER,
  published_version INTEGER,
  published_at      INTEGER,
  UNIQUE (team_id, number)
);
CREATE INDEX drafts_team ON drafts (team_id, updated_at);

CREATE TABLE draft_tags (
  draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  tag      TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 160),
  PRIMARY KEY (draft_id, tag)
) WITHOUT ROWID;

-- The op log: one row per applied op, `version` the draft's version after it. `op` is the
-- storage form of drafts/ot/op_codec (not JSON). (client_id, client_seq) makes submission
-- idempotent.
CREATE TABLE draft_ops (
  draft_id   INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL CHECK (version >= 1),
  op         BLOB NOT NULL,
  user_id    INTEGER REFERENCES users(id),
  client_id  TEXT NOT NULL,
  client_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (draft_id, version)
) WITHOUT ROWID;
CREATE UNIQUE INDEX draft_ops_client ON draft_ops (draft_id, client_id, client_seq);

-- Full texts at some versions: version 0 (the initial text), periodic ones, the published one.
CREATE TABLE draft_snapshots (
  draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  version  INTEGER NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (draft_id, version)
) WITHOUT ROWID;

CREATE TABLE draft_versions (
  id         INTEGER PRIMARY KEY,
  draft_id   INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  label      TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 400),
  kind       TEXT NOT NULL CHECK (kind IN ('named', 'auto', 'restore', 'status')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX draft_versions_draft ON draft_versions (draft_id, id);

CREATE TABLE draft_status_changes (
  id          INTEGER PRIMARY KEY,
  draft_id    INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  by_user     INTEGER REFERENCES users(id),
  at          INTEGER NOT NULL,
  comment     TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 8000),
  version     INTEGER NOT NULL
);
CREATE INDEX draft_status_changes_draft ON draft_status_changes (draft_id, id);

-- Comments anchored to [anchor_start, anchor_end) at anchor_version; the live document keeps
-- anchors current in memory and writes them back with each snapshot.
CREATE TABLE draft_comments (
  id             INTEGER PRIMARY KEY,
  draft_id       INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  parent_id      INTEGER REFERENCES draft_comments(id) ON DELETE CASCADE,
  author_id      INTEGER REFERENCES users(id),
  body           TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 16000),
  anchor_start   INTEGER,
  anchor_end     INTEGER,
  anchor_version INTEGER,
  quote          TEXT,
  detached       INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
  resolved       INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  created_at     INTEGER NOT NULL,
  edited_at      INTEGER,
  CHECK ((parent_id IS NULL) = (anchor_start IS NOT NULL))
);
CREATE INDEX draft_comments_draft ON draft_comments (draft_id, id);

-- The library: published drafts, searchable across teams (rowid = draft id).
CREATE VIRTUAL TABLE library_fts USING fts5(
  title, tags, body,
  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4'
);
