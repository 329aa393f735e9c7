-- Catalogi: names as in the ZGW Catalogi API 1.3.

CREATE TABLE catalogi (
	id UUID PRIMARY KEY,
	domein TEXT NOT NULL,
	rsin TEXT NOT NULL,
	naam TEXT NOT NULL DEFAULT '',
	versie TEXT NOT NULL DEFAULT '',
	begindatum_versie DATE,
	contactpersoon_beheer_naam TEXT NOT NULL,
	contactpersoon_beheer_telefoonnummer TEXT NOT NULL DEFAULT '',
	contactpersoon_beheer_emailadres TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE (domein, rsin)
);

CREATE TABLE zaaktypen (
	id UUID PRIMARY KEY,
	catalogus_id UUID NOT NULL REFERENCES catalogi(id),
	identificatie TEXT NOT NULL,
	omschrijving TEXT NOT NULL,
	omschrijving_generiek TEXT NOT NULL DEFAULT '',
	vertrouwelijkheidaanduiding TEXT NOT NULL,
	doel TEXT NOT NULL,
	aanleiding TEXT NOT NULL,
	toelichting TEXT NOT NULL DEFAULT '',
	indicatie_intern_of_extern TEXT NOT NULL,
	handeling_initiator TEXT NOT NULL,
	onderwerp TEXT NOT NULL,
	handeling_behandelaar TEXT NOT NULL,
	doorlooptijd TEXT NOT NULL,
	servicenorm TEXT NOT NULL DEFAULT '',
	opschorting_en_aanhouding_mogelijk BOOLEAN NOT NULL,
	verlenging_mogelijk BOOLEAN NOT NULL,
	verlengingstermijn TEXT NOT NULL DEFAULT '',
	trefwoorden TEXT NOT NULL DEFAULT '[]',
	publicatie_indicatie BOOLEAN NOT NULL DEFAULT FALSE,
	publicatietekst TEXT NOT NULL DEFAULT '',
	verantwoordingsrelatie TEXT NOT NULL DEFAULT '[]',
	producten_of_diensten TEXT NOT NULL DEFAULT '[]',
	selectielijst_procestype TEXT NOT NULL DEFAULT '',
	referentieproces_naam TEXT NOT NULL DEFAULT '',
	referentieproces_link TEXT NOT NULL DEFAULT '',
	verantwoordelijke TEXT NOT NULL DEFAULT '',
	-- Loket's own: complex zaaktypen get 15 instead of 10 werkdagen for N2;
	-- team_id is the team that handles zaken of this type.
	complex BOOLEAN NOT NULL DEFAULT FALSE,
	team_id UUID REFERENCES teams(id),
	begin_geldigheid DATE NOT NULL,
	einde_geldigheid DATE,
	versiedatum DATE NOT NULL,
	concept BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX zaaktypen_ident_idx ON zaaktypen (catalogus_id, identificatie, begin_geldigheid);

CREATE TABLE statustypen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	volgnummer INTEGER NOT NULL CHECK (volgnummer BETWEEN 1 AND 9999),
	omschrijving TEXT NOT NULL,
	omschrijving_generiek TEXT NOT NULL DEFAULT '',
	statustekst TEXT NOT NULL DEFAULT '',
	informeren BOOLEAN NOT NULL DEFAULT FALSE,
	doorlooptijd TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	UNIQUE (zaaktype_id, volgnummer)
);

CREATE TABLE resultaattypen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	omschrijving TEXT NOT NULL,
	resultaattypeomschrijving TEXT NOT NULL DEFAULT '',
	omschrijving_generiek TEXT NOT NULL DEFAULT '',
	selectielijstklasse TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	archiefnominatie TEXT NOT NULL DEFAULT '',
	archiefactietermijn TEXT NOT NULL DEFAULT '',
	brondatum_afleidingswijze TEXT NOT NULL DEFAULT '',
	brondatum_datumkenmerk TEXT NOT NULL DEFAULT '',
	brondatum_einddatum_bekend BOOLEAN NOT NULL DEFAULT FALSE,
	brondatum_objecttype TEXT NOT NULL DEFAULT '',
	brondatum_registratie TEXT NOT NULL DEFAULT '',
	brondatum_procestermijn TEXT NOT NULL DEFAULT '',
	procesobjectaard TEXT NOT NULL DEFAULT '',
	indicatie_specifiek BOOLEAN,
	procestermijn TEXT NOT NULL DEFAULT ''
);
CREATE INDEX resultaattypen_zaaktype_idx ON resultaattypen (zaaktype_id);

CREATE TABLE roltypen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	omschrijving TEXT NOT NULL,
	omschrijving_generiek TEXT NOT NULL
);
CREATE INDEX roltypen_zaaktype_idx ON roltypen (zaaktype_id);

CREATE TABLE eigenschappen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	naam TEXT NOT NULL,
	definitie TEXT NOT NULL,
	toelichting TEXT NOT NULL DEFAULT '',
	statustype_id UUID REFERENCES statustypen(id),
	formaat TEXT NOT NULL,
	lengte TEXT NOT NULL DEFAULT '',
	kardinaliteit TEXT NOT NULL DEFAULT '1',
	groep TEXT NOT NULL DEFAULT '',
	waardenverzameling TEXT NOT NULL DEFAULT '[]',
	UNIQUE (zaaktype_id, naam)
);

CREATE TABLE informatieobjecttypen (
	id UUID PRIMARY KEY,
	catalogus_id UUID NOT NULL REFERENCES catalogi(id),
	omschrijving TEXT NOT NULL,
	vertrouwelijkheidaanduiding TEXT NOT NULL,
	informatieobjectcategorie TEXT NOT NULL DEFAULT '',
	trefwoord TEXT NOT NULL DEFAULT '[]',
	omschrijving_generiek TEXT NOT NULL DEFAULT '{}',
	begin_geldigheid DATE NOT NULL,
	einde_geldigheid DATE,
	concept BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX informatieobjecttypen_cat_idx ON informatieobjecttypen (catalogus_id, omschrijving);

CREATE TABLE zaaktype_informatieobjecttypen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	informatieobjecttype_id UUID NOT NULL REFERENCES informatieobjecttypen(id),
	volgnummer INTEGER NOT NULL,
	richting TEXT NOT NULL,
	statustype_id UUID REFERENCES statustypen(id),
	UNIQUE (zaaktype_id, volgnummer)
);

CREATE TABLE besluittypen (
	id UUID PRIMARY KEY,
	catalogus_id UUID NOT NULL REFERENCES catalogi(id),
	omschrijving TEXT NOT NULL DEFAULT '',
	omschrijving_generiek TEXT NOT NULL DEFAULT '',
	besluitcategorie TEXT NOT NULL DEFAULT '',
	reactietermijn TEXT NOT NULL DEFAULT '',
	publicatie_indicatie BOOLEAN NOT NULL DEFAULT FALSE,
	publicatietekst TEXT NOT NULL DEFAULT '',
	publicatietermijn TEXT NOT NULL DEFAULT '',
	toelichting TEXT NOT NULL DEFAULT '',
	begin_geldigheid DATE NOT NULL,
	einde_geldigheid DATE,
	concept BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE zaaktype_besluittypen (
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	besluittype_id UUID NOT NULL REFERENCES besluittypen(id) ON DELETE CASCADE,
	PRIMARY KEY (zaaktype_id, besluittype_id)
);

CREATE TABLE besluittype_informatieobjecttypen (
	besluittype_id UUID NOT NULL REFERENCES besluittypen(id) ON DELETE CASCADE,
	informatieobjecttype_id UUID NOT NULL REFERENCES informatieobjecttypen(id) ON DELETE CASCADE,
	PRIMARY KEY (besluittype_id, informatieobjecttype_id)
);
