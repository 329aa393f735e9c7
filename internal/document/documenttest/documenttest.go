// Package documenttest builds, by plain SQL, the catalogue and zaken that the
// document and besluit tests need, so they do not depend on the catalogus and
// zaak packages.
package documenttest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
)

// RSIN is a valid RSIN (elfproef) for test organisations.
const RSIN = "123456782"

// Catalog holds the ids of the test catalogue.
type Catalog struct {
	ZaakTypeID string
	// OtherZaakTypeID is a zaaktype with no informatieobjecttypen or besluittypen.
	OtherZaakTypeID string
	// IOType is published, "intern", and allowed on ZaakTypeID and BesluitType.
	IOType string
	// IOTypeOther is published, "openbaar", and allowed nowhere.
	IOTypeOther string
	// IOTypeConcept is not published.
	IOTypeConcept string
	// BesluitType is published and allowed on ZaakTypeID.
	BesluitType string
	// BesluitTypeOther is published but not allowed on ZaakTypeID.
	BesluitTypeOther string
	// BesluitTypeConcept is not published.
	BesluitTypeConcept string
}

func exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("documenttest: %v\n%s", err, q)
	}
}

// Setup creates the catalogue.
func Setup(t testing.TB, d *db.DB) Catalog {
	t.Helper()
	c := Catalog{
		ZaakTypeID: uuid.NewString(), OtherZaakTypeID: uuid.NewString(),
		IOType: uuid.NewString(), IOTypeOther: uuid.NewString(), IOTypeConcept: uuid.NewString(),
		BesluitType: uuid.NewString(), BesluitTypeOther: uuid.NewString(), BesluitTypeConcept: uuid.NewString(),
	}
	cat := uuid.NewString()
	exec(t, d, `INSERT INTO catalogi (id, domein, rsin, contactpersoon_beheer_naam) VALUES ($1, 'TEST', $2, 'Beheer')`, cat, RSIN)
	for _, zt := range []string{c.ZaakTypeID, c.OtherZaakTypeID} {
		exec(t, d, `INSERT INTO zaaktypen (id, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding,
			doel, aanleiding, indicatie_intern_of_extern, handeling_initiator, onderwerp, handeling_behandelaar,
			doorlooptijd, opschorting_en_aanhouding_mogelijk, verlenging_mogelijk, begin_geldigheid, versiedatum, concept)
			VALUES ($1, $2, $3, 'Testzaak', 'zaakvertrouwelijk', 'doel', 'aanleiding', 'extern', 'Aanvragen', 'Test',
			'Behandelen', 'P8W', TRUE, TRUE, '2026-01-01', '2026-01-01', FALSE)`, zt, cat, "ZT-"+zt[:8])
	}
	for _, io := range []struct {
		id, va  string
		concept bool
	}{{c.IOType, "intern", false}, {c.IOTypeOther, "openbaar", false}, {c.IOTypeConcept, "geheim", true}} {
		exec(t, d, `INSERT INTO informatieobjecttypen (id, catalogus_id, omschrijving, vertrouwelijkheidaanduiding,
			begin_geldigheid, concept) VALUES ($1, $2, 'Brief', $3, '2026-01-01', $4)`, io.id, cat, io.va, io.concept)
	}
	exec(t, d, `INSERT INTO zaaktype_informatieobjecttypen (id, zaaktype_id, informatieobjecttype_id, volgnummer, richting)
		VALUES ($1, $2, $3, 1, 'inkomend')`, uuid.NewString(), c.ZaakTypeID, c.IOType)
	for _, bt := range []struct {
		id      string
		concept bool
	}{{c.BesluitType, false}, {c.BesluitTypeOther, false}, {c.BesluitTypeConcept, true}} {
		exec(t, d, `INSERT INTO besluittypen (id, catalogus_id, omschrijving, reactietermijn, begin_geldigheid, concept)
			VALUES ($1, $2, 'Vergunning', 'P6W', '2026-01-01', $3)`, bt.id, cat, bt.concept)
	}
	exec(t, d, `INSERT INTO zaaktype_besluittypen (zaaktype_id, besluittype_id) VALUES ($1, $2)`, c.ZaakTypeID, c.BesluitType)
	exec(t, d, `INSERT INTO zaaktype_besluittypen (zaaktype_id, besluittype_id) VALUES ($1, $2)`, c.ZaakTypeID, c.BesluitTypeConcept)
	exec(t, d, `INSERT INTO besluittype_informatieobjecttypen (besluittype_id, informatieobjecttype_id) VALUES ($1, $2)`,
		c.BesluitType, c.IOType)
	return c
}

// Zaak inserts an open zaak of zaaktype and returns its id.
func Zaak(t testing.TB, d *db.DB, zaaktypeID string) string {
	t.Helper()
	id := uuid.NewString()
	now := time.Now().UTC()
	exec(t, d, `INSERT INTO zaken (id, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id,
		startdatum, registratiedatum, uiterlijke_einddatum_afdoening, vertrouwelijkheidaanduiding, created_at, updated_at)
		VALUES ($1, $2, $3, $3, $4, '2026-04-01', '2026-04-01', '2026-05-27', 'zaakvertrouwelijk', $5, $5)`,
		id, "ZAAK-"+id[:8], RSIN, zaaktypeID, now)
	return id
}

// CloseZaak sets the einddatum of a zaak.
func CloseZaak(t testing.TB, d *db.DB, zaakID string) {
	t.Helper()
	exec(t, d, `UPDATE zaken SET einddatum = '2026-05-01' WHERE id = $1`, zaakID)
}

// SetArchiefstatus sets the archiefstatus of a zaak.
func SetArchiefstatus(t testing.TB, d *db.DB, zaakID, status string) {
	t.Helper()
	exec(t, d, `UPDATE zaken SET archiefstatus = $1 WHERE id = $2`, status, zaakID)
}

// Count returns the number of rows in table, for "nothing was written" checks.
func Count(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
