-- Zaken API list by a betrokkene's BSN (issue 3 performance): the rollen of
-- one identification with their betrokkene_type and zaak in one covering
-- index, so the search reads no rollen rows. rollen_ident_idx is a prefix
-- of it. (SQLite also gets a narrow covering index on zaken, see 0029
-- there; here it would make every update of a zaak a non-HOT update.)
CREATE INDEX rollen_ident_zaak_idx ON rollen (ident_value, ident_type, betrokkene_type, zaak_id);
DROP INDEX rollen_ident_idx;

-- GET /rollen lists in registratiedatum order; without an index in that
-- order a page of a broad filter (betrokkeneType=natuurlijk_persoon) sorted
-- a million rollen: 1.6 s, 1.4 ms with it.
CREATE INDEX rollen_registratie_idx ON rollen (registratiedatum, id);
