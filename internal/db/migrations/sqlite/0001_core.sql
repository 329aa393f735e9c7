-- Loket core schema (SQLite). Column names are kept identical to the
-- SQLite migration; a test compares both.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Organisatorische eenheden.
CREATE TABLE teams (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	naam TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	telefoon TEXT NOT NULL DEFAULT '',
	contactverzoek_sla_werkdagen INTEGER NOT NULL DEFAULT 1,
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	naam TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	team_id TEXT REFERENCES teams(id),
	active BOOLEAN NOT NULL DEFAULT TRUE,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until TIMESTAMP,
	oidc_issuer TEXT NOT NULL DEFAULT '',
	oidc_subject TEXT NOT NULL DEFAULT '',
	last_login_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX users_team_idx ON users (team_id);
CREATE INDEX users_oidc_idx ON users (oidc_issuer, oidc_subject);

-- rol: kcc, behandelaar, teamleider, beheerder, manager
CREATE TABLE user_roles (
	user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	rol TEXT NOT NULL,
	PRIMARY KEY (user_id, rol)
);

-- Only the SHA-256 of the session token is stored, so a database leak does
-- not hand out live sessions.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
	subject_type TEXT NOT NULL DEFAULT '',
	subject_id TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '{}',
	csrf_token TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_seen_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- A stand-in for the basisregistraties (BRP, HR): the people and businesses
-- the municipality knows.
CREATE TABLE personen (
	bsn TEXT PRIMARY KEY,
	voornamen TEXT NOT NULL DEFAULT '',
	voorletters TEXT NOT NULL DEFAULT '',
	voorvoegsel TEXT NOT NULL DEFAULT '',
	geslachtsnaam TEXT NOT NULL,
	geboortedatum TEXT,
	geslacht TEXT NOT NULL DEFAULT '',
	straat TEXT NOT NULL DEFAULT '',
	huisnummer TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	woonplaats TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	telefoon TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX personen_naam_idx ON personen (geslachtsnaam, geboortedatum);
CREATE INDEX personen_adres_idx ON personen (postcode, huisnummer);

CREATE TABLE bedrijven (
	kvk_nummer TEXT NOT NULL,
	vestigingsnummer TEXT NOT NULL DEFAULT '',
	rsin TEXT NOT NULL DEFAULT '',
	handelsnaam TEXT NOT NULL,
	straat TEXT NOT NULL DEFAULT '',
	huisnummer TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	woonplaats TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	telefoon TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (kvk_nummer, vestigingsnummer)
);

-- The operational calendar: days the municipality closes on top of the
-- holidays ('gesloten') or opens despite a holiday ('open').
CREATE TABLE kalender_dagen (
	datum TEXT PRIMARY KEY,
	soort TEXT NOT NULL CHECK (soort IN ('gesloten', 'open')),
	omschrijving TEXT NOT NULL DEFAULT ''
);

-- Every change to a zaak and its parts (and to the catalogue): who, when,
-- what, old and new. Written in the transaction of the change.
CREATE TABLE audit_trail (
	id TEXT PRIMARY KEY,
	created_at TIMESTAMP NOT NULL,
	bron TEXT NOT NULL,
	zaak_id TEXT,
	hoofd_object TEXT NOT NULL DEFAULT '',
	resource TEXT NOT NULL,
	resource_id TEXT NOT NULL,
	resource_url TEXT NOT NULL DEFAULT '',
	resource_weergave TEXT NOT NULL DEFAULT '',
	actie TEXT NOT NULL,
	actie_weergave TEXT NOT NULL DEFAULT '',
	resultaat INTEGER NOT NULL DEFAULT 200,
	actor_kind TEXT NOT NULL,
	applicatie_id TEXT NOT NULL DEFAULT '',
	applicatie_weergave TEXT NOT NULL DEFAULT '',
	gebruikers_id TEXT NOT NULL DEFAULT '',
	gebruikers_weergave TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	oud TEXT,
	nieuw TEXT,
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_trail_zaak_idx ON audit_trail (zaak_id, created_at);
CREATE INDEX audit_trail_resource_idx ON audit_trail (resource, resource_id);

-- Every read of a person's or business's data by staff: who looked at whom,
-- when, and why.
CREATE TABLE inzage_log (
	id INTEGER PRIMARY KEY,
	created_at TIMESTAMP NOT NULL,
	user_id TEXT NOT NULL,
	user_naam TEXT NOT NULL DEFAULT '',
	subject_type TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	resource TEXT NOT NULL DEFAULT '',
	resource_id TEXT NOT NULL DEFAULT '',
	reden TEXT NOT NULL,
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inzage_log_subject_idx ON inzage_log (subject_type, subject_id, created_at);
CREATE INDEX inzage_log_user_idx ON inzage_log (user_id, created_at);

-- Generated identifiers, unique per scope and year (ZAAK-2026-0000000001).
CREATE TABLE identificatie_seq (
	scope TEXT NOT NULL,
	jaar INTEGER NOT NULL,
	last BIGINT NOT NULL,
	PRIMARY KEY (scope, jaar)
);
