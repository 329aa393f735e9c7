-- Klantcontacten (DESIGN §4.3): every contact with a customer on any channel,
-- with its outcome, so the KCC KPIs (direct beantwoord, in één keer
-- afgehandeld, klant belt zelf terug, herhaalcontact) are counted from data.
-- The KCC issue extends this table; column names are kept identical to the
-- PostgreSQL migration.
CREATE TABLE klantcontacten (
	id TEXT PRIMARY KEY,
	-- generated, unique: KC-2026-0000000001
	nummer TEXT NOT NULL UNIQUE,
	kanaal TEXT NOT NULL CHECK (kanaal IN ('balie', 'telefoon', 'email', 'post', 'webformulier', 'chat', 'social_media')),
	-- the party: 'anoniem', 'natuurlijk_persoon' (BSN), 'niet_natuurlijk_persoon'
	-- (KvK-nummer) or 'vestiging' (vestigingsnummer); partij_id is '' when anonymous.
	partij_type TEXT NOT NULL DEFAULT 'anoniem',
	partij_id TEXT NOT NULL DEFAULT '',
	partij_naam TEXT NOT NULL DEFAULT '',
	-- the subject: a zaaktype (the product it implements) and/or free text;
	-- onderwerp always holds a readable label for reports.
	zaaktype_id TEXT REFERENCES zaaktypen(id),
	product TEXT NOT NULL DEFAULT '',
	onderwerp TEXT NOT NULL,
	vraag TEXT NOT NULL DEFAULT '',
	antwoord TEXT NOT NULL DEFAULT '',
	uitkomst TEXT NOT NULL CHECK (uitkomst IN ('direct_beantwoord', 'zaak_gestart', 'doorverbonden', 'contactverzoek', 'klant_belt_terug', 'doorverwezen')),
	medewerker_id TEXT REFERENCES users(id),
	team_id TEXT REFERENCES teams(id),
	zaak_id TEXT REFERENCES zaken(id) ON DELETE SET NULL,
	plaatsgevonden_op TIMESTAMP NOT NULL,
	created_at TIMESTAMP NOT NULL
);
-- Quarterly reports: contacts in a period, grouped by kanaal and uitkomst
-- (covering, so the report never touches the table).
CREATE INDEX klantcontacten_periode_idx ON klantcontacten (plaatsgevonden_op, kanaal, uitkomst);
-- Klantbeeld and herhaalcontact: a party's contacts over time.
CREATE INDEX klantcontacten_partij_idx ON klantcontacten (partij_id, partij_type, plaatsgevonden_op);
CREATE INDEX klantcontacten_team_idx ON klantcontacten (team_id, plaatsgevonden_op);
CREATE INDEX klantcontacten_zaak_idx ON klantcontacten (zaak_id) WHERE zaak_id IS NOT NULL;
