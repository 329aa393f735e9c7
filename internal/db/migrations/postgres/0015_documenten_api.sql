-- Documenten API: the fields of an enkelvoudig informatieobject that only the
-- API uses, gebruiksrechten (drc-006), upload in parts (bestandsdelen) and
-- verzendingen. Objectinformatieobjecten need no table: they are the
-- zaakinformatieobjecten and besluitinformatieobjecten seen from the document.

-- extra: link, ontvangstdatum, verzenddatum, verschijningsvorm, ondertekening,
-- integriteit and trefwoorden as one JSON object (the version history keeps
-- them in informatieobject_versies.metadata); trefwoorden also as a JSON array
-- of its own for the list filter.
ALTER TABLE informatieobjecten ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
ALTER TABLE informatieobjecten ADD COLUMN trefwoorden TEXT NOT NULL DEFAULT '[]';

CREATE TABLE gebruiksrechten (
	id UUID PRIMARY KEY,
	informatieobject_id UUID NOT NULL REFERENCES informatieobjecten(id) ON DELETE CASCADE,
	startdatum TIMESTAMPTZ NOT NULL,
	einddatum TIMESTAMPTZ,
	omschrijving_voorwaarden TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX gebruiksrechten_io_idx ON gebruiksrechten (informatieobject_id);

-- A part of a file being uploaded under a lock; blob_key is empty until the
-- part has arrived. On unlock the parts are joined into the document's file.
CREATE TABLE bestandsdelen (
	id UUID PRIMARY KEY,
	informatieobject_id UUID NOT NULL REFERENCES informatieobjecten(id) ON DELETE CASCADE,
	volgnummer INTEGER NOT NULL,
	omvang BIGINT NOT NULL,
	blob_key TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (informatieobject_id, volgnummer)
);

-- data holds the address (one of the kinds), dates and contact person as JSON.
CREATE TABLE verzendingen (
	id UUID PRIMARY KEY,
	informatieobject_id UUID NOT NULL REFERENCES informatieobjecten(id) ON DELETE CASCADE,
	betrokkene TEXT NOT NULL,
	aard_relatie TEXT NOT NULL,
	data TEXT NOT NULL DEFAULT '{}',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX verzendingen_io_idx ON verzendingen (informatieobject_id);
