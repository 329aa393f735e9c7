-- The KTO results read every response of a period and sum the grades per
-- channel: an index holding all the columns they read (and filter on)
-- answers them without touching the table (SQLite: 92 → 54 CPU-ms for a
-- year of 100,000 responses). It starts with datum, so it replaces the
-- (datum, kanaal) index of 0022. Responses are few and written once, so the
-- wider index costs little.
DROP INDEX kto_antwoorden_datum_idx;
CREATE INDEX kto_antwoorden_results_idx ON kto_antwoorden (datum, kanaal, team_id, zaaktype_id, product, cijfer,
	vriendelijkheid, deskundigheid, duidelijkheid, wachttijd, prijs, privacy);
