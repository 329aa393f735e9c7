-- Zaken API list (issue 3 performance): every zaak carries a version of its
-- API representation, raised by the database itself whenever the zaak row
-- changes or a part that the representation lists (rollen, eigenschappen,
-- informatieobjecten, objecten, relaties, deelzaken) is added, changed or
-- removed. A list page reads only (id, api_versie) and takes each zaak's
-- rendered JSON from a cache keyed by both, so a change made by any path or
-- any process is never served stale. Triggers, not application code, so
-- that the seeder, the sweeps and a second process are covered too.
ALTER TABLE zaken ADD COLUMN api_versie INTEGER NOT NULL DEFAULT 0;

-- recursive_triggers is off, so the inner UPDATE does not fire this trigger
-- again; the WHEN clause skips updates that already raised the version.
CREATE TRIGGER zaken_api_versie AFTER UPDATE ON zaken WHEN NEW.api_versie = OLD.api_versie BEGIN
	UPDATE zaken SET api_versie = OLD.api_versie + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER rollen_api_ins AFTER INSERT ON rollen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.zaak_id;
END;
CREATE TRIGGER rollen_api_upd AFTER UPDATE ON rollen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.zaak_id, NEW.zaak_id);
END;
CREATE TRIGGER rollen_api_del AFTER DELETE ON rollen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.zaak_id;
END;

CREATE TRIGGER zaakeigenschappen_api_ins AFTER INSERT ON zaakeigenschappen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.zaak_id;
END;
CREATE TRIGGER zaakeigenschappen_api_upd AFTER UPDATE ON zaakeigenschappen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.zaak_id, NEW.zaak_id);
END;
CREATE TRIGGER zaakeigenschappen_api_del AFTER DELETE ON zaakeigenschappen BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.zaak_id;
END;

CREATE TRIGGER zaakinformatieobjecten_api_ins AFTER INSERT ON zaakinformatieobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.zaak_id;
END;
CREATE TRIGGER zaakinformatieobjecten_api_upd AFTER UPDATE ON zaakinformatieobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.zaak_id, NEW.zaak_id);
END;
CREATE TRIGGER zaakinformatieobjecten_api_del AFTER DELETE ON zaakinformatieobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.zaak_id;
END;

CREATE TRIGGER zaakobjecten_api_ins AFTER INSERT ON zaakobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.zaak_id;
END;
CREATE TRIGGER zaakobjecten_api_upd AFTER UPDATE ON zaakobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.zaak_id, NEW.zaak_id);
END;
CREATE TRIGGER zaakobjecten_api_del AFTER DELETE ON zaakobjecten BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.zaak_id;
END;

CREATE TRIGGER zaak_relaties_api_ins AFTER INSERT ON zaak_relaties BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.zaak_id;
END;
CREATE TRIGGER zaak_relaties_api_upd AFTER UPDATE ON zaak_relaties BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.zaak_id, NEW.zaak_id);
END;
CREATE TRIGGER zaak_relaties_api_del AFTER DELETE ON zaak_relaties BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.zaak_id;
END;

-- A deelzaak is listed on its hoofdzaak.
CREATE TRIGGER zaken_api_hoofd_ins AFTER INSERT ON zaken WHEN NEW.hoofdzaak_id IS NOT NULL BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = NEW.hoofdzaak_id;
END;
CREATE TRIGGER zaken_api_hoofd_upd AFTER UPDATE OF hoofdzaak_id ON zaken
WHEN OLD.hoofdzaak_id IS NOT NEW.hoofdzaak_id BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id IN (OLD.hoofdzaak_id, NEW.hoofdzaak_id);
END;
CREATE TRIGGER zaken_api_hoofd_del AFTER DELETE ON zaken WHEN OLD.hoofdzaak_id IS NOT NULL BEGIN
	UPDATE zaken SET api_versie = api_versie + 1 WHERE id = OLD.hoofdzaak_id;
END;
