-- The addressee as the letter showed it, so the PDF can be made again
-- exactly (it is stored as a document after the letter is recorded).
ALTER TABLE brieven ADD COLUMN aan_naam TEXT NOT NULL DEFAULT '';
ALTER TABLE brieven ADD COLUMN aan_adres TEXT NOT NULL DEFAULT '';
-- The letter job's safety net looks for zaken with an open notice norm;
-- only N1/N3/N5 rows enter this index (one entry per create).
CREATE INDEX zaak_normen_notice_idx ON zaak_normen (due_date) WHERE state = 'open' AND norm IN ('N1', 'N3', 'N5');
