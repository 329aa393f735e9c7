-- Zaken API (ZGW 1.5.1): the deprecated klantcontacten resource, and an
-- index for the API's default list order within a zaaktype.

-- KlantContact of the Zaken API: a contact about a zaak as another system
-- registered it. Loket's own KCC contacts live in klantcontacten (0004).
CREATE TABLE zaak_klantcontacten (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	identificatie TEXT NOT NULL,
	datumtijd TIMESTAMP NOT NULL,
	kanaal TEXT NOT NULL DEFAULT '',
	onderwerp TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX zaak_klantcontacten_zaak_idx ON zaak_klantcontacten (zaak_id);

-- GET /zaken?zaaktype=… pages newest first (startdatum DESC, id DESC).
CREATE INDEX zaken_zaaktype_startdatum_idx ON zaken (zaaktype_id, startdatum, id);
