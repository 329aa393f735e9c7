-- Rollups for the management and council reports (issue 7, package
-- rapportage, definitions in docs/kpi.md). A quarter over millions of
-- contacts and zaken is read from these daily tables instead of the base
-- tables.
--
-- Maintenance: the triggers below mark the days a change touches — the old
-- and the new values — in rap_dirty, in the change's own transaction, for
-- every write path (domain services, the ZGW and Klantinteracties APIs, the
-- norm sweep, bulk loads). rapportage.Refresh recomputes exactly those days
-- from the base tables and deletes the marks in one transaction; a report
-- refreshes first. A mark holds the day as stored (substr of a UTC
-- timestamp), the refresh widens it by a day on each side for the
-- Europe/Amsterdam day and by 7 days forward for herhaalcontact.
CREATE TABLE rap_dirty (
	soort TEXT NOT NULL,
	dag TEXT NOT NULL,
	PRIMARY KEY (soort, dag)
);

-- Klantcontacten per local day of plaatsgevonden_op. herhaal counts the
-- identified contacts with an earlier contact of the same party on the same
-- onderwerp within 7 days; bekend counts the identified (non-anonymous) ones.
CREATE TABLE rap_contacten (
	dag TEXT NOT NULL,
	kanaal TEXT NOT NULL,
	uitkomst TEXT NOT NULL,
	team_id TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL,
	onderwerp TEXT NOT NULL,
	aantal BIGINT NOT NULL,
	bekend BIGINT NOT NULL,
	herhaal BIGINT NOT NULL
);
CREATE INDEX rap_contacten_dag_idx ON rap_contacten (dag);

-- Zaken per startdatum.
CREATE TABLE rap_zaken (
	dag TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL,
	team_id TEXT NOT NULL,
	kanaal TEXT NOT NULL,
	aantal BIGINT NOT NULL
);
CREATE INDEX rap_zaken_dag_idx ON rap_zaken (dag);

-- Closed zaken per einddatum with a histogram of the lead time in whole
-- calendar days (registratiedatum → einddatum), so median and 90th
-- percentile are exact; binnen_termijn: closed on or before the legal
-- deadline.
CREATE TABLE rap_afgehandeld (
	dag TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL,
	team_id TEXT NOT NULL,
	kanaal TEXT NOT NULL,
	dagen INTEGER NOT NULL,
	aantal BIGINT NOT NULL,
	binnen_termijn BIGINT NOT NULL
);
CREATE INDEX rap_afgehandeld_dag_idx ON rap_afgehandeld (dag);

-- Norm instances: met on the local day of settled_at, breached on the local
-- day of breached_at; team and zaaktype are the zaak's current ones.
CREATE TABLE rap_normen (
	dag TEXT NOT NULL,
	norm TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL,
	team_id TEXT NOT NULL,
	kanaal TEXT NOT NULL,
	met BIGINT NOT NULL,
	breached BIGINT NOT NULL
);
CREATE INDEX rap_normen_dag_idx ON rap_normen (dag);

-- Handled contactverzoeken (interne taken) per local day of uiterlijk_op;
-- the open, overdue ones are counted live (they grow late without a write).
CREATE TABLE rap_taken (
	dag TEXT NOT NULL,
	team_id TEXT NOT NULL,
	kanaal TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL,
	op_tijd BIGINT NOT NULL,
	te_laat BIGINT NOT NULL
);
CREATE INDEX rap_taken_dag_idx ON rap_taken (dag);

-- One row: refreshes take its lock so two never recompute a day at once.
CREATE TABLE rap_status (
	id INTEGER PRIMARY KEY,
	ververst_op TIMESTAMP,
	herbouwd_op TIMESTAMP
);
INSERT INTO rap_status (id) VALUES (1);

-- What the refresh reads by day.
CREATE INDEX rap_zaken_einddatum_idx ON zaken (einddatum) WHERE einddatum IS NOT NULL;
CREATE INDEX rap_normen_met_idx ON zaak_normen (settled_at) WHERE state = 'met';
CREATE INDEX rap_normen_breached_idx ON zaak_normen (breached_at) WHERE state = 'breached';
CREATE INDEX rap_taken_uiterlijk_idx ON interne_taken (uiterlijk_op) WHERE uiterlijk_op IS NOT NULL;

CREATE TRIGGER rap_klantcontacten_ins AFTER INSERT ON klantcontacten BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('contact', substr(NEW.plaatsgevonden_op, 1, 10));
END;
CREATE TRIGGER rap_klantcontacten_upd AFTER UPDATE ON klantcontacten
WHEN OLD.plaatsgevonden_op IS NOT NEW.plaatsgevonden_op OR OLD.kanaal IS NOT NEW.kanaal
	OR OLD.uitkomst IS NOT NEW.uitkomst OR OLD.team_id IS NOT NEW.team_id
	OR OLD.zaaktype_id IS NOT NEW.zaaktype_id OR OLD.onderwerp IS NOT NEW.onderwerp
	OR OLD.partij_type IS NOT NEW.partij_type OR OLD.partij_id IS NOT NEW.partij_id
BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('contact', substr(OLD.plaatsgevonden_op, 1, 10));
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('contact', substr(NEW.plaatsgevonden_op, 1, 10));
	INSERT OR IGNORE INTO rap_dirty (soort, dag)
		SELECT 'taak', substr(uiterlijk_op, 1, 10) FROM interne_taken
		WHERE klantcontact_id = NEW.id AND uiterlijk_op IS NOT NULL;
END;
CREATE TRIGGER rap_klantcontacten_del AFTER DELETE ON klantcontacten BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('contact', substr(OLD.plaatsgevonden_op, 1, 10));
END;

CREATE TRIGGER rap_zaken_ins AFTER INSERT ON zaken BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('zaak', NEW.startdatum);
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'zaak', NEW.einddatum WHERE NEW.einddatum IS NOT NULL;
END;
CREATE TRIGGER rap_zaken_upd AFTER UPDATE ON zaken
WHEN OLD.startdatum IS NOT NEW.startdatum OR OLD.einddatum IS NOT NEW.einddatum
	OR OLD.registratiedatum IS NOT NEW.registratiedatum
	OR OLD.uiterlijke_einddatum_afdoening IS NOT NEW.uiterlijke_einddatum_afdoening
	OR OLD.zaaktype_id IS NOT NEW.zaaktype_id OR OLD.team_id IS NOT NEW.team_id OR OLD.kanaal IS NOT NEW.kanaal
BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('zaak', OLD.startdatum);
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('zaak', NEW.startdatum);
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'zaak', OLD.einddatum WHERE OLD.einddatum IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'zaak', NEW.einddatum WHERE NEW.einddatum IS NOT NULL;
	-- the zaak's norms are counted under its current team, zaaktype and kanaal
	INSERT OR IGNORE INTO rap_dirty (soort, dag)
		SELECT 'norm', substr(settled_at, 1, 10) FROM zaak_normen
		WHERE zaak_id = NEW.id AND settled_at IS NOT NULL
		AND (OLD.zaaktype_id IS NOT NEW.zaaktype_id OR OLD.team_id IS NOT NEW.team_id OR OLD.kanaal IS NOT NEW.kanaal);
	INSERT OR IGNORE INTO rap_dirty (soort, dag)
		SELECT 'norm', substr(breached_at, 1, 10) FROM zaak_normen
		WHERE zaak_id = NEW.id AND breached_at IS NOT NULL
		AND (OLD.zaaktype_id IS NOT NEW.zaaktype_id OR OLD.team_id IS NOT NEW.team_id OR OLD.kanaal IS NOT NEW.kanaal);
END;
CREATE TRIGGER rap_zaken_del AFTER DELETE ON zaken BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('zaak', OLD.startdatum);
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'zaak', OLD.einddatum WHERE OLD.einddatum IS NOT NULL;
END;

CREATE TRIGGER rap_zaak_normen_ins AFTER INSERT ON zaak_normen BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(NEW.settled_at, 1, 10) WHERE NEW.settled_at IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(NEW.breached_at, 1, 10) WHERE NEW.breached_at IS NOT NULL;
END;
CREATE TRIGGER rap_zaak_normen_upd AFTER UPDATE ON zaak_normen
WHEN OLD.state IS NOT NEW.state OR OLD.settled_at IS NOT NEW.settled_at OR OLD.breached_at IS NOT NEW.breached_at
	OR OLD.norm IS NOT NEW.norm OR OLD.zaak_id IS NOT NEW.zaak_id
BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(OLD.settled_at, 1, 10) WHERE OLD.settled_at IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(OLD.breached_at, 1, 10) WHERE OLD.breached_at IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(NEW.settled_at, 1, 10) WHERE NEW.settled_at IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(NEW.breached_at, 1, 10) WHERE NEW.breached_at IS NOT NULL;
END;
CREATE TRIGGER rap_zaak_normen_del AFTER DELETE ON zaak_normen BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(OLD.settled_at, 1, 10) WHERE OLD.settled_at IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'norm', substr(OLD.breached_at, 1, 10) WHERE OLD.breached_at IS NOT NULL;
END;

CREATE TRIGGER rap_interne_taken_ins AFTER INSERT ON interne_taken WHEN NEW.uiterlijk_op IS NOT NULL BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('taak', substr(NEW.uiterlijk_op, 1, 10));
END;
CREATE TRIGGER rap_interne_taken_upd AFTER UPDATE ON interne_taken
WHEN OLD.status IS NOT NEW.status OR OLD.uiterlijk_op IS NOT NEW.uiterlijk_op
	OR OLD.afgehandeld_op IS NOT NEW.afgehandeld_op OR OLD.team_id IS NOT NEW.team_id
	OR OLD.klantcontact_id IS NOT NEW.klantcontact_id
BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'taak', substr(OLD.uiterlijk_op, 1, 10) WHERE OLD.uiterlijk_op IS NOT NULL;
	INSERT OR IGNORE INTO rap_dirty (soort, dag) SELECT 'taak', substr(NEW.uiterlijk_op, 1, 10) WHERE NEW.uiterlijk_op IS NOT NULL;
END;
CREATE TRIGGER rap_interne_taken_del AFTER DELETE ON interne_taken WHEN OLD.uiterlijk_op IS NOT NULL BEGIN
	INSERT OR IGNORE INTO rap_dirty (soort, dag) VALUES ('taak', substr(OLD.uiterlijk_op, 1, 10));
END;
