-- Klantinteracties (issue 4): partijen with their identificatoren and
-- digitale adressen, actoren, betrokkenen, onderwerpobjecten, bijlagen and
-- interne taken (contactverzoeken), shaped after the Klantinteracties API
-- 0.9.0 (Open Klant 2). klantcontacten (0004) is extended, not replaced: the
-- KCC reports read its kanaal/uitkomst/partij columns. Column names are kept
-- identical to the SQLite migration.

CREATE TABLE partijen (
	id UUID PRIMARY KEY,
	-- generated, 10 digits (the API's nummer)
	nummer TEXT NOT NULL UNIQUE,
	soort_partij TEXT NOT NULL CHECK (soort_partij IN ('persoon', 'organisatie', 'contactpersoon')),
	interne_notitie TEXT NOT NULL DEFAULT '',
	indicatie_geheimhouding BOOLEAN,
	voorkeurstaal TEXT NOT NULL DEFAULT '',
	indicatie_actief BOOLEAN NOT NULL DEFAULT TRUE,
	-- persoon / contactpersoon name; organisatie uses organisatie_naam
	voorletters TEXT NOT NULL DEFAULT '',
	voornaam TEXT NOT NULL DEFAULT '',
	voorvoegsel_achternaam TEXT NOT NULL DEFAULT '',
	achternaam TEXT NOT NULL DEFAULT '',
	organisatie_naam TEXT NOT NULL DEFAULT '',
	werkte_voor_partij_id UUID REFERENCES partijen(id) ON DELETE SET NULL,
	-- the full name as shown, kept for search and lists
	weergave_naam TEXT NOT NULL DEFAULT '',
	geboortedatum DATE,
	-- addresses as JSON objects (the API's gegevensgroepen); the postcode
	-- and huisnummer of the correspondentie- or else bezoekadres are copied
	-- into columns for the KCC's customer search.
	bezoekadres TEXT,
	correspondentieadres TEXT,
	adres_postcode TEXT NOT NULL DEFAULT '',
	adres_huisnummer TEXT NOT NULL DEFAULT '',
	voorkeurs_digitaal_adres_id UUID,
	voorkeurs_rekeningnummer_id UUID,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX partijen_naam_idx ON partijen (achternaam, geboortedatum);
CREATE INDEX partijen_adres_idx ON partijen (adres_postcode, adres_huisnummer);
CREATE INDEX partijen_werkte_voor_idx ON partijen (werkte_voor_partij_id) WHERE werkte_voor_partij_id IS NOT NULL;

CREATE TABLE partij_identificatoren (
	id UUID PRIMARY KEY,
	partij_id UUID REFERENCES partijen(id) ON DELETE CASCADE,
	andere_partij_identificator TEXT NOT NULL DEFAULT '',
	code_objecttype TEXT NOT NULL CHECK (code_objecttype IN ('natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging')),
	code_soort_object_id TEXT NOT NULL CHECK (code_soort_object_id IN ('bsn', 'vestigingsnummer', 'kvk_nummer', 'rsin')),
	object_id TEXT NOT NULL,
	code_register TEXT NOT NULL CHECK (code_register IN ('brp', 'hr')),
	sub_identificator_van_id UUID REFERENCES partij_identificatoren(id) ON DELETE SET NULL,
	created_at TIMESTAMPTZ NOT NULL
);
-- One partij per BSN, KvK-nummer, vestigingsnummer or RSIN.
CREATE UNIQUE INDEX partij_identificatoren_uniek ON partij_identificatoren (code_soort_object_id, object_id);
CREATE INDEX partij_identificatoren_partij_idx ON partij_identificatoren (partij_id);

CREATE TABLE digitale_adressen (
	id UUID PRIMARY KEY,
	partij_id UUID REFERENCES partijen(id) ON DELETE CASCADE,
	betrokkene_id UUID,
	adres TEXT NOT NULL,
	-- lower-case e-mail or the digits of a phone number, for search
	adres_zoek TEXT NOT NULL DEFAULT '',
	soort_digitaal_adres TEXT NOT NULL CHECK (soort_digitaal_adres IN ('email', 'telefoonnummer', 'overig')),
	is_standaard_adres BOOLEAN NOT NULL DEFAULT FALSE,
	omschrijving TEXT NOT NULL DEFAULT '',
	referentie TEXT NOT NULL DEFAULT '',
	verificatie_datum TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX digitale_adressen_partij_idx ON digitale_adressen (partij_id);
CREATE INDEX digitale_adressen_betrokkene_idx ON digitale_adressen (betrokkene_id);
CREATE INDEX digitale_adressen_zoek_idx ON digitale_adressen (adres_zoek);

CREATE TABLE rekeningnummers (
	id UUID PRIMARY KEY,
	partij_id UUID REFERENCES partijen(id) ON DELETE CASCADE,
	iban TEXT NOT NULL,
	bic TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rekeningnummers_partij_idx ON rekeningnummers (partij_id);

CREATE TABLE vertegenwoordigingen (
	id UUID PRIMARY KEY,
	vertegenwoordigende_partij_id UUID NOT NULL REFERENCES partijen(id) ON DELETE CASCADE,
	vertegenwoordigde_partij_id UUID NOT NULL REFERENCES partijen(id) ON DELETE CASCADE,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (vertegenwoordigende_partij_id, vertegenwoordigde_partij_id)
);
CREATE INDEX vertegenwoordigingen_vertegenwoordigde_idx ON vertegenwoordigingen (vertegenwoordigde_partij_id);

CREATE TABLE partij_categorieen (
	id UUID PRIMARY KEY,
	naam TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE partij_categorie_relaties (
	id UUID PRIMARY KEY,
	partij_id UUID REFERENCES partijen(id) ON DELETE CASCADE,
	categorie_id UUID REFERENCES partij_categorieen(id) ON DELETE CASCADE,
	begin_datum DATE,
	eind_datum DATE,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX partij_categorie_relaties_partij_idx ON partij_categorie_relaties (partij_id);
CREATE INDEX partij_categorie_relaties_categorie_idx ON partij_categorie_relaties (categorie_id);

-- Actoren: medewerkers, organisatorische eenheden (teams) and automated
-- actors. A medewerker or eenheid may be linked to a Loket user or team.
CREATE TABLE actoren (
	id UUID PRIMARY KEY,
	naam TEXT NOT NULL,
	soort_actor TEXT NOT NULL CHECK (soort_actor IN ('medewerker', 'geautomatiseerde_actor', 'organisatorische_eenheid')),
	indicatie_actief BOOLEAN NOT NULL DEFAULT TRUE,
	ident_object_id TEXT NOT NULL DEFAULT '',
	ident_code_objecttype TEXT NOT NULL DEFAULT '',
	ident_code_register TEXT NOT NULL DEFAULT '',
	ident_code_soort_object_id TEXT NOT NULL DEFAULT '',
	functie TEXT NOT NULL DEFAULT '',
	omschrijving TEXT NOT NULL DEFAULT '',
	emailadres TEXT NOT NULL DEFAULT '',
	telefoonnummer TEXT NOT NULL DEFAULT '',
	faxnummer TEXT NOT NULL DEFAULT '',
	user_id UUID UNIQUE REFERENCES users(id) ON DELETE SET NULL,
	team_id UUID UNIQUE REFERENCES teams(id) ON DELETE SET NULL,
	created_at TIMESTAMPTZ NOT NULL
);

-- The klantcontacten table of 0004, extended with what the API carries.
ALTER TABLE klantcontacten ADD COLUMN referentienummer TEXT NOT NULL DEFAULT '';
ALTER TABLE klantcontacten ADD COLUMN indicatie_contact_gelukt BOOLEAN;
ALTER TABLE klantcontacten ADD COLUMN hoofd_onderwerp_type TEXT NOT NULL DEFAULT '';
ALTER TABLE klantcontacten ADD COLUMN verdere_actie_ondernomen BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE klantcontacten ADD COLUMN taal TEXT NOT NULL DEFAULT 'nld';
ALTER TABLE klantcontacten ADD COLUMN vertrouwelijk BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE klantcontacten ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
-- TRUE when the uitkomst was not given but derived (API contacts): a later
-- interne taak then turns it into 'contactverzoek'.
ALTER TABLE klantcontacten ADD COLUMN uitkomst_afgeleid BOOLEAN NOT NULL DEFAULT FALSE;
-- The partij of the contact in this register (partij_type/partij_id keep
-- the BSN or KvK-nummer the reports count by).
ALTER TABLE klantcontacten ADD COLUMN klant_partij_id UUID REFERENCES partijen(id) ON DELETE SET NULL;
ALTER TABLE klantcontacten ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX klantcontacten_klant_partij_idx ON klantcontacten (klant_partij_id, plaatsgevonden_op) WHERE klant_partij_id IS NOT NULL;

CREATE TABLE actor_klantcontacten (
	id UUID PRIMARY KEY,
	actor_id UUID NOT NULL REFERENCES actoren(id) ON DELETE CASCADE,
	klantcontact_id UUID NOT NULL REFERENCES klantcontacten(id) ON DELETE CASCADE,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (klantcontact_id, actor_id)
);
CREATE INDEX actor_klantcontacten_actor_idx ON actor_klantcontacten (actor_id);

CREATE TABLE betrokkenen (
	id UUID PRIMARY KEY,
	klantcontact_id UUID NOT NULL REFERENCES klantcontacten(id) ON DELETE CASCADE,
	partij_id UUID REFERENCES partijen(id) ON DELETE SET NULL,
	rol TEXT NOT NULL CHECK (rol IN ('vertegenwoordiger', 'klant')),
	organisatienaam TEXT NOT NULL DEFAULT '',
	initiator BOOLEAN NOT NULL DEFAULT FALSE,
	voorletters TEXT NOT NULL DEFAULT '',
	voornaam TEXT NOT NULL DEFAULT '',
	voorvoegsel_achternaam TEXT NOT NULL DEFAULT '',
	achternaam TEXT NOT NULL DEFAULT '',
	bezoekadres TEXT,
	correspondentieadres TEXT,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX betrokkenen_klantcontact_idx ON betrokkenen (klantcontact_id);
CREATE INDEX betrokkenen_partij_idx ON betrokkenen (partij_id);

CREATE TABLE onderwerpobjecten (
	id UUID PRIMARY KEY,
	klantcontact_id UUID REFERENCES klantcontacten(id) ON DELETE CASCADE,
	was_klantcontact_id UUID REFERENCES klantcontacten(id) ON DELETE SET NULL,
	object_id TEXT NOT NULL DEFAULT '',
	code_objecttype TEXT NOT NULL DEFAULT '',
	code_register TEXT NOT NULL DEFAULT '',
	code_soort_object_id TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX onderwerpobjecten_klantcontact_idx ON onderwerpobjecten (klantcontact_id);
CREATE INDEX onderwerpobjecten_object_idx ON onderwerpobjecten (object_id);

CREATE TABLE klantcontact_bijlagen (
	id UUID PRIMARY KEY,
	klantcontact_id UUID REFERENCES klantcontacten(id) ON DELETE CASCADE,
	object_id TEXT NOT NULL DEFAULT '',
	code_objecttype TEXT NOT NULL DEFAULT '',
	code_register TEXT NOT NULL DEFAULT '',
	code_soort_object_id TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX klantcontact_bijlagen_klantcontact_idx ON klantcontact_bijlagen (klantcontact_id);

-- Interne taken: the contactverzoek / terugbelnotitie. team_id and
-- medewerker_id mirror the first toegewezen actor so the queues are one
-- indexed query.
CREATE TABLE interne_taken (
	id UUID PRIMARY KEY,
	nummer TEXT NOT NULL UNIQUE,
	referentienummer TEXT NOT NULL DEFAULT '',
	klantcontact_id UUID NOT NULL REFERENCES klantcontacten(id) ON DELETE CASCADE,
	gevraagde_handeling TEXT NOT NULL,
	toelichting TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('te_verwerken', 'verwerkt')),
	team_id UUID REFERENCES teams(id) ON DELETE SET NULL,
	medewerker_id UUID REFERENCES users(id) ON DELETE SET NULL,
	voorkeur_telefoonnummer TEXT NOT NULL DEFAULT '',
	voorkeur_tijd TEXT NOT NULL DEFAULT '',
	uiterlijk_op TIMESTAMPTZ,
	afhandeling TEXT NOT NULL DEFAULT '',
	afgehandeld_door UUID REFERENCES users(id) ON DELETE SET NULL,
	geescaleerd_op TIMESTAMPTZ,
	toegewezen_op TIMESTAMPTZ NOT NULL,
	afgehandeld_op TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX interne_taken_klantcontact_idx ON interne_taken (klantcontact_id);
CREATE INDEX interne_taken_team_idx ON interne_taken (team_id, status, uiterlijk_op);
CREATE INDEX interne_taken_medewerker_idx ON interne_taken (medewerker_id, status, uiterlijk_op);

CREATE TABLE interne_taak_actoren (
	interne_taak_id UUID NOT NULL REFERENCES interne_taken(id) ON DELETE CASCADE,
	actor_id UUID NOT NULL REFERENCES actoren(id) ON DELETE CASCADE,
	volgorde INTEGER NOT NULL,
	PRIMARY KEY (interne_taak_id, actor_id)
);
CREATE INDEX interne_taak_actoren_actor_idx ON interne_taak_actoren (actor_id);

-- Tokens of the Klantinteracties API ("Authorization: Token <key>"). Only
-- the SHA-256 of the key is stored.
CREATE TABLE klant_api_tokens (
	id UUID PRIMARY KEY,
	naam TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	actief BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMPTZ NOT NULL,
	last_used_at TIMESTAMPTZ
);
