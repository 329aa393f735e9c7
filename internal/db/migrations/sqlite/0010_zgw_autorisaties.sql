-- ZGW API clients (client_id + shared secret for HS256 JWTs) and the
-- Autorisaties API: applicaties with their autorisaties. Column names are
-- kept identical to the SQLite migration.

-- The secret is stored as given: HS256 verification needs the secret itself,
-- a hash would not do. It is never logged nor shown after creation.
CREATE TABLE api_clients (
	client_id TEXT PRIMARY KEY,
	secret TEXT NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE applicaties (
	id TEXT PRIMARY KEY,
	label TEXT NOT NULL DEFAULT '',
	heeft_alle_autorisaties BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- ac-001: a client_id identifies one and only one applicatie. Not a foreign
-- key to api_clients: an applicatie may list client ids of other providers.
CREATE TABLE applicatie_client_ids (
	client_id TEXT PRIMARY KEY,
	applicatie_id TEXT NOT NULL REFERENCES applicaties(id) ON DELETE CASCADE,
	volgorde INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX applicatie_client_ids_applicatie_idx ON applicatie_client_ids (applicatie_id);

-- scopes is a JSON array of scope names.
CREATE TABLE autorisaties (
	id TEXT PRIMARY KEY,
	applicatie_id TEXT NOT NULL REFERENCES applicaties(id) ON DELETE CASCADE,
	volgorde INTEGER NOT NULL DEFAULT 0,
	component TEXT NOT NULL,
	scopes TEXT NOT NULL DEFAULT '[]',
	zaaktype TEXT NOT NULL DEFAULT '',
	informatieobjecttype TEXT NOT NULL DEFAULT '',
	besluittype TEXT NOT NULL DEFAULT '',
	max_vertrouwelijkheidaanduiding TEXT NOT NULL DEFAULT ''
);
CREATE INDEX autorisaties_applicatie_idx ON autorisaties (applicatie_id, volgorde);
