-- E-forms: definitions per product in versions, drafts that can be saved and
-- continued later, and submissions (one per draft: a resent form finds the
-- zaak it already made).
CREATE TABLE formulieren (
	id TEXT PRIMARY KEY,
	-- the URL name, e.g. 'parkeervergunning'; versions share it
	slug TEXT NOT NULL,
	versie INTEGER NOT NULL,
	titel TEXT NOT NULL,
	inleiding TEXT NOT NULL DEFAULT '',
	-- the zaaktype a submission starts: its identificatie, so a new
	-- zaaktype version is used without touching the form
	zaaktype_identificatie TEXT NOT NULL,
	anoniem BOOLEAN NOT NULL DEFAULT FALSE,
	definitie TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('concept', 'gepubliceerd', 'ingetrokken')),
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	published_at TIMESTAMP,
	UNIQUE (slug, versie)
);
CREATE INDEX formulieren_zaaktype_idx ON formulieren (zaaktype_identificatie, status);

CREATE TABLE formulier_concepten (
	id TEXT PRIMARY KEY,
	formulier_id TEXT NOT NULL REFERENCES formulieren(id),
	-- the logged-in party ('' when anonymous); an anonymous draft is found
	-- only through its token
	subject_type TEXT NOT NULL DEFAULT '',
	subject_id TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL UNIQUE,
	antwoorden TEXT NOT NULL DEFAULT '{}',
	bestanden TEXT NOT NULL DEFAULT '[]',
	pagina INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX formulier_concepten_subject_idx ON formulier_concepten (subject_type, subject_id, formulier_id) WHERE subject_id <> '';
CREATE INDEX formulier_concepten_expires_idx ON formulier_concepten (expires_at);

CREATE TABLE formulier_inzendingen (
	-- the draft's id: the idempotency key of the submission
	id TEXT PRIMARY KEY,
	formulier_id TEXT NOT NULL REFERENCES formulieren(id),
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	klantcontact_id TEXT,
	subject_type TEXT NOT NULL DEFAULT '',
	subject_id TEXT NOT NULL DEFAULT '',
	-- uploads still to be stored as documents of the zaak (JSON); emptied
	-- when they are
	bestanden TEXT NOT NULL DEFAULT '[]',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX formulier_inzendingen_periode_idx ON formulier_inzendingen (created_at);
