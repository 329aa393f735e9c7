-- Zaken and their parts: names as in the ZGW Zaken API 1.5.

CREATE TABLE zaken (
	id TEXT PRIMARY KEY,
	identificatie TEXT NOT NULL,
	bronorganisatie TEXT NOT NULL,
	verantwoordelijke_organisatie TEXT NOT NULL,
	zaaktype_id TEXT NOT NULL REFERENCES zaaktypen(id),
	omschrijving TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	startdatum TEXT NOT NULL,
	registratiedatum TEXT NOT NULL,
	-- planned end date from the zaaktype's servicenorm
	einddatum_gepland TEXT,
	-- the legal deadline (Awb 4:13 + Atw art. 1, moved by opschorting/verlenging)
	uiterlijke_einddatum_afdoening TEXT NOT NULL,
	einddatum TEXT,
	publicatiedatum TEXT,
	-- our channel of intake: balie, telefoon, email, post, webformulier, chat, social_media, api
	kanaal TEXT NOT NULL DEFAULT '',
	communicatiekanaal TEXT NOT NULL DEFAULT '',
	communicatiekanaal_naam TEXT NOT NULL DEFAULT '',
	producten_of_diensten TEXT NOT NULL DEFAULT '[]',
	vertrouwelijkheidaanduiding TEXT NOT NULL,
	betalingsindicatie TEXT NOT NULL DEFAULT '',
	laatste_betaaldatum TIMESTAMP,
	zaakgeometrie TEXT NOT NULL DEFAULT '',
	hoofdzaak_id TEXT REFERENCES zaken(id),
	selectielijstklasse TEXT NOT NULL DEFAULT '',
	archiefnominatie TEXT NOT NULL DEFAULT '',
	archiefstatus TEXT NOT NULL DEFAULT 'nog_te_archiveren',
	archiefactiedatum TEXT,
	startdatum_bewaartermijn TEXT,
	opdrachtgevende_organisatie TEXT NOT NULL DEFAULT '',
	processobjectaard TEXT NOT NULL DEFAULT '',
	kenmerken TEXT NOT NULL DEFAULT '[]',
	opschorting_indicatie BOOLEAN NOT NULL DEFAULT FALSE,
	opschorting_reden TEXT NOT NULL DEFAULT '',
	opschorting_eerdere BOOLEAN NOT NULL DEFAULT FALSE,
	verlenging_reden TEXT NOT NULL DEFAULT '',
	verlenging_duur TEXT NOT NULL DEFAULT '',
	-- denormalised for fast lists: current status, initiator and assignment
	status_id TEXT,
	statustype_id TEXT REFERENCES statustypen(id),
	resultaat_id TEXT,
	initiator_type TEXT NOT NULL DEFAULT '',
	initiator_id TEXT NOT NULL DEFAULT '',
	initiator_naam TEXT NOT NULL DEFAULT '',
	team_id TEXT REFERENCES teams(id),
	behandelaar_id TEXT REFERENCES users(id),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (bronorganisatie, identificatie)
);
CREATE INDEX zaken_zaaktype_status_idx ON zaken (zaaktype_id, statustype_id, uiterlijke_einddatum_afdoening);
CREATE INDEX zaken_initiator_idx ON zaken (initiator_id, startdatum);
CREATE INDEX zaken_startdatum_idx ON zaken (startdatum);
CREATE INDEX zaken_deadline_idx ON zaken (uiterlijke_einddatum_afdoening) WHERE einddatum IS NULL;
CREATE INDEX zaken_team_idx ON zaken (team_id, uiterlijke_einddatum_afdoening) WHERE einddatum IS NULL;
CREATE INDEX zaken_behandelaar_idx ON zaken (behandelaar_id) WHERE einddatum IS NULL;
CREATE INDEX zaken_hoofdzaak_idx ON zaken (hoofdzaak_id);
CREATE INDEX zaken_created_idx ON zaken (created_at);

CREATE TABLE statussen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	statustype_id TEXT NOT NULL REFERENCES statustypen(id),
	datum_status_gezet TIMESTAMP NOT NULL,
	statustoelichting TEXT NOT NULL DEFAULT '',
	gezetdoor_rol_id TEXT,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX statussen_zaak_idx ON statussen (zaak_id, datum_status_gezet);

CREATE TABLE resultaten (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL UNIQUE REFERENCES zaken(id) ON DELETE CASCADE,
	resultaattype_id TEXT NOT NULL REFERENCES resultaattypen(id),
	toelichting TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE rollen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	roltype_id TEXT NOT NULL REFERENCES roltypen(id),
	omschrijving_generiek TEXT NOT NULL,
	betrokkene TEXT NOT NULL DEFAULT '',
	betrokkene_type TEXT NOT NULL,
	roltoelichting TEXT NOT NULL DEFAULT '',
	afwijkende_naam_betrokkene TEXT NOT NULL DEFAULT '',
	indicatie_machtiging TEXT NOT NULL DEFAULT '',
	-- betrokkeneIdentificatie as JSON, plus the identifying number pulled
	-- out for search (BSN, KvK-nummer, vestigingsnummer, RSIN, medewerker or team id)
	betrokkene_identificatie TEXT NOT NULL DEFAULT '{}',
	ident_type TEXT NOT NULL DEFAULT '',
	ident_value TEXT NOT NULL DEFAULT '',
	naam TEXT NOT NULL DEFAULT '',
	registratiedatum TIMESTAMP NOT NULL,
	begin_geldigheid TEXT,
	einde_geldigheid TEXT
);
CREATE INDEX rollen_zaak_idx ON rollen (zaak_id);
CREATE INDEX rollen_ident_idx ON rollen (ident_value, ident_type);

CREATE TABLE zaakeigenschappen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	eigenschap_id TEXT NOT NULL REFERENCES eigenschappen(id),
	naam TEXT NOT NULL,
	waarde TEXT NOT NULL
);
CREATE INDEX zaakeigenschappen_zaak_idx ON zaakeigenschappen (zaak_id);

CREATE TABLE zaakobjecten (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	object TEXT NOT NULL DEFAULT '',
	object_type TEXT NOT NULL,
	object_type_overige TEXT NOT NULL DEFAULT '',
	relatieomschrijving TEXT NOT NULL DEFAULT '',
	object_identificatie TEXT NOT NULL DEFAULT '{}',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX zaakobjecten_zaak_idx ON zaakobjecten (zaak_id);

-- relevanteAndereZaken
CREATE TABLE zaak_relaties (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	andere_zaak_id TEXT REFERENCES zaken(id) ON DELETE CASCADE,
	url TEXT NOT NULL DEFAULT '',
	aard_relatie TEXT NOT NULL,
	overige_relatie TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT ''
);
CREATE INDEX zaak_relaties_zaak_idx ON zaak_relaties (zaak_id);

-- Awb 4:15: the clock stops from the day after gevraagd_op up to and
-- including hervat_op (documents arrived) or termijn_tot (expired unused).
CREATE TABLE opschortingen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	gevraagd_op TEXT NOT NULL,
	termijn_tot TEXT NOT NULL,
	hervat_op TEXT,
	reden TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX opschortingen_zaak_idx ON opschortingen (zaak_id);

CREATE TABLE verlengingen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	besloten_op TEXT NOT NULL,
	duur TEXT NOT NULL,
	reden TEXT NOT NULL,
	oude_einddatum TEXT NOT NULL,
	nieuwe_einddatum TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX verlengingen_zaak_idx ON verlengingen (zaak_id);

CREATE TABLE ingebrekestellingen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	ontvangen_op TEXT NOT NULL,
	toelichting TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX ingebrekestellingen_zaak_idx ON ingebrekestellingen (zaak_id);

-- Service-norm instances (N1..N8) per zaak, kept as data so reports count
-- them without recomputing history.
CREATE TABLE zaak_normen (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	norm TEXT NOT NULL,
	volgnummer INTEGER NOT NULL DEFAULT 1,
	due_date TEXT,
	state TEXT NOT NULL CHECK (state IN ('open', 'met', 'breached', 'not_applicable')),
	settled_at TIMESTAMP,
	settled_by TEXT NOT NULL DEFAULT '',
	breached_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (zaak_id, norm, volgnummer)
);
CREATE INDEX zaak_normen_open_idx ON zaak_normen (due_date) WHERE state = 'open';

-- Documents (Documenten API: enkelvoudige informatieobjecten). The row holds
-- the latest version; every version is kept in informatieobject_versies.
CREATE TABLE informatieobjecten (
	id TEXT PRIMARY KEY,
	identificatie TEXT NOT NULL,
	bronorganisatie TEXT NOT NULL,
	informatieobjecttype_id TEXT REFERENCES informatieobjecttypen(id),
	creatiedatum TEXT NOT NULL,
	titel TEXT NOT NULL,
	vertrouwelijkheidaanduiding TEXT NOT NULL,
	auteur TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT '',
	formaat TEXT NOT NULL DEFAULT '',
	taal TEXT NOT NULL DEFAULT 'dut',
	bestandsnaam TEXT NOT NULL DEFAULT '',
	bestandsomvang BIGINT NOT NULL DEFAULT 0,
	beschrijving TEXT NOT NULL DEFAULT '',
	indicatie_gebruiksrecht BOOLEAN,
	versie INTEGER NOT NULL DEFAULT 1,
	blob_key TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL DEFAULT '',
	lock TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (bronorganisatie, identificatie)
);

CREATE TABLE informatieobject_versies (
	informatieobject_id TEXT NOT NULL REFERENCES informatieobjecten(id) ON DELETE CASCADE,
	versie INTEGER NOT NULL,
	titel TEXT NOT NULL,
	bestandsnaam TEXT NOT NULL DEFAULT '',
	formaat TEXT NOT NULL DEFAULT '',
	bestandsomvang BIGINT NOT NULL DEFAULT 0,
	blob_key TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL DEFAULT '',
	metadata TEXT NOT NULL DEFAULT '{}',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (informatieobject_id, versie)
);

CREATE TABLE zaakinformatieobjecten (
	id TEXT PRIMARY KEY,
	zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	informatieobject_id TEXT NOT NULL REFERENCES informatieobjecten(id),
	titel TEXT NOT NULL DEFAULT '',
	beschrijving TEXT NOT NULL DEFAULT '',
	-- may the initiator see it in the PIP
	zichtbaar_voor_initiator BOOLEAN NOT NULL DEFAULT FALSE,
	registratiedatum TIMESTAMP NOT NULL,
	UNIQUE (zaak_id, informatieobject_id)
);
CREATE INDEX zaakinformatieobjecten_io_idx ON zaakinformatieobjecten (informatieobject_id);

CREATE TABLE besluiten (
	id TEXT PRIMARY KEY,
	identificatie TEXT NOT NULL,
	verantwoordelijke_organisatie TEXT NOT NULL,
	besluittype_id TEXT NOT NULL REFERENCES besluittypen(id),
	zaak_id TEXT REFERENCES zaken(id) ON DELETE SET NULL,
	datum TEXT NOT NULL,
	toelichting TEXT NOT NULL DEFAULT '',
	bestuursorgaan TEXT NOT NULL DEFAULT '',
	ingangsdatum TEXT NOT NULL,
	vervaldatum TEXT,
	vervalreden TEXT NOT NULL DEFAULT '',
	publicatiedatum TEXT,
	verzenddatum TEXT,
	uiterlijke_reactiedatum TEXT,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (verantwoordelijke_organisatie, identificatie)
);
CREATE INDEX besluiten_zaak_idx ON besluiten (zaak_id);

CREATE TABLE besluitinformatieobjecten (
	id TEXT PRIMARY KEY,
	besluit_id TEXT NOT NULL REFERENCES besluiten(id) ON DELETE CASCADE,
	informatieobject_id TEXT NOT NULL REFERENCES informatieobjecten(id),
	UNIQUE (besluit_id, informatieobject_id)
);
