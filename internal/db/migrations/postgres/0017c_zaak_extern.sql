-- Zaken API 1.5.1: the relations of a zaak with a contactmoment
-- (zaakcontactmomenten) and a verzoek (zaakverzoeken) in other APIs, by URL.
CREATE TABLE zaak_extern (
	id UUID PRIMARY KEY,
	zaak_id UUID NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	-- 'contactmoment' or 'verzoek'
	soort TEXT NOT NULL,
	url TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (zaak_id, soort, url)
);
CREATE INDEX zaak_extern_url_idx ON zaak_extern (soort, url);
