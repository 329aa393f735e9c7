-- Zaken API list (issue 3 performance): every zaak carries a version of its
-- API representation, raised by the database itself whenever the zaak row
-- changes or a part that the representation lists (rollen, eigenschappen,
-- informatieobjecten, objecten, relaties, deelzaken) is added, changed or
-- removed. A list page reads only (id, api_versie) and takes each zaak's
-- rendered JSON from a cache keyed by both, so a change made by any path or
-- any process is never served stale. Triggers, not application code, so
-- that the seeder, the sweeps and a second process are covered too.
ALTER TABLE zaken ADD COLUMN api_versie BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION zaak_api_versie_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.api_versie := OLD.api_versie + 1;
	RETURN NEW;
END $$;
CREATE TRIGGER zaken_api_versie BEFORE UPDATE ON zaken FOR EACH ROW
	WHEN (NEW.api_versie = OLD.api_versie) EXECUTE FUNCTION zaak_api_versie_row();

-- Statement-level, with transition tables, so that a COPY of many parts
-- raises each zaak once per statement.
CREATE FUNCTION zaak_api_versie_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (SELECT zaak_id FROM api_new);
	RETURN NULL;
END $$;
CREATE FUNCTION zaak_api_versie_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (SELECT zaak_id FROM api_old);
	RETURN NULL;
END $$;
CREATE FUNCTION zaak_api_versie_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE zaken SET api_versie = api_versie + 1
		WHERE id IN (SELECT zaak_id FROM api_old UNION SELECT zaak_id FROM api_new);
	RETURN NULL;
END $$;

CREATE TRIGGER rollen_api_ins AFTER INSERT ON rollen REFERENCING NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_new();
CREATE TRIGGER rollen_api_upd AFTER UPDATE ON rollen REFERENCING OLD TABLE AS api_old NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_upd();
CREATE TRIGGER rollen_api_del AFTER DELETE ON rollen REFERENCING OLD TABLE AS api_old
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_old();

CREATE TRIGGER zaakeigenschappen_api_ins AFTER INSERT ON zaakeigenschappen REFERENCING NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_new();
CREATE TRIGGER zaakeigenschappen_api_upd AFTER UPDATE ON zaakeigenschappen REFERENCING OLD TABLE AS api_old NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_upd();
CREATE TRIGGER zaakeigenschappen_api_del AFTER DELETE ON zaakeigenschappen REFERENCING OLD TABLE AS api_old
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_old();

CREATE TRIGGER zaakinformatieobjecten_api_ins AFTER INSERT ON zaakinformatieobjecten REFERENCING NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_new();
CREATE TRIGGER zaakinformatieobjecten_api_upd AFTER UPDATE ON zaakinformatieobjecten REFERENCING OLD TABLE AS api_old NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_upd();
CREATE TRIGGER zaakinformatieobjecten_api_del AFTER DELETE ON zaakinformatieobjecten REFERENCING OLD TABLE AS api_old
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_old();

CREATE TRIGGER zaakobjecten_api_ins AFTER INSERT ON zaakobjecten REFERENCING NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_new();
CREATE TRIGGER zaakobjecten_api_upd AFTER UPDATE ON zaakobjecten REFERENCING OLD TABLE AS api_old NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_upd();
CREATE TRIGGER zaakobjecten_api_del AFTER DELETE ON zaakobjecten REFERENCING OLD TABLE AS api_old
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_old();

CREATE TRIGGER zaak_relaties_api_ins AFTER INSERT ON zaak_relaties REFERENCING NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_new();
CREATE TRIGGER zaak_relaties_api_upd AFTER UPDATE ON zaak_relaties REFERENCING OLD TABLE AS api_old NEW TABLE AS api_new
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_upd();
CREATE TRIGGER zaak_relaties_api_del AFTER DELETE ON zaak_relaties REFERENCING OLD TABLE AS api_old
	FOR EACH STATEMENT EXECUTE FUNCTION zaak_api_versie_old();

-- A deelzaak is listed on its hoofdzaak. Row-level with a WHEN clause
-- (evaluated without calling the function) rather than with transition
-- tables, which would copy every wide zaken row of every update.
CREATE FUNCTION zaak_api_versie_hoofd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' AND OLD.hoofdzaak_id IS NOT NULL THEN
		UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.hoofdzaak_id;
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.hoofdzaak_id IS NOT NULL THEN
		UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.hoofdzaak_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER zaken_api_hoofd_ins AFTER INSERT ON zaken FOR EACH ROW
	WHEN (NEW.hoofdzaak_id IS NOT NULL) EXECUTE FUNCTION zaak_api_versie_hoofd();
CREATE TRIGGER zaken_api_hoofd_upd AFTER UPDATE OF hoofdzaak_id ON zaken FOR EACH ROW
	WHEN (OLD.hoofdzaak_id IS DISTINCT FROM NEW.hoofdzaak_id) EXECUTE FUNCTION zaak_api_versie_hoofd();
CREATE TRIGGER zaken_api_hoofd_del AFTER DELETE ON zaken FOR EACH ROW
	WHEN (OLD.hoofdzaak_id IS NOT NULL) EXECUTE FUNCTION zaak_api_versie_hoofd();
