-- Stored council reports (raadsrapportage, issue 7): quarterly and annual,
-- produced on a schedule or on demand by a manager, each kept as the PDF
-- and the accessible HTML that were handed out.
--
-- The documents live in the row itself, not in the blob directory: a few
-- per year of some 100 kB each, written in the same transaction as their
-- row (no orphan files, no sweep, and the document sweep of the blob
-- directory, which removes files no informatieobject references, cannot
-- touch them), in every backup and on every instance of a PostgreSQL
-- deployment without a shared disk.
CREATE TABLE raadsrapportages (
	id TEXT PRIMARY KEY,
	soort TEXT NOT NULL CHECK (soort IN ('kwartaal', 'jaar')),
	-- the period: periode_van inclusive, periode_tot exclusive (civil days)
	periode_van TEXT NOT NULL,
	periode_tot TEXT NOT NULL,
	titel TEXT NOT NULL,
	-- 'schema': the periodic job (at most one per period, see the index);
	-- 'handmatig': on demand, as often as a manager asks
	bron TEXT NOT NULL CHECK (bron IN ('schema', 'handmatig')),
	created_at TIMESTAMP NOT NULL,
	created_by_id TEXT REFERENCES users(id),
	created_by_naam TEXT NOT NULL,
	pdf BLOB NOT NULL,
	html BLOB NOT NULL,
	CHECK (periode_van < periode_tot)
);
CREATE UNIQUE INDEX raadsrapportages_schema_idx ON raadsrapportages (soort, periode_van) WHERE bron = 'schema';
CREATE INDEX raadsrapportages_created_idx ON raadsrapportages (created_at);
