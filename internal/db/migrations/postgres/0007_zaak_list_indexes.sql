-- The zaken lists page with a keyset (sort column, id). Ending the list
-- indexes with id lets both engines read a page straight from the index in
-- order, without sorting the rows that share a date (a day has hundreds of
-- zaken at a million). Same indexes as 0003, extended; none added, so a
-- create writes no more index entries than before.
DROP INDEX zaken_zaaktype_status_idx;
CREATE INDEX zaken_zaaktype_status_idx ON zaken (zaaktype_id, statustype_id, uiterlijke_einddatum_afdoening, id);
DROP INDEX zaken_initiator_idx;
CREATE INDEX zaken_initiator_idx ON zaken (initiator_id, startdatum, id);
DROP INDEX zaken_startdatum_idx;
CREATE INDEX zaken_startdatum_idx ON zaken (startdatum, id);
DROP INDEX zaken_deadline_idx;
CREATE INDEX zaken_deadline_idx ON zaken (uiterlijke_einddatum_afdoening, id) WHERE einddatum IS NULL;
DROP INDEX zaken_team_idx;
CREATE INDEX zaken_team_idx ON zaken (team_id, uiterlijke_einddatum_afdoening, id) WHERE einddatum IS NULL;
DROP INDEX zaken_behandelaar_idx;
CREATE INDEX zaken_behandelaar_idx ON zaken (behandelaar_id, uiterlijke_einddatum_afdoening, id) WHERE einddatum IS NULL;
