-- Most zaken have no hoofdzaak, and a behandelaar is assigned after the
-- zaak is registered: leaving NULLs out of those indexes saves two index
-- writes on every create. The queries filter with "= $1", which implies
-- NOT NULL, so both engines still use the indexes.
DROP INDEX zaken_hoofdzaak_idx;
CREATE INDEX zaken_hoofdzaak_idx ON zaken (hoofdzaak_id) WHERE hoofdzaak_id IS NOT NULL;
DROP INDEX zaken_behandelaar_idx;
CREATE INDEX zaken_behandelaar_idx ON zaken (behandelaar_id, uiterlijke_einddatum_afdoening, id)
	WHERE einddatum IS NULL AND behandelaar_id IS NOT NULL;
