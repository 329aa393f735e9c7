-- Knowledge base and product catalogue (PDC), the KCC's partner
-- organisations and escalations. Column names are kept identical to the
-- PostgreSQL migration.

-- One article per product or subject. The text lives in versions; the
-- public pages, the PIP and the KCC show the published version, so the
-- answer is the same on every channel.
CREATE TABLE kennis_artikelen (
	id TEXT PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	gepubliceerde_versie_id TEXT,
	laatste_versie INTEGER NOT NULL DEFAULT 0,
	-- the day the text must be checked again
	review_datum TEXT,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX kennis_artikelen_updated_idx ON kennis_artikelen (updated_at);

CREATE TABLE kennis_versies (
	id TEXT PRIMARY KEY,
	artikel_id TEXT NOT NULL REFERENCES kennis_artikelen(id),
	versie INTEGER NOT NULL,
	-- concept, gepubliceerd (the one shown), vervangen (an earlier published one)
	status TEXT NOT NULL CHECK (status IN ('concept', 'gepubliceerd', 'vervangen')),
	titel TEXT NOT NULL,
	samenvatting TEXT NOT NULL DEFAULT '',
	wat_is_het TEXT NOT NULL DEFAULT '',
	wie TEXT NOT NULL DEFAULT '',
	kosten TEXT NOT NULL DEFAULT '',
	meenemen TEXT NOT NULL DEFAULT '',
	aanvragen TEXT NOT NULL DEFAULT '',
	duur TEXT NOT NULL DEFAULT '',
	bezwaar TEXT NOT NULL DEFAULT '',
	-- JSON: ["balie","telefoon",...]
	kanalen TEXT NOT NULL DEFAULT '[]',
	eformulier_url TEXT NOT NULL DEFAULT '',
	-- JSON: [{"vraag":"...","antwoord":"..."}]
	faq TEXT NOT NULL DEFAULT '[]',
	-- JSON list of zaaktype identificaties (all versions of a zaaktype)
	zaaktypen TEXT NOT NULL DEFAULT '[]',
	team_id TEXT REFERENCES teams(id),
	upn_label TEXT NOT NULL DEFAULT '',
	upn_uri TEXT NOT NULL DEFAULT '',
	trefwoorden TEXT NOT NULL DEFAULT '[]',
	toelichting TEXT NOT NULL DEFAULT '',
	gemaakt_door TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	gepubliceerd_door TEXT NOT NULL DEFAULT '',
	gepubliceerd_op TIMESTAMP,
	UNIQUE (artikel_id, versie)
);

-- Search synonyms, maintained by the beheerder: a query word (or a
-- hyphenated or multi-word phrase) and what it also means.
CREATE TABLE kennis_synoniemen (
	term TEXT PRIMARY KEY,
	betekenis TEXT NOT NULL
);
INSERT INTO kennis_synoniemen (term, betekenis) VALUES
	('id-kaart', 'identiteitskaart'),
	('idkaart', 'identiteitskaart'),
	('id kaart', 'identiteitskaart'),
	('id', 'identiteitskaart'),
	('pas', 'identiteitskaart paspoort'),
	('reisdocument', 'paspoort identiteitskaart'),
	('verhuizen', 'verhuizing adreswijziging'),
	('adreswijziging', 'verhuizing'),
	('inschrijven', 'verhuizing inschrijving'),
	('parkeren', 'parkeervergunning'),
	('vuilnis', 'afval afvalpas'),
	('container', 'afval afvalpas'),
	('milieupas', 'afvalpas'),
	('bouwvergunning', 'omgevingsvergunning'),
	('verbouwen', 'omgevingsvergunning'),
	('dakkapel', 'omgevingsvergunning'),
	('uitkering', 'bijstand'),
	('geld', 'bijstand'),
	('schulden', 'schuldhulpverlening');

-- Partner organisations a question can be referred to ('no wrong door').
CREATE TABLE kcc_partners (
	id TEXT PRIMARY KEY,
	naam TEXT NOT NULL UNIQUE,
	omschrijving TEXT NOT NULL DEFAULT '',
	telefoon TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	actief BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMP NOT NULL
);

-- A warm handover: what was passed to the partner, with the customer's consent.
CREATE TABLE kcc_doorverwijzingen (
	id TEXT PRIMARY KEY,
	partner_id TEXT NOT NULL REFERENCES kcc_partners(id),
	klantcontact_id TEXT REFERENCES klantcontacten(id) ON DELETE SET NULL,
	partij_type TEXT NOT NULL DEFAULT 'anoniem',
	partij_id TEXT NOT NULL DEFAULT '',
	partij_naam TEXT NOT NULL DEFAULT '',
	vraag TEXT NOT NULL,
	overdracht TEXT NOT NULL,
	toestemming BOOLEAN NOT NULL,
	terugbelnummer TEXT NOT NULL DEFAULT '',
	medewerker_id TEXT NOT NULL DEFAULT '',
	medewerker_naam TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX kcc_doorverwijzingen_partij_idx ON kcc_doorverwijzingen (partij_id, created_at);

-- Overdue contactverzoeken escalated to the team lead (once each).
CREATE TABLE kcc_escalaties (
	taak_id TEXT PRIMARY KEY,
	team_id TEXT NOT NULL DEFAULT '',
	uiterlijk TIMESTAMP NOT NULL,
	geescaleerd_op TIMESTAMP NOT NULL,
	ontvangers TEXT NOT NULL DEFAULT ''
);
