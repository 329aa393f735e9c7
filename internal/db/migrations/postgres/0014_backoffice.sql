-- Back office (issue 5): letter templates, letters sent, the mail outbox,
-- notes on zaken, deadline warnings to team leads and bezwaarschriften.

-- A template per event, for one zaaktype or (zaaktype_id NULL) the default
-- for every zaaktype without its own.
CREATE TABLE brief_sjablonen (
	id UUID PRIMARY KEY,
	zaaktype_id UUID REFERENCES zaaktypen(id) ON DELETE CASCADE,
	gebeurtenis TEXT NOT NULL CHECK (gebeurtenis IN ('ontvangstbevestiging', 'ontbrekende_stukken', 'compleetheid',
		'verlenging', 'vooraankondiging', 'besluit')),
	onderwerp TEXT NOT NULL,
	inhoud TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX brief_sjablonen_zaaktype_idx ON brief_sjablonen (zaaktype_id, gebeurtenis) WHERE zaaktype_id IS NOT NULL;
CREATE UNIQUE INDEX brief_sjablonen_standaard_idx ON brief_sjablonen (gebeurtenis) WHERE zaaktype_id IS NULL;

-- Every letter made for a zaak. (zaak, gebeurtenis, aanleiding) is unique:
-- the aanleiding is the fact that asked for it (a norm instance, an
-- opschorting, a verlenging, a besluit), so a letter is made once however
-- often the job runs.
CREATE TABLE brieven (
	id UUID PRIMARY KEY,
	zaak_id UUID NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	gebeurtenis TEXT NOT NULL,
	aanleiding_id TEXT NOT NULL,
	sjabloon_id TEXT NOT NULL DEFAULT '',
	onderwerp TEXT NOT NULL,
	inhoud TEXT NOT NULL,
	verzendwijze TEXT NOT NULL CHECK (verzendwijze IN ('post', 'email')),
	email TEXT NOT NULL DEFAULT '',
	mail_id UUID,
	document_id UUID,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (zaak_id, gebeurtenis, aanleiding_id)
);
CREATE INDEX brieven_zaak_idx ON brieven (zaak_id, created_at);
CREATE INDEX brieven_zonder_document_idx ON brieven (created_at) WHERE document_id IS NULL;

-- Outgoing e-mail. A message is written in the transaction of the change
-- that causes it, together with its send job.
CREATE TABLE mail_berichten (
	id UUID PRIMARY KEY,
	aan TEXT NOT NULL,
	onderwerp TEXT NOT NULL,
	tekst TEXT NOT NULL,
	html TEXT NOT NULL DEFAULT '',
	-- JSON: [{"naam":…, "type":…, "data": base64}]
	bijlagen TEXT NOT NULL DEFAULT '[]',
	zaak_id UUID REFERENCES zaken(id) ON DELETE SET NULL,
	bron TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('wachtend', 'verzonden', 'mislukt')),
	pogingen INTEGER NOT NULL DEFAULT 0,
	laatste_fout TEXT NOT NULL DEFAULT '',
	message_id TEXT NOT NULL,
	verzonden_op TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mail_berichten_status_idx ON mail_berichten (status, created_at);
CREATE INDEX mail_berichten_zaak_idx ON mail_berichten (zaak_id) WHERE zaak_id IS NOT NULL;

-- Notes of the behandelaars on a zaak (internal; never shown in the PIP).
CREATE TABLE zaak_notities (
	id UUID PRIMARY KEY,
	zaak_id UUID NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	tekst TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX zaak_notities_zaak_idx ON zaak_notities (zaak_id, created_at);

-- The team lead is warned once per zaak and deadline (an extension moves
-- the deadline and earns a new warning).
CREATE TABLE termijn_waarschuwingen (
	zaak_id UUID NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
	deadline DATE NOT NULL,
	team_id UUID,
	gewaarschuwd_op TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (zaak_id, deadline)
);

-- A bezwaarschrift zaak and the besluit it contests (Awb 6:7, 7:10).
CREATE TABLE bezwaren (
	zaak_id UUID PRIMARY KEY REFERENCES zaken(id) ON DELETE CASCADE,
	besluit_id UUID NOT NULL REFERENCES besluiten(id),
	ontvangen_op DATE NOT NULL,
	bezwaartermijn_eind DATE NOT NULL,
	tijdig BOOLEAN NOT NULL,
	verschoonbaar TEXT NOT NULL DEFAULT '',
	adviescommissie BOOLEAN NOT NULL,
	beslistermijn DATE NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX bezwaren_besluit_idx ON bezwaren (besluit_id);

-- The werkvoorraad counts open zaken of a team that wait for the customer.
CREATE INDEX zaken_team_wacht_idx ON zaken (team_id) WHERE einddatum IS NULL AND opschorting_indicatie;
