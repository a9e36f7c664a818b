-- A channel topic can be bound to an object of the team (a draft now; meetings and suppliers
-- when they exist); the object's page lists its topics.
ALTER TABLE topics ADD COLUMN bound_kind TEXT CHECK (bound_kind IS NULL OR bound_kind IN ('draft', 'meeting', 'supplier'));
ALTER TABLE topics ADD COLUMN bound_id INTEGER CHECK ((bound_kind IS NULL) = (bound_id IS NULL));
CREATE INDEX topics_bound ON topics (bound_kind, bound_id) WHERE bound_kind IS NOT NULL;
