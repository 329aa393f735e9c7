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
-- refreshes first. A mark holds the UTC day of a timestamp, the refresh widens it by a day on each side for the
-- Europe/Amsterdam day and by 7 days forward for herhaalcontact.
-- On PostgreSQL the marks are appended without a key: a mark is only ever
-- skipped when an equal one is visible, and a refresh deleting a visible
-- mark while another transaction still writes that day would lose the
-- change; an appended mark of an uncommitted transaction stays for the next
-- refresh. Statement-level triggers write one mark per day per statement,
-- so bulk loads add few.
CREATE TABLE rap_dirty (
	soort TEXT NOT NULL,
	dag DATE NOT NULL
);

-- Klantcontacten per local day of plaatsgevonden_op. herhaal counts the
-- identified contacts with an earlier contact of the same party on the same
-- onderwerp within 7 days; bekend counts the identified (non-anonymous) ones.
CREATE TABLE rap_contacten (
	dag DATE NOT NULL,
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
	dag DATE NOT NULL,
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
	dag DATE NOT NULL,
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
	dag DATE NOT NULL,
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
	dag DATE NOT NULL,
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
	ververst_op TIMESTAMPTZ,
	herbouwd_op TIMESTAMPTZ
);
INSERT INTO rap_status (id) VALUES (1);

-- What the refresh reads by day.
CREATE INDEX rap_zaken_einddatum_idx ON zaken (einddatum) WHERE einddatum IS NOT NULL;
CREATE INDEX rap_normen_met_idx ON zaak_normen (settled_at) WHERE state = 'met';
CREATE INDEX rap_normen_breached_idx ON zaak_normen (breached_at) WHERE state = 'breached';
CREATE INDEX rap_taken_uiterlijk_idx ON interne_taken (uiterlijk_op) WHERE uiterlijk_op IS NOT NULL;


CREATE FUNCTION rap_mark_contacten_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT DISTINCT 'contact', (plaatsgevonden_op AT TIME ZONE 'UTC')::date FROM rap_new;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_contacten_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT DISTINCT 'contact', (plaatsgevonden_op AT TIME ZONE 'UTC')::date FROM rap_old;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_contacten_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT DISTINCT 'contact', (o.plaatsgevonden_op AT TIME ZONE 'UTC')::date FROM rap_old o JOIN rap_new n ON n.id = o.id
		WHERE (o.plaatsgevonden_op, o.kanaal, o.uitkomst, o.team_id, o.zaaktype_id, o.onderwerp, o.partij_type, o.partij_id)
			IS DISTINCT FROM (n.plaatsgevonden_op, n.kanaal, n.uitkomst, n.team_id, n.zaaktype_id, n.onderwerp, n.partij_type, n.partij_id)
		UNION
		SELECT 'contact', (n.plaatsgevonden_op AT TIME ZONE 'UTC')::date FROM rap_old o JOIN rap_new n ON n.id = o.id
		WHERE (o.plaatsgevonden_op, o.kanaal, o.uitkomst, o.team_id, o.zaaktype_id, o.onderwerp, o.partij_type, o.partij_id)
			IS DISTINCT FROM (n.plaatsgevonden_op, n.kanaal, n.uitkomst, n.team_id, n.zaaktype_id, n.onderwerp, n.partij_type, n.partij_id)
		UNION
		SELECT 'taak', (t.uiterlijk_op AT TIME ZONE 'UTC')::date FROM rap_old o JOIN rap_new n ON n.id = o.id
		JOIN interne_taken t ON t.klantcontact_id = n.id
		WHERE t.uiterlijk_op IS NOT NULL AND (o.kanaal, o.zaaktype_id) IS DISTINCT FROM (n.kanaal, n.zaaktype_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rap_klantcontacten_ins AFTER INSERT ON klantcontacten REFERENCING NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_contacten_new();
CREATE TRIGGER rap_klantcontacten_upd AFTER UPDATE ON klantcontacten REFERENCING OLD TABLE AS rap_old NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_contacten_upd();
CREATE TRIGGER rap_klantcontacten_del AFTER DELETE ON klantcontacten REFERENCING OLD TABLE AS rap_old
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_contacten_old();

CREATE FUNCTION rap_mark_zaken_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'zaak', startdatum FROM rap_new
		UNION SELECT 'zaak', einddatum FROM rap_new WHERE einddatum IS NOT NULL;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_zaken_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'zaak', startdatum FROM rap_old
		UNION SELECT 'zaak', einddatum FROM rap_old WHERE einddatum IS NOT NULL;
	RETURN NULL;
END $$;
-- Row level with a WHEN: zaken are updated often (status, assignment) and
-- most updates change nothing a report counts.
CREATE FUNCTION rap_mark_zaak_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag) VALUES ('zaak', OLD.startdatum), ('zaak', NEW.startdatum);
	IF OLD.einddatum IS NOT NULL THEN
		INSERT INTO rap_dirty (soort, dag) VALUES ('zaak', OLD.einddatum);
	END IF;
	IF NEW.einddatum IS NOT NULL THEN
		INSERT INTO rap_dirty (soort, dag) VALUES ('zaak', NEW.einddatum);
	END IF;
	-- the zaak's norms are counted under its current team, zaaktype and kanaal
	IF (OLD.zaaktype_id, OLD.team_id, OLD.kanaal) IS DISTINCT FROM (NEW.zaaktype_id, NEW.team_id, NEW.kanaal) THEN
		INSERT INTO rap_dirty (soort, dag)
			SELECT 'norm', (settled_at AT TIME ZONE 'UTC')::date FROM zaak_normen WHERE zaak_id = NEW.id AND settled_at IS NOT NULL
			UNION SELECT 'norm', (breached_at AT TIME ZONE 'UTC')::date FROM zaak_normen WHERE zaak_id = NEW.id AND breached_at IS NOT NULL;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rap_zaken_ins AFTER INSERT ON zaken REFERENCING NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_zaken_new();
CREATE TRIGGER rap_zaken_upd AFTER UPDATE ON zaken FOR EACH ROW
	WHEN ((OLD.startdatum, OLD.einddatum, OLD.registratiedatum, OLD.uiterlijke_einddatum_afdoening, OLD.zaaktype_id, OLD.team_id, OLD.kanaal)
		IS DISTINCT FROM (NEW.startdatum, NEW.einddatum, NEW.registratiedatum, NEW.uiterlijke_einddatum_afdoening, NEW.zaaktype_id, NEW.team_id, NEW.kanaal))
	EXECUTE FUNCTION rap_mark_zaak_upd();
CREATE TRIGGER rap_zaken_del AFTER DELETE ON zaken REFERENCING OLD TABLE AS rap_old
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_zaken_old();

CREATE FUNCTION rap_mark_normen_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'norm', (settled_at AT TIME ZONE 'UTC')::date FROM rap_new WHERE settled_at IS NOT NULL
		UNION SELECT 'norm', (breached_at AT TIME ZONE 'UTC')::date FROM rap_new WHERE breached_at IS NOT NULL;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_normen_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'norm', (settled_at AT TIME ZONE 'UTC')::date FROM rap_old WHERE settled_at IS NOT NULL
		UNION SELECT 'norm', (breached_at AT TIME ZONE 'UTC')::date FROM rap_old WHERE breached_at IS NOT NULL;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_normen_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'norm', (settled_at AT TIME ZONE 'UTC')::date FROM rap_old WHERE settled_at IS NOT NULL
		UNION SELECT 'norm', (breached_at AT TIME ZONE 'UTC')::date FROM rap_old WHERE breached_at IS NOT NULL
		UNION SELECT 'norm', (settled_at AT TIME ZONE 'UTC')::date FROM rap_new WHERE settled_at IS NOT NULL
		UNION SELECT 'norm', (breached_at AT TIME ZONE 'UTC')::date FROM rap_new WHERE breached_at IS NOT NULL;
	RETURN NULL;
END $$;
CREATE TRIGGER rap_zaak_normen_ins AFTER INSERT ON zaak_normen REFERENCING NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_normen_new();
CREATE TRIGGER rap_zaak_normen_upd AFTER UPDATE ON zaak_normen REFERENCING OLD TABLE AS rap_old NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_normen_upd();
CREATE TRIGGER rap_zaak_normen_del AFTER DELETE ON zaak_normen REFERENCING OLD TABLE AS rap_old
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_normen_old();

CREATE FUNCTION rap_mark_taken_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT DISTINCT 'taak', (uiterlijk_op AT TIME ZONE 'UTC')::date FROM rap_new WHERE uiterlijk_op IS NOT NULL;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_taken_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT DISTINCT 'taak', (uiterlijk_op AT TIME ZONE 'UTC')::date FROM rap_old WHERE uiterlijk_op IS NOT NULL;
	RETURN NULL;
END $$;
CREATE FUNCTION rap_mark_taken_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rap_dirty (soort, dag)
		SELECT 'taak', (uiterlijk_op AT TIME ZONE 'UTC')::date FROM rap_old WHERE uiterlijk_op IS NOT NULL
		UNION SELECT 'taak', (uiterlijk_op AT TIME ZONE 'UTC')::date FROM rap_new WHERE uiterlijk_op IS NOT NULL;
	RETURN NULL;
END $$;
CREATE TRIGGER rap_interne_taken_ins AFTER INSERT ON interne_taken REFERENCING NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_taken_new();
CREATE TRIGGER rap_interne_taken_upd AFTER UPDATE ON interne_taken REFERENCING OLD TABLE AS rap_old NEW TABLE AS rap_new
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_taken_upd();
CREATE TRIGGER rap_interne_taken_del AFTER DELETE ON interne_taken REFERENCING OLD TABLE AS rap_old
	FOR EACH STATEMENT EXECUTE FUNCTION rap_mark_taken_old();
