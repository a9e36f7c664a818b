-- Verifying a corrective action gets its own audit action, 'verify', with the action's text as
-- the detail. It was written as action 'update' of kind 'action' with the detail 'verified',
-- which the audit table could not tell from an edit that set the action's text to "verified".
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (nothing refers to
-- it). Rows written before are carried over, and the verifications among them become 'verify'
-- with an empty detail: that is how the audit table already read them (a text of exactly
-- "verified" typed by a person was shown as a verification too), so what people see of the
-- history does not change.
CREATE TABLE supplier_audit_new (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  supplier_id INTEGER NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'download', 'verify')),
  kind        TEXT NOT NULL,
  object_id   INTEGER NOT NULL,
  detail      TEXT NOT NULL DEFAULT ''
);
INSERT INTO supplier_audit_new (id, at, user_id, supplier_id, action, kind, object_id, detail)
  SELECT id, at, user_id, supplier_id,
         CASE WHEN action = 'update' AND kind = 'action' AND detail = 'verified' THEN 'verify' ELSE action END,
         kind, object_id,
         CASE WHEN action = 'update' AND kind = 'action' AND detail = 'verified' THEN '' ELSE detail END
  FROM supplier_audit;
DROP TABLE supplier_audit;
ALTER TABLE supplier_audit_new RENAME TO supplier_audit;
CREATE INDEX supplier_audit_supplier ON supplier_audit (supplier_id, id);
