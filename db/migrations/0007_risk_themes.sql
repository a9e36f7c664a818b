-- Risk themes are data, not code: administrators add and rename them (settings.theme_save).
CREATE TABLE risk_themes (
  code       TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z_]*' AND length(code) BETWEEN 2 AND 40),
  nb         TEXT NOT NULL CHECK (length(nb) BETWEEN 1 AND 100),
  en         TEXT NOT NULL CHECK (length(en) BETWEEN 1 AND 100),
  position   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO risk_themes (code, nb, en, position) VALUES
  ('forced_labour', 'Tvangsarbeid', 'Forced labour', 1),
  ('child_labour', 'Barnearbeid', 'Child labour', 2),
  ('wages_hours', 'Lønn og arbeidstid', 'Wages and working hours', 3),
  ('health_safety', 'Helse, miljø og sikkerhet', 'Health and safety', 4),
  ('discrimination', 'Diskriminering', 'Discrimination', 5),
  ('freedom_association', 'Organisasjonsfrihet', 'Freedom of association', 6),
  ('environment', 'Miljø', 'Environment', 7),
  ('corruption', 'Korrupsjon', 'Corruption', 8),
  ('land_rights', 'Rett til land', 'Land rights', 9),
  ('other', 'Annet', 'Other', 100);
