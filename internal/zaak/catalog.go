package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// The zaak domain reads the catalogue tables with its own small queries: it
// needs a handful of columns inside its own transaction, on the hot path of
// creating a zaak, and must not depend on the shape of the catalogue
// package's full read model.

type zaakType struct {
	ID                          string
	Identificatie               string
	Omschrijving                string
	Vertrouwelijkheidaanduiding string
	Doorlooptijd                string
	Servicenorm                 string
	Opschorting                 bool
	Verlenging                  bool
	Verlengingstermijn          string
	ProductenOfDiensten         string
	Complex                     bool
	TeamID                      string
	BeginGeldigheid             date.Date
	EindeGeldigheid             date.Date
	Concept                     bool
}

func (z zaakType) summary() ZaakTypeSummary {
	return ZaakTypeSummary{ID: z.ID, Identificatie: z.Identificatie, Omschrijving: z.Omschrijving,
		Doorlooptijd: z.Doorlooptijd, Servicenorm: z.Servicenorm, OpschortingEnAanhoudingMogelijk: z.Opschorting,
		VerlengingMogelijk: z.Verlenging, Verlengingstermijn: z.Verlengingstermijn, Complex: z.Complex}
}

func loadZaakType(ctx context.Context, q db.Queryer, id string) (zaakType, error) {
	var z zaakType
	if !db.ValidUUID(id) {
		return z, errs.NotFoundf("zaaktype", id)
	}
	var team sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, identificatie, omschrijving, vertrouwelijkheidaanduiding,
		doorlooptijd, servicenorm, opschorting_en_aanhouding_mogelijk, verlenging_mogelijk, verlengingstermijn,
		producten_of_diensten, complex, team_id, begin_geldigheid, einde_geldigheid, concept
		FROM zaaktypen WHERE id = $1`, id).Scan(&z.ID, &z.Identificatie, &z.Omschrijving,
		&z.Vertrouwelijkheidaanduiding, &z.Doorlooptijd, &z.Servicenorm, &z.Opschorting, &z.Verlenging,
		&z.Verlengingstermijn, &z.ProductenOfDiensten, &z.Complex, &team, &z.BeginGeldigheid, &z.EindeGeldigheid, &z.Concept)
	if errors.Is(err, sql.ErrNoRows) {
		return z, errs.NotFoundf("zaaktype", id)
	}
	if err != nil {
		return z, fmt.Errorf("zaak: load zaaktype: %w", err)
	}
	z.TeamID = team.String
	return z, nil
}

type statusType struct {
	ID           string
	ZaakTypeID   string
	Volgnummer   int
	Omschrijving string
	Statustekst  string
	MaxVolgnr    int
}

func (st statusType) ref() StatusTypeRef {
	return StatusTypeRef{ID: st.ID, Volgnummer: st.Volgnummer, Omschrijving: st.Omschrijving,
		Statustekst: st.Statustekst, IsEindstatus: st.Volgnummer == st.MaxVolgnr}
}

// loadStatusType returns the statustype with the highest volgnummer of its
// zaaktype alongside, since that one is the eindstatus.
func loadStatusType(ctx context.Context, q db.Queryer, id string) (statusType, error) {
	var st statusType
	if !db.ValidUUID(id) {
		return st, sql.ErrNoRows
	}
	err := q.QueryRowContext(ctx, `SELECT s.id, s.zaaktype_id, s.volgnummer, s.omschrijving, s.statustekst,
		(SELECT MAX(m.volgnummer) FROM statustypen m WHERE m.zaaktype_id = s.zaaktype_id)
		FROM statustypen s WHERE s.id = $1`, id).Scan(&st.ID, &st.ZaakTypeID, &st.Volgnummer, &st.Omschrijving,
		&st.Statustekst, &st.MaxVolgnr)
	return st, err
}

func firstStatusType(ctx context.Context, q db.Queryer, zaaktypeID string) (statusType, error) {
	var st statusType
	err := q.QueryRowContext(ctx, `SELECT s.id, s.zaaktype_id, s.volgnummer, s.omschrijving, s.statustekst,
		(SELECT MAX(m.volgnummer) FROM statustypen m WHERE m.zaaktype_id = s.zaaktype_id)
		FROM statustypen s WHERE s.zaaktype_id = $1 ORDER BY s.volgnummer LIMIT 1`, zaaktypeID).Scan(
		&st.ID, &st.ZaakTypeID, &st.Volgnummer, &st.Omschrijving, &st.Statustekst, &st.MaxVolgnr)
	return st, err
}

type rolType struct {
	ID                   string
	ZaakTypeID           string
	Omschrijving         string
	OmschrijvingGeneriek string
}

func loadRolType(ctx context.Context, q db.Queryer, id string) (rolType, error) {
	var r rolType
	if !db.ValidUUID(id) {
		return r, sql.ErrNoRows
	}
	err := q.QueryRowContext(ctx, `SELECT id, zaaktype_id, omschrijving, omschrijving_generiek
		FROM roltypen WHERE id = $1`, id).Scan(&r.ID, &r.ZaakTypeID, &r.Omschrijving, &r.OmschrijvingGeneriek)
	return r, err
}

func rolTypeByGeneriek(ctx context.Context, q db.Queryer, zaaktypeID, generiek string) (rolType, error) {
	var r rolType
	err := q.QueryRowContext(ctx, `SELECT id, zaaktype_id, omschrijving, omschrijving_generiek
		FROM roltypen WHERE zaaktype_id = $1 AND omschrijving_generiek = $2 ORDER BY omschrijving LIMIT 1`,
		zaaktypeID, generiek).Scan(&r.ID, &r.ZaakTypeID, &r.Omschrijving, &r.OmschrijvingGeneriek)
	return r, err
}

type resultaatType struct {
	ID                  string
	ZaakTypeID          string
	Omschrijving        string
	Archiefnominatie    string
	Archiefactietermijn string
	Afleidingswijze     string
	Datumkenmerk        string
	Objecttype          string
	Procestermijn       string
}

func loadResultaatType(ctx context.Context, q db.Queryer, id string) (resultaatType, error) {
	var r resultaatType
	if !db.ValidUUID(id) {
		return r, sql.ErrNoRows
	}
	err := q.QueryRowContext(ctx, `SELECT id, zaaktype_id, omschrijving, archiefnominatie, archiefactietermijn,
		brondatum_afleidingswijze, brondatum_datumkenmerk, brondatum_objecttype, brondatum_procestermijn
		FROM resultaattypen WHERE id = $1`, id).Scan(&r.ID, &r.ZaakTypeID, &r.Omschrijving, &r.Archiefnominatie,
		&r.Archiefactietermijn, &r.Afleidingswijze, &r.Datumkenmerk, &r.Objecttype, &r.Procestermijn)
	return r, err
}

type eigenschap struct {
	ID                 string
	ZaakTypeID         string
	Naam               string
	Formaat            string
	Lengte             string
	Waardenverzameling string
}

func loadEigenschap(ctx context.Context, q db.Queryer, id string) (eigenschap, error) {
	var e eigenschap
	if !db.ValidUUID(id) {
		return e, sql.ErrNoRows
	}
	err := q.QueryRowContext(ctx, `SELECT id, zaaktype_id, naam, formaat, lengte, waardenverzameling
		FROM eigenschappen WHERE id = $1`, id).Scan(&e.ID, &e.ZaakTypeID, &e.Naam, &e.Formaat, &e.Lengte, &e.Waardenverzameling)
	return e, err
}
