-- Catalogi API 1.3.1 attributes that Loket's own pages do not use.

-- Per zaaktype: bron (origin) of a copied zaaktype, and the relations to other
-- zaaktypen, which the standard keys on identificatie (version-independent).
CREATE TABLE ztc_zaaktype_api (
	zaaktype_id UUID PRIMARY KEY REFERENCES zaaktypen(id) ON DELETE CASCADE,
	broncatalogus TEXT NOT NULL DEFAULT '',
	bronzaaktype TEXT NOT NULL DEFAULT '',
	gerelateerde_zaaktypen TEXT NOT NULL DEFAULT '[]',
	deelzaaktypen TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE ztc_statustype_api (
	statustype_id UUID PRIMARY KEY REFERENCES statustypen(id) ON DELETE CASCADE,
	checklistitems TEXT NOT NULL DEFAULT '[]'
);

-- Relations of a resultaattype to besluittypen and informatieobjecttypen are
-- by omschrijving (version-independent, ztc-011a).
CREATE TABLE ztc_resultaattype_api (
	resultaattype_id UUID PRIMARY KEY REFERENCES resultaattypen(id) ON DELETE CASCADE,
	besluittype_omschrijvingen TEXT NOT NULL DEFAULT '[]',
	informatieobjecttype_omschrijvingen TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE zaakobjecttypen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID NOT NULL REFERENCES zaaktypen(id) ON DELETE CASCADE,
	ander_objecttype BOOLEAN NOT NULL DEFAULT FALSE,
	objecttype TEXT NOT NULL,
	relatie_omschrijving TEXT NOT NULL,
	begin_geldigheid DATE NOT NULL,
	einde_geldigheid DATE,
	statustypen TEXT NOT NULL DEFAULT '[]',
	resultaattypen TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX zaakobjecttypen_zaaktype_idx ON zaakobjecttypen (zaaktype_id);
