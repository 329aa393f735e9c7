-- Zaken API 1.5.1 fields that were accepted but not kept.
-- rol.contactpersoonRol as JSON ({naam, emailadres, functie, telefoonnummer});
-- '' when the rol has none.
ALTER TABLE rollen ADD COLUMN contactpersoon_rol TEXT NOT NULL DEFAULT '';
-- zaakinformatieobject.status: the status of the zaak the document was
-- relevant for; vernietigingsdatum: when it leaves the zaak's dossier.
ALTER TABLE zaakinformatieobjecten ADD COLUMN status_id TEXT REFERENCES statussen(id) ON DELETE SET NULL;
ALTER TABLE zaakinformatieobjecten ADD COLUMN vernietigingsdatum TIMESTAMP;
-- zaak.processobject as JSON ({datumkenmerk, identificatie, objecttype,
-- registratie}); '' when the zaak has none.
ALTER TABLE zaken ADD COLUMN processobject TEXT NOT NULL DEFAULT '';
-- zaakobject.zaakobjecttype (of the zaak's zaaktype) and
-- objectTypeOverigeDefinitie as JSON ({url, schema, objectData}; '' none).
ALTER TABLE zaakobjecten ADD COLUMN zaakobjecttype_id TEXT REFERENCES zaakobjecttypen(id) ON DELETE SET NULL;
ALTER TABLE zaakobjecten ADD COLUMN object_type_overige_definitie TEXT NOT NULL DEFAULT '';
