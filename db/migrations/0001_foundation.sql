-- Foundation: organisations, users, sessions, API tokens, teams, memberships, invitations,
-- and the first-run setup link. (The login throttle is in memory: see auth/throttle.hpp.)
-- Times are stored as INTEGER milliseconds since the Unix epoch (UTC).

CREATE TABLE organisations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  orgnr       TEXT UNIQUE CHECK (orgnr IS NULL OR (length(orgnr) = 9 AND orgnr NOT GLOB '*[^0-9]*')),
  foreign_id  TEXT,
  country     TEXT NOT NULL DEFAULT 'NO' CHECK (length(country) = 2),
  created_at  INTEGER NOT NULL,
  CHECK ((orgnr IS NULL) <> (foreign_id IS NULL)),
  UNIQUE (country, foreign_id)
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  org_id        INTEGER REFERENCES organisations(id),
  language      TEXT NOT NULL DEFAULT 'nb' CHECK (language IN ('nb', 'en')),
  password_hash TEXT NOT NULL,
  is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL
);

-- Only SHA-256 of a session token is stored (hex). `kind` tells cookie sessions from API tokens.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('session', 'api')),
  name         TEXT,                       -- API tokens: the owner's label
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER,                    -- absolute expiry (NULL: API token without expiry)
  revoked_at   INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE teams (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) BETWEEN 1 AND 40),
  name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at  INTEGER NOT NULL
);

CREATE TABLE memberships (
  team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('facilitator', 'member', 'observer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE invitations (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('facilitator', 'member', 'observer')),
  email       TEXT COLLATE NOCASE,          -- optional: who it is meant for
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  used_by     INTEGER REFERENCES users(id),
  revoked_at  INTEGER
);
CREATE INDEX invitations_team ON invitations(team_id);

-- The one-time link that creates the first administrator on an empty database.
CREATE TABLE setup_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);

-- The seed's four category teams.
INSERT INTO teams (slug, name, description, created_at) VALUES
  ('bygg', 'Bygg og anlegg', 'Kategoriteam for bygg og anlegg: møtes jevnlig, utvikler egne krav og diskuterer risikotemaer i bransjen.', 0),
  ('ikt', 'IKT', 'Felles innsats på IKT-produkter og -tjenester.', 0),
  ('tekstil', 'Tekstil', 'Felles innsats på arbeidstøy, fottøy og tekstil.', 0),
  ('medisinsk', 'Medisinsk materiell', 'Felles innsats på medisinsk utstyr og forbruksmateriell.', 0);
