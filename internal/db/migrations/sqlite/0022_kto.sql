-- Customer satisfaction survey (KTO, issue 7; DESIGN §4.3: mean grade ≥ 8.0
-- per channel and aspect).
--
-- Invitations and responses are deliberately separate tables with no key
-- between them: the invitation side knows the person (needed for "at most
-- one invitation per person per period" and to show it in the PIP), the
-- response side knows only what the reports group by (channel, zaaktype,
-- product, team, day). A response keeps a random (v4) id and only the date,
-- so neither its id nor a timestamp can be matched to the invitation it
-- answered.

-- One row per person who was ever considered: when they were last invited,
-- and whether they asked for no more invitations. The conditional upsert on
-- this row is what makes the once-per-period rule hold under concurrent jobs.
CREATE TABLE kto_ontvangers (
	subject_type TEXT NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
	subject_id TEXT NOT NULL,
	laatst_uitgenodigd_op TIMESTAMP,
	afgemeld BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (subject_type, subject_id)
);

CREATE TABLE kto_uitnodigingen (
	id TEXT PRIMARY KEY,
	-- what caused it: a klantcontact or a closed zaak; unique, so a retried
	-- job never invites twice for the same cause
	bron TEXT NOT NULL CHECK (bron IN ('klantcontact', 'zaak')),
	bron_id TEXT NOT NULL,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
	subject_id TEXT NOT NULL,
	-- SHA-256 of the token in the e-mail link; the token itself is not kept
	token_hash TEXT NOT NULL UNIQUE,
	via TEXT NOT NULL CHECK (via IN ('email', 'pip')),
	kanaal TEXT NOT NULL,
	onderwerp TEXT NOT NULL DEFAULT '',
	zaaktype_id TEXT REFERENCES zaaktypen(id) ON DELETE SET NULL,
	product TEXT NOT NULL DEFAULT '',
	team_id TEXT REFERENCES teams(id) ON DELETE SET NULL,
	mail_id TEXT,
	uitgenodigd_op TIMESTAMP NOT NULL,
	verloopt_op TIMESTAMP NOT NULL,
	beantwoord BOOLEAN NOT NULL DEFAULT FALSE,
	UNIQUE (bron, bron_id)
);
-- The PIP: a person's open invitations.
CREATE INDEX kto_uitnodigingen_subject_idx ON kto_uitnodigingen (subject_type, subject_id, verloopt_op);

CREATE TABLE kto_antwoorden (
	id TEXT PRIMARY KEY,
	datum TEXT NOT NULL,
	bron TEXT NOT NULL CHECK (bron IN ('klantcontact', 'zaak')),
	kanaal TEXT NOT NULL,
	zaaktype_id TEXT REFERENCES zaaktypen(id) ON DELETE SET NULL,
	product TEXT NOT NULL DEFAULT '',
	team_id TEXT REFERENCES teams(id) ON DELETE SET NULL,
	-- grades 1–10; NULL is "n.v.t." or not answered, and is left out of means
	cijfer INTEGER NOT NULL CHECK (cijfer BETWEEN 1 AND 10),
	vriendelijkheid INTEGER CHECK (vriendelijkheid BETWEEN 1 AND 10),
	deskundigheid INTEGER CHECK (deskundigheid BETWEEN 1 AND 10),
	duidelijkheid INTEGER CHECK (duidelijkheid BETWEEN 1 AND 10),
	wachttijd INTEGER CHECK (wachttijd BETWEEN 1 AND 10),
	prijs INTEGER CHECK (prijs BETWEEN 1 AND 10),
	privacy INTEGER CHECK (privacy BETWEEN 1 AND 10),
	-- stored with e-mail addresses, phone numbers and BSN-like numbers removed
	opmerking TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kto_antwoorden_datum_idx ON kto_antwoorden (datum, kanaal);
CREATE INDEX kto_antwoorden_team_idx ON kto_antwoorden (team_id, datum);

-- Reference values (e.g. the national benchmark) entered by the beheerder.
-- kanaal '' is "all channels"; aspect 'cijfer' is the overall grade. Stored
-- in tenths so one decimal is exact on both engines.
CREATE TABLE kto_referenties (
	id TEXT PRIMARY KEY,
	kanaal TEXT NOT NULL DEFAULT '',
	aspect TEXT NOT NULL CHECK (aspect IN ('cijfer', 'vriendelijkheid', 'deskundigheid', 'duidelijkheid', 'wachttijd', 'prijs', 'privacy')),
	jaar INTEGER NOT NULL CHECK (jaar BETWEEN 2000 AND 2100),
	waarde_tienden INTEGER NOT NULL CHECK (waarde_tienden BETWEEN 10 AND 100),
	bron TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (kanaal, aspect, jaar)
);
