-- Documenten API: objectinformatieobjecten whose object (a zaak, besluit or
-- verzoek) lives in another server's API. Loket's own zaken and besluiten
-- need no row here: their relations are the zaak- and
-- besluitinformatieobjecten themselves (see 0015). The relation must exist
-- at its source when it is registered (drc-004), which the API checks over
-- HTTP; a document with such a relation cannot be deleted (drc-008), hence
-- no cascade.
CREATE TABLE objectinformatieobjecten_extern (
	id TEXT PRIMARY KEY,
	informatieobject_id TEXT NOT NULL REFERENCES informatieobjecten(id),
	-- 'zaak', 'besluit' or 'verzoek'
	object_type TEXT NOT NULL,
	object_url TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (informatieobject_id, object_url)
);
CREATE INDEX objectinformatieobjecten_extern_object_idx ON objectinformatieobjecten_extern (object_url);
