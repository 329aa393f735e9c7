package zaak

import (
	"context"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// UpdateInput changes the fields that are set (nil: unchanged). It is the
// PATCH of a ZGW Zaak; a PUT sets them all.
type UpdateInput struct {
	// Identificatie and ZaakTypeID cannot change; a different value is an error.
	Identificatie                *string
	ZaakTypeID                   *string
	Bronorganisatie              *string
	VerantwoordelijkeOrganisatie *string
	Omschrijving                 *string
	Toelichting                  *string
	// Startdatum moves the legal deadline (recomputed) and, unless
	// EinddatumGepland is given too, the planned end date.
	Startdatum                  *date.Date
	Registratiedatum            *date.Date
	EinddatumGepland            *date.Date
	Publicatiedatum             *date.Date
	Kanaal                      *string
	Communicatiekanaal          *string
	CommunicatiekanaalNaam      *string
	ProductenOfDiensten         *[]string
	Vertrouwelijkheidaanduiding *string
	// Betalingsindicatie nvt clears the laatste betaaldatum (zrc-014).
	Betalingsindicatie      *string
	LaatsteBetaaldatum      *time.Time
	ClearLaatsteBetaaldatum bool
	Zaakgeometrie           *string
	HoofdzaakID             *string // "" makes it a zaak without hoofdzaak
	Selectielijstklasse     *string
	// The archive fields may change on a closed zaak too.
	Archiefnominatie           *string
	Archiefstatus              *string
	Archiefactiedatum          *date.Date
	StartdatumBewaartermijn    *date.Date
	OpdrachtgevendeOrganisatie *string
	Processobjectaard          *string
	Processobject              *Processobject // nil keeps it; a pointer to the zero value clears it
	Kenmerken                  *[]Kenmerk
	// RelevanteAndereZaken replaces all relations when set.
	RelevanteAndereZaken *[]RelatieInput
	TeamID               *string
}

func (u UpdateInput) onlyArchive() bool {
	return u.Identificatie == nil && u.ZaakTypeID == nil && u.Bronorganisatie == nil &&
		u.VerantwoordelijkeOrganisatie == nil && u.Omschrijving == nil && u.Toelichting == nil &&
		u.Startdatum == nil && u.Registratiedatum == nil && u.EinddatumGepland == nil && u.Publicatiedatum == nil &&
		u.Kanaal == nil && u.Communicatiekanaal == nil && u.CommunicatiekanaalNaam == nil &&
		u.ProductenOfDiensten == nil && u.Vertrouwelijkheidaanduiding == nil && u.Betalingsindicatie == nil &&
		u.LaatsteBetaaldatum == nil && !u.ClearLaatsteBetaaldatum && u.Zaakgeometrie == nil && u.HoofdzaakID == nil &&
		u.Selectielijstklasse == nil && u.OpdrachtgevendeOrganisatie == nil && u.Processobjectaard == nil && u.Processobject == nil &&
		u.Kenmerken == nil && u.RelevanteAndereZaken == nil && u.TeamID == nil
}

// Update changes the zaak's own fields. A closed zaak only accepts changes
// to its archive fields unless ctx carries WithForcedUpdate.
func (s *Service) Update(ctx context.Context, zaakID string, in UpdateInput) (*Zaak, error) {
	err := s.changeZaak(ctx, zaakID, true, func(c *change) error {
		z := c.z
		if z.IsClosed() && !forced(ctx) && !in.onlyArchive() {
			return errClosed()
		}
		var f errs.Fields
		if in.Identificatie != nil && *in.Identificatie != z.Identificatie {
			f.Add("identificatie", "wijzigen-niet-toegelaten", "De identificatie van een zaak kan niet worden gewijzigd.")
		}
		if in.ZaakTypeID != nil && *in.ZaakTypeID != z.ZaakTypeID {
			f.Add("zaaktype", "wijzigen-niet-toegelaten", "Het zaaktype van een zaak kan niet worden gewijzigd.")
		}
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = trim(*v)
			}
		}
		set(&z.Bronorganisatie, in.Bronorganisatie)
		set(&z.VerantwoordelijkeOrganisatie, in.VerantwoordelijkeOrganisatie)
		if in.Bronorganisatie != nil {
			checkRSIN(&f, "bronorganisatie", z.Bronorganisatie, true)
		}
		if in.VerantwoordelijkeOrganisatie != nil {
			checkRSIN(&f, "verantwoordelijkeOrganisatie", z.VerantwoordelijkeOrganisatie, true)
		}
		if in.Omschrijving != nil {
			z.Omschrijving = *in.Omschrijving
			if len([]rune(z.Omschrijving)) > 80 {
				f.Add("omschrijving", "max_length", "De omschrijving mag niet langer zijn dan 80 tekens.")
			}
		}
		if in.Toelichting != nil {
			z.Toelichting = *in.Toelichting
			if len([]rune(z.Toelichting)) > 1000 {
				f.Add("toelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
			}
		}
		zt, err := loadZaakType(ctx, c.tx, z.ZaakTypeID)
		if err != nil {
			return err
		}
		startChanged := false
		if in.Startdatum != nil {
			if in.Startdatum.IsZero() {
				f.Add("startdatum", "required", "De startdatum is verplicht.")
			} else if *in.Startdatum != z.Startdatum {
				z.Startdatum, startChanged = *in.Startdatum, true
			}
		}
		regChanged := false
		if in.Registratiedatum != nil {
			switch {
			case in.Registratiedatum.IsZero():
				f.Add("registratiedatum", "required", "De registratiedatum is verplicht.")
			case in.Registratiedatum.After(c.today):
				f.Add("registratiedatum", "future", "De registratiedatum mag niet in de toekomst liggen.")
			case *in.Registratiedatum != z.Registratiedatum:
				z.Registratiedatum, regChanged = *in.Registratiedatum, true
			}
		}
		if in.EinddatumGepland != nil {
			z.EinddatumGepland = *in.EinddatumGepland
		} else if startChanged && zt.Servicenorm != "" {
			if sn, err := parseTerm(zt.Servicenorm); err == nil {
				z.EinddatumGepland = sn.AddTo(z.Startdatum)
			}
		}
		if in.Publicatiedatum != nil {
			z.Publicatiedatum = *in.Publicatiedatum
		}
		if in.Kanaal != nil {
			z.Kanaal = *in.Kanaal
			if z.Kanaal != "" && !oneOf(z.Kanaal, Kanalen) {
				f.Add("kanaal", "invalid_choice", "Onbekend kanaal.")
			}
		}
		set(&z.Communicatiekanaal, in.Communicatiekanaal)
		set(&z.CommunicatiekanaalNaam, in.CommunicatiekanaalNaam)
		if in.ProductenOfDiensten != nil {
			z.ProductenOfDiensten = *in.ProductenOfDiensten
			checkProducten(&f, z.ProductenOfDiensten, zt.ProductenOfDiensten)
		}
		if in.Vertrouwelijkheidaanduiding != nil {
			z.Vertrouwelijkheidaanduiding = *in.Vertrouwelijkheidaanduiding
			if z.Vertrouwelijkheidaanduiding == "" {
				z.Vertrouwelijkheidaanduiding = zt.Vertrouwelijkheidaanduiding
			} else if !oneOf(z.Vertrouwelijkheidaanduiding, Vertrouwelijkheidaanduidingen) {
				f.Add("vertrouwelijkheidaanduiding", "invalid_choice", "Onbekende vertrouwelijkheidaanduiding.")
			}
		}
		if in.Betalingsindicatie != nil {
			z.Betalingsindicatie = *in.Betalingsindicatie
			if z.Betalingsindicatie == "nvt" && in.LaatsteBetaaldatum == nil {
				z.LaatsteBetaaldatum = nil // zrc-014
			}
		}
		if in.ClearLaatsteBetaaldatum {
			z.LaatsteBetaaldatum = nil
		}
		if in.LaatsteBetaaldatum != nil {
			t := in.LaatsteBetaaldatum.UTC()
			z.LaatsteBetaaldatum = &t
		}
		if in.Betalingsindicatie != nil || in.LaatsteBetaaldatum != nil {
			checkBetaling(&f, z.Betalingsindicatie, in.LaatsteBetaaldatum, c.now)
			if in.LaatsteBetaaldatum == nil && z.Betalingsindicatie == "nvt" && z.LaatsteBetaaldatum != nil {
				z.LaatsteBetaaldatum = nil
			}
		}
		if in.Zaakgeometrie != nil {
			z.Zaakgeometrie = *in.Zaakgeometrie
			checkGeometrie(&f, z.Zaakgeometrie)
		}
		if in.HoofdzaakID != nil && *in.HoofdzaakID != z.HoofdzaakID {
			z.HoofdzaakID = *in.HoofdzaakID
			if z.HoofdzaakID != "" {
				if err := checkHoofdzaak(ctx, c.tx, &f, z.ID, z.HoofdzaakID); err != nil {
					return err
				}
			}
		}
		set(&z.Selectielijstklasse, in.Selectielijstklasse)
		if in.Archiefnominatie != nil {
			z.Archiefnominatie = *in.Archiefnominatie
			if z.Archiefnominatie != "" && !oneOf(z.Archiefnominatie, Archiefnominaties) {
				f.Add("archiefnominatie", "invalid_choice", "Kies blijvend_bewaren of vernietigen.")
			}
		}
		if in.Archiefactiedatum != nil {
			z.Archiefactiedatum = *in.Archiefactiedatum
		}
		if in.StartdatumBewaartermijn != nil {
			z.StartdatumBewaartermijn = *in.StartdatumBewaartermijn
		}
		if in.Archiefstatus != nil {
			z.Archiefstatus = *in.Archiefstatus
			if !oneOf(z.Archiefstatus, Archiefstatussen) {
				f.Add("archiefstatus", "invalid_choice", "Onbekende archiefstatus.")
			}
		}
		if z.Archiefstatus != "nog_te_archiveren" && (in.Archiefstatus != nil || in.Archiefnominatie != nil || in.Archiefactiedatum != nil) {
			// zrc-022
			if z.Archiefnominatie == "" {
				f.Add("archiefnominatie", "archiefnominatie-not-set", "Bij deze archiefstatus is de archiefnominatie verplicht.")
			}
			if z.Archiefactiedatum.IsZero() {
				f.Add("archiefactiedatum", "archiefactiedatum-not-set", "Bij deze archiefstatus is de archiefactiedatum verplicht.")
			}
			n, err := count(ctx, c.tx, `SELECT COUNT(*) FROM zaakinformatieobjecten zio JOIN informatieobjecten io
				ON io.id = zio.informatieobject_id WHERE zio.zaak_id = $1 AND io.status <> 'gearchiveerd'`, z.ID)
			if err != nil {
				return err
			}
			if n > 0 {
				f.Add("archiefstatus", "documents-not-archived", "Niet alle documenten van de zaak hebben de status gearchiveerd.")
			}
		}
		if in.OpdrachtgevendeOrganisatie != nil {
			z.OpdrachtgevendeOrganisatie = trim(*in.OpdrachtgevendeOrganisatie)
			checkOptionalRSIN(&f, "opdrachtgevendeOrganisatie", z.OpdrachtgevendeOrganisatie)
		}
		set(&z.Processobjectaard, in.Processobjectaard)
		if in.Processobject != nil {
			z.Processobject = nil
			if *in.Processobject != (Processobject{}) {
				p := *in.Processobject
				z.Processobject = &p
				checkProcessobject(&f, z.Processobject)
			}
		}
		if in.Kenmerken != nil {
			z.Kenmerken = *in.Kenmerken
			checkKenmerken(&f, z.Kenmerken)
		}
		if in.TeamID != nil {
			z.TeamID = *in.TeamID
			if z.TeamID != "" {
				ok := db.ValidUUID(z.TeamID)
				if ok {
					if ok, err = db.Exists(ctx, c.tx, `SELECT 1 FROM teams WHERE id = $1`, z.TeamID); err != nil {
						return err
					}
				}
				if !ok {
					f.Add("team", "does_not_exist", "Dit team bestaat niet.")
				}
			}
		}
		var rels []Relatie
		if in.RelevanteAndereZaken != nil {
			if rels, err = prepareRelaties(ctx, c.tx, &f, z.ID, *in.RelevanteAndereZaken); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.RelevanteAndereZaken != nil {
			if _, err := c.tx.ExecContext(ctx, `DELETE FROM zaak_relaties WHERE zaak_id = $1`, z.ID); err != nil {
				return fmt.Errorf("zaak: relaties: %w", err)
			}
			for i := range rels {
				rels[i].ID, rels[i].ZaakID = newID(), z.ID
				if err := insertRelatie(ctx, c.tx, &rels[i]); err != nil {
					return err
				}
			}
		}
		if startChanged {
			if err := c.recomputeDeadline(); err != nil {
				return err
			}
		}
		if regChanged && !z.IsClosed() {
			if err := c.moveIntakeNorms(zt); err != nil {
				return err
			}
		}
		c.dirty = true
		old := c.old
		return c.audit("zaak", z.ID, "partial_update", "Zaak gewijzigd", old, z)
	})
	if err != nil {
		if errs.KindOf(err) == errs.Internal && db.IsUniqueViolation(err) {
			return nil, errIdentificatieTaken()
		}
		return nil, err
	}
	return s.Get(ctx, zaakID)
}

// moveIntakeNorms keeps the open N1 and N2 on the (corrected)
// registratiedatum.
func (c *change) moveIntakeNorms(zt zaakType) error {
	cal, err := c.s.operational(c.ctx, c.tx)
	if err != nil {
		return err
	}
	n1Due, n2Due := intakeDue(cal, c.z.Registratiedatum, zt.Complex)
	for norm, due := range map[string]date.Date{N1: n1Due, N2: n2Due} {
		if _, err := c.tx.ExecContext(c.ctx, `UPDATE zaak_normen SET due_date = $3 WHERE zaak_id = $1 AND norm = $2
			AND state = 'open'`, c.z.ID, norm, due); err != nil {
			return fmt.Errorf("zaak: move norms: %w", err)
		}
	}
	return nil
}

// Delete removes the zaak for good (zrc-023): its deelzaken first, then the
// zaak with every part (the foreign keys cascade), and its audit trail. One
// audit row without zaak reference keeps who deleted which identificatie.
func (s *Service) Delete(ctx context.Context, zaakID string) error {
	return s.changeZaak(ctx, zaakID, true, func(c *change) error {
		rows, err := c.tx.QueryContext(ctx, `SELECT id FROM zaken WHERE hoofdzaak_id = $1`, c.z.ID)
		if err != nil {
			return fmt.Errorf("zaak: delete: %w", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		ids = append(ids, c.z.ID)
		if tx := sqlTx(c.tx); tx != nil {
			if err := event.Emit(ctx, tx, s.Events, zaakChange(c.z, "zaak", c.z.ID, event.Destroy)); err != nil {
				return err
			}
		}
		for _, id := range ids {
			for _, q := range []string{
				`DELETE FROM audit_trail WHERE zaak_id = $1`,
				`DELETE FROM zaak_relaties WHERE andere_zaak_id = $1`,
				`DELETE FROM zaken WHERE id = $1`,
			} {
				if _, err := c.tx.ExecContext(ctx, q, id); err != nil {
					return fmt.Errorf("zaak: delete: %w", err)
				}
			}
		}
		return audit.Record(ctx, c.tx, audit.Entry{Bron: "ZRC", HoofdObject: c.z.ID, Resource: "zaak",
			ResourceID: c.z.ID, ResourceWeergave: c.z.Identificatie, Actie: "destroy", ActieWeergave: "Zaak verwijderd",
			Old: map[string]any{"identificatie": c.z.Identificatie, "bronorganisatie": c.z.Bronorganisatie,
				"deelzaken": len(ids) - 1}, At: c.now})
	})
}
