-- Shared supplier follow-up (issue 6): the register (suppliers, sites, contracts per
-- organisation), follow-up leads on behalf of others, follow-up cases with findings per
-- due-diligence step, corrective actions, escalations and documents, reliance on another
-- organisation's follow-up, an audit trail, settings, links to drafts, and experience notes.
CREATE TABLE suppliers (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  orgnr            TEXT UNIQUE CHECK (orgnr IS NULL OR (length(orgnr) = 9 AND orgnr NOT GLOB '*[^0-9]*')),
  foreign_id       TEXT,
  country          TEXT NOT NULL CHECK (length(country) = 2),
  transparency_act TEXT NOT NULL DEFAULT 'unknown' CHECK (transparency_act IN ('yes', 'no', 'unknown')),
  statement_url    TEXT NOT NULL DEFAULT '',
  statement_year   INTEGER,
  risk_level       TEXT NOT NULL DEFAULT 'medium' CHECK (risk_level IN ('low', 'medium', 'high')),
  notes            TEXT NOT NULL DEFAULT '',
  created_by       INTEGER NOT NULL REFERENCES users(id),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((orgnr IS NULL) <> (foreign_id IS NULL)),
  UNIQUE (country, foreign_id)
);

CREATE TABLE supplier_categories (
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  category    TEXT NOT NULL,
  PRIMARY KEY (supplier_id, category)
) WITHOUT ROWID;

CREATE TABLE supplier_sites (
  id          INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  address     TEXT NOT NULL DEFAULT '',
  country     TEXT NOT NULL CHECK (length(country) = 2),
  tier        TEXT NOT NULL CHECK (tier IN ('raw_material', 'component', 'final_production')),
  products    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supplier_sites_supplier ON supplier_sites (supplier_id);

CREATE TABLE supplier_contracts (
  id              INTEGER PRIMARY KEY,
  supplier_id     INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  org_id          INTEGER NOT NULL REFERENCES organisations(id),
  products        TEXT NOT NULL DEFAULT '',
  contract_ref    TEXT NOT NULL DEFAULT '',
  period_start    TEXT,
  period_end      TEXT,
  value_band      TEXT NOT NULL CHECK (value_band IN ('under_1m', '1m_10m', '10m_50m', 'over_50m')),
  clause_level    TEXT NOT NULL CHECK (clause_level IN ('basic', 'advanced')),
  required_method TEXT NOT NULL,
  created_by      INTEGER NOT NULL REFERENCES users(id),
  created_at      INTEGER NOT NULL
);
CREATE INDEX supplier_contracts_supplier ON supplier_contracts (supplier_id, org_id);
CREATE INDEX supplier_contracts_org ON supplier_contracts (org_id);

CREATE TABLE supplier_leads (
  supplier_id INTEGER PRIMARY KEY REFERENCES suppliers(id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL REFERENCES organisations(id),
  since       INTEGER NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE TABLE supplier_lead_for (
  supplier_id INTEGER NOT NULL REFERENCES supplier_leads(supplier_id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (supplier_id, org_id)
) WITHOUT ROWID;

CREATE TABLE followup_cases (
  id            INTEGER PRIMARY KEY,
  supplier_id   INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  method        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ongoing', 'completed', 'cancelled')),
  org_id        INTEGER NOT NULL REFERENCES organisations(id),
  team_id       INTEGER REFERENCES teams(id),
  visibility    TEXT NOT NULL DEFAULT 'sharing' CHECK (visibility IN ('team', 'sharing', 'all')),
  exempt_reason TEXT NOT NULL DEFAULT '',
  started_on    TEXT,
  completed_on  TEXT,
  answer_due    TEXT,
  escalation    TEXT NOT NULL DEFAULT 'none' CHECK (escalation IN ('none', 'dialogue', 'action_plan', 'suspension', 'termination')),
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK (visibility <> 'team' OR team_id IS NOT NULL)
);
CREATE INDEX followup_cases_supplier ON followup_cases (supplier_id);

CREATE TABLE case_on_behalf (
  case_id INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  org_id  INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (case_id, org_id)
) WITHOUT ROWID;

CREATE TABLE case_findings (
  case_id  INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  step     TEXT NOT NULL CHECK (step IN ('2.1', '2.2', '2.3', '2.4', '2.5', '2.6')),
  answer   TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no')),
  comment  TEXT NOT NULL DEFAULT '',
  severity TEXT CHECK (severity IS NULL OR severity IN ('low', 'medium', 'high', 'critical')),
  PRIMARY KEY (case_id, step)
) WITHOUT ROWID;

CREATE TABLE finding_themes (
  case_id INTEGER NOT NULL,
  step    TEXT NOT NULL,
  theme   TEXT NOT NULL,
  PRIMARY KEY (case_id, step, theme),
  FOREIGN KEY (case_id, step) REFERENCES case_findings(case_id, step) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE corrective_actions (
  id                  INTEGER PRIMARY KEY,
  case_id             INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  step                TEXT CHECK (step IS NULL OR step IN ('2.1', '2.2', '2.3', '2.4', '2.5', '2.6')),
  action              TEXT NOT NULL,
  owner               TEXT NOT NULL DEFAULT '',
  deadline            TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'verified')),
  evidence            TEXT NOT NULL DEFAULT '',
  verified_by         INTEGER REFERENCES users(id),
  verified_at         INTEGER,
  overdue_notified_at INTEGER,
  created_by          INTEGER NOT NULL REFERENCES users(id),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX corrective_actions_case ON corrective_actions (case_id);
CREATE INDEX corrective_actions_due ON corrective_actions (status, deadline) WHERE overdue_notified_at IS NULL;

CREATE TABLE case_escalations (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  by_user  INTEGER NOT NULL REFERENCES users(id),
  at       INTEGER NOT NULL,
  comment  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE case_documents (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  title         TEXT NOT NULL,
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  content       BLOB NOT NULL,
  visibility    TEXT NOT NULL CHECK (visibility IN ('team', 'sharing', 'all')),
  exempt_reason TEXT NOT NULL DEFAULT '',
  uploaded_by   INTEGER NOT NULL REFERENCES users(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id);

CREATE TABLE reliances (
  id          INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL REFERENCES organisations(id),
  case_id     INTEGER NOT NULL REFERENCES followup_cases(id) ON DELETE CASCADE,
  recorded_by INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  UNIQUE (supplier_id, org_id)
);

CREATE TABLE supplier_drafts (
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
  draft_id    INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  PRIMARY KEY (supplier_id, draft_id)
) WITHOUT ROWID;

CREATE TABLE supplier_audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  supplier_id INTEGER NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'download')),
  kind        TEXT NOT NULL,
  object_id   INTEGER NOT NULL,
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supplier_audit_supplier ON supplier_audit (supplier_id, id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO settings (key, value) VALUES ('self_assessment_days', 42), ('reliance_max_age_days', 1095);

-- A topic bound to a follow-up case keeps bound_kind 'supplier' (the case's supplier) and the
-- case here: topics is referenced by messages, so its CHECK is not rebuilt for a new kind.
ALTER TABLE topics ADD COLUMN bound_case_id INTEGER REFERENCES followup_cases(id);

-- Experience notes.
CREATE TABLE notes (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  category    TEXT,
  country     TEXT,
  supplier_id INTEGER REFERENCES suppliers(id) ON DELETE SET NULL,
  case_id     INTEGER REFERENCES followup_cases(id) ON DELETE SET NULL,
  visibility  TEXT NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'all')),
  author_id   INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE note_teams (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  PRIMARY KEY (note_id, team_id)
) WITHOUT ROWID;
CREATE INDEX note_teams_team ON note_teams (team_id);
CREATE TABLE note_themes (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  theme   TEXT NOT NULL,
  PRIMARY KEY (note_id, theme)
) WITHOUT ROWID;
CREATE TABLE note_comments (
  id         INTEGER PRIMARY KEY,
  note_id    INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX note_comments_note ON note_comments (note_id, id);
CREATE TABLE note_useful (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (note_id, user_id)
) WITHOUT ROWID;
-- As messages_fts: æ, ø and å stay distinct letters; prefix indexes for `leverand*`.
CREATE VIRTUAL TABLE notes_fts USING fts5 (title, body, content = 'notes', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4');
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF title, body ON notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- Notifications of overdue corrective actions.
CREATE TABLE notifications_next (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'pin', 'meeting_reminder', 'meeting_scheduled', 'meeting_cancelled', 'action_overdue')),
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence TEXT,
  starts_at  INTEGER,
  action_id  INTEGER REFERENCES corrective_actions(id) ON DELETE CASCADE,
  actor_id   INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  read_at    INTEGER,
  CHECK ((message_id IS NOT NULL) + (meeting_id IS NOT NULL) + (action_id IS NOT NULL) = 1)
);
INSERT INTO notifications_next (id, user_id, kind, message_id, meeting_id, occurrence, starts_at, actor_id, created_at, read_at)
  SELECT id, user_id, kind, message_id, meeting_id, occurrence, starts_at, actor_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
