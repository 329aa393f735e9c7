-- Notificaties (ZGW Notificaties API 1.0): kanalen, abonnementen, the
-- messages Loket publishes and every delivery attempt to a subscriber.
-- Column names are kept identical to the SQLite migration.
CREATE TABLE notificatie_kanalen (
	id UUID PRIMARY KEY,
	naam TEXT NOT NULL UNIQUE,
	documentatie_link TEXT NOT NULL DEFAULT '',
	-- JSON array of the kenmerken an abonnement may filter on
	filters TEXT NOT NULL DEFAULT '[]',
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE notificatie_abonnementen (
	id UUID PRIMARY KEY,
	callback_url TEXT NOT NULL,
	-- the Authorization header value sent to callback_url (a secret of the
	-- subscriber: never logged, never shown in full to a beheerder)
	auth TEXT NOT NULL,
	-- the API client that created it ('' when made through /beheer)
	client_id TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE notificatie_abonnement_kanalen (
	abonnement_id UUID NOT NULL REFERENCES notificatie_abonnementen(id) ON DELETE CASCADE,
	kanaal_id UUID NOT NULL REFERENCES notificatie_kanalen(id),
	-- JSON object kenmerk → waarde; '*' matches any value
	filters TEXT NOT NULL DEFAULT '{}',
	PRIMARY KEY (abonnement_id, kanaal_id)
);
-- Fan-out: the abonnementen of one kanaal.
CREATE INDEX notificatie_abonnement_kanalen_kanaal_idx ON notificatie_abonnement_kanalen (kanaal_id);

-- A published message, exactly as it is sent (informatie-arm: URLs and the
-- kanaal's kenmerken only).
CREATE TABLE notificaties (
	id UUID PRIMARY KEY,
	kanaal TEXT NOT NULL,
	hoofd_object TEXT NOT NULL,
	resource TEXT NOT NULL,
	resource_url TEXT NOT NULL,
	actie TEXT NOT NULL,
	aanmaakdatum TIMESTAMPTZ NOT NULL,
	-- JSON object
	kenmerken TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX notificaties_aanmaakdatum_idx ON notificaties (aanmaakdatum);

-- One row per delivery attempt of one notificatie to one abonnement.
CREATE TABLE notificatie_afleveringen (
	id UUID PRIMARY KEY,
	notificatie_id UUID NOT NULL REFERENCES notificaties(id) ON DELETE CASCADE,
	-- no foreign key: the history stays when an abonnement is removed
	abonnement_id UUID NOT NULL,
	callback_url TEXT NOT NULL,
	poging INTEGER NOT NULL,
	-- HTTP status of the answer, 0 when none came
	status_code INTEGER NOT NULL DEFAULT 0,
	gelukt BOOLEAN NOT NULL,
	fout TEXT NOT NULL DEFAULT '',
	tijdstip TIMESTAMPTZ NOT NULL
);
CREATE INDEX notificatie_afleveringen_tijdstip_idx ON notificatie_afleveringen (tijdstip);
CREATE INDEX notificatie_afleveringen_notificatie_idx ON notificatie_afleveringen (notificatie_id);
CREATE INDEX notificatie_afleveringen_mislukt_idx ON notificatie_afleveringen (tijdstip) WHERE NOT gelukt;

-- The kanalen Loket publishes on. Catalogue changes go to zaaktypen,
-- informatieobjecttypen and besluittypen as Open Zaak does; catalogi is kept
-- for subscribers that want every catalogue change of a catalogus.
INSERT INTO notificatie_kanalen (id, naam, documentatie_link, filters, created_at) VALUES
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000001', 'zaken', 'https://vng-realisatie.github.io/gemma-zaken/standaard/zaken/', '["bronorganisatie","zaaktype","vertrouwelijkheidaanduiding"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000002', 'documenten', 'https://vng-realisatie.github.io/gemma-zaken/standaard/documenten/', '["bronorganisatie","informatieobjecttype","vertrouwelijkheidaanduiding"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000003', 'besluiten', 'https://vng-realisatie.github.io/gemma-zaken/standaard/besluiten/', '["verantwoordelijkeOrganisatie","besluittype"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000004', 'catalogi', 'https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/', '["catalogus"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000005', 'zaaktypen', 'https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/', '["catalogus"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000006', 'informatieobjecttypen', 'https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/', '["catalogus"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000007', 'besluittypen', 'https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/', '["catalogus"]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000008', 'autorisaties', 'https://vng-realisatie.github.io/gemma-zaken/standaard/autorisaties/', '[]', '2026-01-01T00:00:00Z'),
	('1f1e0f4c-8a61-4c1e-9d2a-0a0c1b000009', 'klantinteracties', 'https://github.com/maykinmedia/open-klant', '[]', '2026-01-01T00:00:00Z');
