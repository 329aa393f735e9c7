-- Zaken API list by a betrokkene's BSN (issue 3 performance). A citizen
-- or company with a thousand zaken made this search read a thousand rollen
-- rows and a thousand wide zaken rows (two B-tree descents each) to sort
-- them by startdatum, and SQLite drops a connection's page cache whenever
-- another connection commits, so those pages were read again nearly every
-- time: 20 ms and more per search at the 99th percentile. Two covering
-- indexes make it index-only: the rollen of one identification sit next to
-- each other with their zaak, and each zaak's id, startdatum and api_versie
-- (what the list query needs) sit in a narrow index instead of the table.
-- rollen_ident_idx is a prefix of the new rollen index.
--
-- PostgreSQL gets the rollen index only (0029 there): an index holding
-- api_versie would make every update of a zaak a non-HOT update there,
-- rewriting an entry in each of the table's indexes.
CREATE INDEX rollen_ident_zaak_idx ON rollen (ident_value, ident_type, betrokkene_type, zaak_id);
DROP INDEX rollen_ident_idx;
CREATE INDEX zaken_api_ref_idx ON zaken (id, startdatum, api_versie);
-- Without statistics the planner prefers the unique index on id (and then
-- the table row) over the covering one; a sampled ANALYZE of the two new
-- indexes takes well under a second at a million zaken.
PRAGMA analysis_limit = 1000;
ANALYZE rollen_ident_zaak_idx;
ANALYZE zaken_api_ref_idx;

-- GET /rollen lists in registratiedatum order; without an index in that
-- order a page of a broad filter (betrokkeneType=natuurlijk_persoon) sorted
-- a million rollen.
CREATE INDEX rollen_registratie_idx ON rollen (registratiedatum, id);
