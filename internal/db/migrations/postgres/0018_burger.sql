-- Citizens and businesses log in to the PIP (DigiD / eHerkenning through an
-- OIDC broker, or the DigiD simulation in demo mode). Their sessions live in
-- sessions (kind 'burger', subject_type/subject_id, data holds name, level of
-- assurance and machtiging). Each login is counted here for the PIP-use
-- figures, pseudonymously: subject_digest is a keyed hash, so the table
-- counts unique users without holding a BSN.
CREATE TABLE burger_logins (
	id UUID PRIMARY KEY,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
	subject_digest TEXT NOT NULL,
	bron TEXT NOT NULL CHECK (bron IN ('oidc', 'digid-simulatie')),
	niveau TEXT NOT NULL DEFAULT '',
	namens BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX burger_logins_periode_idx ON burger_logins (created_at, subject_digest);
CREATE INDEX sessions_subject_idx ON sessions (subject_type, subject_id) WHERE subject_id <> '';
